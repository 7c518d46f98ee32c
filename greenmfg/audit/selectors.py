"""Reading the audit record: an object's timeline."""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.audit.models import AuditEvent


def timeline_for(obj) -> QuerySet[AuditEvent]:
    """The audit events of one object, oldest first (the caller has already checked
    that the user may see ``obj``)."""
    return AuditEvent.objects.filter(object_uuid=str(obj.uuid)).order_by("seq")
