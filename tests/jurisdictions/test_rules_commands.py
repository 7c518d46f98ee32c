"""The rules, calendar and eligibility commands (docs/cli.md "Rules, calendar and
eligibility"): `rules show`, `rules diff`, `calendar add-working-days`, `notice-period`,
`check-eligibility` and `import-credit-records`."""

from __future__ import annotations

import datetime as dt
import io
import json

import chinese_calendar
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from greenmfg.audit.models import AuditEvent
from greenmfg.eligibility.imports import import_credit_records
from greenmfg.eligibility.management.commands.check_eligibility import (
    Command as CheckEligibility,
)
from greenmfg.eligibility.models import CreditRecord
from greenmfg.parties.uscc import make_uscc

D = dt.date
pytestmark = pytest.mark.django_db
TODAY = "2026-01-12"


@pytest.fixture(autouse=True)
def _chinese():
    """Commands speak the platform language (zh-hans, as in a fresh process), whatever
    an earlier test activated."""
    with translation.override("zh-hans"):
        yield


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _json(*args) -> dict:
    return json.loads(_run(*args, "--json"))


def _params(data: dict) -> dict[str, dict]:
    return {p["key"]: p for p in data["parameters"]}


# --- rules show ----------------------------------------------------------------------


def test_rules_show_guangzhou_notice_7_days_004_10_and_grades_inherited_from_guangdong_000_14():
    data = _json("rules_show", "guangzhou", "--on", TODAY)
    params = _params(data)
    assert data["ruleset"] == "guangzhou"
    assert data["chain"] == ["guangzhou", "guangdong", "national"]
    assert data["on"] == TODAY
    assert data["jurisdiction"]["code"] == "440100"
    notice = params["public_notice.municipal.length"]
    assert (notice["value"], notice["ref"], notice["source"], notice["inherited"]) == (
        7,
        "004 第十条",
        "guangzhou",
        False,
    )
    grades = params["scoring.provincial.grades"]
    assert grades["value"] == ["A", "B", "C"]
    assert (grades["source"], grades["inherited"], grades["ref"]) == (
        "guangdong",
        True,
        "000 第十四条",
    )
    assert grades["from"] == "2024-07-19" and grades["until"] == "2029-07-18"
    assert set(notice) == {
        "key",
        "value",
        "ref",
        "source",
        "inherited",
        "from",
        "until",
        "note",
        "binding",
    }


def test_rules_show_lists_keys_the_chain_does_not_set_as_not_set():
    data = _json("rules_show", "guangzhou", "--on", TODAY)
    assert "scoring.national.pass_mark" in data["not_set"]
    assert not set(data["not_set"]) & set(_params(data))
    text = _run("rules_show", "guangzhou", "--on", TODAY)
    head, _, tail = text.partition("未规定 not set")
    assert "scoring.national.pass_mark" in tail and "scoring.national.pass_mark" not in head


def test_rules_show_text_gives_value_citation_file_and_inherited_004_10():
    text = _run("rules_show", "440100", "--on", TODAY)
    line = next(x for x in text.splitlines() if x.startswith("public_notice.municipal.length"))
    assert "7" in line and "004 第十条" in line and "guangzhou" in line
    grades = next(x for x in text.splitlines() if x.startswith("scoring.provincial.grades"))
    assert "guangdong" in grades and "inherited" in grades and "继承自广东省" in grades


def test_rules_show_tianhe_without_own_file_follows_guangzhou_and_says_so_004():
    data = _json("rules_show", "440106", "--on", TODAY)
    assert data["jurisdiction"]["code"] == "440106"
    assert data["ruleset"] == "guangzhou" and data["own_file"] is False
    assert _params(data)["public_notice.municipal.length"]["value"] == 7
    text = _run("rules_show", "440106", "--on", TODAY)
    assert "没有自己的规则文件" in text and "has no ruleset file of its own" in text


def test_rules_show_by_slug_code_and_ruleset_name_agree():
    by_slug = _json("rules_show", "guangzhou", "--on", TODAY)
    by_code = _json("rules_show", "440100", "--on", TODAY)
    assert by_slug == by_code


def test_rules_show_date_selects_the_dated_value_national_2025_390():
    """工信厅节函〔2025〕390号: the 2025 round took factories and parks only."""
    before = _params(_json("rules_show", "national", "--on", "2024-06-01"))["list_types"]
    after = _params(_json("rules_show", "national", "--on", "2025-06-01"))["list_types"]
    assert before["value"] == ["factory", "park", "supply_chain"]
    assert after["value"] == ["factory", "park"] and after["ref"] == "工信厅节函〔2025〕390号"


