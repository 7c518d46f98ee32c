"""Template context shared by every page: the platform date and its source."""

from django.conf import settings

from greenmfg.core import clock


def platform(request):
    """``platform_today`` (the injectable clock's date), whether the demo clock is on."""
    return {
        "platform_today": clock.today(),
        "demo_clock": settings.GREENMFG_DEMO_CLOCK,
    }
