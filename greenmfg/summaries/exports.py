"""The yearly summary as XLSX and PDF (000 第十九条). Every cell goes through
``greenmfg.core.spreadsheets``."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from greenmfg.core.spreadsheets import xlsx_append
from greenmfg.summaries.models import YearlySummary
from greenmfg.summaries.tables import summary_rows


def summary_xlsx(summary: YearlySummary, figures: dict) -> bytes:
    """The summary's figures and narrative as an XLSX workbook (bytes)."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(summary.year)
    xlsx_append(ws, [f"{summary.jurisdiction.full_name}{summary.year}年绿色制造培育工作总结"])
    ws["A1"].font = Font(bold=True, size=13)
    xlsx_append(ws, [_("状态"), summary.get_state_display()])
    xlsx_append(ws, [])
    xlsx_append(ws, [_("类别"), _("项目"), _("数值")])
    for row in summary_rows(figures):
        xlsx_append(ws, row)
    xlsx_append(ws, [])
    for label, text in (
        (_("培育成效"), summary.results),
        (_("存在的问题"), summary.problems),
        (_("下一步工作"), summary.next_steps),
    ):
        xlsx_append(ws, [label, text])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 14
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def summary_pdf(summary: YearlySummary, figures: dict) -> bytes:
    """The summary as a PDF (WeasyPrint; one or two pages, rendered for a signed-in
    official's request)."""
    from weasyprint import HTML  # noqa: PLC0415 - expensive optional import (cairo, pango, fonts)

    html = render_to_string(
        "summaries/summary_pdf.html", {"summary": summary, "rows": summary_rows(figures)}
    )
    return HTML(string=html).write_pdf()
