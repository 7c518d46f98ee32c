"""Listings linked to their enterprises (issue 13 item 2): the listings of lists
published outside the platform (MIIT's national batches, provincial and municipal lists)
name a unit as text; this module links each to its :class:`Organisation`, so that the
unit files the annual dynamic form, is reminded, drawn for spot checks and removed
exactly like a unit listed on the platform (``Listing.unit`` is what
``supervision/dynamic/obligations.py`` and the spot-check population read).

- :func:`match` (pure, set-based): by unified social credit code when the listing has
  one; otherwise by normalised name (``parties.names.normalise_name``: width, spaces,
  brackets, 有限公司/有限责任公司; current and former names of the organisation) among the
  organisations registered within the listing's region. One candidate → certain;
  several, or a listing without a region → proposed, never linked silently.
- :func:`link_listings` (``greenmfg link-listings``): runs :func:`match` over the
  database, links the certain ones and records proposals, in bulk.
- :func:`listing_claim`, :func:`link_confirm`, :func:`link_refuse`, :func:`link_unlink`:
  the enterprise claims a listing that names it ("这些名单中可能是贵单位"); its district or
  city official confirms or refuses; each is an audited compare-and-set transition.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.models import AuditEvent
from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core.clock import today as platform_today
from greenmfg.core.decisions import Decision, TransitionConflict
from greenmfg.core.pagecache import register_changed
from greenmfg.core.vocabulary import Level, ListType, Role
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import Rules, rules_for, rules_for_slug
from greenmfg.parties.models import Organisation, OrganisationKind
from greenmfg.parties.names import name_keys, normalise_name
from greenmfg.parties.permissions import require
from greenmfg.parties.rules import has_role
from greenmfg.parties.scoping import official_path, scope_by_unit, sees_everything
from greenmfg.parties.services import refresh_name_keys
from greenmfg.register.models import (
    LINK_TRANSITIONS,
    LinkMethod,
    LinkState,
    Listing,
    ListingLink,
    ListingStatus,
)

#: a listing without a region, or with more candidates than this, is not proposed to
#: anyone: too many organisations share the name to be a useful proposal
MAX_PROPOSALS = 5
#: the article the links serve: listed units file the dynamic form (000 第十八条;
#: 004 第十三条), which needs to know which organisation a listing names
LINK_ARTICLE = "004 第十三条"


# --- matching (pure) -------------------------------------------------------------------


class OrgRow(NamedTuple):
    """What matching needs of an organisation: id, current name, unified social credit
    code, the path of its registered division, its former names (a tuple: cheap
    to build 500,000 times) and its stored normalised name (``Organisation.name_key``;
    ``""``: computed from ``name``)."""

    id: int
    name: str
    uscc: str
    path: str
    former_names: tuple[str, ...] = ()
    key: str = ""


class ListingRow(NamedTuple):
    """What matching needs of a listing: id, unit name, code, its region's path
    (``""`` when the source named no region the platform knows) and the unit name
    normalised (``""``: computed when needed)."""

    id: int
    unit_name: str
    uscc: str
    region_path: str
    key: str = ""


@dataclass
class MatchResult:
    """``linked``: (listing id, organisation id, method) certain links; ``proposed``:
    (listing id, [organisation ids]) ambiguous ones; ``unmatched``: listing ids without
    a candidate."""

    linked: list[tuple[int, int, str]] = field(default_factory=list)
    proposed: list[tuple[int, list[int]]] = field(default_factory=list)
    unmatched: list[int] = field(default_factory=list)


class NameIndex:
    """The organisations by unified social credit code and by normalised name (current
    and former names), built once: a dict lookup per listing, no query per listing."""

    def __init__(self, orgs: Iterable[OrgRow]):
        self.by_uscc: dict[str, int] = {}
        self.by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
        by_key = self.by_key
        for oid, name, uscc, path, former, stored in orgs:
            if uscc:
                self.by_uscc[uscc.upper()] = oid
            key = stored or normalise_name(name)
            by_key[key].append((oid, path))
            if former:
                for other in name_keys(former) - {key}:
                    by_key[other].append((oid, path))
        by_key.pop("", None)

    def candidates(self, unit_name: str, region_path: str, key: str = "") -> list[int]:
        """Organisations whose normalised name (or former name) is the listing's
        (``key``, when already computed, is ``normalise_name(unit_name)``), registered
        within ``region_path`` (every region when it is ``""``)."""
        found = self.by_key.get(key or normalise_name(unit_name), ())
        ids = [oid for oid, path in found if not region_path or path.startswith(region_path)]
        return sorted(set(ids))  # by id: the same whatever order the rows were read in


def match(listings: Iterable[ListingRow], index: NameIndex) -> MatchResult:
    """Match ``listings`` against the organisations of ``index``.

    A listing whose unified social credit code is an organisation's is linked to it
    (method ``uscc``); otherwise one name candidate within the listing's region is a
    certain link (``name``); several candidates, or a candidate while the listing has
    no known region, are proposed (at most :data:`MAX_PROPOSALS`); none → unmatched.
    Pure: no query. Raises nothing.
    """
    result = MatchResult()
    for row in listings:
        if row.uscc and (oid := index.by_uscc.get(row.uscc.upper())) is not None:
            result.linked.append((row.id, oid, LinkMethod.USCC.value))
            continue
        ids = index.candidates(row.unit_name, row.region_path, row.key)
        if len(ids) == 1 and row.region_path:
            result.linked.append((row.id, ids[0], LinkMethod.NAME.value))
        elif ids and len(ids) <= MAX_PROPOSALS:
            result.proposed.append((row.id, ids))
        else:
            result.unmatched.append(row.id)
    return result


# --- reading the database --------------------------------------------------------------


def former_names() -> dict[int, tuple[str, ...]]:
    """Former names of organisations, from their ``organisation.rename`` audit events
    (parties.services.organisation_rename): {organisation id: names}. Two queries."""
    by_uuid: dict[str, list[str]] = defaultdict(list)
    for object_uuid, payload in AuditEvent.objects.filter(action="organisation.rename").values_list(
        "object_uuid", "payload"
    ):
        if isinstance(payload, dict) and payload.get("from"):
            by_uuid[object_uuid].append(payload["from"])
    if not by_uuid:
        return {}
    ids = Organisation.objects.filter(uuid__in=list(by_uuid)).values_list("uuid", "id")
    return {oid: tuple(by_uuid[str(u)]) for u, oid in ids}


def organisation_rows() -> Iterable[OrgRow]:
    """Every enterprise and park as an :class:`OrgRow` (one query, plus the former
    names)."""
    former = former_names()
    org, div = Organisation._meta.db_table, Jurisdiction._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT o.id, o.name, o.uscc, d.path FROM {org} o "  # noqa: S608 (table names)
            f"JOIN {div} d ON d.id = o.registered_division_id WHERE o.kind <> %s",
            [OrganisationKind.AGENCY.value],
        )
        while chunk := cursor.fetchmany(50_000):
            for oid, name, uscc, path in chunk:
                yield OrgRow(oid, name, uscc or "", path or "", former.get(oid, ()))


def candidate_organisation_rows(
    listings: list[ListingRow], *, write_keys: bool = True
) -> list[OrgRow]:
    """The enterprises and parks that may match ``listings``, as :class:`OrgRow` s:
    those whose stored normalised name (``Organisation.name_key``) is one of the
    listings' normalised names, those whose unified social credit code is one of the
    listings' codes, and those with former names (``organisation.rename`` events).
    Matching against them gives what matching against every organisation gives, but
    only the listings' names are normalised per run: the organisations' are joined in
    SQL (a temporary table of the wanted keys and codes, ``COPY`` on PostgreSQL).

    Organisations written in bulk without a key are keyed first
    (:func:`greenmfg.parties.services.refresh_name_keys`; stored unless
    ``write_keys`` is False, as in a dry run). Five queries whatever the sizes.
    """
    former = former_names()
    fresh = refresh_name_keys(write=write_keys)
    wanted_keys = {row.key or normalise_name(row.unit_name) for row in listings} - {""}
    wanted_codes = {row.uscc.upper() for row in listings if row.uscc}
    org, div = Organisation._meta.db_table, Jurisdiction._meta.db_table
    select = (
        f"SELECT o.id, o.name, o.uscc, d.path, o.name_key FROM {org} o "  # noqa: S608
        f"JOIN {div} d ON d.id = o.registered_division_id WHERE o.kind <> %s AND "
    )
    agency = OrganisationKind.AGENCY.value
    found: dict[int, OrgRow] = {}

    def read(cursor, sql: str, params: list) -> None:
        cursor.execute(select + sql, [agency, *params])
        while chunk := cursor.fetchmany(20_000):
            for oid, name, uscc, path, key in chunk:
                if oid not in found:
                    key = key or fresh.get(oid, "")
                    found[oid] = OrgRow(oid, name, uscc or "", path or "", former.get(oid, ()), key)

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE link_wanted (k text NOT NULL, code boolean NOT NULL)"
        )
        try:
            wanted = [(k, False) for k in wanted_keys] + [(c, True) for c in wanted_codes]
            if connection.vendor == "postgresql":
                with cursor.cursor.copy("COPY link_wanted (k, code) FROM STDIN") as copy:
                    copy.write(
                        "".join(f"{_copy_text(k)}\t{'t' if c else 'f'}\n" for k, c in wanted)
                    )
                cursor.execute("ANALYZE link_wanted")
            else:
                cursor.executemany("INSERT INTO link_wanted (k, code) VALUES (%s, %s)", wanted)
            read(cursor, "o.name_key IN (SELECT k FROM link_wanted WHERE NOT code)", [])
            read(
                cursor,
                "o.uscc IS NOT NULL AND UPPER(o.uscc) IN (SELECT k FROM link_wanted WHERE code)",
                [],
            )
            if fresh and not write_keys:  # their keys are not stored: compared in Python
                read(cursor, "o.name_key = ''", [])
            ids = list(former)
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                read(cursor, f"o.id IN ({', '.join(['%s'] * len(chunk))})", chunk)
        finally:
            cursor.execute("DROP TABLE link_wanted")
    return list(found.values())


def unlinked_listings(jurisdiction=None) -> QuerySet[Listing]:
    """Listings with no unit and no link or proposal still open, within ``jurisdiction``
    (a region under it) when given."""
    qs = Listing.objects.filter(unit__isnull=True).exclude(links__state__in=LinkState.open_states())
    if jurisdiction is not None:
        qs = qs.filter(region__path__startswith=jurisdiction.path)
    return qs


@dataclass
class LinkReport:
    """What a run of :func:`link_listings` did (or, dry, would do): counts as numbers."""

    considered: int = 0
    linked_uscc: int = 0
    linked_name: int = 0
    proposed: int = 0
    proposals: int = 0
    unmatched: int = 0
    dry_run: bool = False
    rows: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def link_listings(
    *, actor=None, jurisdiction=None, dry_run: bool = False, orgs: Iterable[OrgRow] | None = None
) -> LinkReport:
    """Link the unlinked listings (of ``jurisdiction``'s regions, or all) to their
    organisations: certain matches become ``linked`` links and set ``Listing.unit``;
    ambiguous ones become ``proposed`` links for the official and the enterprise.

    Set-based: one read of the listings; the organisations that may match them joined
    in SQL on their stored normalised names and codes
    (:func:`candidate_organisation_rows`; or ``orgs`` when given); the links written
    with ``COPY`` and the units with one ``UPDATE … FROM`` a temporary table
    (``executemany`` on SQLite); one audit event ``listing_link.run`` with the counts
    and the SHA-256 of the pairs.
    A pair an official refused is not proposed again. ``dry_run`` writes nothing.
    Returns a :class:`LinkReport`; raises nothing of its own.
    """
    listing_rows = [
        ListingRow(lid, name, uscc, path or "", normalise_name(name))
        for lid, name, uscc, path in unlinked_listings(jurisdiction).values_list(
            "id", "unit_name", "uscc", "region__path"
        )
    ]
    if orgs is None:
        orgs = candidate_organisation_rows(listing_rows, write_keys=not dry_run)
    index = NameIndex(orgs)
    result = match(listing_rows, index)
    refused = set(
        ListingLink.objects.filter(state__in=[LinkState.REFUSED, LinkState.UNLINKED]).values_list(
            "listing_id", "organisation_id"
        )
    )
    linked = [t for t in result.linked if (t[0], t[1]) not in refused]
    proposed = [(lid, [o for o in ids if (lid, o) not in refused]) for lid, ids in result.proposed]
    proposed = [(lid, ids) for lid, ids in proposed if ids]
    report = LinkReport(
        considered=len(listing_rows),
        linked_uscc=sum(1 for t in linked if t[2] == LinkMethod.USCC),
        linked_name=sum(1 for t in linked if t[2] == LinkMethod.NAME),
        proposed=len(proposed),
        proposals=sum(len(ids) for _lid, ids in proposed),
        unmatched=len(result.unmatched),
        dry_run=dry_run,
    )
    if dry_run:
        return report
    with transaction.atomic():
        _write(actor, linked, proposed, report, jurisdiction)
    return report


def _write(actor, linked, proposed, report: LinkReport, jurisdiction) -> None:
    today = platform_today()
    now = timezone.now()
    linked_state, proposed_state = LinkState.LINKED.value, LinkState.PROPOSED.value
    by_name = LinkMethod.NAME.value
    rows = [
        (uuid.uuid4(), now, now, 1, lid, oid, linked_state, m, "", today) for lid, oid, m in linked
    ] + [
        (uuid.uuid4(), now, now, 1, lid, oid, proposed_state, by_name, "", None)
        for lid, ids in proposed
        for oid in ids
    ]
    _insert_links(rows)
    _set_units([(lid, oid) for lid, oid, _m in linked])
    pairs = "\n".join(f"{lid}:{oid}:{m}" for lid, oid, m in sorted(linked))
    record_event(
        actor=actor,
        action="listing_link.run",
        object_type="register.listinglink",
        object_label=str(jurisdiction or "全部"),
        jurisdiction_path=jurisdiction.path if jurisdiction is not None else "",
        citations=[LINK_ARTICLE],
        payload={
            **{k: v for k, v in report.as_dict().items() if k != "rows"},
            "pairs_sha256": hashlib.sha256(pairs.encode()).hexdigest(),
        },
    )
    register_changed()


_LINK_COLUMNS = (
    "uuid, created_at, updated_at, version, listing_id, organisation_id, state, method, "
    "note, decided_on"
)


def _insert_links(rows: list[tuple]) -> None:
    """Write the links without a model instance per row: ``COPY … FROM STDIN`` on
    PostgreSQL, ``executemany`` elsewhere (SQLite runs in-process)."""
    table = ListingLink._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY's text format written directly: the values are UUIDs, numbers,
            # times and fixed codes (the note escaped), 10× cheaper than write_row
            text = functools.cache(lambda v: _NULL if v is None else v.isoformat())
            with cursor.cursor.copy(f"COPY {table} ({_LINK_COLUMNS}) FROM STDIN") as copy:
                for start in range(0, len(rows), 20_000):
                    copy.write(
                        "".join(
                            f"{r[0]}\t{text(r[1])}\t{text(r[2])}\t{r[3]}\t{r[4]}"
                            f"\t{r[5]}\t{r[6]}\t{r[7]}\t{_copy_text(r[8])}\t{text(r[9])}\n"
                            for r in rows[start : start + 20_000]
                        )
                    )
            return
        ops = connection.ops
        cursor.executemany(
            f"INSERT INTO {table} ({_LINK_COLUMNS}) "  # noqa: S608 (table name)
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    r[0].hex,
                    ops.adapt_datetimefield_value(r[1]),
                    ops.adapt_datetimefield_value(r[2]),
                    *r[3:9],
                    ops.adapt_datefield_value(r[9]),
                )
                for r in rows
            ],
        )


#: NULL in COPY's text format
_NULL = "\\N"


def _copy_text(value: str) -> str:
    """``value`` as a field of COPY's text format (backslash, tab, newline and carriage
    return escaped)."""
    if not value:
        return value
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _set_units(pairs: list[tuple[int, int]]) -> None:
    """Set ``unit_id`` of each listing of ``pairs`` (listing id, organisation id) that
    has none: on PostgreSQL the pairs are copied into a temporary table and one
    ``UPDATE … FROM`` joins it; elsewhere ``executemany``."""
    table = Listing._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMPORARY TABLE listing_link_pairs (lid bigint, oid bigint) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY listing_link_pairs (lid, oid) FROM STDIN") as copy:
                # in the listings' order: their pages in turn
                copy.write("".join(f"{lid}\t{oid}\n" for lid, oid in sorted(pairs)))
            cursor.execute("ANALYZE listing_link_pairs")
            cursor.execute(
                f"UPDATE {table} AS l SET unit_id = p.oid FROM listing_link_pairs p "  # noqa: S608
                "WHERE l.id = p.lid AND l.unit_id IS NULL"
            )
            cursor.execute("DROP TABLE listing_link_pairs")
            return
        cursor.executemany(
            f"UPDATE {table} SET unit_id = %s WHERE id = %s AND unit_id IS NULL",  # noqa: S608
            [(oid, lid) for lid, oid in pairs],
        )


# --- claims (one link at a time) -------------------------------------------------------


def _region_paths(org: Organisation) -> list[str]:
    """The paths of ``org``'s registered division and its ancestors."""
    codes = org.registered_division.path.strip("/").split("/")
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


