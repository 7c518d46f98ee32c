"""Importing published lists of every level (issue 13 items 1 and 6): files written in the
layouts ministries, provinces and cities publish, broken ones included; each gives the
row-numbered report and leaves nothing half-written."""

from __future__ import annotations

import json
from io import StringIO
from unittest import mock

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from greenmfg.audit.models import AuditEvent
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.uscc import make_uscc
from greenmfg.register.imports import engine
from greenmfg.register.imports.runs import ImportSpec, conflict_resolve, import_list
from greenmfg.register.models import GreenList, ListImport, Listing, ListSource
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

GD_HEADER = "序号,地市,企业名称,统一社会信用代码,第三方评价机构,备注"


def j(code: str) -> Jurisdiction:
    return Jurisdiction.objects.get(code=code)


def write_csv(tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def write_xlsx(tmp_path, name: str, rows: list[list]):
    path = tmp_path / name
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def provincial(**kw) -> ImportSpec:
    return ImportSpec(
        level="provincial", jurisdiction=j("440000"), list_type="factory", year=2025, **kw
    )


def outcomes(result) -> dict[int, str]:
    return {r["row"]: r["outcome"] for r in result.report["rows"]}


@pytest.fixture
def gd_file(tmp_path):
    """广东省 2025 provincial factory list as the province publishes it: two title rows, a
    category heading, a blank row; 地市 names cities and districts."""
    return write_csv(
        tmp_path,
        "gd.csv",
        [
            "附件1",
            "2025年广东省绿色工厂名单",
            GD_HEADER,
            "一、广州市（2家）,,,,,",
            "1,广州市,广州甲制造有限公司,,广州评价院,",
            "2,天河区,广州乙电子有限公司,,广州评价院,新增",
            ",,,,,",
            "3,深圳,深圳丙科技有限公司,,,",
            "4,,佛山丁陶瓷有限公司,,,",
        ],
    )


# --- the published layouts ----------------------------------------------------------------


def test_provincial_csv_reports_every_row_by_number_and_skips_titles_headings_blanks(gd_file):
    result = import_list(gd_file, provincial())

    assert outcomes(result) == {
        1: "skipped",
        2: "skipped",
        4: "skipped",
        5: "created",
        6: "created",
        7: "skipped",
        8: "created",
        9: "created",
    }
    codes = {r["row"]: r.get("code") for r in result.report["rows"]}
    assert (codes[1], codes[4], codes[7]) == ("title", "heading", "blank")
    assert (result.report["created"], result.report["skipped"], result.report["errors"]) == (
        4,
        4,
        0,
    )
    listings = {li.unit_name: li for li in Listing.objects.filter(source=ListSource.IMPORTED)}
    assert listings["广州甲制造有限公司"].region.code == "440100"
    assert listings["广州乙电子有限公司"].region.code == "440106"
    assert listings["广州乙电子有限公司"].details["note"] == "新增"
    assert listings["深圳丙科技有限公司"].region.code == "440300"
    # no 地市: the province that published the list
    assert listings["佛山丁陶瓷有限公司"].region.code == "440000"
    li = listings["广州甲制造有限公司"]
    assert (li.level, li.year, li.list_type, li.agency_name) == (
        "provincial",
        2025,
        "factory",
        "广州评价院",
    )
    assert li.green_list.title == "2025年度广东省绿色制造名单"
    assert li.green_list.jurisdiction.code == "440000"


def test_municipal_xlsx_with_header_synonyms_and_credit_codes(tmp_path):
    """A city's XLSX: 单位名称 / 所在地 / 评价机构 / 统一社会信用代码 (004 Guangzhou)."""
    code = make_uscc("440106")
    path = write_xlsx(
        tmp_path,
        "gz.xlsx",
        [
            ["2025年广州市绿色工厂名单"],
            ["序号", "单位名称", "所在地", "评价机构", "统一社会信用代码", "所属行业"],
            [1, "广州戊新能源有限公司", "天河区", "广州评价院", code, "电气机械"],
            [2, "广州己食品有限公司", "越秀区", None, None, None],
        ],
    )
    spec = ImportSpec(level="municipal", jurisdiction=j("440100"), list_type="factory", year=2025)
    result = import_list(path, spec)

    assert outcomes(result) == {1: "skipped", 3: "created", 4: "created"}
    first = Listing.objects.get(unit_name="广州戊新能源有限公司")
    assert (first.uscc, first.region.code, first.industry_text) == (code, "440106", "电气机械")
    assert first.details["source_seq"] == "1"  # 1.0 in Excel is 序号 1


def test_national_2022_batch_reports_the_published_count_and_difference(tmp_path):
    path = write_csv(
        tmp_path,
        "2022.csv",
        ["序号,省份,工厂名称,第三方评价机构", "1,广东,某甲有限公司,某机构", "2,内蒙,某乙有限公司,"],
    )
    spec = ImportSpec(
        level="national", jurisdiction=j("000000"), list_type="factory", year=2022, batch="第七批"
    )
    result = import_list(path, spec)

    [official] = result.report["official_counts"]
    assert (official["listed"], official["official"], official["difference"]) == (2, 874, -872)
    regions = dict(Listing.objects.values_list("unit_name", "region__code"))
    assert regions == {"某甲有限公司": "440000", "某乙有限公司": "150000"}


def test_design_product_list_skips_category_headings_and_keys_products(tmp_path):
    """The 第三批 layout: category headings in 序号 (二十二、微型计算机（7种）…)."""
    path = write_csv(
        tmp_path,
        "design.csv",
        [
            "序号,企业名称,产品名称,型号,推荐单位,地区,种类",
            "二十二、微型计算机（7种）,,,,,,",
            "适用评价标准：《绿色设计产品评价技术规范 微型计算机》（T/CESA 1019-2018）,,,,,,",
            "1,联想（北京）有限公司,台式计算机,M720,北京市经信局,北京,微型计算机",
            "2,联想（北京）有限公司,台式计算机,M920,北京市经信局,北京,微型计算机",
        ],
    )
    spec = ImportSpec(
        level="national",
        jurisdiction=j("000000"),
        list_type="design_product",
        year=2018,
        batch="第三批",
    )
    result = import_list(path, spec)

    assert outcomes(result) == {2: "skipped", 3: "skipped", 4: "created", 5: "created"}
    assert {r.get("code") for r in result.report["rows"] if r["outcome"] == "skipped"} == {
        "heading"
    }
    assert sorted(Listing.objects.values_list("product_model", flat=True)) == ["M720", "M920"]


# --- broken files -----------------------------------------------------------------------


def _nothing_written():
    assert not Listing.objects.exists()
    assert not GreenList.objects.filter(source=ListSource.IMPORTED).exists()
    assert not ListImport.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="list").exists()


