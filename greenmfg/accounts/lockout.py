"""Sign-in lockouts (django-axes) and the way out of one.

**What is locked** (``AXES_LOCKOUT_PARAMETERS``, issue 17 items 1 and 16): an
**account at an address** — ``GREENMFG_LOGIN_FAILURE_LIMIT`` (5) failures for one user
name from one client address lock that user name at that address — and an **address**
after as many failures on any accounts (password spraying). The address is the
client's as the trusted proxies report it (:mod:`greenmfg.accounts.clientip`), never the
proxy's. So nobody can lock another person out from another address: an attacker who
types a named official's user name five times locks only himself.

**The way out** for the owner locked at his own address, without waiting
``GREENMFG_LOGIN_LOCKOUT_MINUTES``: an account with a second factor signs in with its
password **and** a current TOTP code (:func:`unlock_with_second_factor`; the lockout page
offers the form); an administrator unlocks it (admin → Access attempts, or
``greenmfg axes_reset_username``); a password set by an administrator (a reset) clears
the account's failures (``greenmfg.accounts.passwords``).

:func:`lockout_response` is axes' ``AXES_LOCKOUT_CALLABLE``: a page in the user's
language (Chinese first) for people, JSON for the API; HTTP 429.
"""

from __future__ import annotations

import logging

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from greenmfg.accounts import otp
from greenmfg.accounts.clientip import client_ip
from greenmfg.parties.models import User

log = logging.getLogger("greenmfg.security")

#: the request attribute naming the user name whose second factor was verified
BYPASS = "_gm_lockout_bypass"


def lockout_response(request, original_response=None, credentials=None):
    """The 429 answer to a locked-out sign-in (page, or JSON under ``/api/``)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    limit = settings.AXES_FAILURE_LIMIT
    path = getattr(request, "path", "") or ""
    if path.startswith("/api/"):
        return JsonResponse(
            {
                "detail": _(
                    "连续 %(limit)s 次登录失败，该账户已被临时锁定，请 %(minutes)s 分钟后再试"
                )
                % {"limit": limit, "minutes": minutes}
            },
            status=429,
        )
    username = ""
    if isinstance(credentials, dict):
        username = str(credentials.get("username") or "")[:150]
    return render(
        getattr(request, "_request", request),
        "accounts/lockout.html",
        {"failure_limit": limit, "lockout_minutes": minutes, "username": username},
        status=429,
    )


def second_factor_passed(request, credentials=None) -> bool:
    """axes' ``AXES_WHITELIST_CALLABLE``: this sign-in already proved the password and
    a current TOTP code of the user it names (:func:`unlock_with_second_factor`), so
    the lockout does not apply to it."""
    if request is None:
        return False
    name = getattr(getattr(request, "_request", request), BYPASS, None)
    wanted = (credentials or {}).get("username") if isinstance(credentials, dict) else None
    return bool(name) and name == wanted


def unlock_with_second_factor(request, *, username: str, password: str, token: str):
    """Let a locked-out user sign in with the password and a current TOTP code.

    In: the sign-in request, the user name, password and code typed. Out: the TOTP
    device that accepted the code when the user exists, is active, has a confirmed
    device, the code is right (django-otp: used once, wrong codes throttled) **and** the
    password is right; then the user's failures at this address are cleared and the
    request is marked so that the sign-in that follows is not refused by the lockout.
    Otherwise — or when the request is not locked out at all — None, and nothing
    changes (the sign-in that follows is checked, or refused, as before).
    The code is checked first, so the form is no way to guess passwords."""

    if not (username and password and token):
        return None

    if AxesProxyHandler.is_allowed(request, get_credentials(username)):
        return None  # not locked out: the ordinary sign-in checks the code
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        return None
    device = otp.verify(user, token)
    if device is None or not user.check_password(password):
        log.warning("lockout unlock refused user=%s", user.pk)
        return None
    address = client_ip(request)
    AxesProxyHandler.reset_attempts(ip_address=address, username=username)
    setattr(getattr(request, "_request", request), BYPASS, username)
    log.info("lockout lifted by the second factor user=%s ip=%s", user.pk, address)
    return device
