"""Account security middleware, after authentication, django-otp and messages:

``SessionLimitsMiddleware``: ends a session past its idle or absolute limit, refreshes
its last activity, and marks signed-in responses ``Cache-Control: no-store`` (ASVS
14.3.2).

``AccountPolicyMiddleware``: sends a user who must use a second factor and has not
verified one this session to the enrolment or verification page (the API answers 403),
and, when ``GREENMFG_PASSWORD_MAX_AGE_DAYS`` is set, a user whose password is older to
the password change page.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from greenmfg.accounts import sessions
from greenmfg.accounts.otp import otp_required
from greenmfg.accounts.passwords import password_changed_at, password_expired

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _to(name: str, request):
    return redirect(f"{reverse(name)}?next={quote(request.get_full_path())}")


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in and hasattr(request, "session"):
            why = sessions.session_expiry(request.session)
            if why:
                logout(request)
                if why == "max":
                    text = _("登录已超过 %(hours)s 小时，请重新登录") % {
                        "hours": settings.GREENMFG_SESSION_MAX_HOURS
                    }
                else:
                    text = _("超过 %(minutes)s 分钟未操作，已自动退出，请重新登录") % {
                        "minutes": settings.GREENMFG_SESSION_IDLE_MINUTES
                    }
                if not _is_api(request):
                    messages.info(request, text)
                    return _to("login", request)
                signed_in = False
            else:
                sessions.session_touch(request)
        response = self.get_response(request)
        if signed_in and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _exempt(self, path: str) -> bool:
        prefixes = (
            reverse("otp_setup"),
            reverse("otp_verify"),
            reverse("otp_qr"),
            reverse("login"),
            reverse("logout"),
            "/i18n/",
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(prefixes)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._exempt(request.path):
            blocked = self._second_factor(request, user) or self._password_age(request)
            if blocked is not None:
                return blocked
        return self.get_response(request)

    def _second_factor(self, request, user):
        enrolled = request.session.get(sessions.OTP_ENROLLED, False)
        if not (otp_required(user) or enrolled):
            return None
        if getattr(user, "is_verified", None) and user.is_verified():
            return None
        if _is_api(request):
            return JsonResponse({"detail": _("需要先完成双因素认证（动态验证码）")}, status=403)
        return _to("otp_verify" if enrolled else "otp_setup", request)

    def _password_age(self, request):
        if not settings.GREENMFG_PASSWORD_MAX_AGE_DAYS:
            return None

        if request.path.startswith(reverse("password_change")):
            return None
        stamp = request.session.get(sessions.PASSWORD_CHANGED)
        if stamp is None:
            stamp = password_changed_at(request.user).timestamp()
            request.session[sessions.PASSWORD_CHANGED] = stamp

        if not password_expired(dt.datetime.fromtimestamp(stamp, tz=dt.UTC)):
            return None
        if _is_api(request):
            return JsonResponse({"detail": _("密码已过期，请先修改密码")}, status=403)
        messages.warning(
            request,
            _("密码已使用超过 %(days)s 天，请修改密码")
            % {"days": settings.GREENMFG_PASSWORD_MAX_AGE_DAYS},
        )
        return _to("password_change", request)
