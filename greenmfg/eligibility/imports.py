"""Importing credit records (信用记录) from CSV or XLSX files.

In: a file with a header row; columns by Chinese or English name (统一社会信用代码/uscc,
类型/kind, 发生日期/occurred_on, 结束日期/ended_on, 说明/description, 来源/source,
文号/document_no). Out: an :class:`ImportReport` with the counts created, updated and
unchanged.

Every row is validated first (USCC check digit, a known kind, dates, ended ≥ occurred,
field lengths); if any row is bad nothing is written and :class:`CreditImportError`
carries every problem with its row number and field. Otherwise all rows are written
in one transaction. A row with the same (uscc, kind, occurred_on, document_no) as an
existing record updates that record instead of adding another, so importing a file
twice changes nothing. ``unit`` is linked to the organisation with that USCC.

Bounded queries: per batch of rows, one query for the existing records of those keys
and one for the organisations, then ``bulk_create`` / ``bulk_update``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation

from greenmfg.audit.services import record_event
from greenmfg.core import clock
from greenmfg.core.vocabulary import CreditRecordKind
from greenmfg.eligibility.imports_copy import copy_import
from greenmfg.eligibility.models import CreditRecord
from greenmfg.parties.models import Organisation
from greenmfg.parties.uscc import validate_uscc

BATCH_SIZE = 500
EXCEL_EPOCH = dt.date(1899, 12, 30)

#: field -> accepted header names (compared without spaces, case-insensitively)
COLUMNS: dict[str, tuple[str, ...]] = {
    "uscc": ("统一社会信用代码", "uscc", "信用代码"),
    "kind": ("类型", "kind", "记录类型"),
    "occurred_on": ("发生日期", "occurred_on", "发生/列入日期", "列入日期"),
    "ended_on": ("结束日期", "ended_on", "移出/整改完成日期", "移出日期"),
    "description": ("说明", "description"),
    "source": ("来源", "source"),
    "document_no": ("文号", "document_no", "文号/编号", "编号"),
}
REQUIRED = ("uscc", "kind", "occurred_on")
FIELD_NAMES = {f: names[0] for f, names in COLUMNS.items()}
MAX_LENGTHS = {
    name: CreditRecord._meta.get_field(name).max_length
    for name in ("description", "source", "document_no")
}
KEY_FIELDS = ("uscc", "kind", "occurred_on", "document_no")
UPDATE_FIELDS = ("ended_on", "description", "source", "unit_id")


class CreditImportError(Exception):
    """The file cannot be imported; ``problems`` lists every bad row (nothing written)."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} 处错误，未写入任何记录 / {len(problems)} problem(s); nothing was written"
        )


