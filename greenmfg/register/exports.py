"""Published lists as files: the XLSX of a list and its PDF announcement (公告), both
generated from the register (WeasyPrint with the Noto CJK fonts for the PDF).

Every cell goes through ``greenmfg.core.spreadsheets`` (no formula, no control
character); the PDF's texts lose control characters too. These functions take seconds
for a large list (the 2021 national list: about 25 s for the PDF): they run in
background jobs only and their files are served from storage
(``greenmfg/register/documents.py``), never rendered in a web request."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from greenmfg.core.spreadsheets import xlsx_append
from greenmfg.core.text import strip_control_characters
from greenmfg.register.models import GreenList, Listing

LIST_COLUMNS = [
    ("序号", None),
    ("单位名称", "unit_name"),
    ("产品名称", "product_name"),
    ("产品型号", "product_model"),
    ("统一社会信用代码", "uscc"),
    ("名单类型", "list_type_label"),
    ("层级", "level_label"),
    ("地区", "region_label"),
    ("星级", "star"),
    ("等级", "grade"),
    ("第三方评价机构", "agency_name"),
    ("列入日期", "listed_on"),
    ("状态", "status_label"),
]


#: how a simulated list's documents are marked (issue 18 item 2)
SIMULATED_MARK = "【模拟数据】"
SIMULATED_NOTE = "模拟数据：由演示程序生成，不是任何主管部门公布的名单"


def _text(value):
    return strip_control_characters(value) if isinstance(value, str) else value


def _rows(green_list: GreenList):
    """``(n, listing, row)`` of every listing in the order of the announcement; ``row``
    holds the texts of :data:`LIST_COLUMNS` without control characters."""
    listings = green_list.listings.select_related("region").order_by(
        "list_type", "-star", "grade", "unit_name", "id"
    )
    with translation.override("zh-hans"):
        for n, lst in enumerate(listings, 1):
            row = {
                "unit_name": lst.unit_name,
                "product_name": lst.product_name,
                "product_model": lst.product_model,
                "uscc": lst.uscc,
                "list_type_label": str(lst.get_list_type_display()),
                "level_label": str(lst.get_level_display()),
                "region_label": lst.region.full_name if lst.region_id else lst.region_text,
                "star": lst.star,
                "grade": lst.grade,
                "agency_name": lst.agency_name,
                "listed_on": lst.listed_on,
                "status_label": str(lst.get_status_display()),
            }
            yield n, lst, {key: _text(value) for key, value in row.items()}


def green_list_xlsx(green_list: GreenList) -> bytes:
    """The list as an XLSX workbook (one sheet, the columns of :data:`LIST_COLUMNS`)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    simulated = green_list.is_simulated
    xlsx_append(ws, [f"{SIMULATED_MARK}{green_list.title}" if simulated else green_list.title])
    ws["A1"].font = Font(bold=True, size=14, color="B00020" if simulated else None)
    meta = f"{green_list.jurisdiction.full_name} · {green_list.year} · {green_list.document_no}"
    xlsx_append(ws, [f"{meta.strip(' ·')} · {SIMULATED_NOTE}" if simulated else meta.strip(" ·")])
    if simulated:
        # the watermark of a spreadsheet: every printed page's header and footer say so
        ws["A2"].font = Font(bold=True, color="B00020")
        for hf in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
            hf.center.text = SIMULATED_NOTE
            hf.center.color = "B00020"
        for hf in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
            hf.center.text = SIMULATED_NOTE
    xlsx_append(ws, [c for c, _ in LIST_COLUMNS])
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for n, _lst, row in _rows(green_list):
        xlsx_append(ws, [n] + [row[key] for _, key in LIST_COLUMNS[1:]])
    for col, width in zip(
        "ABCDEFGHIJKLM", (6, 40, 24, 16, 22, 22, 8, 26, 6, 6, 30, 12, 8), strict=True
    ):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def green_list_pdf(green_list: GreenList, *, base_url: str = "") -> bytes:
    """The list's announcement (公告) as a PDF, in Chinese whatever the request language."""
    from weasyprint import HTML  # noqa: PLC0415 - expensive optional import (cairo, pango, fonts)

    with translation.override("zh-hans"):
        html = render_to_string(
            "register/green_list_pdf.html",
            {
                "green_list": green_list,
                "rows": [(n, row) for n, _lst, row in _rows(green_list)],
                "simulated": green_list.is_simulated,
                "simulated_note": SIMULATED_NOTE,
            },
        )
    return HTML(string=html, base_url=base_url or None).write_pdf()


def listing_count(green_list: GreenList) -> int:
    return Listing.objects.filter(green_list=green_list).count()
