"""The platform's injectable clock (DESIGN.md decision 5: time is explicit).

Every business rule asks :func:`today` for the current date, never ``date.today()``.
The date is, in order of precedence:

1. a date frozen for the current context with :func:`frozen` (tests, ``--today`` on
   commands);
2. ``settings.GREENMFG_TODAY`` (a whole process pinned to one date);
3. the platform date an administrator set in the UI, when
   ``settings.GREENMFG_DEMO_CLOCK`` is on (demo deployments walk through a year);
4. the real date in Asia/Shanghai.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone

_frozen: ContextVar[dt.date | None] = ContextVar("greenmfg_frozen_today", default=None)


def _platform_clock():
    """The demo platform date's model (core.models is loaded once the apps are ready;
    the clock is imported before, by modules the settings and app loading read)."""
    from greenmfg.core.models import PlatformClock  # noqa: PLC0415 - see the docstring

    return PlatformClock


def real_today() -> dt.date:
    """The real date in the platform's time zone (Asia/Shanghai)."""
    return timezone.localdate()


def today() -> dt.date:
    """The platform's current date (Asia/Shanghai), following the precedence above."""
    frozen_date = _frozen.get()
    if frozen_date is not None:
        return frozen_date
    if settings.GREENMFG_TODAY:
        return dt.date.fromisoformat(settings.GREENMFG_TODAY)
    if settings.GREENMFG_DEMO_CLOCK:
        stored = _platform_clock().objects.filter(pk=1).values_list("today", flat=True).first()
        if stored:
            return stored
    return real_today()


def source() -> str:
    """Which of the four sources :func:`today` uses now: frozen, setting, demo or real."""
    if _frozen.get() is not None:
        return "frozen"
    if settings.GREENMFG_TODAY:
        return "setting"
    if (
        settings.GREENMFG_DEMO_CLOCK
        and _platform_clock().objects.filter(pk=1).exclude(today=None).exists()
    ):
        return "demo"
    return "real"


@contextlib.contextmanager
def frozen(day: dt.date | str | None) -> Iterator[dt.date | None]:
    """Freeze :func:`today` to ``day`` (a date or ISO string) inside the block.

    ``None`` leaves the clock as it is, so commands can pass ``--today`` through.
    """
    if day is None:
        yield None
        return
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    token = _frozen.set(day)
    try:
        yield day
    finally:
        _frozen.reset(token)


def set_platform_date(day: dt.date | None) -> None:
    """Store the demo platform date (``None`` returns to the real date).

    Raises ``PermissionError`` when the deployment has no demo clock
    (``GREENMFG_DEMO_CLOCK`` off): production dates cannot be moved.
    """
    if not settings.GREENMFG_DEMO_CLOCK:
        raise PermissionError("GREENMFG_DEMO_CLOCK is off: the platform date follows the real date")
    _platform_clock().objects.update_or_create(pk=1, defaults={"today": day})
