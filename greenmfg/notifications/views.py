"""Pages of the notifications: the list (mark read, mark all read), the e-mail
preferences, and the public receipt lookup."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.accounts.clientip import client_ip
from greenmfg.core.web import get_for_user, run_action
from greenmfg.notifications import selectors, services
from greenmfg.notifications.forms import PreferencesForm, ReceiptLookupForm
from greenmfg.notifications.lookup import receipt_lookup

PAGE = 50


@login_required
def notification_list(request):
    """The signed-in user's notifications, newest first, 50 a page (a bounded number of
    queries whatever their number)."""
    unread_only = request.GET.get("unread") == "1"
    qs = selectors.notifications_for(request.user, unread_only=unread_only)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "unread_only": unread_only,
            "querystring": "unread=1" if unread_only else "",
        },
    )


@login_required
@require_POST
def notification_read(request, uuid):
    """Mark one of one's own notifications read, then go to its object's page (or back
    to the list)."""
    n = get_for_user(selectors.notifications_for(request.user), uuid)
    services.notification_mark_read(user=request.user, notification=n)
    target = request.POST.get("next") or n.link
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("已将{count}条通知标为已读").format(count=count))
    return redirect("notification_list")


@login_required
def notification_preferences(request):
    """Per kind: e-mail on or off (in-app notifications are always on)."""
    form = PreferencesForm(
        request.POST or None,
        initial={"email_kinds": sorted(selectors.email_kinds_for(request.user))},
    )
    if request.method == "POST" and form.is_valid():
        ok, _pref = run_action(
            request,
            lambda: services.preferences_save(
                user=request.user, email_kinds=form.cleaned_data["email_kinds"]
            ),
            _("通知设置已保存"),
        )
        if ok:
            return redirect("notification_preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


def receipt_lookup_page(request):
    """办理进度查询 (public): a receipt number and its check code → the state and the
    handling opinion; never the identity. POST only for the lookup itself (the check
    code stays out of addresses and logs); rate-limited (429 past the limits)."""
    form = ReceiptLookupForm(request.POST or None)
    result = None
    looked_up = False
    if request.method == "POST" and form.is_valid():
        looked_up = True
        result = receipt_lookup(
            form.cleaned_data["number"], form.cleaned_data["code"], client=client_ip(request)
        )
    return render(
        request,
        "notifications/receipt_lookup.html",
        {"form": form, "result": result, "looked_up": looked_up},
    )
