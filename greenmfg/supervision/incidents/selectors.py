"""Read-side queries of incidents, scoped to the officials (DESIGN.md decision 4)."""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.parties.scoping import official_path, scope_by_unit, sees_everything
from greenmfg.supervision.incidents.models import Incident


def incidents_for(user) -> QuerySet[Incident]:
    """Incidents, for officials only (units see none: the record is the authority's)."""
    if not (sees_everything(user) or official_path(user)):
        return Incident.objects.none()
    return scope_by_unit(
        Incident.objects.select_related(
            "unit", "unit__registered_division", "recorded_by", "reported_to"
        ),
        user,
    )
