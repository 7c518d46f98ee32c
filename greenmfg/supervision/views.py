"""Pages of dynamic management and oversight (动态管理与监督). Thin: the services decide,
the selectors scope every query to the user."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from greenmfg.audit.selectors import timeline_for
from greenmfg.core import clock
from greenmfg.core.vocabulary import Level, Role
from greenmfg.core.web import get_for_user, run_action
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.selectors import VALUE_LABELS
from greenmfg.parties.models import Organisation, User
from greenmfg.parties.scoping import scope_by_unit
from greenmfg.supervision import (
    changes,
    complaints,
    dynamic,
    incidents,
    obligations,
    removals,
    spot_checks,
)
from greenmfg.supervision import forms as f
from greenmfg.supervision import selectors as sel
from greenmfg.supervision.common import FORM_LIST_TYPES, unit_rules
from greenmfg.supervision.models import (
    AnnouncementKind,
    ChangeState,
    ComplaintState,
    FilingOfficer,
    FormState,
    IncidentState,
    ProposalState,
)

PAGE = 100
KIND_LABELS = {
    "dynamic_form": gettext_lazy("动态管理表"),
    "change_report": gettext_lazy("变更"),
    "complaint": gettext_lazy("举报"),
    "incident": gettext_lazy("事故和环境事件"),
    "on_site_check": gettext_lazy("现场核查"),
    "removal_proposal": gettext_lazy("拟移出"),
}


def _official(request) -> Jurisdiction:
    user = request.user
    if not (user.is_authenticated and user.is_official and user.authority_id):
        raise Http404
    return user.authority.jurisdiction


def _is_unit(user) -> bool:
    return user.role in (Role.ENTERPRISE, Role.PARK) and bool(user.organisation_id)


def _year(request, default: int) -> int:
    try:
        return int(request.GET.get("year") or default)
    except ValueError:
        return default


def listed_units_for(user):
    """Units with an active listing the official may see (for the pickers)."""
    from greenmfg.register.models import Listing, ListingStatus

    listed = Listing.objects.filter(unit=OuterRef("pk"), status=ListingStatus.ACTIVE)
    qs = Organisation.objects.filter(Exists(listed)).order_by("name")
    return scope_by_unit(qs, user, unit_field="").only("id", "uuid", "name", "uscc")[:2000]


# --- the unit's page and the oversight home ------------------------------------------------------


@login_required
def oversight_home(request):
    """动态管理: for a unit, its filing obligations, forms, changes and filing officer;
    for an official, what waits for its authority."""
    user = request.user
    today = clock.today()
    if _is_unit(user):
        unit = user.organisation
        obs = obligations.obligations(today.year, unit=unit)
        officer = FilingOfficer.objects.filter(unit=unit).first()
        rules = unit_rules(unit, today)
        return render(
            request,
            "supervision/unit_home.html",
            {
                "unit": unit,
                "obligations": obs,
                "forms": sel.forms_for(user).order_by("-data_year", "list_type")[:50],
                "changes": sel.changes_for(user).order_by("-reported_on")[:50],
                "officer": officer,
                "officer_form": f.OfficerForm(
                    initial={
                        "name": officer.name,
                        "phone": officer.phone,
                        "email": officer.email,
                        "trained_on": officer.trained_on,
                        "training": officer.training,
                    }
                    if officer
                    else None
                ),
                "training_required": rules.get("dynamic.filing_officer_training_required", False),
                "training_ref": rules.ref("dynamic.filing_officer_training_required")
                if rules.has("dynamic.filing_officer_training_required")
                else "",
                "new_form": f.NewFormForm(
                    initial={"data_year": today.year - 1},
                    list_types=[(ob.list_type, VALUE_LABELS[ob.list_type]) for ob in obs],
                ),
                "change_form": f.ChangeForm(),
                "today": today,
            },
        )
    jur = _official(request)
    return render(
        request,
        "supervision/official_home.html",
        {
            "jurisdiction": jur,
            "items": [
                (str(KIND_LABELS.get(i.kind, i.kind)), i) for i in sel.inbox_items(user, 100)
            ],
            "year": today.year,
        },
    )


@require_POST
@login_required
def officer_set(request):
    if not _is_unit(request.user):
        raise Http404
    form = f.OfficerForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: dynamic.filing_officer_set(
                actor=request.user, unit=request.user.organisation, **form.cleaned_data
            ),
            _("填报专员已登记"),
        )
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("oversight_home")


@require_POST
@login_required
def dynamic_form_new(request):
    if not _is_unit(request.user):
        raise Http404
    form = f.NewFormForm(request.POST, list_types=[(t, t) for t in FORM_LIST_TYPES])
    if form.is_valid():
        ok, obj = run_action(
            request,
            lambda: dynamic.form_create(
                actor=request.user,
                unit=request.user.organisation,
                list_type=form.cleaned_data["list_type"],
                data_year=form.cleaned_data["data_year"],
            ),
            _("动态管理表已创建"),
        )
        if ok:
            return redirect("dynamic_form_detail", uuid=obj.uuid)
    return redirect("oversight_home")


# --- dynamic forms ----------------------------------------------------------------------------


@login_required
def dynamic_form_list(request):
    """动态管理表: the forms in the user's scope, filtered by filing year and state."""
    year = _year(request, clock.today().year)
    qs = sel.forms_for(request.user).filter(filing_year=year)
    state = request.GET.get("state", "")
    if state in FormState.values:
        qs = qs.filter(state=state)
    if request.GET.get("flagged"):
        qs = qs.filter(n_flags__gt=0)
    page = Paginator(qs.order_by("unit__name", "list_type"), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/form_list.html",
        {"page": page, "year": year, "state": state, "states": FormState.choices},
    )


