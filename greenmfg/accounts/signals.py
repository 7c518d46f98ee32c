"""Receivers that keep the session register true: sign-in, sign-out, a disabled
account, a deleted session row."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from greenmfg.accounts import sessions
from greenmfg.accounts.models import ApiTokenRecord, UserSession
from greenmfg.accounts.otp import confirmed_devices
from greenmfg.accounts.passwords import password_changed_at
from greenmfg.accounts.tokens import record_token

log = logging.getLogger("greenmfg.security")


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    """A fresh session (Django has already rotated the key): track it and note what the
    middleware needs without a query per request."""
    if request is None or getattr(request, "session", None) is None:
        return

    request.session.pop(sessions.STARTED, None)
    sessions.session_track(request, user)
    request.session[sessions.OTP_ENROLLED] = confirmed_devices(user).exists()
    if settings.GREENMFG_PASSWORD_MAX_AGE_DAYS:
        request.session[sessions.PASSWORD_CHANGED] = password_changed_at(user).timestamp()
    log.info("login user=%s ip=%s", user.pk, sessions.client_ip(request))


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()
    if user is not None:
        log.info("logout user=%s", user.pk)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    # the username only (never the password: ASVS 16.2.5), with control characters
    # removed (ASVS 16.4.1)
    name = "".join(c for c in str(credentials.get("username", ""))[:150] if c.isprintable())
    log.warning("login failed username=%r", name)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _on_user_saved(sender, instance, **kwargs):
    """A disabled account is signed out everywhere at once (ASVS 7.4.2)."""
    if not instance.is_active:
        sessions.sessions_end_for(instance, why="account disabled")


@receiver(post_delete, sender=UserSession)
def _on_session_row_deleted(sender, instance, **kwargs):
    """Deleting the row (the user's sessions page, the admin) ends the session."""
    sessions.store_delete(instance.session_key)


@receiver(post_save, sender="authtoken.Token")
def _on_token_created(sender, instance, created, **kwargs):
    """Every API token has a record (expiry, last use, second factor), whatever path
    created it; one made outside the sign-in endpoint has no second factor
    (greenmfg/accounts/tokens.py)."""
    if created:
        record_token(instance)


@receiver(post_delete, sender="authtoken.Token")
def _on_token_deleted(sender, instance, **kwargs):

    ApiTokenRecord.objects.filter(user_id=instance.user_id).delete()
