"""Home, inbox (待办) and the demo platform clock."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.core.inbox import inbox_for
from greenmfg.portal import services
from greenmfg.portal.selectors import home_lists, running_notices


def home(request):
    """The public home page: latest lists and running notices."""
    context = {
        "lists": home_lists(),
        "simulated_lists": home_lists(simulated=True),
        "notices": running_notices(),
    }
    return render(request, "portal/home.html", context)


@login_required
def inbox(request):
    """待办: what waits for the signed-in user, each app contributing its items."""
    return render(request, "portal/inbox.html", {"items": inbox_for(request.user)})


def _safe_next(request) -> str:
    """The ``next`` field if it stays on this site (as sign-in checks it), else ``/``."""
    nxt = request.POST.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return "/"


@require_POST
@login_required
def clock_set(request):
    """Move the demo platform date (only with GREENMFG_DEMO_CLOCK on); audited."""
    if not settings.GREENMFG_DEMO_CLOCK:
        return HttpResponseForbidden(_("演示时钟未开启"))
    raw = request.POST.get("today", "").strip()
    try:
        day = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, _("日期格式应为 YYYY-MM-DD"))
        return redirect(_safe_next(request))
    today = services.platform_date_set(actor=request.user, day=day)
    messages.success(request, _("平台日期已设为 %(day)s") % {"day": today})
    return redirect(_safe_next(request))