@login_required
def dynamic_form_detail(request, uuid):
    form = get_for_user(sel.forms_for(request.user), uuid)
    user = request.user
    is_owner = user.organisation_id == form.unit_id
    can_review = bool(
        user.is_official
        and user.authority_id
        and user.authority.jurisdiction_id == form.reviewer_id
    )
    editable = is_owner and form.state in dynamic.EDITABLE
    return render(
        request,
        "supervision/form_detail.html",
        {
            "form": form,
            "edit": f.DynamicFormEdit(instance=form) if editable else None,
            "problems": dynamic.form_check(form) if editable else [],
            "flags": list(form.flags.all()) if user.is_official or user.is_superuser else [],
            "review": f.ReviewForm()
            if can_review
            and form.state
            in (
                FormState.SUBMITTED,
                FormState.ON_SITE_CHECK_REQUESTED,
            )
            else None,
            "is_owner": is_owner,
            "checks": form.checks.all(),
            "events": timeline_for(form),
        },
    )


@require_POST
@login_required
def dynamic_form_save(request, uuid):
    form = get_for_user(sel.forms_for(request.user), uuid)
    data = {k: request.POST.get(k, "") for k in f.DynamicFormEdit.Meta.fields}
    run_action(
        request,
        lambda: dynamic.form_update(actor=request.user, form=form, data=data),
        _("已保存"),
    )
    return redirect("dynamic_form_detail", uuid=form.uuid)


@require_POST
@login_required
def dynamic_form_submit(request, uuid):
    form = get_for_user(sel.forms_for(request.user), uuid)
    run_action(
        request, lambda: dynamic.form_submit(actor=request.user, form=form), _("动态管理表已提交")
    )
    return redirect("dynamic_form_detail", uuid=form.uuid)


@require_POST
@login_required
def dynamic_form_review(request, uuid):
    form = get_for_user(sel.forms_for(request.user), uuid)
    rf = f.ReviewForm(request.POST)
    if rf.is_valid():
        run_action(
            request,
            lambda: dynamic.form_review(actor=request.user, form=form, **rf.cleaned_data),
            _("审核意见已记录"),
        )
    return redirect("dynamic_form_detail", uuid=form.uuid)


@login_required
def overdue_list(request):
    """逾期未填报: units within the official's jurisdiction that did not file the form
    of the year by their deadline."""
    jur = _official(request)
    today = clock.today()
    year = _year(request, today.year)
    rows = obligations.overdue(year, jur, today)
    return render(
        request,
        "supervision/overdue.html",
        {
            "rows": rows,
            "year": year,
            "jurisdiction": jur,
            "can_propose": request.user.role in removals.PUBLISHING_ROLES,
        },
    )