@dataclass(frozen=True)
class RowProblem:
    """One problem: the row number as in the file (header = row 1), the field, why."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        label = f" {FIELD_NAMES.get(self.field, self.field)}（{self.field}）" if self.field else ""
        return f"第{self.row}行 row {self.row}{label}：{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class ImportReport:
    """What an import did: rows read, records created, updated and left unchanged,
    duplicate rows merged, columns ignored."""

    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    linked: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "linked_to_organisation": self.linked,
            "ignored_columns": self.ignored_columns,
        }

    def lines(self) -> list[str]:
        out = [
            f"{self.file}: {self.rows} 行 rows · 新增 created {self.created} · "
            f"更新 updated {self.updated} · 未变 unchanged {self.unchanged}",
            f"关联到平台主体 linked to an organisation: {self.linked}",
        ]
        if self.duplicates:
            out.append(f"文件内重复行已合并 duplicate rows merged: {self.duplicates}")
        if self.ignored_columns:
            out.append(f"未识别的列已忽略 ignored columns: {', '.join(self.ignored_columns)}")
        return out


@dataclass(frozen=True)
class CleanRow:
    """A validated row."""

    row: int
    uscc: str
    kind: str
    occurred_on: dt.date
    ended_on: dt.date | None
    description: str
    source: str
    document_no: str

    @property
    def key(self) -> tuple[str, str, dt.date, str]:
        return (self.uscc, self.kind, self.occurred_on, self.document_no)

    @property
    def content(self) -> tuple[Any, ...]:
        return (self.ended_on, self.description, self.source)


# --- reading -----------------------------------------------------------------------


def _norm_header(name: Any) -> str:
    return "".join(str(name or "").split()).lstrip("\ufeff").lower()


HEADER_LOOKUP = {_norm_header(n): f for f, names in COLUMNS.items() for n in names}


def _kind_lookup() -> dict[str, str]:
    out = {}
    with translation.override("zh-hans"):
        for value, label in CreditRecordKind.choices:
            out[value.lower()] = value
            out[_norm_header(label)] = value
    return out


def read_table(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """``(row number, cells)`` of every row of a CSV (UTF-8, BOM or not) or XLSX file,
    the header included (row 1). Raises :class:`CreditImportError` for an unreadable file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                yield from enumerate(csv.reader(fh), start=1)
        except UnicodeDecodeError as exc:
            raise CreditImportError(
                [
                    RowProblem(
                        0,
                        "",
                        "文件不是 UTF-8 编码（请另存为“CSV UTF-8”）/ the file is not UTF-8 encoded",
                    )
                ]
            ) from exc
    elif suffix in (".xlsx", ".xlsm"):
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a broken file
            raise CreditImportError(
                [RowProblem(0, "", f"无法读取 Excel 文件 / cannot read the workbook: {exc}")]
            ) from exc
        try:
            ws = wb.worksheets[0]
            yield from enumerate(ws.iter_rows(values_only=True), start=1)
        finally:
            wb.close()
    else:
        raise CreditImportError(
            [RowProblem(0, "", f"不支持的文件类型 {suffix or '(none)'}：请使用 .csv 或 .xlsx")]
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    """A cell as a date: a date/datetime (Excel), an Excel serial number or YYYY-MM-DD.
    None for an empty cell; raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return dt.date.fromisoformat(text)
    raise ValueError(value)


def _header_map(cells: list[Any]) -> tuple[dict[str, int], list[str], list[RowProblem]]:
    mapping: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[RowProblem] = []
    for i, name in enumerate(cells):
        f = HEADER_LOOKUP.get(_norm_header(name))
        if f is None:
            if _text(name):
                ignored.append(_text(name))
        elif f in mapping:
            problems.append(RowProblem(1, f, "列名重复 / the column appears twice"))
        else:
            mapping[f] = i
    for f in REQUIRED:
        if f not in mapping:
            problems.append(
                RowProblem(
                    1,
                    f,
                    f"缺少必填列“{FIELD_NAMES[f]}”或“{f}” / the required column is missing",
                )
            )
    return mapping, ignored, problems


def clean_rows(
    table: Iterable[tuple[int, list[Any]]], today: dt.date
) -> tuple[list[CleanRow], list[str], list[RowProblem]]:
    """Validate every row: ``(clean rows, ignored columns, problems)``."""
    kinds = _kind_lookup()
    rows: list[CleanRow] = []
    problems: list[RowProblem] = []
    iterator = iter(table)
    header = next(iterator, None)
    if header is None:
        return [], [], [RowProblem(1, "", "文件为空 / the file is empty")]
    mapping, ignored, header_problems = _header_map(list(header[1]))
    if header_problems:
        return [], ignored, header_problems
    for number, cells in iterator:
        cells = list(cells or ())
        if not any(_text(c) for c in cells):
            continue

        def cell(name: str, cells=cells) -> Any:
            i = mapping.get(name)
            return cells[i] if i is not None and i < len(cells) else None

        bad = len(problems)
        uscc = _text(cell("uscc")).upper()
        why = validate_uscc(uscc) if uscc else "必填 / required"
        if why:
            problems.append(RowProblem(number, "uscc", f"{why}（{uscc}）" if uscc else why))
        raw_kind = _text(cell("kind"))
        kind = _kind_of(kinds, raw_kind)
        if not kind:
            problems.append(
                RowProblem(
                    number,
                    "kind",
                    f"未知的类型“{raw_kind}” / unknown kind" if raw_kind else "必填 / required",
                )
            )
        dates: dict[str, dt.date | None] = {}
        for name in ("occurred_on", "ended_on"):
            try:
                dates[name] = _date(cell(name))
            except (ValueError, TypeError, OverflowError):
                problems.append(
                    RowProblem(
                        number,
                        name,
                        f"“{_text(cell(name))}”不是日期（YYYY-MM-DD）/ not a date",
                    )
                )
                dates[name] = None
                continue
        occurred, ended = dates["occurred_on"], dates["ended_on"]
        if occurred is None and not any(
            p.row == number and p.field == "occurred_on" for p in problems
        ):
            problems.append(RowProblem(number, "occurred_on", "必填 / required"))
        if occurred and occurred > today:
            problems.append(
                RowProblem(
                    number,
                    "occurred_on",
                    f"发生日期 {occurred} 晚于今天 {today} / in the future",
                )
            )
        if occurred and ended and ended < occurred:
            problems.append(
                RowProblem(
                    number,
                    "ended_on",
                    f"结束日期 {ended} 早于发生日期 {occurred} / ends before it occurred",
                )
            )
        texts = {}
        for name, limit in MAX_LENGTHS.items():
            texts[name] = _text(cell(name))
            if len(texts[name]) > limit:
                problems.append(
                    RowProblem(
                        number, name, f"超过 {limit} 个字符 / longer than {limit} characters"
                    )
                )
        if len(problems) == bad:
            rows.append(
                CleanRow(
                    row=number,
                    uscc=uscc,
                    kind=kind,
                    occurred_on=occurred,
                    ended_on=ended,
                    description=texts["description"],
                    source=texts["source"],
                    document_no=texts["document_no"],
                )
            )
    return rows, ignored, problems


def _dedupe(rows: list[CleanRow]) -> tuple[list[CleanRow], int, list[RowProblem]]:
    """Merge identical rows of the same key; two rows of one key that disagree are a
    problem (which of them is right cannot be told)."""
    seen: dict[tuple, CleanRow] = {}
    problems = []
    duplicates = 0
    for r in rows:
        first = seen.get(r.key)
        if first is None:
            seen[r.key] = r
        elif first.content == r.content:
            duplicates += 1
        else:
            problems.append(
                RowProblem(
                    r.row,
                    "",
                    f"与第{first.row}行的代码、类型、发生日期和文号相同但内容不同"
                    f" / same key as row {first.row} with different content",
                )
            )
    return list(seen.values()), duplicates, problems


# --- writing -----------------------------------------------------------------------


def _chunks(items: list[CleanRow], size: int) -> Iterator[list[CleanRow]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _write_batch(batch: list[CleanRow], report: ImportReport) -> None:
    usccs = {r.uscc for r in batch}
    existing: dict[tuple, list[dict[str, Any]]] = {}
    for rec in CreditRecord.objects.filter(
        uscc__in=usccs,
        occurred_on__gte=min(r.occurred_on for r in batch),
        occurred_on__lte=max(r.occurred_on for r in batch),
    ).values("id", *KEY_FIELDS, *UPDATE_FIELDS):
        key = tuple(rec[f] for f in KEY_FIELDS)
        existing.setdefault(key, []).append(rec)
    units = dict(Organisation.objects.filter(uscc__in=usccs).values_list("uscc", "id"))
    now = timezone.now()
    to_create: list[CreditRecord] = []
    to_update: list[CreditRecord] = []
    for r in batch:
        unit_id = units.get(r.uscc)
        if unit_id is not None:
            report.linked += 1
        values = {
            "ended_on": r.ended_on,
            "description": r.description,
            "source": r.source,
            "unit_id": unit_id,
        }
        matches = existing.get(r.key)
        if not matches:
            to_create.append(
                CreditRecord(
                    uscc=r.uscc,
                    kind=r.kind,
                    occurred_on=r.occurred_on,
                    document_no=r.document_no,
                    **values,
                )
            )
            continue
        changed = [m for m in matches if any(m[f] != values[f] for f in UPDATE_FIELDS)]
        if not changed:
            report.unchanged += 1
            continue
        report.updated += 1
        to_update.extend(
            CreditRecord(id=m["id"], updated_at=now, version=F("version") + 1, **values)
            for m in changed
        )
    if to_create:
        CreditRecord.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        report.created += len(to_create)
    if to_update:
        CreditRecord.objects.bulk_update(
            to_update, [*UPDATE_FIELDS, "updated_at", "version"], batch_size=BATCH_SIZE
        )


def _kind_of(kinds: dict[str, str], raw: str) -> str | None:
    """The kind a (stripped) cell names, or None: its value or its Chinese label."""
    return kinds.get(raw.lower()) or kinds.get(_norm_header(raw))


def import_credit_records(
    path: Path | str, *, batch_size: int = BATCH_SIZE, method: str = "auto"
) -> ImportReport:
    """Import the credit records of ``path`` (.csv or .xlsx), all or nothing.

    Returns the :class:`ImportReport`; raises :class:`CreditImportError` with every
    problem (row number, field, reason) when any row is bad, having written nothing.
    An import that changed something appends one audit event (file name, SHA-256, counts).

    ``method``: ``"auto"`` takes the bulk path (COPY into a temporary table, checks
    and merge in SQL: :mod:`greenmfg.eligibility.imports_copy`) for a CSV file on
    PostgreSQL and the row-by-row path otherwise, or when the bulk path finds a
    problem (the row-by-row path then names every problem); ``"rows"`` forces the
    row-by-row path. Both give the same records and report.
    """
    path = Path(path)
    if not path.is_file():
        raise CreditImportError([RowProblem(0, "", f"找不到文件 / no such file: {path}")])
    if method not in ("auto", "rows"):
        raise ValueError(f"method must be 'auto' or 'rows', not {method!r}")
    with transaction.atomic():
        report = None
        if method == "auto" and connection.vendor == "postgresql" and path.suffix.lower() == ".csv":
            kinds = _kind_lookup()
            report = copy_import(
                path,
                ImportReport(file=path.name),
                today=clock.today(),
                kind_lookup=lambda raw: _kind_of(kinds, raw),
                parse_date=_date,
                header_map=_header_map,
            )
        if report is None:
            report = _import_rows(path, batch_size)
        if report.created or report.updated:
            record_event(
                actor=None,
                action="credit_records.import",
                object_type="supervision.creditrecord",
                object_label=path.name,
                payload={
                    "file": path.name,
                    "sha256": _sha256(path),
                    **report.as_dict(),
                },
            )
    return report


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _import_rows(path: Path, batch_size: int) -> ImportReport:
    """The row-by-row path: validate every row in Python, then write in batches."""
    rows, ignored, problems = clean_rows(read_table(path), clock.today())
    unique, duplicates, dup_problems = _dedupe(rows)
    problems = sorted(problems + dup_problems, key=lambda p: (p.row, p.field))
    if problems:
        raise CreditImportError(problems)
    report = ImportReport(
        file=path.name, rows=len(rows), duplicates=duplicates, ignored_columns=ignored
    )
    for batch in _chunks(unique, batch_size):
        _write_batch(batch, report)
    return report
