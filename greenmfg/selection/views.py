"""Pages of selection: reports, applications, campaigns, notices and objections.
Views only call services and scoped selectors."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from greenmfg.accounts.clientip import client_ip
from greenmfg.audit.selectors import timeline_for
from greenmfg.core import clock, steps
from greenmfg.core.lists import ListSpec, list_page
from greenmfg.core.vocabulary import ListType
from greenmfg.core.web import get_for_user, run_action
from greenmfg.cultivation.models import EnergyEfficiencyLevel
from greenmfg.cultivation.services import allowed_list_types, pool_jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.parties.permissions import may
from greenmfg.register.models import GreenList
from greenmfg.selection import publication, report_form, services
from greenmfg.selection import reports as report_services
from greenmfg.selection.filters import (
    APPLICATION_COLUMNS,
    OBJECTION_COLUMNS,
    ApplicationFilterSet,
    ObjectionFilterSet,
)
from greenmfg.selection.forms import (
    ApplicationNewForm,
    ApplicationReviewForm,
    EvidenceForm,
    NoticeOpenForm,
    ObjectionForm,
    ObjectionHandleForm,
    ReportNewForm,
)
from greenmfg.selection.models import (
    ApplicationState,
    PublicNotice,
    ReportState,
)
from greenmfg.selection.selectors import (
    applications_for,
    campaigns_for,
    evidence_for,
    objections_for,
    public_notices,
    reports_for,
)
from greenmfg.standards.systems import system

# --- reports --------------------------------------------------------------------


@login_required
def report_list(request):
    """The evaluation reports the user may see (the newest 200); units may start one."""
    reports = reports_for(request.user).order_by("-updated_at")[:200]
    return render(request, "selection/report_list.html", {"reports": reports})


@login_required
def report_new(request):
    """A new self-evaluation for the user's own unit (``selection.create_report``)."""
    user = request.user
    if not may(user, "selection.create_report", user.organisation):
        return redirect("report_list")
    unit = user.organisation
    rules = rules_for(pool_jurisdiction(unit))
    form = ReportNewForm(
        request.POST or None,
        list_types=allowed_list_types(rules, unit),
        routes=rules.get("evaluation.routes"),
    )
    if request.method == "POST" and form.is_valid():
        ok, report = run_action(
            request,
            lambda: report_services.report_create(
                actor=user,
                unit=unit,
                list_type=form.cleaned_data["list_type"],
                route=form.cleaned_data["route"],
            ),
            _("评价报告已创建"),
        )
        if ok:
            return redirect("report_detail", uuid=report.uuid)
    return render(
        request,
        "selection/report_new.html",
        {"form": form, "routes_ref": rules.ref("evaluation.routes")},
    )


def _report_page_context(request, report, posted=None) -> dict:
    """What the report page (the unit's dashboard) shows: the form by section, the
    score and the gap analysis to the unit's next mark. Who may write, submit or
    revise it is asked in the template (``selection.edit_report`` …). ``posted``:
    ``(values, notes)`` as posted and refused — shown over the saved ones, so that a
    refused save loses nothing typed (issue 18 item 1)."""
    sys = system(report.standard_code)
    items = list(report.items.all())
    values = report_services.item_values(sys, items)
    notes = {i.indicator_code: i.note for i in items}
    evidence: dict[str, list] = {}
    for ev in report.evidence.all():
        evidence.setdefault(ev.indicator_code, []).append(ev)
    if posted:
        preview = report_services.report_preview(report, posted[0], saved=values)
        values = {**values, **posted[0]}
        notes = {**notes, **posted[1]}
    else:
        preview = report_services.report_preview(report, saved=values)
    result = preview.result
    answered = len(sys.indicators) - len(result.missing)
    return {
        "report": report,
        "system": sys,
        "sections": report_form.sections(sys, values, notes, evidence, result),
        "result": result,
        "preview": preview,
        "progress": round(100 * answered / max(1, len(sys.indicators))),
        "answered": answered,
        "energy_levels": EnergyEfficiencyLevel.choices,
    }