@require_POST
@login_required
def overdue_propose(request):
    _official(request)
    year = _year(request, clock.today().year)
    with contextlib.suppress(ValueError):
        year = int(request.POST.get("year") or year)
    ok, run = run_action(
        request,
        lambda: removals.propose_non_filers(actor=request.user, filing_year=year),
        _("已对逾期未填报单位提出拟移出意见"),
    )
    if ok and run.needs_refused_check:
        messages.info(
            request,
            _("{n}家单位尚须现场复核并确认拒不配合后方可移出").format(
                n=len(run.needs_refused_check)
            ),
        )
    return redirect(f"{_url('overdue_list')}?year={year}")


def _url(name, **kw):
    from django.urls import reverse

    return reverse(name, kwargs=kw or None)


@require_POST
@login_required
def check_new(request):
    _official(request)
    form = f.CheckRequestForm(request.POST)
    if form.is_valid():
        unit = get_for_user(
            scope_by_unit(Organisation.objects.all(), request.user, ""), form.cleaned_data["unit"]
        )
        ok, check = run_action(
            request,
            lambda: dynamic.check_request(
                actor=request.user,
                unit=unit,
                list_type=form.cleaned_data["list_type"],
                filing_year=form.cleaned_data["filing_year"],
                reason=form.cleaned_data["reason"],
                scheduled_for=form.cleaned_data["scheduled_for"],
            ),
            _("已通知现场核查"),
        )
        if ok:
            return redirect("check_detail", uuid=check.uuid)
    return redirect("overdue_list")


@login_required
def check_detail(request, uuid):
    check = get_for_user(sel.checks_for(request.user), uuid)
    user = request.user
    can = bool(
        user.is_official
        and user.authority_id
        and user.authority.jurisdiction_id == check.authority_id
    )
    if request.method == "POST":
        form = f.CheckOutcomeForm(request.POST)
        if form.is_valid():
            run_action(
                request,
                lambda: dynamic.check_outcome(actor=user, check=check, **form.cleaned_data),
                _("核查结果已记录"),
            )
        return redirect("check_detail", uuid=check.uuid)
    return render(
        request,
        "supervision/check_detail.html",
        {
            "check": check,
            "form": f.CheckOutcomeForm() if can and check.state == "requested" else None,
            "events": timeline_for(check),
        },
    )


# --- changes -------------------------------------------------------------------------------------


@login_required
def change_list(request):
    qs = sel.changes_for(request.user)
    state = request.GET.get("state", "")
    if state in ChangeState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("-reported_on", "-id"), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/change_list.html",
        {
            "page": page,
            "state": state,
            "states": ChangeState.choices,
            "new": f.ChangeForm() if _is_unit(request.user) else None,
        },
    )


@require_POST
@login_required
def change_new(request):
    if not _is_unit(request.user):
        raise Http404
    form = f.ChangeForm(request.POST)
    if form.is_valid():
        ok, change = run_action(
            request,
            lambda: changes.change_report(
                actor=request.user, unit=request.user.organisation, **form.cleaned_data
            ),
            _("变更情况已报送"),
        )
        if ok:
            return redirect("change_detail", uuid=change.uuid)
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("change_list")


@login_required
def change_detail(request, uuid):
    change = get_for_user(sel.changes_for(request.user), uuid)
    user = request.user
    can = bool(
        user.is_official
        and user.authority_id
        and user.authority.jurisdiction_id == change.reviewer_id
    )
    if request.method == "POST":
        form = f.ChangeReviewForm(request.POST)
        if form.is_valid():
            run_action(
                request,
                lambda: changes.change_review(actor=user, change=change, **form.cleaned_data),
                _("变更意见已记录"),
            )
        return redirect("change_detail", uuid=change.uuid)
    return render(
        request,
        "supervision/change_detail.html",
        {
            "change": change,
            "form": f.ChangeReviewForm() if can and change.state == ChangeState.SUBMITTED else None,
            "events": timeline_for(change),
        },
    )