def test_rules_show_defaults_to_the_platform_date():
    assert _json("rules_show", "guangzhou", "--today", TODAY)["on"] == TODAY


def test_rules_show_unknown_jurisdiction_is_refused_in_chinese_and_english():
    with pytest.raises(CommandError) as exc:
        _run("rules_show", "atlantis")
    assert "未知的辖区" in str(exc.value) and "Unknown jurisdiction" in str(exc.value)
    assert "atlantis" in str(exc.value)
    with pytest.raises(CommandError, match="999999"):
        _run("rules_show", "999999")


# --- rules diff ------------------------------------------------------------------------


def test_rules_diff_guangzhou_xiamen_notice_length_7_vs_5_004_10_002_15():
    data = _json("rules_diff", "guangzhou", "xiamen", "--on", TODAY)
    diffs = {d["key"]: d for d in data["differences"]}
    notice = diffs["public_notice.municipal.length"]
    assert (notice["a"]["value"], notice["a"]["ref"]) == (7, "004 第十条")
    assert (notice["b"]["value"], notice["b"]["ref"]) == (5, "002 第十五条")
    # set on one side only: Guangzhou's pool validity (004 第九条)
    assert diffs["pool.validity_years"]["b"] is None
    # equal on both sides: not a difference
    assert "disqualification.lookback_years" not in diffs
    assert data["a"]["ruleset"] == "guangzhou" and data["b"]["ruleset"] == "xiamen"


def test_rules_diff_text_shows_both_sides_with_citations():
    text = _run("rules_diff", "guangzhou", "xiamen", "--on", TODAY)
    lines = text.splitlines()
    i = lines.index("public_notice.municipal.length")
    assert "7" in lines[i + 1] and "004 第十条" in lines[i + 1]
    assert "5" in lines[i + 2] and "002 第十五条" in lines[i + 2]
    assert "未规定 not set" in text


def test_rules_diff_of_a_district_and_its_city_is_empty():
    assert _json("rules_diff", "440106", "guangzhou", "--on", TODAY)["differences"] == []


def test_rules_diff_unknown_side_is_named():
    with pytest.raises(CommandError, match="nowhere"):
        _run("rules_diff", "guangzhou", "nowhere")


# --- calendar add-working-days ------------------------------------------------------------


def test_tenth_working_day_from_2025_09_26_skips_national_day_is_2025_10_15():
    assert _run("calendar_add_working_days", "2025-09-26", "10").strip() == "2025-10-15"
    data = _json("calendar_add_working_days", "2025-09-26", "10")
    assert data == {"start": "2025-09-26", "n": 10, "count_start": True, "date": "2025-10-15"}


def test_start_day_counts_as_day_1_when_it_is_a_working_day():
    assert _run("calendar_add_working_days", "2025-09-26", "1").strip() == "2025-09-26"
    # 2025-10-01 is a holiday: day 1 is the next working day, 2025-10-09
    assert _run("calendar_add_working_days", "2025-10-01", "1").strip() == "2025-10-09"


def test_add_working_days_in_an_unknown_year_2027_is_refused_with_the_calendar_message():
    with pytest.raises(CommandError, match="2027年的节假日安排尚未录入"):
        _run("calendar_add_working_days", "2027-03-01", "5")


def test_add_working_days_refuses_a_bad_date_and_n_below_1():
    with pytest.raises(CommandError, match="不是日期"):
        _run("calendar_add_working_days", "2025-13-01", "5")
    with pytest.raises(CommandError, match="N"):
        _run("calendar_add_working_days", "2025-09-26", "0")


# --- notice-period --------------------------------------------------------------------------


def test_guangdong_notice_10_working_days_over_national_day_000_13():
    data = _json("notice_period", "guangdong", "provincial", "--start", "2025-09-26")
    assert (data["first_day"], data["last_day"]) == ("2025-09-26", "2025-10-15")
    assert (data["length"], data["unit"], data["citation"]) == (10, "working_days", "000 第十三条")
    text = _run("notice_period", "guangdong", "provincial", "--start", "2025-09-26")
    assert text.startswith("2025-09-26 至 2025-10-15") and "000 第十三条" in text


