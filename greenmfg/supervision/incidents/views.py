"""Pages of major incidents: recorded, reported upward and removed at once by the
officials. Thin: the services decide, the templates ask the predicates who may act."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.audit.selectors import timeline_for
from greenmfg.core import clock
from greenmfg.core.web import form_errors, get_for_user, run_action
from greenmfg.supervision.complaints.selectors import complaints_for
from greenmfg.supervision.incidents import forms as f
from greenmfg.supervision.incidents import services
from greenmfg.supervision.incidents.selectors import incidents_for
from greenmfg.supervision.web import (
    PAGE,
    listed_units_for,
    official_jurisdiction,
    scoped_units,
)


@login_required
def incident_list(request):
    official_jurisdiction(request)
    today = clock.today()
    qs = incidents_for(request.user).order_by("-occurred_on", "-id")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    for inc in page:
        inc.overdue = inc.report_overdue_on(today)
    return render(
        request,
        "supervision/incident_list.html",
        {"page": page, "form": f.IncidentForm(units=listed_units_for(request.user))},
    )


@require_POST
@login_required
def incident_new(request):
    official_jurisdiction(request)
    form = f.IncidentForm(request.POST, units=listed_units_for(request.user))
    if form.is_valid():
        data = dict(form.cleaned_data)
        unit = get_for_user(scoped_units(request.user), data.pop("unit"))
        complaint_uuid = data.pop("complaint", None)
        complaint = (
            get_for_user(complaints_for(request.user), complaint_uuid) if complaint_uuid else None
        )
        ok, inc = run_action(
            request,
            lambda: services.incident_record(
                actor=request.user, unit=unit, complaint=complaint, **data
            ),
            _("事件已登记"),
        )
        if ok:
            return redirect("incident_detail", uuid=inc.uuid)
    else:
        form_errors(request, form)
    return redirect("incident_list")


@login_required
def incident_detail(request, uuid):
    official_jurisdiction(request)
    inc = get_for_user(incidents_for(request.user), uuid)
    return render(
        request,
        "supervision/incident_detail.html",
        {
            "inc": inc,
            "overdue": inc.report_overdue_on(clock.today()),
            "removals": list(inc.removals.select_related("announcement")),
            "reason_form": f.ReasonForm(),
            "events": timeline_for(inc),
        },
    )


@require_POST
@login_required
def incident_report(request, uuid):
    official_jurisdiction(request)
    inc = get_for_user(incidents_for(request.user), uuid)
    run_action(
        request, lambda: services.incident_report(actor=request.user, incident=inc), _("已上报")
    )
    return redirect("incident_detail", uuid=inc.uuid)


@require_POST
@login_required
def incident_forward(request, uuid):
    """转报: a city or province forwards to the authorities it reports to an incident
    another authority recorded (002 第十九条)."""
    official_jurisdiction(request)
    inc = get_for_user(incidents_for(request.user), uuid)
    run_action(
        request,
        lambda: services.incident_forward(actor=request.user, incident=inc),
        _("已转报上级主管部门"),
    )
    return redirect("incident_detail", uuid=inc.uuid)


@require_POST
@login_required
def incident_remove(request, uuid):
    official_jurisdiction(request)
    inc = get_for_user(incidents_for(request.user), uuid)
    run_action(
        request,
        lambda: services.immediate_removal(
            actor=request.user, incident=inc, reason=request.POST.get("reason", "")
        ),
        _("已移出名单并公告"),
    )
    return redirect("incident_detail", uuid=inc.uuid)
