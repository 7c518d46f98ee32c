"""Reference data: the jurisdiction tree, authorities and industry codes loaded by
``load_reference`` from the copy shipped in ``greenmfg/data``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from greenmfg.jurisdictions.models import IndustryCode, Jurisdiction, JurisdictionLevel
from greenmfg.jurisdictions.reference import DATA_DIR, load_reference, read_divisions
from greenmfg.parties.models import Authority

pytestmark = pytest.mark.django_db

EXPECTED_JURISDICTIONS = 1 + 31 + 342 + 2978 - 3  # three areas repeat their city's code


def test_shipped_data_lives_inside_the_package_with_licences():
    """The product reads greenmfg/data, never /work/shared; each folder keeps its licence."""
    assert DATA_DIR.parts[-2:] == ("greenmfg", "data")
    for folder, licence in [
        ("admin_divisions", "LICENSE.WTFPL"),
        ("gbt4754_2017", "LICENSE.GPL-3.0"),
        ("miit_green_lists_2017_2021", "LICENSE.Apache-2.0"),
    ]:
        assert (DATA_DIR / folder / licence).is_file()
    assert (DATA_DIR / "README.md").is_file()
    assert not (DATA_DIR / "admin_divisions" / "pca-code.json").exists()


def test_reading_the_division_files_needs_no_database():
    nodes, skipped = read_divisions()
    assert len(nodes) == EXPECTED_JURISDICTIONS
    assert skipped == 3
    assert len({n.code for n in nodes}) == len(nodes)


def test_tree_has_one_national_root_31_provinces_and_coded_paths():
    counts = load_reference()
    assert counts["jurisdictions"] == EXPECTED_JURISDICTIONS
    assert Jurisdiction.objects.count() == EXPECTED_JURISDICTIONS

    root = Jurisdiction.objects.get(parent=None)
    assert (root.code, root.name, root.full_name, root.level, root.path, root.slug) == (
        "000000",
        "全国",
        "全国",
        JurisdictionLevel.NATIONAL,
        "/000000/",
        "national",
    )
    assert Jurisdiction.objects.filter(level=JurisdictionLevel.PROVINCE).count() == 31
    assert Jurisdiction.objects.filter(level=JurisdictionLevel.CITY).count() == 342
    assert (
        not Jurisdiction.objects.filter(level=JurisdictionLevel.PROVINCE)
        .exclude(parent=root)
        .exists()
    )

    tianhe = Jurisdiction.objects.get(code="440106")
    assert tianhe.name == "天河区"
    assert tianhe.full_name == "广东省广州市天河区"
    assert tianhe.level == JurisdictionLevel.DISTRICT
    assert tianhe.path == "/000000/440000/440100/440106/"
    assert tianhe.parent.code == "440100"
    assert tianhe.parent.parent.code == "440000"

    guangzhou = Jurisdiction.objects.get(slug="guangzhou")
    assert (guangzhou.code, guangzhou.full_name) == ("440100", "广东省广州市")
    assert Jurisdiction.objects.get(code="440000").full_name == "广东省"


def test_ruleset_jurisdictions_and_shenzhen_get_slugs_and_no_one_else():
    load_reference()
    slugs = dict(Jurisdiction.objects.exclude(slug=None).values_list("code", "slug"))
    assert slugs == {
        "000000": "national",
        "440000": "guangdong",
        "440100": "guangzhou",
        "440300": "shenzhen",
        "350000": "fujian",
        "350200": "xiamen",
        "410000": "henan",
        "410300": "luoyang",
    }


def test_municipality_nodes_are_named_after_the_municipality():
    load_reference()
    assert Jurisdiction.objects.get(code="110100").full_name == "北京市市辖区"
    assert Jurisdiction.objects.get(code="110101").full_name == "北京市东城区"
    assert Jurisdiction.objects.get(code="500200").full_name == "重庆市县"
    assert Jurisdiction.objects.get(code="500229").full_name == "重庆市城口县"


def test_statistical_pseudo_county_codes_are_flagged():
    load_reference()
    zone = Jurisdiction.objects.get(code="130171")
    assert zone.is_statistical_zone
    assert zone.level == JurisdictionLevel.DISTRICT
    assert zone.path == "/000000/130000/130100/130171/"
    assert not Jurisdiction.objects.get(code="440106").is_statistical_zone
    assert Jurisdiction.objects.filter(is_statistical_zone=True).count() == 124
    assert all(
        c[4] == "7"
        for c in Jurisdiction.objects.filter(is_statistical_zone=True).values_list(
            "code", flat=True
        )
    )


def test_cities_without_districts_remain_leaf_city_nodes():
    """东莞/中山/儋州 appear in areas.csv with their city's own code: the city is kept."""
    load_reference()
    dongguan = Jurisdiction.objects.get(code="441900")
    assert dongguan.level == JurisdictionLevel.CITY
    assert dongguan.full_name == "广东省东莞市"
    assert not dongguan.children.exists()


def test_every_jurisdiction_has_one_authority_named_by_the_rule():
    load_reference()
    assert Authority.objects.count() == Jurisdiction.objects.count() == EXPECTED_JURISDICTIONS
    names = dict(Authority.objects.values_list("jurisdiction__code", "name"))
    assert names["000000"] == "工业和信息化部"
    assert names["440000"] == "广东省工业和信息化厅"
    assert names["440100"] == "广州市工业和信息化局"
    assert names["440106"] == "天河区工业和信息化局"
    assert names["110100"] == "北京市工业和信息化局"  # 市辖区 node: province name
    assert names["500200"] == "重庆市工业和信息化局"  # 县 node of 重庆
    assert Authority.objects.filter(uuid__isnull=False).count() == EXPECTED_JURISDICTIONS


