"""API tokens under the same account controls as sessions (issue 17, item 3).

DRF's tokens never expired, survived a password change, a disabled account and "sign
out everywhere", ignored the session limits, and once issued needed no second factor.
Now every token (DRF's ``Token``: one per account, ``Authorization: Token <key>``) has
an :class:`~greenmfg.accounts.models.ApiTokenRecord` and
:class:`ExpiringTokenAuthentication` refuses it (401, and deletes it) when:

- it is older than ``GREENMFG_API_TOKEN_MAX_HOURS`` (default: the session maximum,
  12 hours) — an absolute expiry;
- it was not used for ``GREENMFG_API_TOKEN_IDLE_MINUTES`` (default: the session idle
  limit, 30 minutes) — last use is written at most once a minute;
- the account must use a second factor (``GREENMFG_OTP_REQUIRED`` for its role, or it
  has enrolled one) and no TOTP code was verified when the token was issued — a token
  made by the admin, a command or before the factor was required gets nothing;
- the account is disabled.

Tokens are revoked with the sessions (``greenmfg.accounts.sessions.sessions_end_for``):
a password change or reset, a disabled account, "结束其他所有会话" (sign out
everywhere). Users see and revoke their token at ``/accounts/sessions/``; signing in at
``POST /api/v1/auth/token/`` (password, and the TOTP code where required) issues a new
token and revokes the previous one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from greenmfg.accounts import otp
from greenmfg.accounts.clientip import client_ip
from greenmfg.accounts.models import ApiTokenRecord

log = logging.getLogger("greenmfg.security")

#: last use is written back at most this often
TOUCH_EVERY = dt.timedelta(minutes=1)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def max_age() -> dt.timedelta:
    return dt.timedelta(hours=settings.GREENMFG_API_TOKEN_MAX_HOURS)


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=settings.GREENMFG_API_TOKEN_IDLE_MINUTES)


def record_token(token):
    """Create (or replace) the record of ``token``, just created by any path: expiry
    from now, no second factor (the sign-in endpoint then marks the one it verified)."""

    now = timezone.now()
    record, _created = ApiTokenRecord.objects.update_or_create(
        user_id=token.user_id,
        defaults={
            "key_digest": digest(token.key),
            "issued_at": now,
            "expires_at": now + max_age(),
            "last_used": now,
            "second_factor": False,
            "ip": None,
            "user_agent": "",
        },
    )
    return record


def token_issue(*, user, request=None, second_factor: bool):
    """A new API token for ``user`` (the previous one, if any, is revoked), recorded
    with whether a TOTP code was verified for it. Out: the DRF ``Token``."""

    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)  # its record is made by the post_save receiver
    meta = getattr(request, "META", {}) if request is not None else {}
    ApiTokenRecord.objects.filter(user=user).update(
        second_factor=second_factor,
        ip=client_ip(request) if request is not None else None,
        user_agent=(meta.get("HTTP_USER_AGENT") or "")[:300],
    )
    log.info("api token issued user=%s second_factor=%s", user.pk, second_factor)
    return token


def tokens_revoke_for(user, *, why: str = "") -> int:
    """Delete the user's API token (its record goes with it); the number revoked."""

    count, _by_model = Token.objects.filter(user=user).delete()
    if count:
        log.info("api token revoked user=%s why=%s", user.pk, why)
    return int(bool(count))


def needs_second_factor(user) -> bool:

    return otp.otp_required(user) or otp.confirmed_devices(user).exists()


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's ``Token`` authentication with the account controls of the module docstring."""

    def authenticate_credentials(self, key):

        try:
            token = Token.objects.select_related("user", "user__api_token_record").get(key=key)
        except Token.DoesNotExist as exc:
            raise exceptions.AuthenticationFailed(_("API 令牌无效")) from exc
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("账户已停用"))
        record = getattr(user, "api_token_record", None)
        now = timezone.now()
        why = None
        if record is None or record.key_digest != digest(key):
            why = _("API 令牌未登记，请重新获取")
        elif now >= record.expires_at:
            why = _("API 令牌已过期（有效期 %(hours)s 小时），请重新获取") % {
                "hours": settings.GREENMFG_API_TOKEN_MAX_HOURS
            }
        elif now - record.last_used > idle_limit():
            why = _("API 令牌超过 %(minutes)s 分钟未使用，已失效，请重新获取") % {
                "minutes": settings.GREENMFG_API_TOKEN_IDLE_MINUTES
            }
        if why is not None:
            token.delete()
            log.info("api token refused and revoked user=%s", user.pk)
            raise exceptions.AuthenticationFailed(why)
        if not record.second_factor and needs_second_factor(user):
            raise exceptions.AuthenticationFailed(
                _("该账户须使用双因素认证：请提交动态验证码（otp_token）重新获取 API 令牌")
            )
        if now - record.last_used >= TOUCH_EVERY:
            type(record).objects.filter(pk=record.pk).update(last_used=now)
        return user, token
