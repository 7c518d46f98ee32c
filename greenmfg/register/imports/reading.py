"""Reading a published list file (CSV or XLSX) into numbered rows.

Layout. The header is the first row that names the unit (a synonym of 企业名称); rows
above it are title rows (附件1 …, 2023年度绿色工厂名单) and are skipped with that reason.
Every other header cell must map to a field through :data:`HEADERS` (compared without
spaces, full-width folded); a header it cannot map is an error naming the column. Rows
below the header are, in this order:

- ``blank``: every cell empty → skipped;
- ``header``: the header repeated (a table split over pages) → skipped;
- ``heading``: no unit name, and either only one filled cell (一、绿色工厂（120家）) or a
  序号 cell that is text, not a number (the nine category headings of MIIT's 第三批
  green design-product list: 二十二、微型计算机（7种）, 适用评价标准：…, 绿色设计亮点：…)
  → skipped;
- ``data``: a listing.

Cells are normalised by :func:`clean` (strip, a stray trailing ``nan`` removed, ``nan``
and ``-`` = unknown). Row numbers are the file's (the first line is row 1).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from greenmfg.core.vocabulary import ListType

#: field → accepted header names (compared by :func:`norm_header`)
HEADERS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序", "no", "no.", "排序"),
    "unit_name": (
        "企业名称",
        "单位名称",
        "名称",
        "工厂名称",
        "园区",
        "园区名称",
        "企业",
        "单位",
        "申报单位",
        "生产企业",
        "企业（单位）名称",
        "企业(单位)名称",
    ),
    "region": (
        "地区",
        "省份",
        "所在地",
        "所在地区",
        "所属地区",
        "地市",
        "城市",
        "区县",
        "所在区",
        "所在县（市、区）",
        "省（区、市）",
        "省(区、市)",
        "省（区、市）及计划单列市",
        "推荐地区",
    ),
    "agency": ("第三方评价机构", "评价机构", "第三方机构", "第三方评价机构名称"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码"),
    "industry": ("行业", "所属行业", "行业类别", "行业名称"),
    "product_name": ("产品名称", "产品", "产品名称/型号", "产品名称及型号", "产品名称（型号）"),
    "product_model": ("型号", "产品型号", "规格型号", "型号规格"),
    "product_category": ("种类", "产品类别", "产品种类", "类别"),
    "recommended_by": ("推荐单位",),
    "highlights": ("绿色设计亮点",),
    "standard": ("适用评价标准", "评价标准", "评价依据"),
    "batch": ("批次",),
    "star": ("星级",),
    "grade": ("等级", "级别"),
    "note": ("备注",),
}

#: fields kept in ``Listing.details`` rather than columns of their own
DETAIL_FIELDS = ("recommended_by", "highlights", "standard", "note")

#: pandas wrote missing values as "nan" and glued them to cells: "…较小。nan"
STRAY_NAN = re.compile(r"nan$")
UNKNOWN = frozenset({"", "nan", "-", "—", "/"})
NUMBER = re.compile(r"^\d+(\.0)?$")


def norm_header(name: Any) -> str:
    """A header cell as compared: NFKC (full-width folded), no spaces, lower case."""
    text = unicodedata.normalize("NFKC", str(name or "")).lstrip("\ufeff")
    return "".join(text.split()).lower()


HEADER_LOOKUP: dict[str, str] = {norm_header(n): f for f, names in HEADERS.items() for n in names}
NAME_HEADERS = frozenset(norm_header(n) for n in HEADERS["unit_name"])


def clean(value: Any) -> str:
    """Normalise one cell: text, stripped, a stray trailing "nan" dropped, unknowns → "".

    In: the raw cell (text, number or None). Out: the cleaned text ("" = unknown), e.g.
    ``"…较小。nan"`` → ``"…较小。"``, ``"nan"``/``"-"``/``"  "`` → ``""``, ``12.0`` → ``"12"``.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    text = STRAY_NAN.sub("", text).strip()
    return "" if text in UNKNOWN else text


class FileUnreadable(ValueError):
    """The file cannot be read at all (type, encoding, a broken workbook)."""


