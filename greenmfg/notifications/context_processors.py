"""The unread badge of the site header: computed only when a page shows it."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from greenmfg.notifications.selectors import unread_count


def unread(request):
    """``notifications_unread``: the signed-in user's unread count (lazy: one COUNT
    query at most per request, none while the cache holds it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
