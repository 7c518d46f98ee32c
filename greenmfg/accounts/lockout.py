"""The answer to a locked-out sign-in (django-axes ``AXES_LOCKOUT_CALLABLE``): a page in
the user's language (Chinese first) for people, JSON for the API; HTTP 429."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
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
    return render(
        getattr(request, "_request", request),
        "accounts/lockout.html",
        {"failure_limit": limit, "lockout_minutes": minutes},
        status=429,
    )