def test_industry_codes_include_the_manufacturing_section_c():
    counts = load_reference()
    assert counts["industry_codes"] == IndustryCode.objects.count() == 1971
    section = IndustryCode.objects.get(code="C")
    assert (section.name, section.level, section.parent_code, section.section) == (
        "制造业",
        1,
        "",
        "C",
    )
    assert section.is_manufacturing
    division = IndustryCode.objects.get(code="13")
    assert (division.name, division.level, division.parent_code, division.section) == (
        "农副食品加工业",
        2,
        "C",
        "C",
    )
    assert set(IndustryCode.objects.values_list("level", flat=True)) == {1, 2, 3, 4}
    assert IndustryCode.objects.filter(level=4, section="C").exists()


def _snapshot() -> tuple[list, list, list]:
    return (
        list(
            Jurisdiction.objects.order_by("code").values_list(
                "id", "code", "full_name", "path", "parent_id", "slug"
            )
        ),
        list(Authority.objects.order_by("id").values_list("id", "uuid", "jurisdiction_id", "name")),
        list(IndustryCode.objects.order_by("code").values_list("id", "code", "name", "level")),
    )


def test_load_reference_twice_changes_nothing_and_duplicates_nothing():
    first = load_reference()
    snapshot = _snapshot()

    second = load_reference()

    assert second == {**first, "created": 0}
    assert Jurisdiction.objects.count() == EXPECTED_JURISDICTIONS
    assert Authority.objects.count() == EXPECTED_JURISDICTIONS
    assert IndustryCode.objects.count() == 1971
    assert _snapshot() == snapshot


def test_load_reference_creates_what_is_missing_and_counts_it():
    """Works on a partly loaded database: missing rows are created (and counted) once."""
    load_reference()
    section_a = IndustryCode.objects.filter(section="A")
    removed = section_a.count()
    section_a.delete()
    Authority.objects.filter(jurisdiction__code="440106").delete()
    Jurisdiction.objects.filter(code="440106").delete()

    counts = load_reference()

    assert counts["created"] == removed + 2
    tianhe = Jurisdiction.objects.get(code="440106")
    assert tianhe.path == "/000000/440000/440100/440106/"
    assert tianhe.authority.name == "天河区工业和信息化局"
    assert IndustryCode.objects.filter(section="A").count() == removed
    assert load_reference()["created"] == 0


def test_rerun_keeps_an_administrators_correction_of_an_authority_name():
    load_reference()
    Authority.objects.filter(jurisdiction__code="110100").update(name="北京市经济和信息化局")
    load_reference()
    assert Authority.objects.get(jurisdiction__code="110100").name == "北京市经济和信息化局"


def test_rerun_repairs_a_damaged_jurisdiction_row():
    load_reference()
    Jurisdiction.objects.filter(code="440106").update(full_name="wrong", is_statistical_zone=True)
    load_reference()
    tianhe = Jurisdiction.objects.get(code="440106")
    assert (tianhe.full_name, tianhe.is_statistical_zone) == ("广东省广州市天河区", False)


def test_load_reference_uses_a_bounded_number_of_queries(django_assert_max_num_queries):
    """Bulk writes: about 8,700 rows in at most 100 queries (SQLite's 999-variable
    limit splits the inserts into ~70 statements; PostgreSQL needs ~35)."""
    with django_assert_max_num_queries(100):
        load_reference()


def test_load_reference_command_prints_the_counts_in_chinese_first():
    out = StringIO()
    call_command("load_reference", stdout=out)
    text = out.getvalue()
    assert text.index("已载入辖区 3349 个") < text.index("Loaded 3349 jurisdictions")
    assert "1971" in text


def test_load_reference_command_reads_another_data_dir(tmp_path):
    """--data-dir points at a folder laid out like greenmfg/data (here: a tiny one)."""
    (tmp_path / "admin_divisions").mkdir()
    (tmp_path / "gbt4754_2017").mkdir()
    (tmp_path / "admin_divisions" / "provinces.csv").write_text(
        'code,name\n99,"测试省"\n', encoding="utf-8"
    )
    (tmp_path / "admin_divisions" / "cities.csv").write_text(
        'code,name,provinceCode\n9901,"测试市",99\n', encoding="utf-8"
    )
    (tmp_path / "admin_divisions" / "areas.csv").write_text(
        'code,name,cityCode,provinceCode\n990106,"测试区",9901,99\n', encoding="utf-8"
    )
    (tmp_path / "gbt4754_2017" / "gbt4754_2017_flat.csv").write_text(
        "code,name,level,level_name,parent_code,section\nC,制造业,1,门类,,C\n", encoding="utf-8"
    )
    out = StringIO()
    call_command("load_reference", "--data-dir", str(tmp_path), stdout=out)
    assert "已载入辖区 4 个" in out.getvalue()
    district = Jurisdiction.objects.get(code="990106")
    assert (district.full_name, district.path) == (
        "测试省测试市测试区",
        "/000000/990000/990100/990106/",
    )
    assert district.authority.name == "测试区工业和信息化局"
