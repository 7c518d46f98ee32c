"""Session services: track a signed-in session, touch it, end it, and the limits.

A session carries two timestamps (seconds since the epoch): ``STARTED`` (sign-in) and
``SEEN`` (last activity, refreshed at most once a minute). The middleware ends it when
``GREENMFG_SESSION_MAX_HOURS`` have passed since sign-in (ASVS 7.3.2) or
``GREENMFG_SESSION_IDLE_MINUTES`` since the last activity (ASVS 7.3.1; 等保
8.1.4.1 b 登录连接超时自动退出).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from greenmfg.accounts.clientip import client_ip as proxied_client_ip
from greenmfg.accounts.models import UserSession
from greenmfg.accounts.tokens import tokens_revoke_for

log = logging.getLogger("greenmfg.security")

STARTED = "_gm_session_started"
SEEN = "_gm_session_seen"
OTP_ENROLLED = "_gm_otp_enrolled"
PASSWORD_CHANGED = "_gm_password_changed"
#: last activity is written back at most this often (seconds)
TOUCH_EVERY = 60


def _store(session_key: str | None = None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def client_ip(request) -> str | None:
    """The client's address behind the configured proxies, as the lockout sees it
    (greenmfg/accounts/clientip.py)."""

    return proxied_client_ip(request)


def session_track(request, user) -> UserSession | None:
    """Record the request's (new) session for ``user``: called at sign-in and after the
    session key was rotated. Keeps the sign-in time when the session already has one."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if session.session_key is None:
        session.save()
    now = time.time()
    session.setdefault(STARTED, now)
    session[SEEN] = now
    started = dt.datetime.fromtimestamp(session[STARTED], tz=dt.UTC)
    row, _created = UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "created": started,
            "last_seen": timezone.now(),
            "ip": client_ip(request),
            "user_agent": (request.META.get("HTTP_USER_AGENT") or "")[:300],
        },
    )
    return row


def session_rotate(request) -> None:
    """A new session key for the same signed-in session (after a second factor is
    verified: ASVS 7.2.4), with the tracked row following it."""
    old = request.session.session_key
    request.session.cycle_key()
    UserSession.objects.filter(session_key=old).update(session_key=request.session.session_key)


def session_touch(request) -> None:
    """Refresh the last activity of the request's session (at most once a minute)."""
    session = request.session
    now = time.time()
    if now - session.get(SEEN, 0) < TOUCH_EVERY:
        return
    session[SEEN] = now
    if session.session_key and not UserSession.objects.filter(
        session_key=session.session_key
    ).update(last_seen=timezone.now()):
        session_track(request, request.user)


def session_expiry(session) -> str | None:
    """``"max"`` or ``"idle"`` when the session is past a limit, else None."""
    now = time.time()
    started = session.get(STARTED)
    if started is None:
        return None
    max_seconds = settings.GREENMFG_SESSION_MAX_HOURS * 3600
    idle_seconds = settings.GREENMFG_SESSION_IDLE_MINUTES * 60
    if max_seconds and now - started > max_seconds:
        return "max"
    if idle_seconds and now - session.get(SEEN, started) > idle_seconds:
        return "idle"
    return None


def session_end(row: UserSession) -> None:
    """End one session: its row and its session store entry (via the post_delete hook)."""
    row.delete()


def sessions_end_for(user, *, keep: str | None = None, why: str = "") -> int:
    """End every session of ``user`` except the one with key ``keep``, and revoke the
    user's API token (it is a session too: a password change, a disabled account and
    "sign out everywhere" end it, greenmfg/accounts/tokens.py); the number of sessions
    ended."""

    tokens_revoke_for(user, why=why)
    rows = UserSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    ended = 0
    for row in list(rows):
        session_end(row)
        ended += 1
    if ended:
        log.info("sessions ended user=%s count=%s why=%s", user.pk, ended, why)
    return ended


def store_delete(session_key: str) -> None:
    """Delete a session from the session store (the user is signed out there)."""
    _store(session_key).delete(session_key)


def live_sessions(user):
    """The user's tracked sessions whose store entry is still alive, newest first; rows
    whose session expired or was flushed are dropped on the way."""

    rows = list(UserSession.objects.filter(user=user).order_by("-last_seen"))
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        alive = set(
            Session.objects.filter(
                session_key__in=[r.session_key for r in rows], expire_date__gt=timezone.now()
            ).values_list("session_key", flat=True)
        )
        dead = [r.pk for r in rows if r.session_key not in alive]
        if dead:
            UserSession.objects.filter(pk__in=dead).delete()
        rows = [r for r in rows if r.session_key in alive]
    return rows
