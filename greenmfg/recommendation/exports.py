"""Exports officials hand on: the recommendation summary table (001 附件1
省级工业和信息化主管部门推荐汇总表) and each level's recommendation list, and the
one-time rewards due (002 第二十三条).

The 2023 notice's attachment 1 (a .wps file) is not among the sources; the columns
below follow what the notice asks the province to state (list type, unit, evaluating
agency, its results) plus the platform's identifiers. They are documented in
docs/exports.md and can be aligned with the official template when it is obtained.
Every cell goes through ``greenmfg.core.spreadsheets`` (no formula, no control character).
"""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from greenmfg.core.spreadsheets import xlsx_append
from greenmfg.jurisdictions.models import JurisdictionLevel
from greenmfg.selection.models import Application

SUMMARY_COLUMNS = [
    "序号",
    "推荐类别",
    "单位名称",
    "产品名称",
    "统一社会信用代码",
    "所在地市",
    "所在区县",
    "所属行业",
    "评价方式",
    "第三方评价机构",
    "自评/评价得分",
    "评审得分",
    "评审等级",
    "下一级名单",
    "推荐单位",
    "推荐日期",
    "申报状态",
]

REWARD_COLUMNS = [
    "序号",
    "单位名称",
    "统一社会信用代码",
    "名单",
    "层级",
    "列入日期",
    "奖励状态",
    "金额（万元）",
    "依据",
]


def _sheet(title: str, heading: str, columns: list[str]):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    xlsx_append(ws, [heading])
    ws["A1"].font = Font(bold=True, size=13)
    xlsx_append(ws, columns)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    return wb, ws


def _bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def recommendations_queryset(campaign, authority=None) -> QuerySet[Application]:
    """The applications recommended into ``campaign`` (by ``authority`` when given)."""
    qs = Application.objects.filter(campaign=campaign, recommended_by__isnull=False).select_related(
        "unit",
        "unit__registered_division",
        "unit__industry",
        "report",
        "report__agency",
        "source_listing__green_list",
        "recommended_by",
    )
    if authority is not None:
        qs = qs.filter(recommended_by=authority)
    return qs.order_by("list_type", "unit__name", "id")


def recommendation_summary_xlsx(campaign, authority=None) -> bytes:
    """The recommendation list into ``campaign`` as XLSX, in the columns of
    :data:`SUMMARY_COLUMNS` (the province's 推荐汇总表 when ``campaign`` is national)."""
    who = authority.name if authority is not None else campaign.jurisdiction.full_name
    wb, ws = _sheet("推荐汇总表", f"{campaign.title} · {who} 推荐汇总表", SUMMARY_COLUMNS)
    with translation.override("zh-hans"):
        for n, app in enumerate(recommendations_queryset(campaign, authority), 1):
            division = app.unit.registered_division
            city = division.ancestor_at(JurisdictionLevel.CITY)
            report = app.report
            xlsx_append(
                ws,
                [
                    n,
                    str(app.get_list_type_display()),
                    app.unit.name,
                    app.product_name,
                    app.unit.uscc or "",
                    city.full_name if city else "",
                    division.name,
                    str(app.unit.industry) if app.unit.industry_id else "",
                    str(report.get_route_display()) if report else "",
                    report.agency.name if report and report.agency_id else "",
                    float(report.total_score) if report else None,
                    float(app.score) if app.score is not None else None,
                    app.grade,
                    app.source_listing.green_list.title if app.source_listing_id else "",
                    app.recommended_by.name if app.recommended_by_id else "",
                    app.recommended_on,
                    str(app.get_state_display()),
                ],
            )
    return _bytes(wb)


def rewards_xlsx(rewards) -> bytes:
    """The one-time rewards (002 第二十三条) as XLSX."""
    wb, ws = _sheet("一次性奖励", "绿色制造名单单位一次性奖励", REWARD_COLUMNS)
    with translation.override("zh-hans"):
        for n, r in enumerate(rewards, 1):
            lst = r.listing
            xlsx_append(
                ws,
                [
                    n,
                    lst.unit_name,
                    lst.uscc,
                    lst.green_list.title,
                    str(lst.get_level_display()),
                    lst.listed_on,
                    str(r.get_state_display()),
                    float(r.amount) if r.amount is not None else None,
                    r.citation,
                ],
            )
    return _bytes(wb)
