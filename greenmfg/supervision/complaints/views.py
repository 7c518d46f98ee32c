"""Pages of real-name complaints (实名举报): anyone files one, the officials within whose
jurisdiction it is handled see it, the handling authority verifies and closes it. Thin:
the services decide, the templates ask the predicates who may act."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenmfg.accounts.clientip import client_ip
from greenmfg.audit.selectors import timeline_for
from greenmfg.core import clock
from greenmfg.core.lists import ListSpec, list_page
from greenmfg.core.web import get_for_user, run_action
from greenmfg.jurisdictions.selectors import VALUE_LABELS
from greenmfg.parties.models import Organisation
from greenmfg.supervision.common import unit_rules
from greenmfg.supervision.complaints import forms as f
from greenmfg.supervision.complaints import services
from greenmfg.supervision.complaints.filters import COMPLAINT_COLUMNS, ComplaintFilterSet
from greenmfg.supervision.complaints.models import ComplaintState
from greenmfg.supervision.complaints.selectors import complaints_for
from greenmfg.supervision.web import official_jurisdiction

COMPLAINT_LIST = ListSpec(
    template="supervision/complaint_list.html",
    title=gettext_lazy("实名举报"),
    columns=COMPLAINT_COLUMNS,
    export_name="complaints",
    filterset_class=ComplaintFilterSet,
)


def _removal_causes(target):
    rules = unit_rules(target, clock.today())
    return [(c, VALUE_LABELS.get(c, c)) for c in rules.get("removal.annual_causes", [])]


def _show_identities(request):
    """Each complaint of a page with the complainant's identity as the user may see it
    (in full only for the handling officials, and that read audited) and its overdue
    mark."""
    today = clock.today()

    def decorate(rows):
        for c in rows:
            c.identity = services.masked(c, request.user)
            c.overdue = c.state == ComplaintState.OPEN and today > c.due_on

    return decorate


@login_required
def complaint_list(request):
    """The complaints handled within the official's jurisdiction, filtered, searched and
    sorted, 50 a page, or exported as XLSX without the complainants' identities
    (greenmfg/core/lists.py)."""
    official_jurisdiction(request)
    spec = replace(COMPLAINT_LIST, decorate=_show_identities(request))
    return list_page(request, spec, complaints_for(request.user))


@login_required
def complaint_detail(request, uuid):
    """One complaint; the handling authority records the outcome."""
    official_jurisdiction(request)
    c = get_for_user(complaints_for(request.user), uuid)
    if request.method == "POST":
        form = f.ComplaintHandleForm(request.POST, causes=_removal_causes(c.target))
        if form.is_valid():
            run_action(
                request,
                lambda: services.complaint_handle(
                    actor=request.user, complaint=c, **form.cleaned_data
                ),
                _("处理结果已记录"),
            )
        return redirect("complaint_detail", uuid=c.uuid)
    return render(
        request,
        "supervision/complaint_detail.html",
        {
            "c": c,
            "identity": services.masked(c, request.user),
            # built only where the page shows it (the template calls it)
            "form": lambda: f.ComplaintHandleForm(causes=_removal_causes(c.target)),
            "events": timeline_for(c),
        },
    )


@login_required
def complaint_evidence(request, uuid):
    """The evidence file, only for the handling officials (as an attachment)."""
    c = get_for_user(complaints_for(request.user), uuid)
    if not services.can_see_identity(request.user, c) or not c.evidence:
        raise Http404
    return FileResponse(
        c.evidence.open("rb"), as_attachment=True, filename=c.evidence.name.rsplit("/", 1)[-1]
    )


# --- public ----------------------------------------------------------------------------------


def complaint_new(request):
    """实名举报 (public): against a listed unit or a third-party agency."""
    target = None
    uscc = (request.POST.get("target_uscc") or request.GET.get("uscc") or "").strip().upper()
    if uscc:
        target = (
            Organisation.objects.filter(uscc=uscc).select_related("registered_division").first()
        )
        if target is not None and not services.is_complaint_target(target):
            target = None  # a unit on no list is not named to the public (access matrix)
    levels = []
    if target is not None:
        routes, _ref = services.complaint_routes(target, clock.today())
        levels = [(lv, VALUE_LABELS.get(lv, lv)) for lv in routes]
    if request.method == "POST":
        form = f.ComplaintForm(request.POST, request.FILES, levels=levels)
        if form.is_valid():
            if target is None:
                messages.error(request, _("未找到该统一社会信用代码对应的名单单位或评价机构"))
            else:
                data = dict(form.cleaned_data)
                evidence = data.pop("evidence")
                level = data.pop("handler_level") or None
                data.pop("target_uscc")
                ok, c = run_action(
                    request,
                    lambda: services.complaint_submit(
                        actor=request.user,
                        target=target,
                        data=data,
                        evidence=evidence,
                        handler_level=level,
                        client=client_ip(request),
                    ),
                    _("举报已提交"),
                )
                if ok:
                    return render(request, "supervision/complaint_done.html", {"c": c})
    else:
        form = f.ComplaintForm(initial={"target_uscc": uscc}, levels=levels)
    return render(request, "supervision/complaint_new.html", {"form": form, "target": target})
