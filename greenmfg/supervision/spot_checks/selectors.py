"""Read-side queries of the spot checks: the draws of the official's authority and
those below it, and the public read model (双随机、一公开: every draw is public)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from greenmfg.parties.scoping import official_path, sees_everything
from greenmfg.supervision.spot_checks.models import SpotCheckDraw, SpotCheckItem


def draws_for(user) -> QuerySet[SpotCheckDraw]:
    """Draws of the official's authority and those below it."""
    qs = SpotCheckDraw.objects.select_related("authority")
    if sees_everything(user):
        return qs
    path = official_path(user)
    return qs.filter(authority__path__startswith=path) if path else qs.none()


def public_draws() -> QuerySet[SpotCheckDraw]:
    """Every draw (public), with its number of drawn units."""
    return SpotCheckDraw.objects.select_related("authority").annotate(n_items=Count("items"))


def draw_items(draw: SpotCheckDraw) -> QuerySet[SpotCheckItem]:
    """The drawn units of ``draw`` in draw order, with their inspectors."""
    return (
        SpotCheckItem.objects.filter(draw=draw)
        .select_related("draw", "unit", "unit__registered_division")
        .prefetch_related("inspectors")
        .order_by("position")
    )


def items_for(user) -> QuerySet[SpotCheckItem]:
    """Drawn units of the draws the user may see (the pages' result form)."""
    return SpotCheckItem.objects.filter(draw__in=draws_for(user)).select_related("draw")
