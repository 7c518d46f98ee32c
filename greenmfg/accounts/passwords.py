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
import unicodedata
from difflib import SequenceMatcher

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenmfg.accounts.models import PasswordRecord
from greenmfg.accounts.sessions import sessions_end_for


def _letters(text: str) -> str:
    """``text`` in lower case with only its letters and digits (CJK included)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "").lower() if ch.isalnum())


class OrganisationNameValidator:
    """Refuses a password that is, contains or closely resembles the name of the
    user's organisation or authority, its jurisdiction, the organisation's USCC, or the
    user's own name (issue 17, item 16: a password equal to the unit's name was
    accepted; Django's similarity validator knows none of these fields).

    Compared on letters and digits only, case-insensitively: refused when a name is
    part of the password, the password is part of a name, or the two are at least
    ``max_similarity`` alike (difflib ratio)."""

    def __init__(self, max_similarity: float = 0.7):
        self.max_similarity = max_similarity

    def _names(self, user) -> list[tuple[str, str]]:
        names: list[tuple[str, str]] = []
        org = (
            getattr(user, "organisation", None) if getattr(user, "organisation_id", None) else None
        )
        if org is not None:
            names += [
                (str(_("所属主体名称")), org.name),
                (str(_("统一社会信用代码")), org.uscc or ""),
            ]
        authority = (
            getattr(user, "authority", None) if getattr(user, "authority_id", None) else None
        )
        if authority is not None:
            names += [
                (str(_("主管部门名称")), authority.name),
                (str(_("辖区名称")), authority.jurisdiction.full_name),
                (str(_("辖区名称")), authority.jurisdiction.name),
            ]
        names += [(str(_("姓名")), getattr(user, "real_name", "") or "")]
        return [(label, _letters(name)) for label, name in names if len(_letters(name)) >= 2]

    def validate(self, password, user=None) -> None:
        """Raises ``ValidationError`` (code ``password_too_similar_to_organisation``)
        naming what the password resembles."""
        if user is None:
            return
        typed = _letters(password)
        if not typed:
            return
        for label, name in self._names(user):
            if (
                name in typed
                or typed in name
                or SequenceMatcher(None, typed, name).ratio() >= self.max_similarity
            ):
                raise ValidationError(
                    gettext_lazy("密码不能与%(what)s相同、包含它或与它过于相近"),
                    code="password_too_similar_to_organisation",
                    params={"what": label},
                )

    def get_help_text(self) -> str:
        return _("密码不能与所属单位或主管部门的名称、统一社会信用代码或您的姓名相同或相近。")


class PasswordLifecycle:
    """Validates nothing; records changes and ends the user's sessions."""

    def validate(self, password, user=None) -> None:
        return None

    def get_help_text(self) -> str:
        return ""

    def password_changed(self, password, user=None) -> None:
        if user is None or user.pk is None:
            return

        PasswordRecord.objects.update_or_create(user=user, defaults={"changed_at": timezone.now()})
        sessions_end_for(user, why="password changed")
        # a new password (set by the user, or by an administrator as a reset) lifts the
        # account's sign-in lockouts (greenmfg/accounts/lockout.py)

        AxesProxyHandler.reset_attempts(username=user.get_username())


def password_changed_at(user) -> dt.datetime:
    """When the user's password last changed (the account's creation if never)."""

    record = PasswordRecord.objects.filter(user=user).values_list("changed_at", flat=True).first()
    return record or user.date_joined


def password_expired(changed_at: dt.datetime) -> bool:
    days = settings.GREENMFG_PASSWORD_MAX_AGE_DAYS
    return bool(days) and timezone.now() - changed_at > dt.timedelta(days=days)