def test_an_unknown_header_is_an_error_naming_the_column(tmp_path):
    path = write_csv(tmp_path, "x.csv", ["序号,企业名称,法人代表", "1,某有限公司,张三"])
    result = import_list(path, provincial())

    assert result.failed
    [error] = [r for r in result.report["rows"] if r["outcome"] == "error"]
    assert error["row"] == 1
    assert "法人代表" in error["reason"]
    _nothing_written()


def test_a_missing_required_column_is_an_error(tmp_path):
    path = write_csv(tmp_path, "x.csv", ["序号,企业名称,型号", "1,某有限公司,X1"])
    spec = ImportSpec(
        level="provincial", jurisdiction=j("440000"), list_type="design_product", year=2025
    )
    result = import_list(path, spec)

    assert result.failed
    assert any("产品名称" in r["reason"] for r in result.report["rows"] if r["outcome"] == "error")
    _nothing_written()


def test_every_bad_row_is_reported_not_the_first_and_nothing_is_written(tmp_path):
    path = write_csv(
        tmp_path,
        "bad.csv",
        [
            GD_HEADER,
            "1,广州市,好的有限公司,,,",
            "2,火星市,不明地区有限公司,,,",  # unknown region
            "3,福州市,外省地区有限公司,,,",  # a city of another province
            "4,广州市,,,,",  # no unit name
            "5,广州市,坏代码有限公司,91440101XXXXXXXXXX,,",  # malformed credit code
            "1,广州市,好的有限公司,,,",  # a duplicate row: skipped
            "1,广州市,另一有限公司,,,",  # the same 序号 for another unit: an error
        ],
    )
    result = import_list(path, provincial())

    rows = {r["row"]: r for r in result.report["rows"]}
    assert [n for n, r in rows.items() if r["outcome"] == "error"] == [3, 4, 5, 6, 8]
    assert "火星市" in rows[3]["reason"]
    assert "福州市" in rows[4]["reason"]
    assert "单位名称为空" in rows[5]["reason"]
    assert "统一社会信用代码" in rows[6]["reason"]
    assert rows[7]["outcome"] == "skipped" and "第 2 行" in rows[7]["reason"]
    assert result.report["errors"] == 5 and not result.written
    _nothing_written()


