"""Exporting the audit record with its hashes, and re-verifying an export.

Audit events are kept for good: the platform has no deletion path at all (no
service, command, admin action or API deletes or changes an event; on PostgreSQL a
trigger refuses it), which more than meets the 184 days (六个月) of 网络安全法
第二十一条(三). An export lets an outside party (a 等保 assessor, an archive, the
supervising authority) keep and re-verify a period of the record without the
platform: every line carries the hashed fields and the hash, so
``sha256(canonical JSON of the line without "hash") == hash`` and each line's
``prev_hash`` is the line before's ``hash`` (docs/cli.md, ``greenmfg audit export``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greenmfg.audit.models import AuditEvent
from greenmfg.audit.selectors import day_start
from greenmfg.audit.services import (
    HASHED_FIELDS,
    HeadCopy,
    canonical_json,
    event_body,
    record_event,
)
from greenmfg.core.spreadsheets import csv_row, csv_uncell

#: columns of an export: the hashed fields, then the hash
EXPORT_FIELDS = (*HASHED_FIELDS, "hash")
FORMATS = ("jsonl", "csv")
#: fields written as canonical JSON text in a CSV export
JSON_FIELDS = ("citations", "payload")


@dataclass
class ExportResult:
    """What :func:`events_export` wrote: the file, its format and SHA-256, the number
    of events and their first and last ``seq`` (``None`` when the period is empty)."""

    path: str
    format: str
    count: int
    first_seq: int | None
    last_seq: int | None
    sha256: str
    date_from: str | None
    date_to: str | None


@dataclass
class ExportCheck:
    """The outcome of :func:`export_verify`."""

    ok: bool
    checked: int
    first_seq: int | None = None
    last_seq: int | None = None
    broken_seq: int | None = None
    problem: str = ""
    heads_checked: int = 0
    heads: list[str] = field(default_factory=list)


def export_range(date_from: dt.date | None, date_to: dt.date | None) -> tuple[int, int] | None:
    """The ``seq`` range of the events that occurred from ``date_from`` to ``date_to``
    (inclusive, dates in the platform's time zone, Asia/Shanghai): from the first event
    on or after the start to the last one before the end, every ``seq`` in between, so
    an export is always a contiguous piece of the chain. ``None`` when there is none."""
    events = AuditEvent.objects.all()
    if date_from:
        events = events.filter(occurred_at__gte=day_start(date_from))
    if date_to:
        events = events.filter(occurred_at__lt=day_start(date_to + dt.timedelta(days=1)))
    first = events.order_by("seq").values_list("seq", flat=True).first()
    last = events.order_by("-seq").values_list("seq", flat=True).first()
    return None if first is None else (first, last)


def _row(event: AuditEvent) -> dict[str, Any]:
    return {**event_body(event), "hash": event.hash}


def events_export(
    out: str | Path,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    fmt: str = "jsonl",
    actor=None,
    batch_size: int = 5000,
) -> ExportResult:
    """Write the audit events of a period with their hashes to ``out``.

    In: the file to write, the first and last day (inclusive; either may be open), the
    format — ``jsonl`` (one canonical JSON object a line: the hashed fields and
    ``hash``) or ``csv`` (UTF-8, a header row of :data:`EXPORT_FIELDS`; ``citations``
    and ``payload`` as canonical JSON text; a cell starting with ``= + - @``, a tab, a
    carriage return or ``'`` has a ``'`` put before it, which :func:`read_export`
    removes) — and who exports.
    Out: an :class:`ExportResult` with the file's SHA-256. The export itself is
    recorded as an ``audit.export`` event (等保 8.1.5.3 a: audit operations are
    audited). Raises ``ValueError`` for an unknown format or a period that ends
    before it starts.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: jsonl or csv")
    if date_from and date_to and date_to < date_from:
        raise ValueError(f"--to {date_to} is before --from {date_from}")
    span = export_range(date_from, date_to)
    path = Path(out)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = None
        if fmt == "csv":
            # every cell quoted: a lone carriage return in a text stays inside its cell
            writer = csv.DictWriter(
                fh, fieldnames=EXPORT_FIELDS, lineterminator="\n", quoting=csv.QUOTE_ALL
            )
            writer.writeheader()
        if span:
            seq = span[0]
            while seq <= span[1]:
                batch = list(
                    AuditEvent.objects.filter(seq__gte=seq, seq__lte=span[1]).order_by("seq")[
                        :batch_size
                    ]
                )
                if not batch:
                    break
                for event in batch:
                    row = _row(event)
                    if writer is None:
                        fh.write(canonical_json(row) + "\n")
                    else:
                        for name in JSON_FIELDS:
                            row[name] = canonical_json(row[name])
                        # a text starting with = + - @ tab CR (or ') gets a ' before it:
                        # never a formula in a spreadsheet program; read_export removes it
                        writer.writerow(csv_row(row))
                    count += 1
                seq = batch[-1].seq + 1
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = ExportResult(
        str(path),
        fmt,
        count,
        span[0] if span else None,
        span[1] if span else None,
        digest,
        date_from.isoformat() if date_from else None,
        date_to.isoformat() if date_to else None,
    )
    record_event(
        actor=actor,
        action="audit.export",
        object_type="audit.export",
        object_uuid=str(uuid.uuid4()),
        object_label=f"{result.first_seq}–{result.last_seq} ({fmt})",
        citations=["网络安全法 第二十一条(三)"],
        payload={
            "format": fmt,
            "from": result.date_from,
            "to": result.date_to,
            "first_seq": result.first_seq,
            "last_seq": result.last_seq,
            "count": count,
            "sha256": digest,
        },
    )
    return result


def read_export(path: str | Path, fmt: str | None = None) -> list[dict[str, Any]]:
    """The rows of an export as the hashed fields plus ``hash`` (CSV cells parsed back
    to numbers and JSON). ``fmt`` defaults to the file's extension (``.csv`` or not)."""
    path = Path(path)
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "jsonl")
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        if fmt == "csv":
            for raw in csv.DictReader(fh):
                row: dict[str, Any] = {k: csv_uncell(v) for k, v in raw.items()}
                row["seq"] = int(row["seq"])
                for name in JSON_FIELDS:
                    row[name] = json.loads(row[name])
                rows.append(row)
        else:
            rows = [json.loads(line) for line in fh if line.strip()]
    return rows


