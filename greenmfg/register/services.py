"""Service functions of the public register: creating published lists and listings."""

from __future__ import annotations

import datetime as dt

from greenmfg.core.pagecache import register_changed
from greenmfg.register.documents import documents_queue_missing
from greenmfg.register.models import GreenList, Listing, ListSource
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
    # the announcement and the table are rendered now, in the background, never in the
    # first visitor's request (greenmfg/register/documents.py)
    documents_queue_missing([green_list], detach=True)
    return created
