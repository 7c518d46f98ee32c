"""Importing MIIT's national green lists 2016–2021 (``import_national_lists``)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from greenmfg.jurisdictions.models import NATIONAL_CODE, Jurisdiction
from greenmfg.jurisdictions.reference import load_reference
from greenmfg.register.imports.national import (
    DEFAULT_DIR,
    ReferenceDataMissing,
    SourceFileError,
    clean,
    import_national_lists,
    normalise_region,
    read_national_lists,
)
from greenmfg.register.models import GreenList, Listing, ListingStatus, ListSource

EXPECTED = {"factory": 2783, "park": 224, "supply_chain": 296, "design_product": 3154}
TOTAL = sum(EXPECTED.values())  # 6,457: 6,466 rows less the nine heading rows
HEADING_ROWS = [1623, 1624, 1625, 1695, 1696, 1697, 1711, 1712, 1713]


@pytest.fixture
def reference(db) -> None:
    """The jurisdiction tree the import matches regions against (tests/conftest.py
    loads it once per session; load it here if it is missing)."""
    if not Jurisdiction.objects.filter(code=NATIONAL_CODE).exists():
        load_reference()


@pytest.fixture
def no_reference(reference) -> None:
    """A database in which load-reference has not run, as far as the import can tell:
    the national root's code is moved away inside this test's transaction."""
    Jurisdiction.objects.filter(code=NATIONAL_CODE).update(code="999999")


@pytest.fixture
def imported(reference):
    """The report of one import of the shipped lists."""
    return import_national_lists()


# --- normalisation (no database) ----------------------------------------------------


def test_clean_strips_a_stray_trailing_nan_and_maps_unknowns_to_empty():
    assert clean("  对富营养化影响较小。nan ") == "对富营养化影响较小。"
    assert clean("（GB/T 32163.1-2015）nan") == "（GB/T 32163.1-2015）"
    assert clean("nan") == ""
    assert clean("-") == ""
    assert clean("   ") == ""
    assert clean(None) == ""
    assert clean("BC/BD-102D1") == "BC/BD-102D1"


def test_region_spelling_variants_are_normalised():
    assert normalise_region("内蒙") == "内蒙古"
    assert normalise_region("黑龙") == "黑龙江"
    assert normalise_region("兵团") == "新疆生产建设兵团"
    assert normalise_region("新疆兵团") == "新疆生产建设兵团"
    assert normalise_region("新疆生产建设兵团") == "新疆生产建设兵团"
    assert normalise_region(" 广东 ") == "广东"
    assert normalise_region("na") == ""


def test_reading_the_files_keys_every_row_uniquely():
    """序号 is unique per batch except in the design-product file, keyed by row number."""
    rows = read_national_lists()
    assert len(rows) == TOTAL
    assert len({r.source_key for r in rows}) == TOTAL
    design = [r for r in rows if r.list_type == "design_product"]
    assert design[0].source_key == "design_product-1-r1"
    assert design[0].details["source_seq"] == "1"
    factory = next(r for r in rows if r.list_type == "factory")
    assert factory.source_key == "factory-1-1"


# --- the import -----------------------------------------------------------------------


def test_import_creates_one_listing_per_row_with_the_expected_counts(imported):
    assert imported.counts == EXPECTED
    assert imported.created == TOTAL
    assert (imported.updated, imported.unchanged) == (0, 0)
    for list_type, n in EXPECTED.items():
        assert (
            Listing.objects.filter(source=ListSource.MIIT_2017_2021, list_type=list_type).count()
            == n
        )
    assert Listing.objects.count() == TOTAL
    assert Listing.objects.filter(year=2021, list_type="factory").count() == 662
    assert Listing.objects.filter(year=2021, list_type="design_product").count() == 989


def test_import_creates_one_national_green_list_per_batch(imported):
    national = Jurisdiction.objects.get(code="000000")
    lists = {g.source_key: g for g in GreenList.objects.filter(source=ListSource.MIIT_2017_2021)}
    assert set(lists) == {"batch-1", "batch-2", "batch-3", "batch-4", "batch-5", "batch-2021"}
    assert all(g.jurisdiction == national and g.level == "national" for g in lists.values())
    summary = {k: (g.title, g.year, g.batch, g.document_no) for k, g in lists.items()}
    assert summary["batch-1"] == ("第一批绿色制造名单", 2017, "第一批", "工信厅节函〔2017〕491号")
    assert summary["batch-2"] == ("第二批绿色制造名单", 2017, "第二批", "")
    assert summary["batch-3"] == ("第三批绿色制造名单", 2018, "第三批", "")
    assert summary["batch-4"] == ("第四批绿色制造名单", 2019, "第四批", "工信厅节函〔2019〕196号")
    assert summary["batch-5"] == ("第五批绿色制造名单", 2020, "第五批", "")
    assert summary["batch-2021"] == (
        "2021年度绿色制造名单",
        2021,
        "第六批",
        "工信厅节函〔2022〕7号",
    )
    assert lists["batch-2021"].listings.count() == 662 + 52 + 107 + 989


def test_listing_fields_come_from_the_source_and_unknowns_stay_empty(imported):
    factory = Listing.objects.get(source_key="factory-1-1")
    assert factory.unit_name == "北京京东方显示技术有限公司"
    assert (factory.list_type, factory.level, factory.year, factory.batch) == (
        "factory",
        "national",
        2017,
        "第一批",
    )
    assert factory.region.code == "110000"
    assert factory.region_text == "北京"
    assert factory.industry_text == "电子"
    assert factory.agency_name == "中国电子技术标准化研究院"
    assert factory.status == ListingStatus.ACTIVE
    assert factory.green_list.source_key == "batch-1"

    park = Listing.objects.get(source_key="park-1-1")
    assert (park.unit_name, park.region.code) == ("天津经济技术开发区", "120000")

    product = Listing.objects.get(source_key="design_product-1-r1")
    assert product.unit_name == "广州立白企业集团有限公司"
    assert product.product_name == "威王十效全能厨房清洁剂"
    assert product.product_model == ""  # "-" in the source: unknown
    assert product.product_category == "一、家用洗涤剂（58种）"
    assert product.details["recommended_by"] == "广东省经济和信息化委员会"
    assert product.region.code == "440000"


def test_nothing_the_source_lacks_is_invented(imported):
    """No credit code, listing date or platform organisation in the source: all empty."""
    assert not Listing.objects.exclude(uscc="").exists()
    assert not Listing.objects.filter(listed_on__isnull=False).exists()
    assert not Listing.objects.filter(unit__isnull=False).exists()
    assert Listing.objects.filter(list_type="factory", industry_text="").count() == 2374


def test_region_variants_match_province_and_planned_city_jurisdictions(imported):
    inner_mongolia = Jurisdiction.objects.get(name="内蒙古自治区")
    neimeng = Listing.objects.filter(region_text="内蒙古")
    assert neimeng.count() == 7 + 66 + 3 + 7 + 32  # "内蒙" and "内蒙古" in all files
    assert set(neimeng.values_list("region_id", flat=True)) == {inner_mongolia.pk}
    assert not Listing.objects.filter(region_text="内蒙").exists()

    heilongjiang = Listing.objects.filter(region_text="黑龙江")
    assert set(heilongjiang.values_list("region__code", flat=True)) == {"230000"}

    shenzhen = Listing.objects.filter(region_text="深圳")
    assert shenzhen.count() == 62 + 7 + 2 + 82
    assert set(shenzhen.values_list("region__code", flat=True)) == {"440300"}
    for text, code in {
        "宁波": "330200",
        "厦门": "350200",
        "青岛": "370200",
        "大连": "210200",
    }.items():
        assert set(
            Listing.objects.filter(region_text=text).values_list("region__code", flat=True)
        ) == {code}
    assert set(
        Listing.objects.filter(region_text="广西").values_list("region__name", flat=True)
    ) == {"广西壮族自治区"}


def test_city_names_in_the_design_product_file_match_their_city(imported):
    assert set(
        Listing.objects.filter(region_text="合肥").values_list("region__code", flat=True)
    ) == {"340100"}
    assert set(
        Listing.objects.filter(region_text="景泰").values_list("region__code", flat=True)
    ) == {"620423"}
    assert imported.matched_below_province["合肥"] == "340100 安徽省合肥市"
    assert "深圳" not in imported.matched_below_province  # planned cities are expected


def test_bingtuan_and_company_fragments_are_unmatched_and_reported(imported):
    bingtuan = Listing.objects.filter(region_text="新疆生产建设兵团")
    assert bingtuan.count() == 4 + 4 + 2 + 1
    assert not bingtuan.filter(region__isnull=False).exists()
    assert imported.unmatched_regions == {"新疆生产建设兵团": 11, "海信": 8, "蒙娜": 4}
    assert imported.as_dict()["unmatched"]["regions"]["新疆生产建设兵团"] == 11


def test_stray_nan_is_stripped_from_every_cell(imported):
    product = Listing.objects.get(source_key="design_product-1-r1")
    assert product.details["highlights"].endswith("对富营养化影响较小。")
    assert (
        product.details["standard"]
        == "《生态设计产品评价规范 第1部分：家用洗涤剂》（GB/T 32163.1-2015）"
    )
    for listing in Listing.objects.filter(list_type="design_product"):
        assert not any(v.endswith("nan") for v in listing.details.values())
        assert not listing.product_model.endswith("nan")


def test_the_nine_heading_rows_of_batch_3_design_products_are_skipped_not_listed(imported):
    """Nine design-product rows are category headings that spilled into the data (issue
    13 item 6): they are skipped with their row numbers, and batch 3 has MIIT's 480."""
    assert not Listing.objects.filter(unit_name="").exists()
    assert imported.empty_unit_name == 0
    assert imported.empty_region == 0
    assert [s["row"] for s in imported.skipped] == HEADING_ROWS
    assert {s["code"] for s in imported.skipped} == {"heading"}
    assert "二十二、微型计算机（7种）" in imported.skipped[0]["reason"]
    assert (
        Listing.objects.filter(year=2018, batch="第三批", list_type="design_product").count() == 480
    )
    # the keys of the rows after the headings keep their data-row numbers
    assert Listing.objects.filter(source_key="design_product-3-r1625").exists()
    assert not Listing.objects.filter(source_key="design_product-3-r1622").exists()


