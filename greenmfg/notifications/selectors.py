"""Reading the notifications: always the signed-in user's own, never anyone else's."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet

from greenmfg.notifications.kinds import EMAIL_ON_BY_DEFAULT
from greenmfg.notifications.models import Notification, NotificationPreference

#: how long an unread count is kept (seconds); every write to a user's notifications
#: (``services``) deletes it, so this only bounds how long a count written outside the
#: services could stay stale
UNREAD_CACHE_SECONDS = 3600


def unread_cache_key(user_id: int) -> str:
    return f"greenmfg:notifications:unread:{user_id}"


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """``user``'s notifications, newest first (none for the anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user) -> int:
    """How many of ``user``'s notifications are unread: one COUNT query, then the cache
    until the next write (0 for the anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = notifications_for(user, unread_only=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def prime_unread_count(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: count the unread at sign-in, so the header's badge
    costs the pages no query while the count is cached."""
    unread_count(user)


def email_kinds_for(user) -> set[str]:
    """The kinds ``user`` wants by e-mail (the defaults without a saved choice)."""
    pref = NotificationPreference.objects.filter(user=user).first()
    return set(EMAIL_ON_BY_DEFAULT) if pref is None else set(pref.email_kinds)