@login_required
def report_detail(request, uuid):
    """One report: the form by section, the live score, evidence, the timeline."""
    report = get_for_user(reports_for(request.user), uuid)
    context = _report_page_context(request, report)
    context.update({"events": timeline_for(report), "evidence_form": EvidenceForm()})
    return render(request, "selection/report_detail.html", context)


@require_POST
@login_required
def report_save(request, uuid):
    """Save the indicators posted of a draft report — the page posts every section, so
    saving one never drops what was typed in the others. A refusal shows the page again
    with everything as typed (nothing is lost), the reasons as messages."""
    report = get_for_user(reports_for(request.user), uuid)
    sys = system(report.standard_code)
    values, notes = report_form.posted_values(sys, request.POST)
    level = request.POST.get("energy_efficiency_level")
    ok, _saved = run_action(
        request,
        lambda: report_services.report_save_items(
            actor=request.user,
            report=report,
            values=values,
            notes=notes,
            energy_efficiency_level=level,
        ),
        _("已保存（全部小节）"),
    )
    if not ok:
        context = _report_page_context(request, report, posted=(values, notes))
        context.update({"events": timeline_for(report), "evidence_form": EvidenceForm()})
        return render(request, "selection/report_detail.html", context)
    section = request.POST.get("section", "")
    return redirect(
        reverse("report_detail", args=[report.uuid]) + (f"#s{section}" if section.isdigit() else "")
    )


@require_POST
@login_required
def report_score_preview(request, uuid):
    """The live score (htmx): the values of the section as posted, overlaid on the
    saved ones, scored WITHOUT saving; returns the score panel with the gap analysis."""
    report = get_for_user(reports_for(request.user), uuid)
    sys = system(report.standard_code)
    values, _notes = report_form.posted_values(sys, request.POST)
    preview = report_services.report_preview(report, values)
    return render(
        request,
        "selection/_score_panel.html",
        {
            "report": report,
            "system": sys,
            "result": preview.result,
            "preview": preview,
            "live": True,
        },
    )


@require_POST
@login_required
def report_evidence(request, uuid):
    """Upload one evidence file for one indicator of a draft report."""
    report = get_for_user(reports_for(request.user), uuid)
    form = EvidenceForm(request.POST, request.FILES)
    code = request.POST.get("indicator_code", "")
    if form.is_valid():
        run_action(
            request,
            lambda: report_services.evidence_upload(
                actor=request.user,
                report=report,
                indicator_code=form.cleaned_data["indicator_code"],
                upload=form.cleaned_data["file"],
            ),
            _("佐证材料已上传"),
        )
    else:
        messages.error(request, _("请选择要上传的文件"))
    if request.headers.get("HX-Request"):
        # uploaded in place (htmx): the indicator's evidence list, the rest of the page and
        # whatever was typed in it untouched (issue 18 item 1)
        notes = list(messages.get_messages(request))
        return render(
            request,
            "selection/_evidence.html",
            {
                "code": code,
                "evidence": report.evidence.filter(indicator_code=code),
                "message": "；".join(str(m) for m in notes),
                "message_kind": "error" if any(m.level >= messages.ERROR for m in notes) else "",
            },
        )
    anchor = f"#ind-{code}" if code.replace("-", "").isalnum() else ""
    return redirect(reverse("report_detail", args=[report.uuid]) + anchor)


@require_POST
@login_required
def report_submit(request, uuid):
    """Submit and lock the report."""
    report = get_for_user(reports_for(request.user), uuid)
    run_action(
        request,
        lambda: report_services.report_submit(actor=request.user, report=report),
        _("评价报告已提交并锁定"),
    )
    return redirect("report_detail", uuid=report.uuid)


@require_POST
@login_required
def report_revise(request, uuid):
    """Start a new version of a submitted self-evaluation."""
    report = get_for_user(reports_for(request.user), uuid)
    ok, new = run_action(
        request,
        lambda: report_services.report_revise(actor=request.user, report=report),
        _("已创建新版本"),
    )
    return redirect("report_detail", uuid=new.uuid if ok else report.uuid)


@login_required
def evidence_download(request, uuid):
    """Serve an evidence file to those who may see its report, as an attachment."""
    ev = get_for_user(evidence_for(request.user), uuid)
    try:
        fh = ev.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    resp = FileResponse(
        fh, as_attachment=True, filename=ev.original_name, content_type=ev.content_type
    )
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