def read_cells(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """``(row number, cells)`` of every row of a CSV (UTF-8 with or without BOM, else
    GB18030) or XLSX file, from row 1. Raises :class:`FileUnreadable`."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes nearly anything
            raise FileUnreadable("文件编码无法识别（请另存为 UTF-8 CSV）")
        yield from enumerate(csv.reader(text.splitlines()), start=1)
    elif suffix in (".xlsx", ".xlsm"):
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a broken file
            raise FileUnreadable(f"无法读取 Excel 文件：{exc}") from exc
        try:
            ws = wb.worksheets[0]
            for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            wb.close()
    else:
        raise FileUnreadable(f"不支持的文件类型 {suffix or '（无）'}：请使用 .csv 或 .xlsx")


@dataclass
class ParsedRow:
    """One row below the header: its number in the file, its kind (``data``, ``blank``,
    ``header``, ``heading``), its cleaned values by field and, for skipped rows, why."""

    number: int
    kind: str
    values: dict[str, str] = field(default_factory=dict)
    text: str = ""


@dataclass
class ParsedFile:
    """A file read: the header row's number, the fields found (column → field), the
    title rows above the header, the rows below it and the header problems (each an
    error that names the column)."""

    header_row: int = 0
    columns: dict[int, str] = field(default_factory=dict)
    titles: list[ParsedRow] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def fields(self) -> set[str]:
        return set(self.columns.values())


def required_fields(list_type: str) -> tuple[str, ...]:
    """The columns a file of ``list_type`` must have: the unit's name, and for design
    products the product's name."""
    if list_type == ListType.DESIGN_PRODUCT:
        return ("unit_name", "product_name")
    return ("unit_name",)


def parse_file(path: Path, list_type: str) -> ParsedFile:
    """Read ``path`` (see the module docstring) for a list of ``list_type``.

    Out: a :class:`ParsedFile`; header problems (an unknown column, a column twice, a
    required column missing, no header at all) are in ``problems`` as ``(row, message)``
    and the rows are still read. Raises :class:`FileUnreadable`.
    """
    parsed = ParsedFile()
    header_texts: set[str] = set()
    for number, cells in read_cells(path):
        texts = [clean(c) for c in cells]
        if not parsed.header_row:
            if any(norm_header(t) in NAME_HEADERS for t in texts):
                parsed.header_row = number
                header_texts = {norm_header(t) for t in texts if t}
                _map_header(parsed, number, texts)
            elif any(texts):
                parsed.titles.append(
                    ParsedRow(number, "title", text=" ".join(t for t in texts if t))
                )
            continue
        parsed.rows.append(_classify(parsed.columns, number, texts, header_texts))
    if not parsed.header_row:
        parsed.problems.append((0, "找不到表头：没有“企业名称”“单位名称”或“名称”等单位名称列"))
        return parsed
    for name in required_fields(list_type):
        if name not in parsed.fields:
            parsed.problems.append(
                (parsed.header_row, f"缺少必需的列“{HEADERS[name][0]}”（或其同义列名）")
            )
    return parsed


def _map_header(parsed: ParsedFile, number: int, texts: list[str]) -> None:
    seen: dict[str, str] = {}
    for index, text in enumerate(texts):
        if not text:
            continue
        name = HEADER_LOOKUP.get(norm_header(text))
        if name is None:
            parsed.problems.append((number, f"无法识别的列“{text}”（第 {index + 1} 列）"))
        elif name in seen:
            parsed.problems.append((number, f"列“{text}”与列“{seen[name]}”含义相同，只能有一列"))
        else:
            seen[name] = text
            parsed.columns[index] = name


def _classify(
    columns: dict[int, str], number: int, texts: list[str], header_texts: set[str]
) -> ParsedRow:
    filled = [t for t in texts if t]
    if not filled:
        return ParsedRow(number, "blank")
    if header_texts and {norm_header(t) for t in filled} <= header_texts and len(filled) > 1:
        return ParsedRow(number, "header", text=" ".join(filled))
    values = {name: texts[i] if i < len(texts) else "" for i, name in columns.items()}
    if not values.get("unit_name"):
        seq = values.get("seq", "")
        if len(filled) == 1 or (seq and not NUMBER.match(seq)):
            return ParsedRow(number, "heading", values, text=seq or filled[0])
    return ParsedRow(number, "data", values)
