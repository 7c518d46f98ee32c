"""Read-side queries of complaints, scoped to the officials (DESIGN.md decision 4)."""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.parties.scoping import official_path, sees_everything
from greenmfg.supervision.complaints.models import Complaint


def complaints_for(user) -> QuerySet[Complaint]:
    """Complaints handled within the official's jurisdiction (the identity is masked
    except for the handling authority's officials: see complaints.services.masked)."""
    qs = Complaint.objects.select_related("target", "target__registered_division", "handler")
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    path = official_path(user)
    if path:
        return qs.filter(handler__path__startswith=path)
    return qs.none()