# --- applications ---------------------------------------------------------------


APPLICATION_LIST = ListSpec(
    template="selection/application_list.html",
    title=gettext_lazy("申报"),
    columns=APPLICATION_COLUMNS,
    export_name="applications",
    filterset_class=ApplicationFilterSet,
)


@login_required
def application_list(request):
    """The applications the user may see, filtered, searched and sorted, 50 a page, or
    exported as XLSX (``?export=xlsx``; greenmfg/core/lists.py); units may start one."""
    return list_page(request, APPLICATION_LIST, applications_for(request.user))


@login_required
def application_new(request):
    """A new application of the user's own unit (``selection.create_application``)."""
    user = request.user
    if not may(user, "selection.create_application", user.organisation):
        return redirect("application_list")
    unit = user.organisation
    rules = rules_for(pool_jurisdiction(unit))
    reports = [r for r in reports_for(user).filter(state=ReportState.SUBMITTED)]
    campaign = services.open_campaign_for(unit, clock.today().year)
    form = ApplicationNewForm(
        request.POST or None, list_types=allowed_list_types(rules, unit), reports=reports
    )
    if request.method == "POST" and form.is_valid():
        report = next((r for r in reports if str(r.uuid) == form.cleaned_data["report"]), None)
        ok, app = run_action(
            request,
            lambda: services.application_create(
                actor=user,
                unit=unit,
                list_type=form.cleaned_data["list_type"],
                report=report,
                product_name=form.cleaned_data["product_name"],
                product_model=form.cleaned_data["product_model"],
            ),
            _("申报已创建为草稿，请核对后提交"),
        )
        if ok:
            return redirect("application_detail", uuid=app.uuid)
    return render(request, "selection/application_new.html", {"form": form, "campaign": campaign})


@login_required
def application_detail(request, uuid):
    """One application: its facts, the pending step, the actions the user may take
    (predicates in the template), the expert panel, the timeline."""
    app = get_for_user(applications_for(request.user), uuid)
    rules = rules_for(app.campaign.jurisdiction)
    step = services.application_pending_step(app, rules)
    reports = []
    if app.is_editable and may(request.user, "selection.edit_application", app):
        reports = list(
            reports_for(request.user).filter(state=ReportState.SUBMITTED, list_type=app.list_type)
        )
    deadline, _deadline_ref = services.campaign_deadline(app.campaign, rules)
    return render(
        request,
        "selection/application_detail.html",
        {
            "app": app,
            "step": step,
            "step_label": steps.step_label(step) if step else "",
            "reports": reports,
            "review_form": ApplicationReviewForm(),
            "events": timeline_for(app),
            "steps": rules.get(f"selection.{app.level}.review_steps"),
            "chain": steps.chain(
                rules.get(f"selection.{app.level}.review_steps"),
                pending=step,
                filling=app.is_editable,
                finished=app.state == ApplicationState.LISTED,
                stopped=app.get_state_display()
                if app.state in (ApplicationState.NOT_APPROVED, ApplicationState.WITHDRAWN)
                else "",
                after=[_("公示")],
                after_index=0
                if app.state in (ApplicationState.APPROVED, ApplicationState.IN_NOTICE)
                else -1,
                end_label=_("列入名单"),
            ),
            "steps_ref": rules.ref(f"selection.{app.level}.review_steps"),
            "district_deadline": deadline,
            "pass_mark": rules.get(f"scoring.{app.level}.pass_mark", None),
            "pass_mark_ref": rules.ref(f"scoring.{app.level}.pass_mark")
            if rules.has(f"scoring.{app.level}.pass_mark")
            else "",
        },
    )


@require_POST
@login_required
def application_set_report(request, uuid):
    """Choose the report of a draft or returned application."""
    app = get_for_user(applications_for(request.user), uuid)
    report = get_for_user(reports_for(request.user), request.POST.get("report"))
    run_action(
        request,
        lambda: services.application_set_report(actor=request.user, application=app, report=report),
        _("已选择评价报告"),
    )
    return redirect("application_detail", uuid=app.uuid)


