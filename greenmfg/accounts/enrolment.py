"""Enrolment codes: the second factor of an official goes to the official (issue 17,
item 15).

Before, whoever signed in first with an unenrolled official's password enrolled his own
phone as that official's second factor. Now an account whose role calls for a second
factor (officials, experts, departments, administrators, auditors, staff — ``otp_role``)
enrols only with an **enrolment code** (双因素登记码):

- issued by an administrator (the admin's user list → “签发双因素登记码”, or
  ``greenmfg enrolment-code USERNAME`` on the server) or by an official of an authority
  above the user's (:func:`may_issue`), and handed over out of band (in person, by the
  unit's internal channel — never by the platform's e-mail);
- 16 characters from a 32-letter alphabet (80 bits), of which only a SHA-256 is
  stored; valid ``GREENMFG_ENROLMENT_CODE_HOURS`` (72); single use; issuing a new one
  cancels the user's unused ones; five wrong codes end the session that typed them;
- issuing and using one are audit events (``account.enrolment_code.issue``,
  ``account.enrolment_code.use``), so is the enrolment itself (``account.otp.enrol``).

The enrolment page (``/accounts/otp/setup/``) asks for the code first; only a session
that gave a valid code sees the secret (QR code and key) and can confirm the device.
Enterprises, parks and agencies enrol themselves without a code (it is optional for
them). A lost phone: an administrator deletes the device and issues a new code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenmfg.accounts.models import EnrolmentCode
from greenmfg.accounts.otp import otp_role
from greenmfg.audit.services import record_event
from greenmfg.core.decisions import Decision, NotPermitted
from greenmfg.parties.models import Role

log = logging.getLogger("greenmfg.security")

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud safely
LENGTH = 16
#: session key: the user whose enrolment code this session gave
SESSION_KEY = "_gm_enrolment_code_ok"
#: session key: wrong codes typed in this session
FAILURES_KEY = "_gm_enrolment_code_failures"
MAX_FAILURES = 5


def needs_code(user) -> bool:
    """Whether ``user`` enrols a second factor only with an enrolment code."""
    return otp_role(user)


def normalise(code: str) -> str:
    """The code as typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def _generate() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def may_issue(actor, user) -> bool:
    """Who may issue ``user`` an enrolment code: ``None`` (a command on the server), an
    administrator or superuser, or an official of an authority whose jurisdiction
    contains the user's and is above it (for a department user or an auditor of an
    authority, that authority's own officials too). Never the user himself."""
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False) or actor.pk == user.pk:
        return False
    if actor.is_superuser or actor.role == Role.ADMIN:
        return True
    if not (actor.is_official and actor.authority_id and user.authority_id):
        return False
    above = actor.authority.jurisdiction.path
    below = user.authority.jurisdiction.path
    if not below.startswith(above):
        return False
    return below != above or not user.is_official


def enrolment_code_issue(*, user, actor, hours: int | None = None) -> tuple[EnrolmentCode, str]:
    """Issue ``user`` a new enrolment code.

    In: the user who will enrol, who issues (``None`` = a command on the server), how
    many hours it is valid (default ``GREENMFG_ENROLMENT_CODE_HOURS``). Out: the stored
    row and the code in clear — shown once, to be handed over out of band. The user's
    unused codes are cancelled; the issue is an audit event (without the code).
    Raises ``NotPermitted`` for an actor who may not issue it (:func:`may_issue`) and
    ``RuleViolation`` when the user needs no code or is disabled."""
    if not may_issue(actor, user):
        raise NotPermitted(_("只有平台管理员或上级主管部门可以为该用户签发双因素登记码"))
    d = Decision()
    if not needs_code(user):
        d.refuse("enrolment.not_needed", _("该用户可自行启用双因素认证，无需登记码"))
    if not user.is_active:
        d.refuse("enrolment.inactive", _("该账户已停用"))
    d.raise_if_refused()
    hours = hours or settings.GREENMFG_ENROLMENT_CODE_HOURS
    now = timezone.now()
    code = _generate()
    with transaction.atomic():
        EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
        row = EnrolmentCode.objects.create(
            user=user,
            code_hash=code_hash(code),
            issued_by=actor,
            issued_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
        record_event(
            actor=actor,
            action="account.enrolment_code.issue",
            object_type="parties.user",
            object_uuid=str(user.uuid),
            object_label=user.username,
            payload={"code": str(row.uuid), "expires_at": row.expires_at.isoformat()},
        )
    log.info("enrolment code issued user=%s by=%s", user.pk, getattr(actor, "pk", "command"))
    return row, code


def enrolment_code_redeem(*, user, code: str) -> EnrolmentCode:
    """Use ``user``'s enrolment code ``code`` (as typed: case, spaces and dashes do not
    matter). Out: the row, now used. Raises ``RuleViolation``
    (``enrolment.code_invalid``) for a code that is wrong, someone else's, used or
    expired — one message for all, so the answer tells nothing."""
    now = timezone.now()
    d = Decision()
    row = EnrolmentCode.objects.filter(
        user=user, code_hash=code_hash(code), used_at__isnull=True, expires_at__gt=now
    ).first()
    used = (
        row is not None
        and EnrolmentCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now) == 1
    )
    if not used:
        log.warning("enrolment code refused user=%s", user.pk)
        d.refuse("enrolment.code_invalid", _("登记码无效、已使用或已过期，请联系管理员重新签发"))
        d.raise_if_refused()
    record_event(
        actor=user,
        action="account.enrolment_code.use",
        object_type="parties.user",
        object_uuid=str(user.uuid),
        object_label=user.username,
        payload={"code": str(row.uuid)},
    )
    log.info("enrolment code used user=%s", user.pk)
    row.used_at = now
    return row