def candidate_listings(org: Organisation) -> QuerySet[Listing]:
    """这些名单中可能是贵单位: listings without a unit that ``org`` may claim: their unit
    name, normalised, is ``org``'s current or a former name, and their region is
    ``org``'s division or above it (or unknown); plus those the platform proposed for
    ``org``. Two queries to build (the listings' names of those regions are read as
    rows and compared in Python), returns a queryset."""
    keys = name_keys([org.name, *former_names_of(org)])
    rows = (
        Listing.objects.filter(unit__isnull=True)
        .filter(Q(region__path__in=_region_paths(org)) | Q(region__isnull=True))
        .values_list("id", "unit_name")
    )
    ids = {lid for lid, name in rows if normalise_name(name) in keys}
    proposed = Q(links__organisation=org, links__state=LinkState.PROPOSED)
    return (
        Listing.objects.filter(Q(pk__in=ids) | proposed)
        .filter(unit__isnull=True)
        .exclude(links__organisation=org, links__state__in=[LinkState.REFUSED, LinkState.CLAIMED])
        .select_related("green_list", "region")
        .distinct()
        .order_by("-year", "level", "list_type", "id")
    )


def former_names_of(org: Organisation) -> list[str]:
    """``org``'s former names (its ``organisation.rename`` audit events); one query."""
    return [
        p.get("from", "")
        for p in AuditEvent.objects.filter(
            action="organisation.rename", object_uuid=str(org.uuid)
        ).values_list("payload", flat=True)
        if isinstance(p, dict)
    ]