def test_xiamen_notice_5_working_days_over_labour_day_2026_ends_on_make_up_saturday_002_15():
    """5/1–5/5 are off and Saturday 5/9 is a make-up working day (State Council 2026)."""
    expected, counted, day = None, 0, D(2026, 4, 30)
    while expected is None:
        if chinese_calendar.is_workday(day):
            counted += 1
            if counted == 5:
                expected = day
        day += dt.timedelta(days=1)
    assert expected == D(2026, 5, 9) and expected.weekday() == 5
    data = _json("notice_period", "xiamen", "municipal", "--start", "2026-04-30")
    assert (data["first_day"], data["last_day"]) == ("2026-04-30", "2026-05-09")
    assert (data["length"], data["unit"], data["citation"]) == (5, "working_days", "002 第十五条")


def test_guangzhou_notice_7_calendar_days_counts_the_first_day_004_10():
    """004 第十条 “公示7日”; the first day counts (national convention)."""
    data = _json("notice_period", "440106", "municipal", "--start", "2026-04-30")
    assert (data["first_day"], data["last_day"], data["unit"]) == (
        "2026-04-30",
        "2026-05-06",
        "calendar_days",
    )


def test_luoyang_municipal_notice_length_is_not_set_003_12():
    """003 第十二条 only says “经公示无异议”: no length to compute with."""
    with pytest.raises(CommandError) as exc:
        _run("notice_period", "luoyang", "municipal", "--start", "2026-04-30")
    assert "规则未规定" in str(exc.value) and "public_notice.municipal.length" in str(exc.value)


def test_notice_period_in_2027_is_refused_with_the_calendar_message():
    with pytest.raises(CommandError, match="2027年的节假日安排尚未录入"):
        _run("notice_period", "xiamen", "municipal", "--start", "2027-04-30")


def test_notice_period_refuses_an_unknown_level():
    with pytest.raises(CommandError):
        _run("notice_period", "xiamen", "county", "--start", "2026-04-30")


# --- check-eligibility ------------------------------------------------------------------------