@login_required
def upward_list(request):
    """上报上级事项: matters touching upper lists, queued for the annual recommendation."""
    _official(request)
    if request.method == "POST":
        run_action(
            request,
            lambda: removals.upward_reports_submit(actor=request.user),
            _("已随年度推荐统一上报"),
        )
        return redirect("upward_list")
    rows = sel.upward_for(request.user).order_by("-queued_on", "-id")[:500]
    return render(request, "supervision/upward_list.html", {"rows": rows})


# --- incidents -----------------------------------------------------------------------------------


@login_required
def incident_list(request):
    _official(request)
    today = clock.today()
    qs = sel.incidents_for(request.user).order_by("-occurred_on", "-id")
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
    _official(request)
    form = f.IncidentForm(request.POST, units=listed_units_for(request.user))
    if form.is_valid():
        data = dict(form.cleaned_data)
        unit = get_for_user(
            scope_by_unit(Organisation.objects.all(), request.user, ""), data.pop("unit")
        )
        complaint_uuid = data.pop("complaint", None)
        complaint = (
            get_for_user(sel.complaints_for(request.user), complaint_uuid)
            if complaint_uuid
            else None
        )
        ok, inc = run_action(
            request,
            lambda: incidents.incident_record(
                actor=request.user, unit=unit, complaint=complaint, **data
            ),
            _("事件已登记"),
        )
        if ok:
            return redirect("incident_detail", uuid=inc.uuid)
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("incident_list")


@login_required
def incident_detail(request, uuid):
    _official(request)
    inc = get_for_user(sel.incidents_for(request.user), uuid)
    user = request.user
    return render(
        request,
        "supervision/incident_detail.html",
        {
            "inc": inc,
            "overdue": inc.report_overdue_on(clock.today()),
            "can_report": inc.state == IncidentState.RECORDED
            and user.authority.jurisdiction_id == inc.recorded_by_id,
            "can_remove": user.role in (Role.CITY, Role.PROVINCE, Role.NATIONAL)
            and not inc.removals.exists(),
            "removals": inc.removals.all(),
            "reason_form": f.ReasonForm(),
            "events": timeline_for(inc),
        },
    )


@require_POST
@login_required
def incident_report(request, uuid):
    _official(request)
    inc = get_for_user(sel.incidents_for(request.user), uuid)
    run_action(
        request, lambda: incidents.incident_report(actor=request.user, incident=inc), _("已上报")
    )
    return redirect("incident_detail", uuid=inc.uuid)


@require_POST
@login_required
def incident_remove(request, uuid):
    _official(request)
    inc = get_for_user(sel.incidents_for(request.user), uuid)
    run_action(
        request,
        lambda: incidents.immediate_removal(
            actor=request.user, incident=inc, reason=request.POST.get("reason", "")
        ),
        _("已移出名单并公告"),
    )
    return redirect("incident_detail", uuid=inc.uuid)


# --- removals ------------------------------------------------------------------------------------


@login_required
def proposal_list(request):
    """拟移出: proposals in scope; confirm, dismiss; publish the annual adjustment."""
    jur = _official(request)
    qs = sel.proposals_for(request.user).order_by("-proposed_on", "-id")
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
            "can_publish": request.user.role in removals.PUBLISHING_ROLES,
            "fraud_form": f.FraudForm(units=listed_units_for(request.user))
            if request.user.role in removals.PUBLISHING_ROLES
            else None,
            "findings": sel.fraud_findings_for(request.user)[:50],
        },
    )


@login_required
def proposal_detail(request, uuid):
    _official(request)
    proposal = get_for_user(sel.proposals_for(request.user), uuid)
    user = request.user
    can = user.authority.jurisdiction_id == proposal.authority_id
    if request.method == "POST":
        form = f.ProposalForm(request.POST)
        if form.is_valid():
            run_action(
                request,
                lambda: removals.proposal_decide(
                    actor=user, proposal=proposal, **form.cleaned_data
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
            "form": f.ProposalForm()
            if can and proposal.state in (ProposalState.PROPOSED, ProposalState.CONFIRMED)
            else None,
            "events": timeline_for(proposal),
        },
    )


