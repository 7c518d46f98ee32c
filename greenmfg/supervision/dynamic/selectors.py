"""Read-side queries of the dynamic form and the on-site checks, scoped to the user
(DESIGN.md decision 4)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from greenmfg.parties.scoping import scope_by_unit
from greenmfg.supervision.dynamic.models import DynamicForm, FilingOfficer, OnSiteCheck

UNIT = ("unit", "unit__registered_division")


def forms_for(user) -> QuerySet[DynamicForm]:
    """Dynamic forms the user may see, with their anomaly-flag count."""
    qs = DynamicForm.objects.select_related(*UNIT, "reviewer").annotate(n_flags=Count("flags"))
    return scope_by_unit(qs, user)


def checks_for(user) -> QuerySet[OnSiteCheck]:
    """On-site checks of the units the user may see."""
    return scope_by_unit(OnSiteCheck.objects.select_related(*UNIT, "authority", "form"), user)


def filing_officer_of(unit) -> FilingOfficer | None:
    """The unit's filing officer (专员), if recorded."""
    return FilingOfficer.objects.filter(unit=unit).first()
