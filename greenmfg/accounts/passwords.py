"""The password lifecycle, hooked in as a password validator (Django calls
``password_changed`` of every validator in AUTH_PASSWORD_VALIDATORS whenever a user's
password is set and saved — by the user, an administrator or a command).

On every change: the time is recorded (for ``GREENMFG_PASSWORD_MAX_AGE_DAYS``), every
session of the user is ended (ASVS 7.4.3; the password change page then keeps the
current one through ``update_session_auth_hash``) and the account's sign-in lockouts
are lifted (a reset by an administrator unlocks it).

Periodic change (等保 8.1.4.1 a 定期更换) is off by default because ASVS 5.0 6.2.10
forbids forcing it; a deployment that must switch it on sets
``GREENMFG_PASSWORD_MAX_AGE_DAYS`` (the middleware then sends a user whose password is
older to the password change page).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


class PasswordLifecycle:
    """Validates nothing; records changes and ends the user's sessions."""

    def validate(self, password, user=None) -> None:
        return None

    def get_help_text(self) -> str:
        return ""

    def password_changed(self, password, user=None) -> None:
        if user is None or user.pk is None:
            return
        from greenmfg.accounts.models import PasswordRecord
        from greenmfg.accounts.sessions import sessions_end_for

        PasswordRecord.objects.update_or_create(user=user, defaults={"changed_at": timezone.now()})
        sessions_end_for(user, why="password changed")
        # a new password (set by the user, or by an administrator as a reset) lifts the
        # account's sign-in lockouts (greenmfg/accounts/lockout.py)
        from axes.handlers.proxy import AxesProxyHandler

        AxesProxyHandler.reset_attempts(username=user.get_username())


def password_changed_at(user) -> dt.datetime:
    """When the user's password last changed (the account's creation if never)."""
    from greenmfg.accounts.models import PasswordRecord

    record = PasswordRecord.objects.filter(user=user).values_list("changed_at", flat=True).first()
    return record or user.date_joined


def password_expired(changed_at: dt.datetime) -> bool:
    days = settings.GREENMFG_PASSWORD_MAX_AGE_DAYS
    return bool(days) and timezone.now() - changed_at > dt.timedelta(days=days)
