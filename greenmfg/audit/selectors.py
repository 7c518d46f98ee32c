"""Reading the audit record: an object's timeline, the auditors' view, the
published chain heads."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from greenmfg.audit.models import AuditEvent, PublishedChainHead
from greenmfg.core.vocabulary import Role


def timeline_for(obj) -> QuerySet[AuditEvent]:
    """The audit events of one object, oldest first (the caller has already checked
    that the user may see ``obj``)."""
    return AuditEvent.objects.filter(object_uuid=str(obj.uuid)).order_by("seq")


def auditor_scope(user) -> str | None:
    """The jurisdiction path whose audit events the user may read as an auditor:
    ``""`` for a platform or national auditor (everything, system events included),
    the authority's path for an auditor bound to a lower authority, ``None`` for
    anyone who is not an active auditor — administrators and officials included
    (等保 8.1.4.2 d 管理用户权限分离; 8.1.5.3 审计管理)."""
    if not (user.is_authenticated and user.is_active and user.role == Role.AUDITOR):
        return None
    if user.authority_id is None or user.authority.jurisdiction.level == "national":
        return ""
    return user.authority.jurisdiction.path


def audit_events_for(
    user,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    action: str = "",
    obj: str = "",
) -> QuerySet[AuditEvent]:
    """The audit events an auditor may read, newest first, filtered.

    In: the user; optional first and last day the events occurred (inclusive, in
    Asia/Shanghai), an ``action`` prefix (``application`` matches
    ``application.submit``) and ``obj``, an object's UUID or part of its label.
    Scope: :func:`auditor_scope` — an auditor bound to an authority reads the events
    whose ``jurisdiction_path`` starts with the authority's path; everyone but an
    auditor gets nothing.
    """
    scope = auditor_scope(user)
    if scope is None:
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.all()
    if scope:
        qs = qs.filter(jurisdiction_path__startswith=scope)
    if date_from:
        qs = qs.filter(occurred_at__gte=day_start(date_from))
    if date_to:
        qs = qs.filter(occurred_at__lt=day_start(date_to + dt.timedelta(days=1)))
    if action:
        qs = qs.filter(action__startswith=action)
    if obj:
        qs = qs.filter(Q(object_uuid=obj) | Q(object_label__icontains=obj))
    return qs.order_by("-seq")


def acts_of(user) -> QuerySet[AuditEvent]:
    """已办: the audit events whose actor is ``user`` — their own decisions,
    submissions and other acts — newest first; nothing for a visitor who is not
    signed in. Reading one's own acts needs no auditor role (docs/security.md): the
    events are scoped to the user by ``actor_uuid`` (indexed with ``seq``)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "uuid", None):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(actor_uuid=str(user.uuid)).order_by("-seq")


def published_heads() -> QuerySet[PublishedChainHead]:
    """Every published chain head, newest first (public)."""
    return PublishedChainHead.objects.order_by("-date")


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