def _move(link: ListingLink, *, to: str, actor, action: str, reason: str = "", updates=None):
    return apply_transition(
        link,
        to=to,
        actor=actor,
        action=action,
        allowed=LINK_TRANSITIONS,
        reason=reason,
        citations=[LINK_ARTICLE],
        updates=updates,
        payload={"listing": str(link.listing.uuid), "organisation": str(link.organisation.uuid)},
    )


@transaction.atomic(durable=True)
def listing_claim(*, actor, listing: Listing, note: str = "") -> ListingLink:
    """认领: an enterprise (or park) user claims ``listing`` as its unit's. The listing
    must have no unit and be one of :func:`candidate_listings` of the user's
    organisation (by name or proposed by the platform). A platform proposal moves to
    ``claimed``; otherwise a new ``claimed`` link is created (audited
    ``listing_link.claim``). Returns the link. Raises NotPermitted (not a unit user),
    RuleViolation (``link.not_candidate``, ``link.already_linked``)."""
    require(actor, "register.claim_listing", listing)
    org = actor.organisation
    listing = lock(listing)
    d = Decision()
    if listing.unit_id is not None:
        d.refuse("link.already_linked", _("该名单条目已关联单位"), LINK_ARTICLE)
    elif not candidate_listings(org).filter(pk=listing.pk).exists():
        d.refuse("link.not_candidate", _("该名单条目的单位名称与贵单位名称不一致"), LINK_ARTICLE)
    d.raise_if_refused()
    link = ListingLink.objects.filter(
        listing=listing, organisation=org, state=LinkState.PROPOSED
    ).first()
    if link is not None:
        link.listing = listing
        return _move(
            link,
            to=LinkState.CLAIMED,
            actor=actor,
            action="listing_link.claim",
            reason=note,
            updates={"note": note[:300]},
        )
    link = ListingLink.objects.create(
        listing=listing,
        organisation=org,
        state=LinkState.CLAIMED,
        method=LinkMethod.CLAIM,
        note=note[:300],
    )
    record_event(
        actor=actor,
        action="listing_link.claim",
        obj=link,
        to_state=LinkState.CLAIMED,
        reason=note,
        citations=[LINK_ARTICLE],
        payload={"listing": str(listing.uuid), "organisation": str(org.uuid)},
    )
    return link


