"""Writing spreadsheets safely: every XLSX and CSV export of the platform writes its
cells through this module (issue 17, items 4 and 5).

**Formula injection** (CSV/formula injection, OWASP): a text that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by spreadsheet
programs — a unit renamed ``=HYPERLINK("http://…","点击查看")`` became a live link in
the public list. So:

- **XLSX** (:func:`xlsx_append`): such a text is stored as a text cell (never the
  formula type openpyxl gives a string starting with ``=``) with Excel's
  *quote prefix* style, the way Excel itself keeps a typed ``'=…``: the value stays
  exactly what was entered and is shown, never evaluated, also after an edit.
- **CSV** (:func:`csv_cell`): a single quote ``'`` is put before it (and before a text
  that already starts with ``'``, so the quoting is reversible: :func:`csv_uncell`
  gives the exact text back, which the audit export needs for its hashes).

**Control characters** (:mod:`greenmfg.core.text`): refused at input; XLSX cells drop
any left in older rows (openpyxl cannot write them: one ``\\x07`` made a list's download
fail for everyone). CSV keeps them (the csv module quotes any text), so that an audit
export re-verifies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell

from greenmfg.core.text import strip_control_characters

#: first characters that make a spreadsheet program read a text as a formula
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: the character put before such a text in a CSV cell
CSV_QUOTE = "'"


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is a text a spreadsheet program would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def xlsx_value(value: Any) -> Any:
    """A value for an openpyxl cell: text without control characters; numbers, dates
    and ``None`` as they are; anything else as its text."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.time):
        return value
    return strip_control_characters(str(value))


def xlsx_append(ws, values: Iterable[Any]) -> None:
    """Append one row to the openpyxl worksheet ``ws``, every text cell safe: no
    control characters, and a formula-like text kept as text (type string, quote
    prefix) so that it is shown and never evaluated."""
    row = []
    for v in values:
        v = xlsx_value(v)
        if is_formula_like(v):
            # the cell made here, not looked up after the append: ``ws.max_row`` walks
            # every cell of the sheet, which made a 10,000-row export take a minute
            cell = Cell(ws, value=v)
            cell.data_type = "s"
            cell.quotePrefix = True
            v = cell
        row.append(v)
    ws.append(row)


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: a formula-like text (or one starting with ``'``) gets a
    ``'`` before it; everything else is unchanged. :func:`csv_uncell` reverses it."""
    if isinstance(value, str) and (is_formula_like(value) or value.startswith(CSV_QUOTE)):
        return CSV_QUOTE + value
    return value


def csv_uncell(text: str) -> str:
    """The text a :func:`csv_cell` cell was made from."""
    return text[1:] if text.startswith(CSV_QUOTE) else text


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """A ``csv.DictWriter`` row with every cell through :func:`csv_cell`."""
    return {key: csv_cell(value) for key, value in row.items()}
