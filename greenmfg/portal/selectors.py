"""Reads of the public home page."""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.core import clock
from greenmfg.register.models import GreenList
from greenmfg.selection.models import PublicNotice


def home_lists(limit: int = 8) -> QuerySet[GreenList]:
    """The latest published lists, newest first."""
    return GreenList.objects.select_related("jurisdiction").order_by("-published_on", "-year")[
        :limit
    ]


def running_notices(limit: int = 8) -> QuerySet[PublicNotice]:
    """Public notices still running on the platform date, the earliest first."""
    return (
        PublicNotice.objects.select_related("campaign__jurisdiction")
        .filter(last_day__gte=clock.today())
        .order_by("first_day")[:limit]
    )