@transaction.atomic(durable=True)
def link_confirm(*, actor, link: ListingLink) -> ListingLink:
    """确认: the unit's district or city official confirms a claimed or proposed link;
    ``listing.unit`` becomes the organisation (compare-and-set: only while the listing
    has none), other open links of the listing are refused. Audited
    ``listing_link.confirm``. Returns the link. Raises NotPermitted (not the unit's
    district or city official), TransitionConflict (decided already, or the listing
    got a unit meanwhile)."""
    link = lock(link)
    require(actor, "register.decide_link", link)
    if link.state not in LinkState.pending_states():
        raise TransitionConflict(f"link {link.pk} is {link.state}")
    rows = Listing.objects.filter(pk=link.listing_id, unit__isnull=True).update(
        unit_id=link.organisation_id
    )
    if rows != 1:
        raise TransitionConflict(f"listing {link.listing_id} has a unit already")
    link = _move(
        link,
        to=LinkState.LINKED,
        actor=actor,
        action="listing_link.confirm",
        updates={"decided_on": platform_today()},
    )
    others = ListingLink.objects.filter(
        listing_id=link.listing_id, state__in=LinkState.pending_states()
    ).exclude(pk=link.pk)
    for other in others.select_related("listing", "organisation"):
        _move(
            other,
            to=LinkState.REFUSED,
            actor=actor,
            action="listing_link.refuse",
            reason=str(_("该名单条目已关联其他单位")),
            updates={"decided_on": platform_today()},
        )
    register_changed()
    return link


