"""Read-side queries of changes (变更), scoped to the user (DESIGN.md decision 4)."""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.parties.scoping import scope_by_unit
from greenmfg.supervision.changes.models import ChangeReport


def changes_for(user) -> QuerySet[ChangeReport]:
    """Change reports of the units the user may see."""
    return scope_by_unit(
        ChangeReport.objects.select_related("unit", "unit__registered_division", "reviewer"), user
    )
