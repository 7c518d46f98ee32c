"""Home, inbox (待办) and the demo platform clock."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.audit.labels import action_label, state_label
from greenmfg.audit.selectors import acts_of
from greenmfg.core import clock
from greenmfg.core.inbox import inbox_for, object_url
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


#: rows per page of 已办
DONE_PAGE = 50


@login_required
def inbox(request):
    """待办: what waits for the signed-in user, each app contributing its items, the
    most urgent first, each deadline with its countdown from the platform date;
    ``?tab=done``: 已办, the user's own acts from the audit record, newest first,
    paginated (``?page=``). Only the platform date is shown (one clock)."""
    today = clock.today()
    if request.GET.get("tab") == "done":
        page = Paginator(acts_of(request.user), DONE_PAGE).get_page(request.GET.get("page"))
        rows = [
            {
                "date": e.business_date,
                "action": action_label(e.action),
                "label": e.object_label,
                "state": state_label(e.to_state, e.object_type) if e.to_state else "",
                "url": object_url(e.object_type, e.object_uuid),
            }
            for e in page.object_list
        ]
        return render(request, "portal/inbox.html", {"tab": "done", "page": page, "done": rows})
    rows = []
    for item in inbox_for(request.user):
        days = item.days_left(today)
        late = -days if days is not None and days < 0 else None
        rows.append({"it": item, "days": days, "late": late})
    return render(request, "portal/inbox.html", {"tab": "todo", "rows": rows, "today": today})


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
