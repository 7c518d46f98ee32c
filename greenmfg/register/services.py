"""Service functions of the public register: creating published lists and listings,
removing a listing from its list, following a unit's change of name and raising a
listing's star."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core.decisions import TransitionConflict
from greenmfg.core.pagecache import register_changed
from greenmfg.parties.uscc import is_simulated_uscc
from greenmfg.register.documents import documents_queue_missing
from greenmfg.register.models import (
    LISTING_STAR_RISES,
    LISTING_TRANSITIONS,
    AdjustmentNotice,
    GreenList,
    Listing,
    ListingName,
    ListingStatus,
    ListSource,
)
from greenmfg.register.search import fill_search_text
from greenmfg.register.signals import listing_removed


def green_list_create(
    *, jurisdiction, level: str, year: int, title: str, published_on: dt.date, campaign=None
) -> GreenList:
    """Create the published list of a campaign (called by selection.list_publish)."""
    return GreenList.objects.create(
        jurisdiction=jurisdiction,
        level=level,
        year=year,
        title=title,
        published_on=published_on,
        campaign=campaign,
        source=ListSource.PLATFORM,
    )


def listings_create_for(
    *, green_list: GreenList, applications, listed_on: dt.date
) -> list[Listing]:
    """One active listing per listed application, with its star or grade.

    A list that lists any simulated unit (a demo unit's code, :func:`greenmfg.parties.uscc.
    is_simulated_uscc`) is a simulated list: it and all its listings get the source
    ``simulated`` (labelled 模拟数据, watermarked, never signed as a real authority;
    issue 18 item 2)."""
    applications = list(applications)
    source = ListSource.PLATFORM
    if any(is_simulated_uscc(app.unit.uscc) for app in applications):
        source = ListSource.SIMULATED
        if green_list.source != source:
            green_list.source = source
            green_list.save(update_fields=["source"])
    rows = [
        Listing(
            green_list=green_list,
            unit=app.unit,
            application=app,
            unit_name=app.unit.name,
            uscc=app.unit.uscc or "",
            list_type=app.list_type,
            level=green_list.level,
            year=green_list.year,
            region=app.unit.registered_division,
            region_text=app.unit.registered_division.full_name,
            star=app.star,
            grade=app.grade,
            agency_name=app.report.agency.name if app.report and app.report.agency_id else "",
            agency=app.report.agency if app.report and app.report.agency_id else None,
            industry_text=str(app.unit.industry) if app.unit.industry_id else "",
            listed_on=listed_on,
            source=source,
        )
        for app in applications
    ]
    created = Listing.objects.bulk_create(fill_search_text(rows))
    register_changed()  # bulk_create sends no signal (greenmfg/core/pagecache.py)
    # the announcement and the table are rendered now, in the background, never in the
    # first visitor's request (greenmfg/register/documents.py)
    documents_queue_missing([green_list], detach=True)
    return created


def _locked(listings) -> list[Listing]:
    """Fresh copies of ``listings``, locked in one query (``SELECT … FOR UPDATE`` on
    PostgreSQL; SQLite's IMMEDIATE transaction holds the write lock already)."""
    qs = (
        Listing.objects.filter(pk__in=[li.pk for li in listings])
        .select_related("region")
        .order_by("pk")
    )
    if connection.features.has_select_for_update:
        qs = (
            qs.select_for_update(of=("self",))
            if connection.features.has_select_for_update_of
            else qs.select_for_update()
        )
    return list(qs)


def _remove(listing: Listing, *, actor, on: dt.date, reason: str, citations) -> Listing:
    listing = apply_transition(
        listing,
        field="status",
        to=ListingStatus.REMOVED,
        actor=actor,
        action="listing.remove",
        allowed=LISTING_TRANSITIONS,
        updates={"removed_on": on},
        reason=reason,
        citations=citations,
    )
    # apps above the register follow the removal in this transaction (企业绿码 withdrawn)
    listing_removed.send(sender=Listing, listing=listing, actor=actor, on=on, reason=reason)
    return listing


@transaction.atomic
def listing_remove(
    *, actor, listing: Listing, on: dt.date, reason: str = "", citations: list[str] | None = None
) -> Listing:
    """Move one listing from active to removed on ``on`` (移出: 000 第二十一条, 002 第二十条,
    003 第十八条, 004 第十六条), with its audit event ``listing.remove``. The caller (a
    supervision removal) has checked who removes and why. Returns the listing; raises
    TransitionConflict when it is no longer active or changed since it was read."""
    listing = _remove(lock(listing), actor=actor, on=on, reason=reason, citations=citations)
    register_changed()  # an UPDATE sends no signal (greenmfg/core/pagecache.py)
    return listing


@transaction.atomic
def listings_remove(
    *, actor, listings, on: dt.date, reason: str = "", citations: list[str] | None = None
) -> list[Listing]:
    """:func:`listing_remove` for each of ``listings`` (locked together in one query):
    one transition and one audit event per listing. Returns the listings."""
    removed = [
        _remove(li, actor=actor, on=on, reason=reason, citations=citations)
        for li in _locked(listings)
    ]
    if len(removed) != len({li.pk for li in listings}):
        raise TransitionConflict("a listing to remove no longer exists")
    register_changed()
    return removed


@transaction.atomic
def listing_rename(
    *,
    actor,
    listing: Listing,
    name: str,
    on: dt.date,
    reason: str = "",
    citations: list[str] | None = None,
    notice: AdjustmentNotice | None = None,
) -> Listing:
    """Write a unit's new name on one of its listings (名称变更 accepted by the authority
    that publishes the list: 000 第二十三条, 004 第十五条; or an adjustment notice's
    更名名单, greenmfg/register/adjustments.py): the former name is kept in
    ``details["former_names"]`` (searchable, shown as 曾用名) and in the name history
    (:class:`~greenmfg.register.models.ListingName`: the old name valid until ``on``,
    the new one from ``on``, with ``notice``), ``changed_on`` is set and the search
    words follow (``Listing.save``). Audited as ``listing.rename``. Returns the listing;
    raises ValueError for an empty name or a change dated before the last one."""
    name = (name or "").strip()
    if not name:
        raise ValueError("a listing's new name may not be empty")
    listing = lock(listing)
    former = listing.unit_name
    details = dict(listing.details or {})
    if former != name:
        history = list(listing.names.filter(valid_until__isnull=True))
        if any(h.valid_from and h.valid_from > on for h in history):
            raise ValueError("a rename may not be dated before the listing's last rename")
        if former:
            details["former_names"] = [*details.get("former_names", []), former]
        if history:
            listing.names.filter(pk__in=[h.pk for h in history]).update(valid_until=on)
        elif former:
            ListingName.objects.create(
                listing=listing, name=former, valid_from=listing.listed_on, valid_until=on
            )
        ListingName.objects.create(listing=listing, name=name, valid_from=on, notice=notice)
    listing.unit_name = name
    listing.details = details
    listing.changed_on = on
    listing.save(update_fields=["unit_name", "details", "changed_on", "updated_at"])
    record_event(
        actor=actor,
        action="listing.rename",
        obj=listing,
        reason=reason,
        citations=citations,
        payload={
            "from": former,
            "to": name,
            "on": on.isoformat(),
            "notice": str(notice.uuid) if notice else "",
        },
    )
    register_changed()  # an UPDATE sends no signal (greenmfg/core/pagecache.py)
    return listing


@transaction.atomic
def listing_changed(
    *, actor, listing: Listing, on: dt.date, reason: str = "", citations: list[str] | None = None
) -> Listing:
    """Record on one listing that its unit's accepted change of scope, address or
    boundary (000 第二十三条, 004 第十五条) applies to it from ``on`` (``changed_on``); the
    listing stays active. Audited as ``listing.change``. Returns the listing."""
    listing = lock(listing)
    listing.changed_on = on
    listing.save(update_fields=["changed_on", "updated_at"])
    record_event(
        actor=actor, action="listing.change", obj=listing, reason=reason, citations=citations
    )
    return listing


@transaction.atomic
def listing_star_raise(
    *, actor, listing: Listing, star: int, citations: list[str], payload: dict
) -> Listing:
    """Raise ``listing``'s star to ``star`` (004 第三条、第十一条: a unit listed at a higher
    level rises automatically on its municipal list; the caller,
    :func:`greenmfg.selection.publication.raise_municipal_stars`, reads the city's
    ``stars.<level>``). Compare-and-set on the star (``LISTING_STAR_RISES``: a star
    only rises) and one audit event ``listing.star_raise`` (from and to the star).
    Returns the listing; raises ``TransitionConflict`` when the star is not lower or
    the row changed since it was read."""
    listing = lock(listing)
    listing = apply_transition(
        listing,
        field="star",
        to=star,
        actor=actor,
        action="listing.star_raise",
        allowed=LISTING_STAR_RISES,
        citations=citations,
        payload=payload,
    )
    register_changed()  # an UPDATE sends no signal (greenmfg/core/pagecache.py)
    return listing