def export_verify(
    path: str | Path, *, fmt: str | None = None, heads: list[HeadCopy] | None = None
) -> ExportCheck:
    """Re-verify an export without the platform's database.

    Every row's hash must be the SHA-256 of the canonical JSON of its other fields,
    ``seq`` must run without gaps and each ``prev_hash`` must be the row before's
    ``hash``. The first row's ``prev_hash`` links to the event before the period: an
    outside party anchors it with the previous export or a published head. Each
    published head (``heads``) whose ``seq`` falls inside the export must match that
    row's hash. A malformed file is reported as a problem, not raised.
    """
    try:
        rows = read_export(path, fmt)
    except (OSError, ValueError, KeyError, csv.Error) as exc:
        return ExportCheck(False, 0, problem=f"cannot read {path}: {exc}")
    by_seq: dict[int, list[HeadCopy]] = {}
    for head in heads or []:
        by_seq.setdefault(head.seq, []).append(head)
    check = ExportCheck(True, 0)
    prev: dict[str, Any] | None = None
    for row in rows:
        if set(row) != set(EXPORT_FIELDS):
            return _broken(check, row.get("seq"), "the row's fields are not those of an export")
        body = {name: row[name] for name in HASHED_FIELDS}
        digest = hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
        if prev is not None and row["seq"] != prev["seq"] + 1:
            return _broken(check, prev["seq"] + 1, f"event #{prev['seq'] + 1} is missing")
        if prev is not None and row["prev_hash"] != prev["hash"]:
            return _broken(check, row["seq"], "prev_hash does not match the event before")
        if digest != row["hash"]:
            return _broken(check, row["seq"], "stored hash does not match its content")
        for head in by_seq.get(row["seq"], []):
            if head.hash != row["hash"]:
                return _broken(
                    check,
                    row["seq"],
                    f"published head of {head.date} (#{head.seq}, {head.source}) does not "
                    "match the export",
                )
            check.heads_checked += 1
            check.heads.append(head.date)
        if check.first_seq is None:
            check.first_seq = row["seq"]
        check.last_seq = row["seq"]
        check.checked += 1
        prev = row
    return check


def _broken(check: ExportCheck, seq, problem: str) -> ExportCheck:
    check.ok = False
    check.broken_seq = seq
    check.problem = problem
    return check
