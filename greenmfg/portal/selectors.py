"""Reads of the public home page."""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.core import clock
from greenmfg.register.models import GreenList, ListSource
from greenmfg.selection.models import PublicNotice


def home_lists(limit: int = 8, *, simulated: bool = False) -> QuerySet[GreenList]:
    """The latest published lists, newest first: the real ones (MIIT's, this platform's,
    imported), or with ``simulated`` the demo's — shown apart and labelled, never mixed
    in above the real ones as if real (issue 18 item 2)."""
    lists = GreenList.objects.select_related("jurisdiction").order_by("-published_on", "-year")
    if simulated:
        return lists.filter(source__in=ListSource.simulated())[:limit]
    return lists.exclude(source__in=ListSource.simulated())[:limit]


def running_notices(limit: int = 8) -> QuerySet[PublicNotice]:
    """Public notices still running on the platform date, the earliest first."""
    return (
        PublicNotice.objects.select_related("campaign__jurisdiction")
        .filter(last_day__gte=clock.today())
        .order_by("first_day")[:limit]
    )