@transaction.atomic(durable=True)
def link_refuse(*, actor, link: ListingLink, reason: str) -> ListingLink:
    """驳回: the official refuses a claimed or proposed link, with a reason; the pair
    is not proposed again. Audited ``listing_link.refuse``. Raises NotPermitted,
    RuleViolation (``link.reason_required``), TransitionConflict."""
    link = lock(link)
    require(actor, "register.decide_link", link)
    d = Decision()
    if not (reason or "").strip():
        d.refuse("link.reason_required", _("驳回须写明理由"), LINK_ARTICLE)
    d.raise_if_refused()
    return _move(
        link,
        to=LinkState.REFUSED,
        actor=actor,
        action="listing_link.refuse",
        reason=reason.strip(),
        updates={"decided_on": platform_today()},
    )


@transaction.atomic(durable=True)
def link_unlink(*, actor, link: ListingLink, reason: str) -> ListingLink:
    """解除关联: the official undoes a link made in error; ``listing.unit`` is cleared
    (only for a listing of an imported list, never one published on the platform).
    Audited ``listing_link.unlink``. Raises NotPermitted, RuleViolation
    (``link.reason_required``, ``link.platform_listing``), TransitionConflict."""
    link = lock(link)
    require(actor, "register.decide_link", link)
    d = Decision()
    if not (reason or "").strip():
        d.refuse("link.reason_required", _("解除关联须写明理由"), LINK_ARTICLE)
    if link.listing.application_id is not None:
        d.refuse("link.platform_listing", _("本平台公布的名单条目不能解除关联"), LINK_ARTICLE)
    d.raise_if_refused()
    Listing.objects.filter(pk=link.listing_id, unit_id=link.organisation_id).update(unit=None)
    link = _move(
        link, to=LinkState.UNLINKED, actor=actor, action="listing_link.unlink", reason=reason
    )
    register_changed()
    return link


