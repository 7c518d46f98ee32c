"""Reads of the 企业绿码 for pages and commands (codes are public; the units without a
code are shown to the officials whose jurisdiction holds them and to the unit itself)."""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.greencode.models import GradingRun, GreenCode, Ungraded
from greenmfg.parties.scoping import scope_by_unit
from greenmfg.register.models import Listing


def runs() -> QuerySet[GradingRun]:
    return GradingRun.objects.select_related("jurisdiction").order_by("-year", "-graded_on", "-id")


def codes() -> QuerySet[GreenCode]:
    return GreenCode.objects.select_related("run__jurisdiction", "unit", "listing__green_list")


def ungraded_for(user, run: GradingRun) -> QuerySet[Ungraded]:
    """The run's units without a code that ``user`` may see (scoped by unit)."""
    qs = run.ungraded.select_related("listing").order_by("reason", "unit_name")
    return scope_by_unit(qs.filter(unit__isnull=False), user)


def unit_lists(code: GreenCode) -> QuerySet[Listing]:
    """The unit's listings on the published lists (every level, every type), newest first."""
    return (
        Listing.objects.filter(unit_id=code.unit_id)
        .select_related("green_list")
        .order_by("-year", "level")
    )


__all__ = ["codes", "runs", "ungraded_for", "unit_lists"]