def test_batch_counts_agree_with_the_published_counts_but_two_documented(imported):
    """Every batch and type matches MIIT's published count except 第二批 and 第五批
    design products (docs/data-imports.md: the source file's rows)."""
    differences = {
        (c["list"], c["list_type"]): c["difference"]
        for c in imported.official_counts
        if c["difference"]
    }
    assert differences == {
        ("第二批绿色制造名单", "design_product"): -1,
        ("第五批绿色制造名单", "design_product"): -5,
    }
    assert len(imported.official_counts) == 24


def test_second_import_creates_and_changes_nothing(imported):
    before = list(
        Listing.objects.order_by("source_key").values_list(
            "id", "uuid", "source_key", "region_id", "details", "version"
        )
    )
    lists_before = list(GreenList.objects.order_by("id").values_list("id", "uuid", "source_key"))

    again = import_national_lists()

    assert again.counts == EXPECTED
    assert (again.created, again.updated, again.unchanged) == (0, 0, TOTAL)
    assert again.green_lists_created == 0
    assert again.unmatched_regions == imported.unmatched_regions
    assert Listing.objects.count() == TOTAL
    assert before == list(
        Listing.objects.order_by("source_key").values_list(
            "id", "uuid", "source_key", "region_id", "details", "version"
        )
    )
    assert lists_before == list(
        GreenList.objects.order_by("id").values_list("id", "uuid", "source_key")
    )