def pending_links(user) -> QuerySet[ListingLink]:
    """Claims and proposals the official ``user`` decides (scoped to the units the user
    may see)."""
    qs = ListingLink.objects.filter(state__in=LinkState.pending_states())
    return scope_by_unit(qs, user, "organisation").select_related(
        "listing", "listing__green_list", "organisation", "organisation__registered_division"
    )


# --- the chase list and the unit's page ------------------------------------------------


@dataclass
class ChaseRow:
    """One listed unit not yet linked: the listing, the filing year of its next dynamic
    form and that form's deadline (``None`` when its list type or level files none)."""

    listing: Listing
    filing_year: int | None
    deadline: dt.date | None
    deadline_ref: str = ""


def chase_listings(user) -> QuerySet[Listing]:
    """待关联: active listings without a unit in ``user``'s area: those whose region lies
    within the official's jurisdiction, and those whose region is above it (a national
    listing names only the province) but whose normalised name is an organisation's
    registered in the area. National officials: every unlinked listing. Others: none.
    Three queries to build (the area's organisation names, the listings of the regions
    above, as rows); returns a queryset."""
    qs = Listing.objects.filter(unit__isnull=True, status=ListingStatus.ACTIVE)
    if sees_everything(user):
        return qs
    path = official_path(user)
    if not path or not has_role(Role.DISTRICT, Role.CITY, Role.PROVINCE)(user):
        return qs.none()
    keys = name_keys(
        Organisation.objects.filter(registered_division__path__startswith=path)
        .exclude(kind=OrganisationKind.AGENCY)
        .values_list("name", flat=True)
    )
    codes = path.strip("/").split("/")
    above = ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes) - 1)]
    rows = qs.filter(region__path__in=above).values_list("id", "unit_name")
    ids = [lid for lid, name in rows if normalise_name(name) in keys]
    return qs.filter(Q(region__path__startswith=path) | Q(pk__in=ids))


