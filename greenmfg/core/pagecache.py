"""Caching the public register's pages for visitors who are not signed in.

The public register is read far more than it changes (a list is published a few times
a year per jurisdiction; 1,000,000 listing rows nationally), and its pages are the same
for every visitor who is not signed in: they carry no CSRF token, no name, no message
(base.html gives anonymous visitors nothing personal). :func:`cache_public_page` keeps
such a page's HTML in the cache (``CACHES["default"]``: per process by default, Redis
in production, docs/deploy.md) under the full URL, the language, the platform date and
the **register version**.

The register version is a counter in the cache that every change to a listing or a
published list increments, at once and again when its transaction commits: the ``post_save`` and
``post_delete`` signals of ``Listing`` and ``GreenList`` (connected in
``greenmfg.register.apps``), and the bulk writes that bypass signals call
:func:`register_changed` themselves. A visitor therefore never sees a page older than
the last committed change on the same cache; across servers with per-process caches,
at most ``GREENMFG_PUBLIC_PAGE_SECONDS`` (60) old.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

from greenmfg.core import clock

VERSION_KEY = "greenmfg:register-version"


def register_version() -> int:
    """The current register version (1 when the cache has none)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def register_changed(**_signal_kwargs) -> None:
    """Invalidate every cached register page, now and again when the current
    transaction commits (a page cached in between, from a concurrent request that
    could not yet see the change, is dropped by the second). Usable as a signal
    receiver."""

    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not in the cache (expired or evicted): start again
            cache.set(VERSION_KEY, 2, timeout=None)

    bump()
    transaction.on_commit(bump)


def _cacheable(request) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    return not len(messages.get_messages(request))


def cache_public_page(view):
    """Serve ``view``'s HTML from the cache to visitors who are not signed in (GET,
    no pending message); store a 200 answer that sets no cookie. Signed-in users
    always get a fresh page. Answers carry ``X-Greenmfg-Cache: hit`` or ``miss``."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        raw = "|".join(
            (
                request.get_full_path(),
                translation.get_language() or "",
                clock.today().isoformat(),
                "htmx" if request.headers.get("HX-Request") else "",
            )
        )
        key = f"greenmfg:page:{register_version()}:{hashlib.sha256(raw.encode()).hexdigest()}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Greenmfg-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
        ):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                timeout=settings.GREENMFG_PUBLIC_PAGE_SECONDS,
            )
        response["X-Greenmfg-Cache"] = "miss"
        return response

    return wrapped