def test_rerun_restores_source_fields_but_keeps_curated_status(imported):
    """A listing later removed (移出) stays removed; a damaged source field is repaired;
    a listing whose unit name no longer matches its row is a conflict, never rewritten."""
    Listing.objects.filter(source_key="factory-1-1").update(
        agency_name="改错了", status=ListingStatus.REMOVED
    )
    Listing.objects.filter(source_key="factory-1-2").update(unit_name="另一家有限公司")

    again = import_national_lists()

    assert (again.created, again.updated, again.conflicts) == (0, 1, 1)
    listing = Listing.objects.get(source_key="factory-1-1")
    assert listing.agency_name == "中国电子技术标准化研究院"
    assert listing.status == ListingStatus.REMOVED
    assert listing.version == 2
    assert Listing.objects.get(source_key="factory-1-2").unit_name == "另一家有限公司"


def test_import_issues_a_bounded_number_of_queries(reference, django_assert_max_num_queries):
    """Bound: rows/10 + 200 = 845 queries for 6,457 rows, i.e. no query per row (and the
    audit event of every listing created is bulk-inserted too: on SQLite Django splits
    those inserts into ~50-row statements, ~130 of them).

    What it costs: ~25 fixed queries (national root, the region table once, six
    update_or_create of the green lists with their savepoints, the existing listings
    once) plus the INSERT batches. On PostgreSQL the inserts go 500 rows at a time
    (13 statements, ~55 queries in all); SQLite allows 999 bound variables per
    statement, so Django splits them into 37-row batches (~175 statements, ~215 in
    all). One query per row would be > 6,466.
    """
    with django_assert_max_num_queries(TOTAL // 10 + 200):
        report = import_national_lists()
    assert report.created == TOTAL


def test_import_refuses_to_run_before_load_reference(no_reference):
    with pytest.raises(ReferenceDataMissing) as exc:
        import_national_lists()
    assert "greenmfg load-reference" in str(exc.value)
    assert str(exc.value).startswith("尚未载入参考数据")
    assert not GreenList.objects.exists()


def test_command_without_reference_names_the_command_to_run_first(no_reference):
    with pytest.raises(CommandError) as exc:
        call_command("import_national_lists")
    message = str(exc.value)
    assert "请先运行 `greenmfg load-reference`" in message
    assert "run `greenmfg load-reference` first" in message


def test_command_prints_the_report_with_what_it_could_not_match(reference):
    out = StringIO()
    call_command("import_national_lists", str(DEFAULT_DIR), stdout=out)
    text = out.getvalue()
    assert "条目 6457 条：新建 6457" in text
    assert "未能匹配的地区" in text
    assert "新疆生产建设兵团: 11" in text
    assert "单位名称为空 / empty unit name: 0" in text


def test_command_json_output_is_the_report(reference):
    out = StringIO()
    call_command("import_national_lists", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["counts"] == EXPECTED
    assert data["created"] == TOTAL
    assert data["unmatched"] == {
        "regions": {"新疆生产建设兵团": 11, "海信": 8, "蒙娜": 4},
        "empty_region": 0,
        "empty_unit_name": 0,
    }


def test_unknown_batch_is_refused_naming_file_and_row(reference, tmp_path):
    for name, header in {
        "绿色工厂名单.csv": "序号,地区,工厂名称,行业,第三方评价机构,批次\n1,广东,甲厂,,乙机构,X\n"
        "2,广东,丙厂,,乙机构,第九十批\n",
        "绿色工业园区名单.csv": "序号,地区,园区,第三方评价机构,批次\n",
        "绿色供应链管理示范企业名单.csv": "序号,地区,企业名称,第三方评价机构,批次\n",
        "绿色设计产品名单.csv": "序号,企业名称,产品名称,产品型号,推荐单位,地区,批次,种类,绿色设计亮点,适用评价标准\n",
    }.items():
        (tmp_path / name).write_text(header, encoding="utf-8")
    with pytest.raises(SourceFileError, match="绿色工厂名单.csv 第 2 行") as exc:
        import_national_lists(tmp_path)
    assert "第 3 行" in str(exc.value)  # every bad row, not the first
    assert not Listing.objects.exists()


def test_a_later_national_batch_by_year_or_number_is_accepted(reference, tmp_path):
    """Issue 13: `unknown batch '2022'` no more; 2022 = 第七批, 2023 = 2023年度."""
    for name, header in {
        "绿色工厂名单.csv": "序号,地区,工厂名称,行业,第三方评价机构,批次\n1,广东,甲厂,,乙机构,2022\n"
        "1,广东,丙厂,,乙机构,2023\n2,福建,丁厂,,,7\n",
        "绿色工业园区名单.csv": "序号,地区,园区,第三方评价机构,批次\n",
        "绿色供应链管理示范企业名单.csv": "序号,地区,企业名称,第三方评价机构,批次\n",
        "绿色设计产品名单.csv": "序号,企业名称,产品名称,产品型号,推荐单位,地区,批次,种类,绿色设计亮点,适用评价标准\n",
    }.items():
        (tmp_path / name).write_text(header, encoding="utf-8")
    report = import_national_lists(tmp_path)
    assert report.created == 3
    by_year = {
        li.unit_name: (li.year, li.batch, li.green_list.title) for li in Listing.objects.all()
    }
    assert by_year["甲厂"] == (2022, "第七批", "2022年度绿色制造名单")
    assert by_year["丁厂"] == (2022, "第七批", "2022年度绿色制造名单")
    assert by_year["丙厂"] == (2023, "2023年度", "2023年度绿色制造名单")


def test_a_relabelled_row_never_overwrites_another_units_listing(imported, tmp_path):
    """Issue 13: rows relabelled to batch 2021 used to overwrite real 2021 listings."""
    target = Listing.objects.get(source_key="factory-2021-1")
    (tmp_path / "绿色工厂名单.csv").write_text(
        "序号,地区,工厂名称,行业,第三方评价机构,批次\n1,广东,别家工厂有限公司,,乙机构,2021\n",
        encoding="utf-8",
    )
    for name, header in {
        "绿色工业园区名单.csv": "序号,地区,园区,第三方评价机构,批次\n",
        "绿色供应链管理示范企业名单.csv": "序号,地区,企业名称,第三方评价机构,批次\n",
        "绿色设计产品名单.csv": "序号,企业名称,产品名称,产品型号,推荐单位,地区,批次,种类,绿色设计亮点,适用评价标准\n",
    }.items():
        (tmp_path / name).write_text(header, encoding="utf-8")
    report = import_national_lists(tmp_path)
    assert (report.conflicts, report.updated, report.created) == (1, 0, 0)
    [conflict] = [r for r in report.rows if r["outcome"] == "conflict"]
    assert (conflict["file"], conflict["row"]) == ("绿色工厂名单.csv", 2)
    assert conflict["existing"]["unit_name"] == target.unit_name
    target.refresh_from_db()
    assert target.unit_name != "别家工厂有限公司"
    assert target.version == 1
