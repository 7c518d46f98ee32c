"""Open-data snapshots (issue 16 item 4): the whole register and every published list as
CSV, JSON and XLSX, frozen as they stood at the end of a day, with their metadata, and a
changes file between consecutive snapshots.

- **What a snapshot holds**: the register on ``as_of`` exactly as
  ``GET /api/v1/listings/?as_of=`` answers it (the same selectors:
  :func:`greenmfg.register.selectors.search_listings` with ``as_of`` and
  :func:`~greenmfg.register.selectors.show_as_of`): the listings listed by that day, each
  with its name and status on that day. Datasets: ``register`` (every listing),
  ``list-<uuid>`` (each published list that has listings by then) and ``changes``
  (listings added, removed and renamed since the previous snapshot, read from that
  snapshot's stored register file, so it compares what was published).
- **When**: at the end of every year that has ended (31 December), and at the end of the
  day of every publication of a list (its ``published_on``), by ``greenmfg open-data
  snapshot`` (run daily; it writes the snapshots that are due and missing), or for one
  ended day with ``--as-of``. A snapshot is written once and never rewritten (frozen); a day before the
  latest snapshot is refused, so ``changes`` always compares consecutive snapshots.
- **Files** are rendered here, ahead of time, and stored (``default_storage``, under
  ``opendata/``); the pages only serve them. A dataset whose rows did not change since
  the previous snapshot shares its file (same SHA-256, ``modified`` unchanged): the
  unchanged historical lists cost nothing per year.
- **Spreadsheet safety**: every CSV and XLSX cell goes through
  :mod:`greenmfg.core.spreadsheets` (a unit named ``=HYPERLINK(…)`` stays text).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation

from greenmfg.audit.services import record_event
from greenmfg.core import clock
from greenmfg.core.spreadsheets import csv_row, is_formula_like, xlsx_value
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.opendata.models import DataFormat, DatasetFile, Snapshot, SnapshotKind
from greenmfg.register.models import GreenList, ListingStatus
from greenmfg.register.selectors import search_listings, show_as_of

#: the columns of the register and list datasets: (key, Chinese header of the XLSX)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("uuid", "条目标识"),
    ("unit_name", "单位名称"),
    ("former_names", "曾用名"),
    ("uscc", "统一社会信用代码"),
    ("list_type", "名单类型代码"),
    ("list_type_name", "名单类型"),
    ("level", "层级代码"),
    ("level_name", "层级"),
    ("year", "年度"),
    ("batch", "批次"),
    ("green_list", "名单标识"),
    ("green_list_title", "名单名称"),
    ("region_code", "地区代码"),
    ("region_name", "地区"),
    ("star", "星级"),
    ("grade", "等级"),
    ("status", "状态代码"),
    ("status_name", "状态"),
    ("listed_on", "列入日期"),
    ("removed_on", "移出日期"),
    ("agency_name", "第三方评价机构"),
    ("industry", "行业"),
    ("product_name", "产品名称"),
    ("product_model", "产品型号"),
)
#: the columns of the changes dataset
CHANGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("change", "变化"),
    ("uuid", "条目标识"),
    ("unit_name", "单位名称"),
    ("previous_name", "原名称"),
    ("list_type", "名单类型代码"),
    ("level", "层级代码"),
    ("year", "年度"),
    ("batch", "批次"),
    ("green_list_title", "名单名称"),
    ("region_name", "地区"),
    ("status", "状态代码"),
    ("removed_on", "移出日期"),
)
CHANGES = ("added", "removed", "renamed")
CONTENT_TYPES = {
    DataFormat.CSV: "text/csv; charset=utf-8",
    DataFormat.JSON: "application/json",
    DataFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: rows whose name history is read in one query
_CHUNK = 2000


class SnapshotRefused(ValueError):
    """A snapshot cannot be written for that day (in the future, or before the latest)."""


def publisher_name() -> str:
    return getattr(settings, "GREENMFG_OPEN_DATA_PUBLISHER", "绿色制造梯度培育及管理平台")


def licence_name() -> str:
    return getattr(settings, "GREENMFG_OPEN_DATA_LICENCE", "CC BY 4.0")


# --- the rows -----------------------------------------------------------------------------------


def register_rows(day: dt.date) -> list[dict[str, Any]]:
    """Every listing of the register on ``day`` as a row (:data:`COLUMNS`), in the
    register's order, with its name and status on that day: the rows
    ``GET /api/v1/listings/?as_of=day`` pages through."""
    qs = search_listings(as_of=day)
    listings = list(qs)
    rows: list[dict[str, Any]] = []
    with translation.override("zh-hans"):
        for start in range(0, len(listings), _CHUNK):
            for li in show_as_of(listings[start : start + _CHUNK], day):
                rows.append(
                    {
                        "uuid": str(li.uuid),
                        "unit_name": li.unit_name,
                        "former_names": "；".join(li.shown_former_names),
                        "uscc": li.uscc,
                        "list_type": li.list_type,
                        "list_type_name": str(ListType(li.list_type).label),
                        "level": li.level,
                        "level_name": str(Level(li.level).label),
                        "year": li.year,
                        "batch": li.batch,
                        "green_list": str(li.green_list.uuid),
                        "green_list_title": li.green_list.title,
                        "region_code": li.region.code if li.region_id else "",
                        "region_name": li.region.full_name if li.region_id else li.region_text,
                        "star": li.star,
                        "grade": li.grade,
                        "status": li.status,
                        "status_name": str(ListingStatus(li.status).label),
                        "listed_on": li.listed_on.isoformat() if li.listed_on else None,
                        "removed_on": li.removed_on.isoformat() if li.removed_on else None,
                        "agency_name": li.agency_name,
                        "industry": li.industry_text,
                        "product_name": li.product_name,
                        "product_model": li.product_model,
                    }
                )
    return rows


def changes_between(before: list[dict], after: list[dict]) -> list[dict[str, Any]]:
    """The listings added, removed and renamed from the register rows ``before`` to
    ``after`` (:data:`CHANGE_COLUMNS`): ``added`` (in ``after`` only), ``removed``
    (active before, removed after — or gone), ``renamed`` (another name). A listing both
    renamed and removed gives two rows. Ordered by change, then as in ``after``."""
    old = {r["uuid"]: r for r in before}
    new = {r["uuid"]: r for r in after}
    out: dict[str, list[dict]] = {c: [] for c in CHANGES}

    def row(change: str, r: dict, previous_name: str = "") -> dict[str, Any]:
        out_row = {key: r.get(key) for key, _h in CHANGE_COLUMNS}
        out_row.update(change=change, previous_name=previous_name)
        return out_row

    for r in after:
        prev = old.get(r["uuid"])
        if prev is None:
            out["added"].append(row("added", r))
            continue
        if prev["status"] != ListingStatus.REMOVED and r["status"] == ListingStatus.REMOVED:
            out["removed"].append(row("removed", r))
        if prev["unit_name"] != r["unit_name"]:
            out["renamed"].append(row("renamed", r, prev["unit_name"]))
    for r in before:
        if r["uuid"] not in new and r["status"] != ListingStatus.REMOVED:
            out["removed"].append(row("removed", {**r, "status": "withdrawn"}))
    return [r for c in CHANGES for r in out[c]]


# --- the files ----------------------------------------------------------------------------------


def content_hash(rows: list[dict]) -> str:
    """SHA-256 of the rows' canonical JSON (what the dataset says, whatever the format)."""
    text = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render(rows: list[dict], columns, fmt: str) -> bytes:
    """The file of ``rows`` in ``fmt``: CSV (UTF-8 with BOM, keys as header), JSON (an
    array of objects) or XLSX (Chinese headers); cells through core/spreadsheets.py."""
    keys = [k for k, _h in columns]
    if fmt == DataFormat.JSON:
        return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if fmt == DataFormat.CSV:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=keys, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow(csv_row({k: "" if r.get(k) is None else r.get(k) for k in keys}))
        return ("\ufeff" + buf.getvalue()).encode("utf-8")
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl only when an XLSX is written

    # write-only: core/spreadsheets.py's xlsx_append reads ws.max_row per row, which
    # openpyxl computes over every cell (quadratic: minutes for the whole register)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(_xlsx_cells(ws, [h for _k, h in columns]))
    for r in rows:
        ws.append(_xlsx_cells(ws, [r.get(k) for k in keys]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _xlsx_cells(ws, values) -> list:
    """One row for a write-only sheet with the safety of core/spreadsheets.py: no control
    characters (``xlsx_value``), a formula-like text kept as text with the quote prefix."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 - with openpyxl, above

    out = []
    for value in values:
        value = xlsx_value(value)
        if is_formula_like(value):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            out.append(cell)
        else:
            out.append(value)
    return out


@dataclass
class _Dataset:
    key: str
    title: str
    publisher: str
    issued: dt.date
    rows: list[dict]
    columns: tuple


def _datasets(day: dt.date, rows: list[dict], previous: Snapshot | None) -> list[_Dataset]:
    by_list: dict[str, list[dict]] = {}
    for r in rows:
        by_list.setdefault(r["green_list"], []).append(r)
    lists = {
        str(gl.uuid): gl
        for gl in GreenList.objects.filter(uuid__in=list(by_list)).select_related(
            "jurisdiction__authority"
        )
    }
    first = Snapshot.objects.order_by("as_of").values_list("as_of", flat=True).first()
    out = [
        _Dataset(
            "register",
            f"绿色制造名单公开名录（截至 {day:%Y-%m-%d}）",
            publisher_name(),
            first or day,
            rows,
            COLUMNS,
        )
    ]
    for uuid, list_rows in by_list.items():
        gl = lists[uuid]
        authority = getattr(gl.jurisdiction, "authority", None)
        out.append(
            _Dataset(
                f"list-{uuid}",
                f"{gl.title}（截至 {day:%Y-%m-%d}）",
                authority.name if authority else gl.jurisdiction.full_name,
                gl.published_on or day,
                list_rows,
                COLUMNS,
            )
        )
    before = _stored_rows(previous, "register") if previous else []
    since = f"{previous.as_of:%Y-%m-%d}" if previous else "—"
    out.append(
        _Dataset(
            "changes",
            f"名录变化（{since} 至 {day:%Y-%m-%d}：新增、移出、更名）",
            publisher_name(),
            day,
            changes_between(before, rows),
            CHANGE_COLUMNS,
        )
    )
    return out


def _stored_rows(snapshot: Snapshot, dataset: str) -> list[dict]:
    f = snapshot.files.get(dataset=dataset, format=DataFormat.JSON)
    with default_storage.open(f.file, "rb") as fh:
        return json.loads(fh.read().decode("utf-8"))


# --- writing ------------------------------------------------------------------------------------


def write_snapshot(
    *, as_of: dt.date, kind: str = SnapshotKind.REQUESTED, note: str = "", actor=None
) -> tuple[Snapshot, bool]:
    """Write the snapshot of ``as_of`` (every dataset in every format, stored, with its
    metadata) unless it exists. Returns (the snapshot, whether it was written now).
    Raises :class:`SnapshotRefused` for a day not yet ended (today or later: a list may
    still be published today), or before the latest snapshot
    (snapshots are frozen and ``changes`` compares consecutive ones). Audited as
    ``opendata.snapshot`` with each file's SHA-256."""
    existing = Snapshot.objects.filter(as_of=as_of).first()
    if existing is not None:
        return existing, False
    if as_of >= clock.today():
        raise SnapshotRefused(f"{as_of} 尚未结束，不能生成快照（快照记录一日结束时的名录）")
    previous = Snapshot.objects.order_by("-as_of").first()
    if previous is not None and previous.as_of > as_of:
        raise SnapshotRefused(
            f"已有更晚的快照（{previous.as_of}）：快照一经生成即冻结，不能补写更早的日期"
        )
    rows = register_rows(as_of)
    datasets = _datasets(as_of, rows, previous)
    prior = {(f.dataset, f.format): f for f in previous.files.all()} if previous is not None else {}
    written: list[str] = []
    with transaction.atomic():
        snapshot = Snapshot.objects.create(as_of=as_of, kind=kind, note=note[:300])
        files = []
        for ds in datasets:
            digest = content_hash(ds.rows)
            for fmt in DataFormat.values:
                same = prior.get((ds.key, fmt))
                if same is not None and same.content_sha256 == digest and ds.key != "changes":
                    path, sha, size, modified = same.file, same.sha256, same.size, same.modified
                else:
                    data = render(ds.rows, ds.columns, fmt)
                    path = default_storage.save(
                        f"opendata/{as_of:%Y-%m-%d}/{ds.key}.{fmt}", ContentFile(data)
                    )
                    written.append(path)
                    sha, size, modified = hashlib.sha256(data).hexdigest(), len(data), as_of
                files.append(
                    DatasetFile(
                        snapshot=snapshot,
                        dataset=ds.key,
                        format=fmt,
                        title=ds.title,
                        publisher=ds.publisher,
                        licence=licence_name(),
                        issued=same.issued if same is not None else min(ds.issued, as_of),
                        modified=modified,
                        row_count=len(ds.rows),
                        content_sha256=digest,
                        sha256=sha,
                        size=size,
                        file=path,
                    )
                )
        DatasetFile.objects.bulk_create(files)
        record_event(
            actor=actor,
            action="opendata.snapshot",
            obj=snapshot,
            payload={
                "as_of": as_of.isoformat(),
                "kind": kind,
                "rows": len(rows),
                "files": {f"{f.dataset}.{f.format}": f.sha256 for f in files},
            },
        )
    return snapshot, True


def due_snapshots(today: dt.date | None = None) -> list[tuple[dt.date, str, str]]:
    """The snapshots that should exist by ``today`` (default: the platform date), in
    order: (day, kind, note) for the end of every ended year from the first list's
    year, and the publication day of every list with a ``published_on`` before today
    (a day is snapshotted once it has ended)."""
    today = today or clock.today()
    years = GreenList.objects.values_list("year", flat=True)
    first_year = min(years, default=None)
    due: dict[dt.date, tuple[str, str]] = {}
    for gl in GreenList.objects.exclude(published_on=None).filter(published_on__lt=today):
        due.setdefault(gl.published_on, (SnapshotKind.PUBLICATION, gl.title))
    if first_year is not None:
        for year in range(first_year, today.year):
            due[dt.date(year, 12, 31)] = (SnapshotKind.YEAR_END, f"{year}年末")
    return [(day, kind, note) for day, (kind, note) in sorted(due.items())]


def snapshot_due(*, actor=None, today: dt.date | None = None) -> list[tuple[Snapshot, bool]]:
    """Write every due snapshot that is missing (:func:`due_snapshots`) and later than
    the latest one, oldest first. Returns [(snapshot, written now)]."""
    latest = Snapshot.objects.order_by("-as_of").values_list("as_of", flat=True).first()
    out = []
    for day, kind, note in due_snapshots(today):
        if latest is not None and day < latest:
            continue
        out.append(write_snapshot(as_of=day, kind=kind, note=note, actor=actor))
    return out
