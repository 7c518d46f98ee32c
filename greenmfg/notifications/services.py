"""Raising, reading and mailing notifications.

:func:`notify_for_event` is the audit kernel's listener (``audit.services.event_listen``,
registered in ``NotificationsConfig.ready``): it runs after the transaction that wrote
the event commits — a rolled-back decision tells nobody — writes one notification per
recipient (``routing.deliveries_for``) and queues the e-mails (``tasks``). Marking read
and saving one's e-mail preferences change only the reader's own view, not a decision on
any object: they are not audit events.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenmfg.core.decisions import Decision
from greenmfg.notifications import tasks
from greenmfg.notifications.kinds import NotificationKind
from greenmfg.notifications.models import Notification, NotificationPreference
from greenmfg.notifications.routing import deliveries_for
from greenmfg.notifications.selectors import unread_cache_key
from greenmfg.parties.models import User


def _forget_counts(user_ids: Iterable[int]) -> None:
    cache.delete_many([unread_cache_key(pk) for pk in set(user_ids)])


def notify_for_event(event) -> list[Notification]:
    """Tell the recipients of audit ``event`` (an ``AuditEvent`` just committed).

    In: the event. Out: the notifications written (one per recipient and event; the
    actor is never told of their own act). Queues, after commit, one e-mail task for the
    users who want this kind by mail and one for an anonymous sender's outcome
    (``tasks.send_notification_mails``, ``tasks.send_outcome_mail``)."""
    deliveries = deliveries_for(event)
    if not deliveries:
        return []
    actor_id = None
    if event.actor_uuid:
        actor_id = User.objects.filter(uuid=event.actor_uuid).values_list("pk", flat=True).first()
    rows: dict[int, Notification] = {}
    outcome = False
    for d in deliveries:
        if d.public_email:
            outcome = True
        for user_id in d.user_ids:
            if user_id == actor_id or user_id in rows:
                continue
            rows[user_id] = Notification(
                recipient_id=user_id,
                business_date=event.business_date,
                kind=d.kind,
                event_uuid=event.uuid,
                action=event.action,
                object_type=event.object_type,
                object_uuid=event.object_uuid,
                object_label=event.object_label[:300],
                from_state=event.from_state,
                to_state=event.to_state,
                url_name=d.url_name,
                url_uuid=d.url_uuid,
            )
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows.values(), ignore_conflicts=True)
    _forget_counts(rows)
    event_uuid = str(event.uuid)
    if rows:
        transaction.on_commit(lambda: tasks.send_notification_mails.delay(event_uuid), robust=True)
    if outcome:
        object_type, object_uuid = event.object_type, event.object_uuid
        transaction.on_commit(
            lambda: tasks.send_outcome_mail.delay(object_type, object_uuid), robust=True
        )
    return created


def notification_mark_read(*, user, notification: Notification) -> Notification:
    """Mark ``user``'s own ``notification`` read (idempotent). Raises ``PermissionError``
    for someone else's notification (the views and the API only find one's own)."""
    if notification.recipient_id != getattr(user, "pk", None):
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
        _forget_counts([user.pk])
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark all of ``user``'s unread notifications read; out: how many were unread."""
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _forget_counts([user.pk])
    return count


@transaction.atomic
def preferences_save(*, user, email_kinds: Iterable[str]) -> NotificationPreference:
    """Save the kinds ``user`` wants by e-mail (in-app notifications are always on).
    Raises ``RuleViolation`` (``notifications.kind``) naming an unknown kind."""
    kinds = sorted(set(email_kinds))
    d = Decision()
    unknown = [k for k in kinds if k not in NotificationKind.values]
    if unknown:
        d.refuse(
            "notifications.kind",
            _("邮件通知类别无效：{kinds}"),
            kinds="、".join(unknown),
        )
    d.raise_if_refused()
    pref, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_kinds": kinds}
    )
    return pref
