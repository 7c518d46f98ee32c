"""The list-import engine: plan every row, then write the plan set-based in one transaction.

In: :class:`ListTarget` s (the published lists the rows belong to) and
:class:`ImportRow` s (one listing each, keyed by ``source_key``), plus the rows already
skipped or in error while reading. Out: a :class:`Plan` whose report says, for every
row by its number, ``created`` / ``unchanged`` / ``updated`` (with the fields) /
``conflict`` / ``skipped`` (why) / ``error`` (why).

Rules (docs/data-imports.md):

- a row is matched to an existing listing by ``(source, source_key)``; when that
  listing names another unit (another normalised name, another unified social credit
  code, or a linked organisation with another code) the row is a **conflict**: it never
  overwrites it. A conflict is resolved by the official: ``skip`` (the row is not
  imported), ``keep`` (the existing listing stays as it is) or ``take`` (the row is
  applied to the existing listing: only when it is the same unit, i.e. the existing
  listing is not linked to an organisation with another code);
- fields the platform curates after import (``status``, ``unit``, ``listed_on``,
  ``removed_on``) are never touched; ``uscc`` is only filled when empty;
- a rename is never undone (issue 13): when the row's unit name is a **former name**
  of the listing (its name history, :class:`~greenmfg.register.models.ListingName`, or
  ``details["former_names"]``, written by a rename notice or an accepted 名称变更,
  000 第二十三条, 004 第十五条) the listing keeps its current name; the row is
  ``unchanged`` (or ``updated`` for its other fields) with code ``renamed`` and the
  reason naming the notice. ``details["former_names"]`` is the platform's and is kept
  on every listing the file rewrites;
- the same key twice in one file: an identical row is skipped as a duplicate, a
  different one is an error;
- any error: nothing is written (the report still covers every row);
- a dry run plans the same and writes nothing.

Writes: the new listings as tuples, with ``COPY`` on PostgreSQL and one ``executemany``
INSERT elsewhere (:func:`greenmfg.core.fastinsert.insert_rows`; no model instance per
new row), ``bulk_update`` of the changed ones, and one audit event per listing created
or changed (:func:`greenmfg.audit.bulk.record_events_bulk`, the same way).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count
from django.utils import timezone

from greenmfg.audit.bulk import BulkEvent, record_events_bulk
from greenmfg.core.fastinsert import insert_fields, insert_rows
from greenmfg.core.pagecache import register_changed
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.imports.official_counts import official_count
from greenmfg.register.models import GreenList, Listing, ListingName, ListingStatus
from greenmfg.register.search import former_names, former_names_in, words

#: fields an import writes from the file; the others are the platform's
FILE_FIELDS = (
    "unit_name",
    "region_id",
    "region_text",
    "agency_name",
    "industry_text",
    "product_name",
    "product_model",
    "product_category",
    "details",
    "star",
    "grade",
)
#: fields compared (and rewritten) besides :data:`FILE_FIELDS` when a key moved list
PLACE_FIELDS = ("green_list_id", "list_type", "level", "year", "batch")
QUERY_CHUNK = 500
WRITE_BATCH = 1000

OUTCOMES = ("created", "unchanged", "updated", "conflict", "skipped", "error")
RESOLUTIONS = ("skip", "keep", "take")


@dataclass(frozen=True)
class ListTarget:
    """A published list that rows belong to (found or created by ``source``/``key``)."""

    key: str
    source: str
    level: str
    jurisdiction: Jurisdiction
    year: int
    batch: str
    title: str
    document_no: str = ""
    published_on: dt.date | None = None


@dataclass
class ImportRow:
    """One listing as a file gives it (already validated): its row number, the list
    (``target`` key) and type, its key and the values of :data:`FILE_FIELDS` (plus
    ``uscc``); ``region`` is the matched jurisdiction (or None)."""

    number: int
    target: str
    list_type: str
    source_key: str
    unit_name: str
    uscc: str = ""
    region: Jurisdiction | None = None
    region_text: str = ""
    agency_name: str = ""
    industry_text: str = ""
    product_name: str = ""
    product_model: str = ""
    product_category: str = ""
    details: dict[str, str] = field(default_factory=dict)
    star: int | None = None
    grade: str = ""

    def file_values(self) -> dict[str, Any]:
        return {
            "unit_name": self.unit_name,
            "region_id": self.region.pk if self.region else None,
            "region_text": self.region_text,
            "agency_name": self.agency_name,
            "industry_text": self.industry_text,
            "product_name": self.product_name,
            "product_model": self.product_model,
            "product_category": self.product_category,
            "details": dict(self.details),
            "star": self.star,
            "grade": self.grade,
        }

    def content(self) -> tuple:
        values = self.file_values()
        return (self.uscc, *(str(values[k]) for k in FILE_FIELDS))


@dataclass
class RowReport:
    """What happened (or, in a dry run, would happen) to one row."""

    row: int
    outcome: str
    reason: str = ""
    code: str = ""
    fields: list[str] = field(default_factory=list)
    unit_name: str = ""
    product_name: str = ""
    listing: str = ""
    existing: dict[str, str] = field(default_factory=dict)
    resolution: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row, "outcome": self.outcome}
        for name in ("reason", "code", "unit_name", "product_name", "listing", "resolution"):
            value = getattr(self, name)
            if value:
                out[name] = value
        if self.fields:
            out["fields"] = list(self.fields)
        if self.existing:
            out["existing"] = dict(self.existing)
        return out


@dataclass
class Plan:
    """A planned run: the report rows (by row number), what to write, the official
    counts compared and the run's problems (errors stop the write)."""

    rows: list[RowReport] = field(default_factory=list)
    #: the new listings: the row and the listing's column values by attname (a dict,
    #: not a model instance: 100,000 ``Listing.__init__`` calls cost seconds)
    to_create: list[tuple[ImportRow, dict[str, Any]]] = field(default_factory=list)
    to_update: list[tuple[ImportRow, Listing, list[str], dict[str, Any]]] = field(
        default_factory=list
    )
    official: list[dict[str, Any]] = field(default_factory=list)
    lists_created: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(OUTCOMES, 0)
        for r in self.rows:
            out[r.outcome] += 1
        out["conflicts"] = out.pop("conflict")
        out["errors"] = out.pop("error")
        return out

    @property
    def has_errors(self) -> bool:
        return any(r.outcome == "error" for r in self.rows)

    def report(self) -> dict[str, Any]:
        """The report as JSON-ready data: counts as numbers, then the rows by number."""
        counts = self.counts()
        return {
            **counts,
            "rows": [r.as_dict() for r in sorted(self.rows, key=lambda r: r.row)],
            "official_counts": list(self.official),
            "lists_created": list(self.lists_created),
        }


