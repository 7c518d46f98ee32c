"""Service functions of the public register: creating published lists and listings,
raising a listing's star."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core.pagecache import register_changed
from greenmfg.register.models import LISTING_STAR_RISES, GreenList, Listing, ListSource
from greenmfg.register.search import fill_search_text


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
    """One active listing per listed application, with its star or grade."""
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
            industry_text=str(app.unit.industry) if app.unit.industry_id else "",
            listed_on=listed_on,
            source=ListSource.PLATFORM,
        )
        for app in applications
    ]
    created = Listing.objects.bulk_create(fill_search_text(rows))
    register_changed()  # bulk_create sends no signal (greenmfg/core/pagecache.py)
    return created


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
