"""Limits on what the public may send (issue 17, item 7): anonymous complaints (举报) and
objections (异议) had no rate limit and no size cap — a 15 MiB statement was accepted, and
ten objections arrived in 1.2 s from one address.

- **Rates** (:func:`submission_check`, :func:`submission_count`): the submissions of one
  kind accepted from one client address, and those naming one target (a unit, an
  application in a notice), are counted in fixed windows in the cache; past the limit
  the service raises :class:`RateLimited` — **429** with ``Retry-After`` and a Chinese
  page or ``{"detail"}`` (English with the language). Settings (docs/deploy.md):
  ``GREENMFG_PUBLIC_SUBMISSIONS_PER_ADDRESS`` (default ``5/h``) and
  ``GREENMFG_PUBLIC_SUBMISSIONS_PER_TARGET`` (default ``30/d``); ``N/s``, ``N/m``,
  ``N/h``, ``N/d``; ``0`` turns a limit off. The address is the client's behind the
  configured proxies (``greenmfg.accounts.clientip``, given by the views). The counters
  live in ``CACHES["default"]``: a deployment of several processes needs a shared cache
  (``CACHE_URL``, e.g. Redis) for the limits to hold across them.
- **Request size** (:class:`RequestLimitsMiddleware`): a request whose body is larger
  than ``GREENMFG_MAX_REQUEST_BYTES`` (default: the largest upload plus 1 MiB) is
  answered **413** before it is read.
- **Field length**: the statements carry a ``MaxLengthValidator`` of
  :data:`STATEMENT_MAX_CHARS` on the model (checked by the services' ``full_clean``,
  400 naming the field) and the same cap on the forms and serializers.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

#: the longest statement of a complaint or an objection, in characters (about ten pages)
STATEMENT_MAX_CHARS = 5000

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):
    """Too many submissions: ``retry_after`` seconds until the window ends."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = max(int(retry_after), 1)


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """``"5/h"`` → (5, 3600); ``"0"``, ``""`` or None → None (no limit). ValueError for
    anything else (a misconfiguration shows at once)."""
    rate = (rate or "").strip()
    if rate in ("", "0"):
        return None
    count, _slash, period = rate.partition("/")
    number = int(count)
    unit = period.strip()[:1].lower()
    if number < 0 or unit not in _UNITS:
        raise ValueError(f"a rate is N/s, N/m, N/h or N/d, not {rate!r}")
    return (number, _UNITS[unit]) if number else None


#: the settings of the public submissions' two rates (per address, per target)
SUBMISSION_RATES = (
    "GREENMFG_PUBLIC_SUBMISSIONS_PER_ADDRESS",
    "GREENMFG_PUBLIC_SUBMISSIONS_PER_TARGET",
)


def _keys(kind: str, client: str | None, target: str | None, rates=SUBMISSION_RATES):
    """(cache key, limit, window) of each counter that applies; ``rates``: the names of
    the settings of the per-address and per-target rates."""
    now = int(time.time())
    for scope, who, setting in (
        ("address", client, rates[0]),
        ("target", target, rates[1]),
    ):
        rate = parse_rate(getattr(settings, setting, ""))
        if rate is None or not who:
            continue
        limit, window = rate
        start = now - now % window
        yield f"greenmfg:limit:{kind}:{scope}:{who}:{window}:{start}", limit, start + window - now


def submission_check(
    kind: str, *, client: str | None, target: str | None, rates=SUBMISSION_RATES
) -> None:
    """Raise :class:`RateLimited` when ``client`` (an address) or ``target`` (an object's
    key) has had its share of ``kind`` submissions in the current window (``rates``:
    the settings naming the two limits; the receipt lookup has its own)."""
    for key, limit, left in _keys(kind, client, target, rates):
        if (cache.get(key) or 0) >= limit:
            raise RateLimited(
                _("提交过于频繁，请稍后再试（约{minutes}分钟后）").format(
                    minutes=max(1, -(-left // 60))
                ),
                left,
            )


def submission_count(
    kind: str, *, client: str | None, target: str | None, rates=SUBMISSION_RATES
) -> None:
    """Count one accepted ``kind`` submission for ``client`` and ``target``."""
    for key, _limit, left in _keys(kind, client, target, rates):
        if not cache.add(key, 1, timeout=left + 1):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=left + 1)


def max_request_bytes() -> int:
    """``GREENMFG_MAX_REQUEST_BYTES``, else the largest upload plus 1 MiB of fields."""
    configured = getattr(settings, "GREENMFG_MAX_REQUEST_BYTES", 0)
    return configured or settings.GREENMFG_MAX_UPLOAD_BYTES + 1024 * 1024


def _answer(request, status: int, message: str, title: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "core/limit.html", {"message": message, "title": title}, status=status)


class RequestLimitsMiddleware:
    """413 for a body over :func:`max_request_bytes` (read from ``Content-Length``,
    before Django parses anything); 429 for :class:`RateLimited` raised by a page (the
    API's exception handler answers it for the API)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_request_bytes():
            limit_mib = max_request_bytes() / 1024 / 1024
            message = _(
                "提交的内容过大（上限{limit:.0f} MiB），请精简内容或压缩附件后重新提交"
            ).format(limit=limit_mib)
            return _answer(request, 413, message, _("提交的内容过大"))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            response = _answer(request, 429, str(exception), _("提交过于频繁"))
            response["Retry-After"] = str(exception.retry_after)
            return response
        return None
