"""A supplier or member roster uploaded at once (issue 14, item 1): every row checked,
a row-numbered report, nothing half-written."""

from __future__ import annotations

import io

import openpyxl
import pytest

from greenmfg.core.decisions import RuleViolation
from greenmfg.networks import services
from greenmfg.networks.models import Membership
from greenmfg.parties.uscc import make_uscc

pytestmark = pytest.mark.django_db


def _csv(rows) -> bytes:
    lines = ["统一社会信用代码,企业名称,供应商层级,起始日期"] + [",".join(r) for r in rows]
    return ("\ufeff" + "\n".join(lines)).encode()


def test_supplier_roster_with_bad_code_duplicate_and_other_province_gives_row_report(cast):
    good, fine = make_uscc("440106"), make_uscc("440305")
    data = _csv(
        [
            (good, "供应商甲有限公司", "1", "2025-03-01"),
            ("91440106MA5XXXXXXX", "供应商乙有限公司", "1", ""),
            (good, "供应商甲有限公司（重复）", "2", ""),
            (make_uscc("350203"), "厦门供应商丙有限公司", "1", ""),
            (fine, "深圳供应商丁有限公司", "2", ""),
        ]
    )
    with pytest.raises(services.RosterRejected) as exc:
        services.roster_import(
            actor=cast.enterprise_user, kind="supply_chain", data=data, filename="供应商.csv"
        )
    problems = [(p.row, p.code) for p in exc.value.report.problems]
    assert problems == [
        (3, "membership.uscc"),
        (4, "roster.duplicate"),
        (5, "membership.other_province"),
    ]
    assert "第3行" in exc.value.reasons[0].message
    assert not Membership.objects.exists()  # nothing half-written


def test_clean_xlsx_roster_invites_every_row(cast):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "企业名称"])
    codes = [make_uscc("440106") for _ in range(3)]
    for i, code in enumerate(codes):
        ws.append([code, f"园区企业{i}有限公司"])
    buf = io.BytesIO()
    wb.save(buf)
    report = services.roster_import(
        actor=cast.park_user, kind="park", data=buf.getvalue(), filename="名册.xlsx"
    )
    assert report.rows == 3 and len(report.created) == 3
    assert set(Membership.objects.values_list("uscc", flat=True)) == set(codes)
    assert set(Membership.objects.values_list("state", flat=True)) == {"invited"}


def test_roster_without_code_column_is_refused(cast):
    with pytest.raises(RuleViolation) as exc:
        services.roster_import(
            actor=cast.park_user, kind="park", data="名称\n甲\n".encode(), filename="a.csv"
        )
    assert [r.code for r in exc.value.reasons] == ["roster.columns"]