def _check(*args) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("check_eligibility", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_unit_without_records_is_eligible_004_12(enterprise):
    out, exc = _check(
        enterprise.uscc, "--jurisdiction", "440106", "--list-type", "factory", "--on", TODAY
    )
    assert exc is None
    assert "符合条件 eligible" in out and "not eligible" not in out
    data = json.loads(
        _check(
            enterprise.uscc,
            "--jurisdiction",
            "guangzhou",
            "--list-type",
            "factory",
            "--on",
            TODAY,
            "--json",
        )[0]
    )
    assert data["uscc"] == enterprise.uscc and data["eligible"] is True and data["reasons"] == []


def test_dishonest_judgment_debtor_is_not_eligible_and_exits_1_004_12_6(enterprise):
    CreditRecord.objects.create(
        uscc=enterprise.uscc,
        kind="dishonest_judgment_debtor",
        occurred_on=D(2025, 3, 1),
        description="（2025）粤0106执123号",
    )
    out, exc = _check(
        enterprise.uscc, "--jurisdiction", "guangzhou", "--list-type", "factory", "--on", TODAY
    )
    assert exc is not None and exc.returncode == 1
    assert "not eligible" in out and "004 第十二条(六)" in out and "粤0106执123号" in out
    out, exc = _check(
        enterprise.uscc,
        "--jurisdiction",
        "guangzhou",
        "--list-type",
        "factory",
        "--on",
        TODAY,
        "--json",
    )
    data = json.loads(out)
    assert data["eligible"] is False and exc.returncode == 1
    assert data["reasons"] == [
        {
            "code": "disqualification.6",
            "message": data["reasons"][0]["message"],
            "citation": "004 第十二条(六)",
            "citation_text": "《广州市绿色工厂梯度培育及管理暂行办法》第十二条(六)",
        }
    ]
    assert "失信被执行人" in data["reasons"][0]["message"]


def test_not_eligible_exit_status_is_1_on_the_command_line_004_12_6(enterprise, capsys):
    CreditRecord.objects.create(
        uscc=enterprise.uscc, kind="dishonest_judgment_debtor", occurred_on=D(2025, 3, 1)
    )
    argv = ["manage.py", "check_eligibility", enterprise.uscc, "--jurisdiction", "guangzhou"]
    with pytest.raises(SystemExit) as exc:
        CheckEligibility().run_from_argv(
            [*argv, "--list-type", "factory", "--on", TODAY, "--skip-checks"]
        )
    assert exc.value.code == 1
    assert "not eligible" in capsys.readouterr().err


def test_record_older_than_three_years_does_not_count_004_12(enterprise):
    CreditRecord.objects.create(
        uscc=enterprise.uscc, kind="safety_accident", occurred_on=D(2022, 12, 1)
    )
    _out, exc = _check(
        enterprise.uscc, "--jurisdiction", "guangzhou", "--list-type", "factory", "--on", TODAY
    )
    assert exc is None


def test_luoyang_rules_cite_003_15_for_the_same_record(enterprise):
    CreditRecord.objects.create(uscc=enterprise.uscc, kind="tax_evasion", occurred_on=D(2025, 3, 1))
    out, _exc = _check(
        enterprise.uscc,
        "--jurisdiction",
        "luoyang",
        "--list-type",
        "design_product",
        "--on",
        TODAY,
        "--json",
    )
    assert [r["citation"] for r in json.loads(out)["reasons"]] == ["003 第十五条(二)"]


def test_check_eligibility_refuses_a_bad_uscc_and_a_list_type_not_run_004_2():
    with pytest.raises(CommandError, match="校验位"):
        _run(
            "check_eligibility",
            "91440106MA59XXXXX1",
            "--jurisdiction",
            "guangzhou",
            "--list-type",
            "factory",
        )
    good = make_uscc("440106")
    with pytest.raises(CommandError, match="004 第二条"):
        _run(
            "check_eligibility",
            good,
            "--jurisdiction",
            "guangzhou",
            "--list-type",
            "design_product",
        )


# --- import-credit-records ----------------------------------------------------------------------

HEADER_ZH = ["统一社会信用代码", "类型", "发生日期", "结束日期", "说明", "来源", "文号"]


def _write_csv(path, rows, header=HEADER_ZH, bom=True):
    import csv

    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_import_csv_with_bom_and_chinese_headers_links_the_organisation(enterprise, tmp_path):
    other = make_uscc("440104")
    path = _write_csv(
        tmp_path / "records.csv",
        [
            [
                enterprise.uscc,
                "失信被执行人",
                "2025-03-01",
                "",
                "（2025）粤0106执1号",
                "信用中国",
                "X-1",
            ],
            [other, "safety_accident", "2025-05-02", "", "车间火灾", "应急管理局", ""],
        ],
    )
    out = _run("import_credit_records", str(path), "--today", TODAY)
    assert "新增 created 2" in out and "更新 updated 0" in out
    rec = CreditRecord.objects.get(uscc=enterprise.uscc)
    assert (rec.kind, rec.occurred_on, rec.unit_id, rec.document_no) == (
        "dishonest_judgment_debtor",
        D(2025, 3, 1),
        enterprise.pk,
        "X-1",
    )
    assert CreditRecord.objects.get(uscc=other).unit_id is None
    assert AuditEvent.objects.filter(action="credit_records.import").count() == 1


def test_import_csv_without_bom_and_english_headers(tmp_path):
    uscc = make_uscc("350203")
    path = _write_csv(
        tmp_path / "en.csv",
        [[uscc, "tax_evasion", "2024-11-11", "", "", "税务局", "税罚〔2024〕1号"]],
        header=["uscc", "kind", "occurred_on", "ended_on", "description", "source", "document_no"],
        bom=False,
    )
    data = json.loads(_run("import_credit_records", str(path), "--json", "--today", TODAY))
    assert data["ok"] is True and data["created"] == 1
    assert CreditRecord.objects.get(uscc=uscc).source == "税务局"


def test_import_xlsx_with_excel_dates(enterprise, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER_ZH)
    ws.append(
        [
            enterprise.uscc,
            "列入经营异常名单",
            dt.datetime(2025, 2, 3),
            dt.datetime(2025, 8, 1),
            "未按期公示年报",
            "国家企业信用信息公示系统",
            None,
        ]
    )
    ws.append([enterprise.uscc, "质量事故", "2025-06-30", None, None, None, "Q-9"])
    path = tmp_path / "records.xlsx"
    wb.save(path)
    data = json.loads(_run("import_credit_records", str(path), "--json", "--today", TODAY))
    assert data["created"] == 2
    abnormal = CreditRecord.objects.get(kind="abnormal_operation_list")
    assert (abnormal.occurred_on, abnormal.ended_on, abnormal.unit_id) == (
        D(2025, 2, 3),
        D(2025, 8, 1),
        enterprise.pk,
    )
    assert CreditRecord.objects.get(kind="quality_accident").document_no == "Q-9"


def test_import_with_one_bad_row_writes_nothing_and_names_row_and_field(enterprise, tmp_path):
    path = _write_csv(
        tmp_path / "bad.csv",
        [
            [enterprise.uscc, "失信被执行人", "2025-03-01", "", "", "", ""],
            ["91440106MA59XXXXX1", "失信被执行人", "2025-03-01", "", "", "", ""],
            [enterprise.uscc, "火星事故", "2025-03-01", "", "", "", ""],
            [enterprise.uscc, "安全事故", "2025/03/01", "", "", "", ""],
            [enterprise.uscc, "安全事故", "2025-03-01", "2025-02-01", "", "", ""],
        ],
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="未写入任何记录"):
        call_command("import_credit_records", str(path), "--today", TODAY, stdout=out)
    text = out.getvalue()
    assert "第3行" in text and "uscc" in text and "校验位" in text
    assert "第4行" in text and "kind" in text and "火星事故" in text
    assert "第5行" in text and "occurred_on" in text
    assert "第6行" in text and "ended_on" in text
    assert "第2行" not in text
    assert CreditRecord.objects.count() == 0
    assert not AuditEvent.objects.filter(action="credit_records.import").exists()


def test_import_json_lists_every_problem(tmp_path):
    path = _write_csv(
        tmp_path / "bad.csv", [["", "", "", "", "", "", ""], ["x", "", "", "", "", "", ""]]
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_credit_records", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["ok"] is False
    assert {(p["row"], p["field"]) for p in data["problems"]} == {
        (3, "uscc"),
        (3, "kind"),
        (3, "occurred_on"),
    }


def test_import_refuses_a_file_without_the_required_columns(tmp_path):
    path = _write_csv(tmp_path / "cols.csv", [["x"]], header=["企业名称"])
    with pytest.raises(CommandError, match="未写入任何记录"):
        _run("import_credit_records", str(path))


def test_reimport_updates_instead_of_duplicating(enterprise, tmp_path):
    rows = [[enterprise.uscc, "失信被执行人", "2025-03-01", "", "首次", "信用中国", "X-1"]]
    path = _write_csv(tmp_path / "a.csv", rows)
    assert (
        json.loads(_run("import_credit_records", str(path), "--json", "--today", TODAY))["created"]
        == 1
    )
    again = json.loads(_run("import_credit_records", str(path), "--json", "--today", TODAY))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)
    assert CreditRecord.objects.count() == 1
    rows[0][3] = "2025-09-30"  # removed from the debtor list
    path = _write_csv(tmp_path / "b.csv", rows)
    changed = json.loads(_run("import_credit_records", str(path), "--json", "--today", TODAY))
    assert (changed["created"], changed["updated"]) == (0, 1)
    rec = CreditRecord.objects.get()
    assert rec.ended_on == D(2025, 9, 30) and rec.version == 2


def test_import_then_check_eligibility_sees_the_record_004_12_6(enterprise, tmp_path):
    path = _write_csv(
        tmp_path / "r.csv", [[enterprise.uscc, "失信被执行人", "2025-03-01", "", "", "", ""]]
    )
    _run("import_credit_records", str(path), "--today", TODAY)
    out, exc = _check(
        enterprise.uscc, "--jurisdiction", "440106", "--list-type", "factory", "--on", TODAY
    )
    assert exc is not None and "004 第十二条(六)" in out


def test_import_lookups_are_one_query_per_batch(tmp_path):
    """The row-by-row path (SQLite, XLSX, or a file with problems): one lookup per batch."""
    n = 1200
    rows = [
        [make_uscc("440106"), "安全事故", "2025-03-01", "", f"事故{i}", "", f"A-{i}"]
        for i in range(n)
    ]
    path = _write_csv(tmp_path / "many.csv", rows)
    with CaptureQueriesContext(connection) as ctx:
        report = import_credit_records(path, batch_size=500, method="rows")
    assert report.created == n
    selects = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and "creditrecord" in q["sql"]
    ]
    assert len(selects) == 3  # ceil(1200 / 500) batches, one lookup each
    assert CreditRecord.objects.count() == n
