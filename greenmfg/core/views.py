"""Home, inbox (待办), sign-in and the demo platform clock."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.audit.services import record_event
from greenmfg.core import clock
from greenmfg.register.models import GreenList
from greenmfg.selection.models import PublicNotice
from greenmfg.selection.selectors import inbox_for


def home(request):
    """The public home page: latest lists and running notices."""
    today = clock.today()
    context = {
        "lists": GreenList.objects.select_related("jurisdiction").order_by(
            "-published_on", "-year"
        )[:8],
        "notices": PublicNotice.objects.select_related("campaign__jurisdiction")
        .filter(last_day__gte=today)
        .order_by("first_day")[:8],
    }
    return render(request, "core/home.html", context)


@login_required
def inbox(request):
    """待办: what waits for the signed-in user's role."""
    return render(request, "core/inbox.html", {"items": inbox_for(request.user)})


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
        return redirect(request.POST.get("next") or "home")
    before = clock.today()
    clock.set_platform_date(day)
    record_event(
        actor=request.user,
        action="clock.set",
        object_type="core.platformclock",
        object_uuid="1",
        object_label="platform date",
        from_state=str(before),
        to_state=str(clock.today()),
    )
    messages.success(request, _("平台日期已设为 %(day)s") % {"day": clock.today()})
    nxt = request.POST.get("next") or "/"
    return redirect(nxt if nxt.startswith("/") and not nxt.startswith("//") else "/")
