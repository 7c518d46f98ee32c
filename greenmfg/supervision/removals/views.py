"""Pages of removals (移出): proposals, the annual adjustment, fraud findings, matters
reported upward, and the public announcements. Thin: the services decide, the
templates ask the predicates who may act."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.audit.selectors import timeline_for
from greenmfg.core.dates import plausible_year
from greenmfg.core.vocabulary import Level
from greenmfg.core.web import get_for_user, run_action
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.selectors import VALUE_LABELS
from greenmfg.supervision.removals import forms as f
from greenmfg.supervision.removals import selectors as sel
from greenmfg.supervision.removals import services
from greenmfg.supervision.removals.models import AnnouncementKind, ProposalState
from greenmfg.supervision.web import (
    PAGE,
    listed_units_for,
    official_jurisdiction,
    scoped_units,
)


@login_required
def upward_list(request):
    """上报上级事项: matters touching upper lists, queued for the annual recommendation."""
    official_jurisdiction(request)
    if request.method == "POST":
        run_action(
            request,
            lambda: services.upward_reports_submit(actor=request.user),
            _("已随年度推荐统一上报"),
        )
        return redirect("upward_list")
    rows = sel.upward_for(request.user).order_by("-queued_on", "-id")[:500]
    return render(request, "supervision/upward_list.html", {"rows": rows})


@login_required
def proposal_list(request):
    """拟移出: proposals in scope; confirm, dismiss; publish the annual adjustment."""
    jur = official_jurisdiction(request)
    user = request.user
    qs = sel.proposals_for(user).order_by("-proposed_on", "-id")
    state = request.GET.get("state", "")
    if state in ProposalState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/proposal_list.html",
        {
            "page": page,
            "state": state,
            "states": ProposalState.choices,
            "jurisdiction": jur,
            # built only where the page shows it (the template calls it)
            "fraud_form": lambda: f.FraudForm(units=listed_units_for(user)),
            "findings": sel.fraud_findings_for(user)[:50],
        },
    )


@login_required
def proposal_detail(request, uuid):
    """One proposal; its authority confirms or dismisses it."""
    official_jurisdiction(request)
    proposal = get_for_user(sel.proposals_for(request.user), uuid)
    if request.method == "POST":
        form = f.ProposalForm(request.POST)
        if form.is_valid():
            run_action(
                request,
                lambda: services.proposal_decide(
                    actor=request.user, proposal=proposal, **form.cleaned_data
                ),
                _("已记录"),
            )
        return redirect("proposal_detail", uuid=proposal.uuid)
    return render(
        request,
        "supervision/proposal_detail.html",
        {
            "proposal": proposal,
            "cause": VALUE_LABELS.get(proposal.cause, proposal.cause),
            "form": f.ProposalForm(),
            "events": timeline_for(proposal),
        },
    )


@require_POST
@login_required
def annual_publish(request):
    official_jurisdiction(request)
    ok, ann = run_action(
        request,
        lambda: services.annual_adjustment_publish(actor=request.user),
        _("年度动态调整公告已发布"),
    )
    if ok:
        return redirect("announcement_detail", uuid=ann.uuid)
    return redirect("proposal_list")


@require_POST
@login_required
def propose_disqualified(request):
    official_jurisdiction(request)
    ok, rows = run_action(
        request,
        lambda: services.propose_disqualified(actor=request.user),
        _("已核查否决情形"),
    )
    if ok:
        messages.info(request, _("提出拟移出{n}项").format(n=len(rows)))
    return redirect("proposal_list")


@require_POST
@login_required
def fraud_new(request):
    official_jurisdiction(request)
    form = f.FraudForm(request.POST, units=listed_units_for(request.user))
    if form.is_valid():
        data = dict(form.cleaned_data)
        unit = get_for_user(scoped_units(request.user), data.pop("unit"))
        run_action(
            request,
            lambda: services.fraud_record(actor=request.user, unit=unit, **data),
            _("弄虚作假认定已记录"),
        )
    return redirect("proposal_list")


# --- public ----------------------------------------------------------------------------------


def announcement_index(request):
    """公告: every announcement of removals and annual adjustments, by jurisdiction and year."""
    qs = sel.public_announcements()
    code = request.GET.get("jurisdiction", "")
    if code:
        qs = qs.filter(jurisdiction__code=code)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    removed = Paginator(sel.public_removals(), PAGE).get_page(request.GET.get("rpage"))
    return render(
        request,
        "supervision/announcement_index.html",
        {"page": page, "removed": removed, "labels": VALUE_LABELS},
    )


def announcement_year(request, code, year):
    """The announcements of one jurisdiction and year, with the removals and changes
    its annual publication lists."""
    jur = get_object_or_404(Jurisdiction, code=code)
    if plausible_year(year) is None:  # /announcements/440100/0/ (issue 17, item 8)
        raise Http404
    level = Level.for_jurisdiction_level(jur.level)
    content = sel.removals_for_announcement(jur, level, year) if level else None
    anns = sel.public_announcements().filter(jurisdiction=jur, year=year)
    return render(
        request,
        "supervision/announcement_year.html",
        {
            "jurisdiction": jur,
            "year": year,
            "announcements": anns,
            "content": content,
            "labels": VALUE_LABELS,
        },
    )


def announcement_detail(request, uuid):
    ann = get_for_user(sel.public_announcements(), uuid)
    return render(
        request,
        "supervision/announcement_detail.html",
        {
            "ann": ann,
            "removals": ann.removals.select_related("unit").prefetch_related(
                "listings", "listings__green_list"
            ),
            "changes": ann.changes.select_related("unit"),
            "upward": ann.upward.select_related("unit", "from_jurisdiction"),
            "labels": VALUE_LABELS,
            "immediate": ann.kind == AnnouncementKind.IMMEDIATE,
        },
    )
