"""Dynamic adjustments (issue 13 item 3): removal and rename notices applied to the
listings as transitions, former names searchable, the register ``as_of`` a day."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from greenmfg.audit.models import AuditEvent
from greenmfg.core.decisions import RuleViolation
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.adjustments import import_adjustments
from greenmfg.register.models import AdjustmentNotice, GreenList, Listing, ListingName
from greenmfg.register.selectors import search_listings, show_as_of

D = dt.date
pytestmark = pytest.mark.django_db


def _csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode("utf-8")


@pytest.fixture
def national():
    return Jurisdiction.objects.get(code="000000")


@pytest.fixture
def miit_lists(national):
    """Two national batches, without dates of listing (as imported)."""
    gl_2017 = GreenList.objects.create(
        jurisdiction=national,
        level="national",
        year=2017,
        batch="第一批",
        title="第一批绿色制造名单",
    )
    gl_2021 = GreenList.objects.create(
        jurisdiction=national,
        level="national",
        year=2021,
        batch="第六批",
        title="2021年度绿色制造名单",
        published_on=D(2022, 1, 14),
    )
    make = Listing.objects.create
    return {
        "old": make(
            green_list=gl_2017,
            unit_name="甲河钢铁有限公司",
            list_type="factory",
            level="national",
            year=2017,
            batch="第一批",
        ),
        "park": make(
            green_list=gl_2017,
            unit_name="乙山经济开发区",
            list_type="park",
            level="national",
            year=2017,
            batch="第一批",
        ),
        "twice_f": make(
            green_list=gl_2017,
            unit_name="丙水电器股份有限公司",
            list_type="factory",
            level="national",
            year=2017,
            batch="第一批",
        ),
        "twice_s": make(
            green_list=gl_2021,
            unit_name="丙水电器股份有限公司",
            list_type="supply_chain",
            level="national",
            year=2021,
            batch="第六批",
        ),
        "new": make(
            green_list=gl_2021,
            unit_name="丁林新材料（广州）有限公司",
            list_type="factory",
            level="national",
            year=2021,
            batch="第六批",
        ),
    }


REMOVALS = _csv(
    "关于公布2023年绿色制造名单动态调整情况的通知,,,",
    "序号,企业名称,名单类型,批次",
    "一、绿色工厂,,,",
    "1,甲河钢铁有限公司,,第一批",
    "2,丙水电器股份有限公司,,2017",
    "二、绿色工业园区,,,",
    "3,乙山经济开发区,,",
    "4,戊不存在有限公司,,",
)


def _apply(kind, content, *, actor=None, filename="notice.csv", dry_run=False, **kw):
    return import_adjustments(
        actor=actor,
        content=content,
        filename=filename,
        kind=kind,
        notice_no=kw.pop("notice_no", "工信厅节函〔2023〕100号"),
        notice_date=kw.pop("notice_date", D(2023, 6, 1)),
        jurisdiction=Jurisdiction.objects.get(code="000000"),
        dry_run=dry_run,
        **kw,
    )


def test_removal_notice_removes_each_matched_listing_on_the_notice_date_000_21(miit_lists):
    report = _apply("removal", REMOVALS)
    assert report.applied
    by_row = {r.row: r.outcome for r in report.rows}
    assert by_row == {
        3: "skipped",
        4: "matched",
        5: "matched",
        6: "skipped",
        7: "matched",
        8: "not_found",
    }
    for key in ("old", "park", "twice_f"):
        li = Listing.objects.get(pk=miit_lists[key].pk)
        assert (li.status, li.removed_on) == ("removed", D(2023, 6, 1))
    assert Listing.objects.get(pk=miit_lists["twice_s"].pk).status == "active"
    events = AuditEvent.objects.filter(action="listing.remove")
    assert events.count() == 3
    assert all(e.citations == ["工信厅节函〔2023〕100号"] for e in events)
    run = AuditEvent.objects.get(action="adjustment.apply")
    assert run.payload["sha256"] == report.sha256
    assert run.payload["counts"]["matched"] == 3


def test_the_same_notice_again_reports_already_applied(miit_lists):
    _apply("removal", REMOVALS)
    again = _apply("removal", REMOVALS)
    assert again.counts["already_applied"] == 3
    assert AuditEvent.objects.filter(action="listing.remove").count() == 3
    assert AdjustmentNotice.objects.count() == 1


def test_dry_run_gives_the_same_report_and_writes_nothing(miit_lists):
    dry = _apply("removal", REMOVALS, dry_run=True)
    assert not dry.applied
    assert Listing.objects.filter(status="removed").count() == 0
    assert not AdjustmentNotice.objects.exists()
    real = _apply("removal", REMOVALS)
    assert [r.as_dict() for r in dry.rows] == [r.as_dict() for r in real.rows]


def test_broken_notice_gives_the_row_report_and_writes_nothing(miit_lists):
    broken = _csv(
        "企业名称,名单类型,批次",
        "甲河钢铁有限公司,绿色工厂,第一批",
        ",绿色工厂,第一批",
        "乙山经济开发区,绿色大楼,",
        "丙水电器股份有限公司,,",
        "甲河钢铁有限公司,绿色工厂,第一批",
    )
    report = _apply("removal", broken)
    assert not report.applied
    outcomes = {r.row: (r.outcome, r.message) for r in report.rows}
    assert outcomes[2][0] == "matched"
    assert outcomes[3] == ("invalid", "企业名称为空")
    assert outcomes[4] == ("invalid", "未知名单类型“绿色大楼”")
    assert outcomes[5][0] == "ambiguous"  # on two lists, nothing tells them apart
    assert outcomes[6] == ("invalid", "与第 2 行重复")
    assert Listing.objects.filter(status="removed").count() == 0
    assert not AuditEvent.objects.filter(action__in=["listing.remove", "adjustment.apply"]).exists()


def test_a_missing_or_unknown_column_is_named(miit_lists):
    assert _apply("rename", _csv("原名称,备注", "甲,乙")).error == "缺少必需的列：新名称"
    unknown = _apply("removal", _csv("企业名称,奖励金额", "甲河钢铁有限公司,5"))
    assert unknown.error == "第 1 行：无法识别的列“奖励金额”"
    assert not unknown.applied


def test_a_rename_keeps_the_old_name_searchable_000_23(miit_lists):
    notice = _csv("原企业名称,变更后名称", "丙水电器股份有限公司,丙水智能电器股份有限公司")
    report = _apply("rename", notice, notice_date=D(2023, 9, 1), notice_no="更名〔2023〕1号")
    assert report.counts["matched"] == 1 and len(report.rows[0].listings) == 2
    found = list(search_listings(q="丙水电器股份有限公司"))
    assert {li.pk for li in found} == {miit_lists["twice_f"].pk, miit_lists["twice_s"].pk}
    assert all(li.unit_name == "丙水智能电器股份有限公司" for li in found)
    history = ListingName.objects.filter(listing=miit_lists["twice_s"]).order_by("id")
    assert [(h.name, h.valid_until) for h in history] == [
        ("丙水电器股份有限公司", D(2023, 9, 1)),
        ("丙水智能电器股份有限公司", None),
    ]
    assert history[1].notice.notice_no == "更名〔2023〕1号"
    assert AuditEvent.objects.filter(action="listing.rename").count() == 2
    again = _apply("rename", notice, notice_date=D(2023, 9, 1), notice_no="更名〔2023〕1号")
    assert again.counts["already_applied"] == 1


def test_rename_from_xlsx_with_full_width_brackets(miit_lists):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "原名称", "新名称", "统一社会信用代码"])
    ws.append([1, "丁林新材料(广州)有限公司", "丁林科技（广州）有限公司", None])
    buf = io.BytesIO()
    wb.save(buf)
    report = _apply("rename", buf.getvalue(), filename="更名.xlsx")
    assert report.applied and report.counts["matched"] == 1
    assert Listing.objects.get(pk=miit_lists["new"].pk).unit_name == "丁林科技（广州）有限公司"


def test_as_of_before_the_removal_shows_active(miit_lists):
    _apply("removal", REMOVALS)
    before = show_as_of(search_listings(as_of=D(2023, 5, 31)), D(2023, 5, 31))
    old = next(li for li in before if li.pk == miit_lists["old"].pk)
    assert old.status == "active"
    after = show_as_of(search_listings(as_of=D(2023, 6, 1)), D(2023, 6, 1))
    assert next(li for li in after if li.pk == miit_lists["old"].pk).status == "removed"
    active_then = search_listings(as_of=D(2023, 5, 31), status="active")
    assert miit_lists["old"].pk in {li.pk for li in active_then}
    assert miit_lists["old"].pk not in {
        li.pk for li in search_listings(as_of=D(2023, 6, 1), status="active")
    }


def test_as_of_shows_only_listings_listed_by_then_and_the_name_of_that_day(miit_lists):
    _apply(
        "rename",
        _csv("原名称,新名称", "甲河钢铁有限公司,甲河绿色钢铁有限公司"),
        notice_date=D(2020, 3, 1),
        notice_no="更名〔2020〕1号",
    )
    day = D(2019, 12, 31)
    rows = show_as_of(search_listings(as_of=day), day)
    assert miit_lists["new"].pk not in {li.pk for li in rows}  # the 2021 list: published 2022
    old = next(li for li in rows if li.pk == miit_lists["old"].pk)
    assert old.unit_name == "甲河钢铁有限公司" and old.shown_former_names == []
    assert miit_lists["new"].pk not in {li.pk for li in search_listings(as_of=D(2022, 1, 13))}
    assert miit_lists["new"].pk in {li.pk for li in search_listings(as_of=D(2022, 1, 14))}
    now = show_as_of(search_listings(as_of=D(2023, 1, 1)), D(2023, 1, 1))
    old = next(li for li in now if li.pk == miit_lists["old"].pk)
    assert old.unit_name == "甲河绿色钢铁有限公司"
    assert old.shown_former_names == ["甲河钢铁有限公司"]


def test_register_page_and_api_as_of(client, miit_lists, django_assert_max_num_queries):
    _apply("removal", REMOVALS)
    _apply(
        "rename",
        _csv("原名称,新名称", "丁林新材料（广州）有限公司,丁林科技（广州）有限公司"),
        notice_date=D(2023, 9, 1),
        notice_no="更名〔2023〕2号",
    )
    with django_assert_max_num_queries(8):
        page = client.get(reverse("register_search"), {"as_of": "2023-05-31", "q": "甲河"})
    text = page.content.decode()
    assert "甲河钢铁有限公司" in text and "有效" in text and "已移出" not in text
    page = client.get(reverse("register_search"), {"q": "丁林新材料"})
    assert "丁林科技（广州）有限公司" in page.content.decode()
    assert "曾用名" in page.content.decode()
    with django_assert_max_num_queries(6):
        api = client.get("/api/v1/listings/", {"as_of": "2023-08-31", "q": "丁林"})
    row = api.json()["results"][0]
    assert (row["unit_name"], row["status"]) == ("丁林新材料（广州）有限公司", "active")
    api = client.get("/api/v1/listings/", {"as_of": "2023-09-01", "q": "丁林"})
    row = api.json()["results"][0]
    assert row["unit_name"] == "丁林科技（广州）有限公司"
    assert row["former_names"] == ["丁林新材料（广州）有限公司"]
    bad = client.get("/api/v1/listings/", {"as_of": "2023-13-01"})
    assert bad.status_code == 400 and "as_of" in json.dumps(bad.json(), ensure_ascii=False)


def test_only_the_issuing_authoritys_officials_apply_its_notices(cast, miit_lists):
    with pytest.raises(RuleViolation) as refused:
        _apply("removal", REMOVALS, actor=cast.guangdong)
    assert refused.value.reasons[0].code == "adjustment.not_issuing_authority"
    assert _apply("removal", REMOVALS, actor=cast.national).applied


def test_import_adjustments_command_prints_the_json_report(tmp_path, miit_lists, capsys):
    path = tmp_path / "removals.csv"
    path.write_bytes(REMOVALS)
    call_command(
        "import_adjustments",
        str(path),
        "--kind",
        "removal",
        "--notice-no",
        "N1",
        "--notice-date",
        "2023-06-01",
        "--jurisdiction",
        "000000",
        "--json",
        "--dry-run",
    )
    out = json.loads(capsys.readouterr().out)
    assert (out["matched"], out["not_found"], out["skipped"]) == (3, 1, 2)
    assert out["rows"][1]["row"] == 4 and out["dry_run"] is True
    broken = tmp_path / "broken.csv"
    broken.write_bytes(_csv("企业名称,名单类型", "甲河钢铁有限公司,绿色大楼"))
    with pytest.raises(CommandError):
        call_command(
            "import_adjustments",
            str(broken),
            "--kind",
            "removal",
            "--notice-no",
            "N2",
            "--notice-date",
            "2023-06-01",
            "--jurisdiction",
            "000000",
        )
    assert Listing.objects.filter(status="removed").count() == 0


def test_officials_page_runs_a_dry_run_then_applies(client, cast, miit_lists):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.national)
    url = reverse("adjustment_list")
    assert client.get(url).status_code == 200
    form = {
        "kind": "removal",
        "notice_no": "工信厅节函〔2023〕100号",
        "notice_date": "2023-06-01",
        "title": "关于公布绿色制造名单动态调整情况的通知",
    }
    dry = client.post(url, {**form, "dry_run": "on", "file": SimpleUploadedFile("n.csv", REMOVALS)})
    assert "试运行报告" in dry.content.decode()
    assert Listing.objects.filter(status="removed").count() == 0
    done = client.post(url, {**form, "file": SimpleUploadedFile("n.csv", REMOVALS)})
    assert "调整通知已应用" in done.content.decode()
    assert Listing.objects.filter(status="removed").count() == 3
    assert "工信厅节函〔2023〕100号" in client.get(url).content.decode()
    client.force_login(cast.tianhe)
    assert client.get(url).status_code == 404