@require_POST
@login_required
def annual_publish(request):
    _official(request)
    ok, ann = run_action(
        request,
        lambda: removals.annual_adjustment_publish(actor=request.user),
        _("年度动态调整公告已发布"),
    )
    if ok:
        return redirect("announcement_detail", uuid=ann.uuid)
    return redirect("proposal_list")


@require_POST
@login_required
def propose_disqualified(request):
    _official(request)
    ok, rows = run_action(
        request,
        lambda: removals.propose_disqualified(actor=request.user),
        _("已核查否决情形"),
    )
    if ok:
        messages.info(request, _("提出拟移出{n}项").format(n=len(rows)))
    return redirect("proposal_list")


@require_POST
@login_required
def fraud_new(request):
    _official(request)
    form = f.FraudForm(request.POST, units=listed_units_for(request.user))
    if form.is_valid():
        data = dict(form.cleaned_data)
        unit = get_for_user(
            scope_by_unit(Organisation.objects.all(), request.user, ""), data.pop("unit")
        )
        run_action(
            request,
            lambda: removals.fraud_record(actor=request.user, unit=unit, **data),
            _("弄虚作假认定已记录"),
        )
    return redirect("proposal_list")


# --- spot checks -----------------------------------------------------------------------------------


@login_required
def spot_check_list(request):
    jur = _official(request)
    draws = (
        sel.draws_for(request.user)
        .annotate(n_items=Count("items"))
        .order_by("-drawn_on", "-id")[:200]
    )
    pool = list(request.user.authority.inspectors.select_related("user").order_by("user__username"))
    return render(
        request,
        "supervision/spot_check_list.html",
        {
            "draws": draws,
            "pool": pool,
            "jurisdiction": jur,
            "form": f.DrawForm(initial={"year": clock.today().year}),
            "inspector_form": f.InspectorForm(),
        },
    )


@require_POST
@login_required
def spot_check_draw(request):
    jur = _official(request)
    form = f.DrawForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, draw = run_action(
            request,
            lambda: spot_checks.spot_check_draw(
                actor=request.user,
                authority=jur,
                year=data["year"],
                count=data["count"],
                seed=data["seed"],
                inspectors_per_unit=data["inspectors_per_unit"],
                anomaly_weight=float(data["anomaly_weight"] or 0),
            ),
            _("抽取完成"),
        )
        if ok:
            return redirect("spot_check_detail", uuid=draw.uuid)
    return redirect("spot_check_list")


@require_POST
@login_required
def inspector_add(request):
    _official(request)
    form = f.InspectorForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            messages.error(request, _("没有该用户"))
        else:
            run_action(
                request,
                lambda: spot_checks.inspector_add(actor=request.user, user=user),
                _("已加入检查人员库"),
            )
    return redirect("spot_check_list")


@login_required
def spot_check_detail(request, uuid):
    _official(request)
    draw = get_for_user(sel.draws_for(request.user), uuid)
    can = request.user.authority.jurisdiction_id == draw.authority_id
    return render(
        request,
        "supervision/spot_check_detail.html",
        {
            "draw": draw,
            "items": sel.draw_items(draw),
            "can": can,
            "form": f.ResultForm(),
            "events": timeline_for(draw),
        },
    )


@require_POST
@login_required
def spot_check_result(request, uuid):
    from greenmfg.supervision.models import SpotCheckItem

    _official(request)
    item = get_object_or_404(
        SpotCheckItem.objects.filter(draw__in=sel.draws_for(request.user)), uuid=uuid
    )
    form = f.ResultForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: spot_checks.spot_check_result(
                actor=request.user, item=item, **form.cleaned_data
            ),
            _("检查结果已记录"),
        )
    return redirect("spot_check_detail", uuid=item.draw.uuid)


# --- complaints ------------------------------------------------------------------------------------


def _removal_causes(target):
    rules = unit_rules(target, clock.today())
    return [(c, VALUE_LABELS.get(c, c)) for c in rules.get("removal.annual_causes", [])]