@require_POST
@login_required
def application_submit(request, uuid):
    """Submit the application to its first review step."""
    app = get_for_user(applications_for(request.user), uuid)
    run_action(
        request,
        lambda: services.application_submit(actor=request.user, application=app),
        _("申报已提交"),
    )
    return redirect("application_detail", uuid=app.uuid)


@require_POST
@login_required
def application_review(request, uuid):
    """Record the pending review step's outcome (with a score or grade at the last)."""
    app = get_for_user(applications_for(request.user), uuid)
    form = ApplicationReviewForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.application_review(
                actor=request.user,
                application=app,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                score=form.cleaned_data["score"],
                grade=form.cleaned_data["grade"],
                paper_copy_received=form.cleaned_data["paper_copy_received"],
            ),
            _("审核意见已记录"),
        )
    else:
        messages.error(request, _("请检查审核结论和得分"))
    return redirect("application_detail", uuid=app.uuid)


# --- campaigns, notices, publication ----------------------------------------------


@login_required
def campaign_list(request):
    """The rounds the user may follow; the officials who publish a list open this
    year's round here (``selection.open_campaign``)."""
    campaigns = (
        campaigns_for(request.user).annotate(n=Count("applications")).order_by("-year")[:100]
    )
    can_open = may(request.user, "selection.open_campaign")
    open_types, by_notice = [], False
    if can_open:
        rules = rules_for(request.user.authority.jurisdiction)
        level = services.ROLE_LEVEL[request.user.role]
        open_types = [(t, ListType(t).label) for t in rules.get("list_types", [])]
        by_notice = rules.get(f"selection.{level}.deadline_set_by_notice", False)
    return render(
        request,
        "selection/campaign_list.html",
        {
            "campaigns": campaigns,
            "can_open": can_open,
            "year": clock.today().year,
            "open_types": open_types,
            "by_notice": by_notice,
        },
    )


@require_POST
@login_required
def campaign_open(request):
    """Open this year's round: the list types chosen (default: all the rules run), and,
    where the rules leave it to the year's notice, its deadline and document number."""
    raw_deadline = request.POST.get("deadline", "").strip()
    try:
        deadline = dt.date.fromisoformat(raw_deadline) if raw_deadline else None
    except ValueError:
        deadline = None
    ok, campaign = run_action(
        request,
        lambda: services.campaign_open(
            actor=request.user,
            list_types=request.POST.getlist("list_types") or None,
            deadline=deadline,
            deadline_document=request.POST.get("deadline_document", ""),
        ),
        _("年度批次已启动"),
    )
    return redirect("campaign_detail", uuid=campaign.uuid) if ok else redirect("campaign_list")


@login_required
def campaign_detail(request, uuid):
    """One round: its applications by state, overdue matters, the notice and the
    publication (``selection.open_notice``/``publish_list`` in the template)."""
    campaign = get_for_user(campaigns_for(request.user), uuid)
    apps = applications_for(request.user).filter(campaign=campaign).order_by("state", "unit__name")
    by_state = {}
    for row in apps.values("state").annotate(n=Count("id")):
        by_state[ApplicationState(row["state"]).label] = row["n"]
    notice = PublicNotice.objects.filter(campaign=campaign).first()
    rules = services.campaign_rules(campaign)
    rules_set_length = rules.has(f"public_notice.{campaign.level}.length")
    overdue = services.campaign_overdue(campaign, clock.today())
    # recommendation upward (recommendable listings, quotas) is the recommendation
    # app's panel on this page ({% recommendation_panel campaign %})
    return render(
        request,
        "selection/campaign_detail.html",
        {
            "campaign": campaign,
            "applications": apps[:500],
            "by_state": by_state,
            "notice": notice,
            "notice_form": NoticeOpenForm(
                initial={"start": clock.today()}, rules_set_length=rules_set_length
            ),
            "rules_set_length": rules_set_length,
            "green_list": GreenList.objects.filter(campaign=campaign).first(),
            "overdue": overdue,
            "deadline": services.campaign_deadline(campaign, rules)[0],
        },
    )