def chase_rows(user, listings, today: dt.date | None = None) -> list[ChaseRow]:
    """The next dynamic-form deadline of each of ``listings`` (a page of
    :func:`chase_listings`), from the rules of the official's jurisdiction
    (``dynamic.annual_report_deadline``, ``dynamic.filing_levels``: 000 第十八条,
    004 第十三条, 003 第十六条): the first filing year after the listing's year whose
    deadline is not past. No query beyond the rules (cached per filing year)."""
    today = today or platform_today()
    area = user.authority.jurisdiction if user.authority_id else None
    rules_by_year: dict[int, Rules] = {}

    def rules(year: int) -> Rules:
        if year not in rules_by_year:
            rules_by_year[year] = (
                rules_for(area, dt.date(year, 1, 1))
                if area is not None
                else rules_for_slug("national", dt.date(year, 1, 1))
            )
        return rules_by_year[year]

    out = []
    for li in listings:
        year = max(today.year, li.year + 1)
        r = rules(year)
        if li.list_type not in ListType.dynamic_form_types() or li.level not in r.get(
            "dynamic.filing_levels", []
        ):
            out.append(ChaseRow(li, None, None))
            continue
        deadline = r.month_day("dynamic.annual_report_deadline", year)
        if deadline < today:
            year += 1
            r = rules(year)
            deadline = r.month_day("dynamic.annual_report_deadline", year)
        out.append(ChaseRow(li, year, deadline, r.ref("dynamic.annual_report_deadline")))
    return out


@dataclass
class UnitRecord:
    """一个单位的各级名单: ``unit``'s listings from municipal to national, oldest first
    within a level, its current name and former names (the organisation's renames, the
    names its listings were published under, and the listings' recorded former names)."""

    unit: Organisation
    listings: list[Listing]
    former_names: list[str]

    @property
    def active(self) -> bool:
        return any(li.status == ListingStatus.ACTIVE for li in self.listings)


def unit_record(unit: Organisation) -> UnitRecord:
    """:class:`UnitRecord` of ``unit`` (public: the published lists are public). Two
    queries (the listings with their lists and regions, the rename events)."""
    listings = sorted(
        Listing.objects.filter(unit=unit).select_related("green_list", "region"),
        key=lambda li: (Level.rank(li.level), li.year, li.list_type, li.pk),
    )
    names = [*former_names_of(unit)]
    for li in listings:
        names.extend((li.details or {}).get("former_names", []))
        names.append(li.unit_name)
    current = normalise_name(unit.name)
    seen: set[str] = {current}
    former = []
    for n in names:
        key = normalise_name(n)
        if n and key not in seen:
            seen.add(key)
            former.append(n)
    return UnitRecord(unit, listings, former)