def test_a_failure_while_writing_leaves_the_database_as_it_was(gd_file):
    with (
        mock.patch.object(engine, "record_events_bulk", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        import_list(gd_file, provincial())
    _nothing_written()


# --- re-runs, updates and conflicts -----------------------------------------------------


def test_a_second_run_is_unchanged_and_a_changed_field_is_an_update(gd_file, tmp_path):
    import_list(gd_file, provincial())
    again = import_list(gd_file, provincial())
    assert again.report["unchanged"] == 4 and again.report["created"] == 0

    # a new agency for the same unit (序号 1, the same name once normalised)
    changed = write_csv(tmp_path, "gd2.csv", [GD_HEADER, "1,广州市,广州甲制造有限公司 ,,新评价院,"])
    result = import_list(changed, provincial())
    [row] = [r for r in result.report["rows"] if r["row"] == 2]
    assert (row["outcome"], row["fields"]) == ("updated", ["agency_name"])
    listing = Listing.objects.get(unit_name="广州甲制造有限公司")
    assert (listing.agency_name, listing.version) == ("新评价院", 2)
    event = AuditEvent.objects.filter(action="listing.import_update").get()
    assert event.object_uuid == str(listing.uuid)
    assert event.payload["fields"] == ["agency_name"]


def test_a_row_naming_another_units_listing_is_a_conflict_never_an_overwrite(gd_file, tmp_path):
    import_list(gd_file, provincial())
    other = write_csv(tmp_path, "other.csv", [GD_HEADER, "1,广州市,别的企业有限公司,,,"])

    result = import_list(other, provincial())

    [row] = [r for r in result.report["rows"] if r["row"] == 2]
    assert row["outcome"] == "conflict"
    assert row["existing"]["unit_name"] == "广州甲制造有限公司"
    assert result.report["conflicts"] == 1 and result.written
    assert Listing.objects.filter(unit_name="广州甲制造有限公司").exists()
    assert not Listing.objects.filter(unit_name="别的企业有限公司").exists()


def test_take_the_row_resolves_a_conflict_when_it_is_the_same_unit(gd_file, tmp_path):
    """A renamed unit: the official says the row is the same unit (take)."""
    import_list(gd_file, provincial())
    renamed = write_csv(tmp_path, "r.csv", [GD_HEADER, "1,广州市,广州甲智造有限公司,,,"])

    taken = import_list(renamed, provincial(), resolutions={2: "take"})

    [row] = [r for r in taken.report["rows"] if r["row"] == 2]
    assert (row["outcome"], row["resolution"]) == ("updated", "take")
    assert "unit_name" in row["fields"]
    assert Listing.objects.filter(unit_name="广州甲智造有限公司").count() == 1


def test_a_conflict_resolved_after_the_run_by_the_official(gd_file, tmp_path, cast):
    import_list(gd_file, provincial(), actor=cast.guangdong)
    renamed = write_csv(tmp_path, "r.csv", [GD_HEADER, "1,广州市,广州甲智造有限公司,,,"])
    run = import_list(renamed, provincial(), actor=cast.guangdong).run

    with pytest.raises(NotPermitted):
        conflict_resolve(actor=cast.guangzhou, run=run, row=2, choice="take")
    conflict_resolve(actor=cast.guangdong, run=run, row=2, choice="take")

    listing = Listing.objects.get(source_key__endswith="-F-1")
    assert listing.unit_name == "广州甲智造有限公司"
    run.refresh_from_db()
    assert next(r for r in run.report["rows"] if r["row"] == 2)["resolution"] == "take"
    assert AuditEvent.objects.filter(action="list_import.resolve").count() == 1
    with pytest.raises(RuleViolation):  # resolved once
        conflict_resolve(actor=cast.guangdong, run=run, row=2, choice="keep")


def test_take_is_refused_when_the_listing_is_linked_to_another_unit(gd_file, tmp_path, cast):
    import_list(gd_file, provincial(), actor=cast.guangdong)
    linked = OrganisationFactory(name="广州甲制造有限公司", district="440106")
    Listing.objects.filter(unit_name="广州甲制造有限公司").update(unit=linked)
    code = make_uscc("440106")
    assert code != linked.uscc
    other = write_csv(tmp_path, "o.csv", [GD_HEADER, f"1,广州市,另一家有限公司,{code},,"])
    run = import_list(other, provincial(), actor=cast.guangdong).run

    with pytest.raises(RuleViolation) as exc:
        conflict_resolve(actor=cast.guangdong, run=run, row=2, choice="take")
    assert exc.value.reasons[0].code == "list_import.other_unit"
    assert Listing.objects.get(unit=linked).unit_name == "广州甲制造有限公司"


# --- dry run, audit, permissions ----------------------------------------------------------


def test_a_dry_run_gives_the_same_report_and_writes_nothing(gd_file):
    dry = import_list(gd_file, provincial(), dry_run=True)
    _nothing_written()

    real = import_list(gd_file, provincial())
    assert {k: v for k, v in dry.report.items() if k != "lists_created"} == {
        k: v for k, v in real.report.items() if k != "lists_created"
    }


def test_a_run_writes_its_audit_event_with_the_files_sha256_and_counts(gd_file, cast):
    result = import_list(gd_file, provincial(), actor=cast.guangdong)

    run = result.run
    event = AuditEvent.objects.get(action="list_import.run")
    assert event.object_uuid == str(run.uuid)
    assert event.payload["file_sha256"] == run.file_sha256 and len(run.file_sha256) == 64
    assert (event.payload["created"], event.payload["skipped"]) == (4, 4)
    assert event.actor_uuid == str(cast.guangdong.uuid)
    created = AuditEvent.objects.filter(action="listing.import_create")
    assert created.count() == 4
    assert set(created.values_list("object_uuid", flat=True)) == {
        str(u) for u in Listing.objects.values_list("uuid", flat=True)
    }
    from greenmfg.audit.services import verify_chain

    assert verify_chain().ok


def test_only_the_official_of_the_level_and_jurisdiction_may_import(gd_file, cast):
    for actor in (cast.guangzhou, cast.fujian, cast.tianhe, cast.national, cast.enterprise_user):
        with pytest.raises(NotPermitted):
            import_list(gd_file, provincial(), actor=actor)
    with pytest.raises(RuleViolation):  # a provincial list is published by a province
        import_list(
            gd_file,
            ImportSpec(
                level="provincial", jurisdiction=j("440100"), list_type="factory", year=2025
            ),
        )
    _nothing_written()


# --- the command --------------------------------------------------------------------------


def test_command_json_prints_counts_as_numbers_and_the_rows(gd_file):
    out = StringIO()
    call_command(
        "import_list",
        str(gd_file),
        "--level=provincial",
        "--jurisdiction=广东省",
        "--list-type=factory",
        "--year=2025",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert {k: data[k] for k in ("created", "unchanged", "updated", "conflicts", "skipped")} == {
        "created": 4,
        "unchanged": 0,
        "updated": 0,
        "conflicts": 0,
        "skipped": 4,
    }
    assert [r["row"] for r in data["rows"]] == [1, 2, 4, 5, 6, 7, 8, 9]
    assert ListImport.objects.get().state == "done"


def test_command_dry_run_writes_nothing_and_errors_exit_non_zero(gd_file, tmp_path):
    out = StringIO()
    call_command(
        "import_list",
        str(gd_file),
        "--level=provincial",
        "--jurisdiction=440000",
        "--list-type=factory",
        "--year=2025",
        "--dry-run",
        stdout=out,
    )
    assert "试运行，未写入：新建 4" in out.getvalue()
    _nothing_written()
    bad = write_csv(tmp_path, "bad.csv", [GD_HEADER, "1,火星市,某有限公司,,,"])
    with pytest.raises(CommandError, match="未写入任何内容"):
        call_command(
            "import_list",
            str(bad),
            "--level=provincial",
            "--jurisdiction=440000",
            "--list-type=factory",
            "--year=2025",
            stdout=StringIO(),
        )
    _nothing_written()


# --- data quality (item 6) ----------------------------------------------------------------


def test_the_data_migration_removes_the_nine_imported_headings_with_audit_events():
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "greenmfg.register.migrations.0008_h13a_remove_heading_listings"
    )
    national = j("000000")
    green_list = GreenList.objects.create(
        jurisdiction=national,
        level="national",
        year=2018,
        batch="第三批",
        title="第三批",
        source=ListSource.MIIT_2017_2021,
        source_key="batch-3",
    )
    common = {
        "green_list": green_list,
        "list_type": "design_product",
        "level": "national",
        "year": 2018,
        "source": ListSource.MIIT_2017_2021,
    }
    for key in migration.HEADING_KEYS:
        Listing.objects.create(**common, source_key=key, details={"source_seq": "二十二、…"})
    kept = Listing.objects.create(
        **common, source_key="design_product-3-r1625", unit_name="某企业", product_name="某产品"
    )

    migration.remove_heading_listings(apps, None)

    assert list(Listing.objects.all()) == [kept]
    events = AuditEvent.objects.filter(action="listing.heading_delete")
    assert events.count() == 9
    assert {e.payload["source_key"] for e in events} == set(migration.HEADING_KEYS)


def test_the_runs_search_words_are_those_of_a_listing_saved_alone(gd_file):
    """The import's per-run word cache (engine.SearchWords) and the raw INSERT give the
    same ``search_text``, timestamps and version as ``Listing.save``."""
    from greenmfg.register.search import listing_search_text

    import_list(gd_file, provincial())
    for listing in Listing.objects.all():
        assert listing.search_text == listing_search_text(listing)
        assert listing.created_at is not None and listing.updated_at is not None
        assert listing.version == 1


def test_an_imported_provincial_factory_makes_a_guangzhou_2_star_green_factory_004_11(gd_file):
    """Issue 15 item 3 with the installed base: a Guangzhou enterprise on an imported
    provincial green-factory list is a 2★ Guangzhou green factory on the municipal star
    register without a municipal listing (004 第十一条); Shenzhen's is not on Guangzhou's."""
    import datetime as dt

    from greenmfg.register.stars import star_register

    result = import_list(gd_file, provincial())
    assert result.report["created"] == 4
    rows = {r.unit_name: r for r in star_register(j("440100"), dt.date(2026, 6, 1))}
    assert rows["广州乙电子有限公司"].star == 2
    assert rows["广州乙电子有限公司"].basis_level == "provincial"
    assert "深圳丙科技有限公司" not in rows


def test_the_existing_listings_of_a_run_are_found_through_the_source_key_index():
    """A re-import looks its rows' listings up by (source, source key) in chunks of
    :data:`engine.QUERY_CHUNK` keys; the unique index there is partial (source key not
    empty), and PostgreSQL proves that predicate from an IN list of at most 100 keys:
    the query states it, or each chunk scanned the whole listing table (issue 13,
    import speed)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    keys = [f"k-{i}" for i in range(engine.QUERY_CHUNK)]
    with CaptureQueriesContext(connection) as captured:
        assert engine._existing(ListSource.IMPORTED, keys) == {}
    (query,) = [q["sql"] for q in captured.captured_queries if "register_listing" in q["sql"]]
    if connection.vendor != "postgresql":
        assert "source_key" in query
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN {query}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")
    assert "listing_source_key_unique" in plan, plan