@require_POST
@login_required
def notice_open(request, uuid):
    """Publish the round's public notice."""
    campaign = get_for_user(campaigns_for(request.user), uuid)
    form = NoticeOpenForm(request.POST, rules_set_length=False)
    if form.is_valid():
        run_action(
            request,
            lambda: publication.notice_open(
                actor=request.user,
                campaign=campaign,
                start=form.cleaned_data["start"],
                length=form.cleaned_data.get("length"),
                unit=form.cleaned_data.get("unit") or None,
            ),
            _("公示已发布"),
        )
    return redirect("campaign_detail", uuid=campaign.uuid)


@require_POST
@login_required
def list_publish(request, uuid):
    """Publish the round's list after its notice."""
    campaign = get_for_user(campaigns_for(request.user), uuid)
    ok, green_list = run_action(
        request,
        lambda: publication.list_publish(actor=request.user, campaign=campaign),
        _("名单已公布"),
    )
    if ok:
        return redirect("green_list_detail", uuid=green_list.uuid)
    return redirect("campaign_detail", uuid=campaign.uuid)


def notice_list(request):
    """The public notices (public, no sign-in)."""
    today = clock.today()
    notices = public_notices()[:100]
    return render(request, "selection/notice_list.html", {"notices": notices, "today": today})


def notice_detail(request, uuid):
    """The public notice page: the units, the period, and a real-name objection form."""
    notice = get_for_user(public_notices(), uuid)
    today = clock.today()
    apps = list(
        notice.applications.select_related(
            "unit", "unit__registered_division", "unit__industry"
        ).order_by("unit__name")
    )
    running = notice.is_running_on(today)
    form = ObjectionForm(
        request.POST or None,
        request.FILES or None,
        applications=[a for a in apps if a.state == ApplicationState.IN_NOTICE],
    )
    if request.method == "POST" and form.is_valid():
        app = next(a for a in apps if str(a.uuid) == form.cleaned_data["application"])
        data = {k: form.cleaned_data[k] for k in publication.OBJECTION_FIELDS}
        ok, obj = run_action(
            request,
            lambda: publication.objection_submit(
                actor=request.user,
                notice=notice,
                application=app,
                data=data,
                evidence=form.cleaned_data.get("evidence"),
                client=client_ip(request),
            ),
            _("异议已提交，受理部门将核实处理并与您联系"),
        )
        if ok:
            # the receipt number and the check code, shown once (core/receipts.py)
            return render(request, "selection/objection_done.html", {"obj": obj, "notice": notice})
    return render(
        request,
        "selection/notice_detail.html",
        {"notice": notice, "applications": apps, "running": running, "form": form, "today": today},
    )


@login_required
def objection_detail(request, uuid):
    """One objection, and the form to handle it (``selection.handle_objection``); the
    objector's identity in full only for the handling officials."""
    obj = get_for_user(objections_for(request.user), uuid)
    form = ObjectionHandleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _r = run_action(
            request,
            lambda: publication.objection_handle(
                actor=request.user,
                objection=obj,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            ),
            _("异议处理结果已记录"),
        )
        if ok:
            return redirect("objection_detail", uuid=obj.uuid)
    return render(
        request,
        "selection/objection_detail.html",
        {
            "obj": obj,
            "form": form,
            "events": timeline_for(obj),
            "identity": publication.objector_identity(obj, request.user),
        },
    )


@login_required
def objection_evidence(request, uuid):
    """The objector's evidence file, only for the officials handling the objection
    (as an attachment, under its stored name)."""
    obj = get_for_user(objections_for(request.user), uuid)
    if not may(request.user, "selection.see_objector", obj) or not obj.evidence:
        raise Http404
    try:
        fh = obj.evidence.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(fh, as_attachment=True, filename=obj.evidence.name.rsplit("/", 1)[-1])


OBJECTION_LIST = ListSpec(
    template="selection/objection_list.html",
    title=gettext_lazy("公示异议"),
    columns=OBJECTION_COLUMNS,
    export_name="objections",
    filterset_class=ObjectionFilterSet,
)


@login_required
def objection_list(request):
    """The objections the user handles (officials of the notices' jurisdictions),
    filtered, searched and sorted, 50 a page, or exported as XLSX without the objectors'
    identities (greenmfg/core/lists.py)."""
    return list_page(request, OBJECTION_LIST, objections_for(request.user))