# --- names ------------------------------------------------------------------------------

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")"})
_SPACE = re.compile(r"\s+")


def norm_name(name: str) -> str:
    """A unit name as compared for "the same unit": NFKC (full/half width), no spaces,
    one kind of bracket, 有限责任公司 → 有限公司."""
    text = unicodedata.normalize("NFKC", name or "").translate(_BRACKETS)
    text = _SPACE.sub("", text)
    return text.replace("有限责任公司", "有限公司")


def name_key(*parts: str) -> str:
    """A short stable key for a listing without a usable 序号 (SHA-1 of the
    normalised names, 16 hex digits)."""
    joined = "|".join(norm_name(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


# --- planning ---------------------------------------------------------------------------


def _existing(source: str, keys: list[str]) -> dict[str, Listing]:
    found: dict[str, Listing] = {}
    for start in range(0, len(keys), QUERY_CHUNK):
        chunk = keys[start : start + QUERY_CHUNK]
        # ``source_key <> ''`` spelled out: the unique index on (source, source_key) is
        # partial (WHERE source_key <> ''), and PostgreSQL cannot prove that predicate
        # from an IN list of more than 100 keys: without it each chunk scanned the whole
        # listing table (90 ms a chunk at 100,000 listings, 200 chunks per 100,000 rows)
        listings = (
            Listing.objects.filter(source=source, source_key__in=chunk)
            .exclude(source_key="")
            .select_related("unit")
        )
        for listing in listings:
            found[listing.source_key] = listing
    return found


def _renamed(rows: list[ImportRow], existing: dict[str, Listing]) -> dict[int, tuple[str, str]]:
    """The listings a row names by a former name: {listing id: (the row's name as
    normalised, the notice number of the listing's last rename or "")}.

    Only rows whose name differs from their listing's current name are looked at, so a
    plain re-import costs no query; else one query per :data:`QUERY_CHUNK` listings
    (the name history with its notices)."""
    differ = {
        existing[r.source_key].pk: (norm_name(r.unit_name), existing[r.source_key])
        for r in rows
        if r.source_key in existing
        and norm_name(r.unit_name) != norm_name(existing[r.source_key].unit_name)
    }
    formers: dict[int, set[str]] = {
        pk: {norm_name(n) for n in former_names(listing)} for pk, (_n, listing) in differ.items()
    }
    notices: dict[int, str] = {}
    ids = list(differ)
    for start in range(0, len(ids), QUERY_CHUNK):
        history = ListingName.objects.filter(listing_id__in=ids[start : start + QUERY_CHUNK])
        for listing_id, name, until, notice_no in history.values_list(
            "listing_id", "name", "valid_until", "notice__notice_no"
        ):
            if until is not None:
                formers[listing_id].add(norm_name(name))
            elif notice_no:
                notices[listing_id] = notice_no
    return {
        pk: (name, notices.get(pk, ""))
        for pk, (name, _listing) in differ.items()
        if name in formers[pk]
    }


def _same_unit(row: ImportRow, listing: Listing) -> tuple[bool, str]:
    """Whether ``row`` names the unit of ``listing`` (and why not)."""
    unit_uscc = listing.unit.uscc if listing.unit_id and listing.unit else ""
    for known in (listing.uscc, unit_uscc):
        if row.uscc and known and row.uscc != known:
            return False, "uscc"
    if norm_name(row.unit_name) != norm_name(listing.unit_name):
        if row.uscc and row.uscc in (listing.uscc, unit_uscc):
            return True, ""
        return False, "name"
    return True, ""


def plan_rows(
    *,
    source: str,
    targets: dict[str, ListTarget],
    rows: list[ImportRow],
    reported: list[RowReport],
    resolutions: dict[int, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Plan an import (no writes).

    In: the listings' ``source``; the lists by key; the rows; the rows already reported
    while reading (skipped, errors); ``resolutions`` {row number: ``skip``/``keep``/
    ``take``} for conflicts; ``progress(done, total)`` called every 1,000 rows.
    Out: a :class:`Plan`.
    """
    resolutions = resolutions or {}
    plan = Plan(rows=list(reported))
    lists = {
        t.key: GreenList.objects.filter(source=t.source, source_key=t.key).first()
        for t in targets.values()
    }
    plan.lists_created = [t.title for k, t in targets.items() if lists[k] is None]
    existing = _existing(source, [r.source_key for r in rows])
    renamed = _renamed(rows, existing)
    seen: dict[str, ImportRow] = {}
    total = len(rows)
    for index, row in enumerate(rows, start=1):
        if progress and index % 1000 == 0:
            progress(index, total)
        report = RowReport(row.number, "", unit_name=row.unit_name, product_name=row.product_name)
        plan.rows.append(report)
        first = seen.get(row.source_key)
        if first is not None:
            if first.content() == row.content():
                report.outcome, report.code = "skipped", "duplicate"
                report.reason = f"与第 {first.number} 行重复"
            else:
                report.outcome, report.code = "error", "duplicate_key"
                report.reason = (
                    f"与第 {first.number} 行的序号或名称相同但内容不同（键 {row.source_key}）"
                )
            continue
        seen[row.source_key] = row
        target = targets[row.target]
        place = {
            "green_list_id": lists[row.target].pk if lists[row.target] else None,
            "list_type": row.list_type,
            "level": target.level,
            "year": target.year,
            "batch": target.batch,
        }
        values = row.file_values()
        current = existing.get(row.source_key)
        if current is None:
            new = {k: v for k, v in place.items() if k != "green_list_id"}
            new.update(values)
            new.update(
                uscc=row.uscc,
                source=source,
                source_key=row.source_key,
                status=ListingStatus.ACTIVE.value,
            )
            plan.to_create.append((row, new))
            report.outcome = "created"
            continue
        report.listing = str(current.uuid)
        if current.pk in renamed:
            # the file still has the name a rename replaced: the rename stands
            notice_no = renamed[current.pk][1]
            values["unit_name"] = current.unit_name
            report.code = "renamed"
            report.reason = (
                f"已按更名通知 {notice_no} 更名为“{current.unit_name}”，文件中为曾用名"
                if notice_no
                else f"已更名为“{current.unit_name}”，文件中为曾用名"
            )
        kept = former_names(current)
        if kept:
            values["details"] = {**values["details"], "former_names": kept}
        same, why = _same_unit(replace(row, unit_name=values["unit_name"]), current)
        if not same:
            report.existing = {
                "unit_name": current.unit_name,
                "uscc": current.uscc or (current.unit.uscc if current.unit_id else ""),
                "listing": str(current.uuid),
            }
            choice = resolutions.get(row.number, "")
            if choice == "take" and not (
                current.unit_id and row.uscc and current.unit and current.unit.uscc != row.uscc
            ):
                report.resolution = "take"
            else:
                report.outcome, report.code = "conflict", f"other_unit_{why}"
                report.reason = (
                    f"已有条目“{current.unit_name}”是另一单位（统一社会信用代码不同）"
                    if why == "uscc"
                    else f"已有条目“{current.unit_name}”是另一单位"
                )
                if choice in ("skip", "keep"):
                    report.resolution = choice
                continue
        changed = {
            name: value
            for name, value in {**place, **values}.items()
            if name != "green_list_id" or value is not None
            if getattr(current, name) != value
        }
        if row.uscc and not current.uscc:
            changed["uscc"] = row.uscc
        if not changed:
            report.outcome = "unchanged"
        else:
            report.outcome = "updated"
            report.fields = sorted(k.removesuffix("_id") for k in changed)
            plan.to_update.append((row, current, report.fields, changed))
    if progress:
        progress(total, total)
    plan.official = _official_counts(targets, lists, plan)
    return plan


def _official_counts(
    targets: dict[str, ListTarget], lists: dict[str, GreenList | None], plan: Plan
) -> list[dict[str, Any]]:
    """The published count of each (list, type) the run touches, the listings the list
    has (or will have) of that type, and the difference."""
    created: dict[tuple[str, str], int] = {}
    for row, _listing in plan.to_create:
        created[(row.target, row.list_type)] = created.get((row.target, row.list_type), 0) + 1
    touched = {(r.target, r.list_type) for r, _l in plan.to_create}
    touched |= {(r.target, r.list_type) for r, _l, _f, _c in plan.to_update}
    out = []
    for target_key, list_type in sorted(touched | set(created)):
        target = targets[target_key]
        expected = official_count(target.level, target.year, target.batch, list_type)
        green_list = lists[target_key]
        have = (
            Listing.objects.filter(green_list=green_list, list_type=list_type).count()
            if green_list
            else 0
        )
        listed = have + created.get((target_key, list_type), 0)
        entry: dict[str, Any] = {
            "list": target.title,
            "list_type": list_type,
            "listed": listed,
        }
        if expected is not None:
            entry.update(
                official=expected.count,
                difference=listed - expected.count,
                source=expected.source,
                note=expected.note,
            )
        out.append(entry)
    return out


# --- writing ----------------------------------------------------------------------------


class SearchWords:
    """``search_text`` of listings as :func:`greenmfg.register.search.listing_search_text`
    makes it (former names too), with the words of each name segmented once per run (an agency or a
    product name repeats over thousands of rows)."""

    def __init__(self) -> None:
        self._cache: dict[str, list[str]] = {}

    def _words(self, name: str) -> list[str]:
        found = self._cache.get(name)
        if found is None:
            found = self._cache[name] = words(name)
        return found

    def __call__(self, listing: Listing) -> str:
        return self.of_names(
            listing.unit_name, listing.product_name, listing.agency_name, *former_names(listing)
        )

    def of_names(self, *names: str) -> str:
        """The ``search_text`` of a listing with these names (unit, product, agency,
        then its former names)."""
        seen: dict[str, None] = {}
        for name in names:
            for word in self._words(name):
                seen.setdefault(word, None)
        return " ".join(seen)


def listing_label(unit_name: str, product_name: str) -> str:
    """What ``str(listing)`` gives for these names (``Listing.__str__``): the audit
    events' object label."""
    name = unit_name or "—"
    return f"{name} · {product_name}" if product_name else name


@functools.cache
def _insert_defaults() -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The attnames a new listing's INSERT names and their model defaults (of one
    ``Listing()``: every row sets uuid, times, list and file values itself)."""
    blank = Listing()
    names = tuple(f.attname for f in insert_fields(Listing))
    return names, tuple(getattr(blank, n) for n in names)


def ensure_lists(targets: dict[str, ListTarget]) -> dict[str, GreenList]:
    """Find or create each target's :class:`GreenList` (by source and key); its title,
    document number and date are refreshed from the target."""
    out: dict[str, GreenList] = {}
    for key, t in targets.items():
        defaults = {
            "jurisdiction": t.jurisdiction,
            "level": t.level,
            "year": t.year,
            "batch": t.batch,
            "title": t.title,
        }
        if t.document_no:
            defaults["document_no"] = t.document_no
        if t.published_on:
            defaults["published_on"] = t.published_on
        out[key], _created = GreenList.objects.update_or_create(
            source=t.source, source_key=key, defaults=defaults
        )
    return out


def write_plan(
    plan: Plan,
    *,
    targets: dict[str, ListTarget],
    actor,
    run_uuid: str = "",
) -> dict[str, GreenList]:
    """Write ``plan`` (call inside ``transaction.atomic``; refuses a plan with errors):
    the lists, the new listings, the changed ones (version + 1) and one audit event per
    listing (``listing.import_create`` / ``listing.import_update``, payload: the run,
    the row, the fields). Returns the lists by key. The caller queues the lists'
    documents after the transaction (:func:`touched_lists`)."""
    if plan.has_errors:
        raise ValueError("a plan with errors is never written")
    lists = ensure_lists(targets)
    now = timezone.now()
    search_text = SearchWords()
    names, defaults = _insert_defaults()
    created = []
    for row, new in plan.to_create:
        new["green_list_id"] = lists[row.target].pk
        new["uuid"] = uuid.uuid4()
        new["search_text"] = search_text.of_names(
            new["unit_name"],
            new["product_name"],
            new["agency_name"],
            *former_names_in(new["details"]),
        )
        new["created_at"] = new["updated_at"] = now
        created.append(tuple(new.get(n, d) for n, d in zip(names, defaults, strict=True)))
    insert_rows(Listing, names, created)
    updated = []
    fields_written: set[str] = set()
    for row, listing, _fields, changed in plan.to_update:
        if "green_list_id" in changed or listing.green_list_id != lists[row.target].pk:
            changed["green_list_id"] = lists[row.target].pk
        for name, value in changed.items():
            setattr(listing, name, value)
        fields_written |= set(changed)
        listing.search_text = search_text(listing)
        listing.updated_at = now
        listing.version += 1
        updated.append(listing)
    if updated:
        Listing.objects.bulk_update(
            updated,
            [*sorted(fields_written), "search_text", "updated_at", "version"],
            batch_size=WRITE_BATCH,
        )
    paths = {j.pk: j.path for j in _regions(plan)}
    events = [
        BulkEvent(
            action="listing.import_create",
            object_type="register.listing",
            object_uuid=str(new["uuid"]),
            object_label=listing_label(new["unit_name"], new["product_name"]),
            jurisdiction_path=paths.get(new["region_id"], ""),
            to_state=ListingStatus.ACTIVE,
            payload={"import": run_uuid, "row": row.number, "source_key": row.source_key},
        )
        for row, new in plan.to_create
    ]
    events += [
        BulkEvent(
            action="listing.import_update",
            object_type="register.listing",
            object_uuid=str(listing.uuid),
            object_label=str(listing),
            jurisdiction_path=paths.get(listing.region_id, ""),
            payload={"import": run_uuid, "row": row.number, "fields": fields},
        )
        for row, listing, fields, _changed in plan.to_update
    ]
    record_events_bulk(actor=actor, events=events)
    if created or updated:
        register_changed()  # bulk writes send no signal (greenmfg/core/pagecache.py)
    return lists


def touched_lists(plan: Plan, lists: dict[str, GreenList]) -> list[GreenList]:
    """The lists ``plan`` created or changed listings in (their documents are stale)."""
    keys = {r.target for r, _l in plan.to_create} | {r.target for r, *_ in plan.to_update}
    return [lists[k] for k in sorted(keys)]


def _regions(plan: Plan) -> list[Jurisdiction]:
    seen: dict[int, Jurisdiction] = {}
    for row, *_rest in [*plan.to_create, *plan.to_update]:
        if row.region is not None:
            seen[row.region.pk] = row.region
    return list(seen.values())


def list_counts(green_list: GreenList) -> dict[str, int]:
    """{list type: listings} of one list (for the reports)."""
    return dict(green_list.listings.values_list("list_type").annotate(n=Count("id")).order_by())