@login_required
def complaint_list(request):
    _official(request)
    qs = sel.complaints_for(request.user)
    state = request.GET.get("state", "")
    if state in ComplaintState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("-submitted_on", "-id"), PAGE).get_page(request.GET.get("page"))
    today = clock.today()
    for c in page:
        c.identity = complaints.masked(c, request.user)
        c.overdue = c.state == ComplaintState.OPEN and today > c.due_on
    return render(
        request,
        "supervision/complaint_list.html",
        {"page": page, "state": state, "states": ComplaintState.choices},
    )


@login_required
def complaint_detail(request, uuid):
    _official(request)
    c = get_for_user(sel.complaints_for(request.user), uuid)
    user = request.user
    handler = complaints.can_see_identity(user, c)
    if request.method == "POST":
        form = f.ComplaintHandleForm(request.POST, causes=_removal_causes(c.target))
        if form.is_valid():
            run_action(
                request,
                lambda: complaints.complaint_handle(actor=user, complaint=c, **form.cleaned_data),
                _("处理结果已记录"),
            )
        return redirect("complaint_detail", uuid=c.uuid)
    return render(
        request,
        "supervision/complaint_detail.html",
        {
            "c": c,
            "identity": complaints.masked(c, user),
            "handler": handler,
            "form": f.ComplaintHandleForm(causes=_removal_causes(c.target))
            if handler and c.state == ComplaintState.OPEN
            else None,
            "events": timeline_for(c),
        },
    )


@login_required
def complaint_evidence(request, uuid):
    """The evidence file, only for the handling officials (as an attachment)."""
    from django.http import FileResponse

    c = get_for_user(sel.complaints_for(request.user), uuid)
    if not complaints.can_see_identity(request.user, c) or not c.evidence:
        raise Http404
    return FileResponse(
        c.evidence.open("rb"), as_attachment=True, filename=c.evidence.name.rsplit("/", 1)[-1]
    )


# --- public pages ----------------------------------------------------------------------------------


def complaint_new(request):
    """实名举报 (public): against a listed unit or a third-party agency."""
    target = None
    uscc = (request.POST.get("target_uscc") or request.GET.get("uscc") or "").strip().upper()
    if uscc:
        target = (
            Organisation.objects.filter(uscc=uscc).select_related("registered_division").first()
        )
        if target is not None and not complaints.is_complaint_target(target):
            target = None  # a unit on no list is not named to the public (access matrix)
    levels = []
    if target is not None:
        routes, _ref = complaints.complaint_routes(target, clock.today())
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
                    lambda: complaints.complaint_submit(
                        actor=request.user,
                        target=target,
                        data=data,
                        evidence=evidence,
                        handler_level=level,
                    ),
                    _("举报已提交"),
                )
                if ok:
                    return render(request, "supervision/complaint_done.html", {"c": c})
    else:
        form = f.ComplaintForm(initial={"target_uscc": uscc}, levels=levels)
    return render(request, "supervision/complaint_new.html", {"form": form, "target": target})


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
    level = Level.for_jurisdiction_level(jur.level)
    content = removals.removals_for_announcement(jur, level, year) if level else None
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


def spot_check_public(request):
    """双随机、一公开: every draw with its seed, method and results."""
    page = Paginator(sel.public_draws().order_by("-drawn_on", "-id"), PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "supervision/spot_check_public.html", {"page": page})


def spot_check_method(request):
    return render(
        request,
        "supervision/spot_check_method.html",
        {"method": spot_checks.METHOD, "version": spot_checks.METHOD_VERSION},
    )


def spot_check_public_detail(request, uuid):
    draw = get_for_user(sel.public_draws(), uuid)
    items = SpotItems(sel.draw_items(draw))
    return render(
        request,
        "supervision/spot_check_public_detail.html",
        {"draw": draw, "items": items},
    )


class SpotItems(list):
    """Drawn items with the inspectors' count only (names are not published)."""

    def __init__(self, qs):
        super().__init__(qs)
        for it in self:
            it.n_inspectors = len(it.inspectors.all())
