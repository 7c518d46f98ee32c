"""Pages of the agencies app: the public registry and sanctions notice; projects for
units (commission, confirm) and agencies (accept, decline, fill the report on the
report page, upload the signed PDF, submit); the annual work report; the officials'
oversight (agencies in the jurisdiction, caps used, fraud findings, overdue reports).
Views only call services and scoped selectors."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from greenmfg.agencies import history, services
from greenmfg.agencies import selectors as sel
from greenmfg.agencies.forms import (
    FindingForm,
    ProfileForm,
    ProjectNewForm,
    ReasonForm,
    SignedReportForm,
    WorkReportForm,
)
from greenmfg.agencies.models import AgencyProfile, ProjectState
from greenmfg.agencies.quality import quality_for
from greenmfg.audit.selectors import timeline_for
from greenmfg.core import clock
from greenmfg.core.dates import year_query
from greenmfg.core.web import get_for_user, run_action
from greenmfg.cultivation.services import allowed_list_types, pool_jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.parties.permissions import may

PAGE = 50


def _decorate(agencies, today):
    """Attach the quality figures and the trust status to a page of agencies."""
    figures = quality_for(a.id for a in agencies)
    for a in agencies:
        a.quality = figures[a.id]
        a.distrusted = bool(a.distrusted_until and today <= a.distrusted_until)
    return agencies


def _official(request):
    """The jurisdiction of the official whose oversight pages these are (404 for others)."""
    if not may(request.user, "agencies.oversee"):
        raise Http404
    return request.user.authority.jurisdiction


# --- public -------------------------------------------------------------------------------


def agency_index(request):
    """The public registry of agencies: legal representative, status, quality figures."""
    today = clock.today()
    qs = sel.public_agencies()
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    _decorate(page.object_list, today)
    return render(
        request,
        "agencies/index.html",
        {"page": page, "q": q, "today": today, "querystring": urlencode({"q": q}) if q else ""},
    )


def agency_detail(request, uuid):
    today = clock.today()
    agency = get_for_user(sel.public_agencies(), uuid)
    _decorate([agency], today)
    profile = getattr(agency, "agency_profile", None)
    context = {
        "agency": agency,
        "profile": profile,
        "findings": sel.public_findings().filter(agency=agency),
        "today": today,
        # listed units it evaluated, from the lists (also those before the platform)
        "past": history.past_counts(agency),
    }
    user = request.user
    if user.is_authenticated and user.is_official:
        in_scope = sel.agencies_for_official(user).filter(pk=agency.pk).exists()
        if in_scope:
            context["projects"] = sel.projects_for(user).filter(agency=agency)[:200]
    return render(request, "agencies/detail.html", context)


def agency_sanctions(request):
    """通报: the public notice of agencies found falsifying (000 第二十四条)."""
    page = Paginator(sel.public_findings(), PAGE).get_page(request.GET.get("page"))
    return render(request, "agencies/sanctions.html", {"page": page, "today": clock.today()})


# --- projects -----------------------------------------------------------------------------


@login_required
def project_list(request):
    user = request.user
    projects = sel.projects_for(user).order_by("-proposed_on", "-id")[:200]
    return render(
        request,
        "agencies/project_list.html",
        {"projects": projects},
    )


@login_required
def project_new(request):
    """委托第三方评价 (enterprise and park users)."""
    user = request.user
    if not may(user, "agencies.propose_project", user.organisation):
        return redirect("agency_project_list")
    unit = user.organisation
    today = clock.today()
    agencies = list(sel.public_agencies())
    rules = rules_for(pool_jurisdiction(unit), today)
    form = ProjectNewForm(
        request.POST or None,
        agencies=agencies,
        list_types=allowed_list_types(rules, unit),
        initial={"year": today.year},
    )
    if request.method == "POST" and form.is_valid():
        agency = next((a for a in agencies if str(a.uuid) == form.cleaned_data["agency"]), None)
        if agency is None:
            raise Http404
        ok, project = run_action(
            request,
            lambda: services.project_propose(
                actor=user,
                unit=unit,
                agency=agency,
                list_type=form.cleaned_data["list_type"],
                level=form.cleaned_data["level"],
                year=form.cleaned_data["year"],
                note=form.cleaned_data["note"],
            ),
            _("已委托评价机构，待机构接受"),
        )
        if ok:
            return redirect("agency_project_detail", uuid=project.uuid)
    return render(request, "agencies/project_new.html", {"form": form})


@login_required
def project_detail(request, uuid):
    user = request.user
    project = get_for_user(sel.projects_for(user), uuid)
    # the template offers an action when its predicate holds for the user and the
    # project's state allows it (agencies.rules; PROJECT_TRANSITIONS)
    return render(
        request,
        "agencies/project_detail.html",
        {
            "project": project,
            "states": ProjectState,
            "events": timeline_for(project),
            "reason_form": ReasonForm(),
            "upload_form": SignedReportForm(),
        },
    )


PROJECT_ACTIONS = {
    "accept": (
        lambda user, p, post: services.project_accept(actor=user, project=p),
        gettext_lazy("已承接评价项目，请填写评价报告"),
    ),
    "decline": (
        lambda user, p, post: services.project_decline(
            actor=user, project=p, reason=post.get("reason", "")
        ),
        gettext_lazy("已谢绝委托"),
    ),
    "withdraw": (
        lambda user, p, post: services.project_withdraw(
            actor=user, project=p, reason=post.get("reason", "")
        ),
        gettext_lazy("已撤回委托"),
    ),
    "submit": (
        lambda user, p, post: services.project_submit(actor=user, project=p),
        gettext_lazy("评价报告已提交并锁定，待委托单位确认"),
    ),
    "confirm": (
        lambda user, p, post: services.project_confirm(actor=user, project=p),
        gettext_lazy("已确认第三方评价报告，可用于申报"),
    ),
}


@require_POST
@login_required
def project_action(request, uuid, action):
    project = get_for_user(sel.projects_for(request.user), uuid)
    if action not in PROJECT_ACTIONS:
        raise Http404
    call, success = PROJECT_ACTIONS[action]
    run_action(request, lambda: call(request.user, project, request.POST), str(success))
    return redirect("agency_project_detail", uuid=project.uuid)


@require_POST
@login_required
def project_upload(request, uuid):
    project = get_for_user(sel.projects_for(request.user), uuid)
    form = SignedReportForm(request.POST, request.FILES)
    if form.is_valid():
        run_action(
            request,
            lambda: services.signed_report_upload(
                actor=request.user, project=project, upload=form.cleaned_data["file"]
            ),
            _("签章评价报告已上传"),
        )
    else:
        messages.error(request, _("请选择要上传的文件"))
    return redirect("agency_project_detail", uuid=project.uuid)


@login_required
def signed_report_download(request, uuid):
    """The signed PDF, to those who may see the project, as an attachment."""
    project = get_for_user(sel.projects_for(request.user), uuid)
    if not project.signed_report:
        raise Http404
    try:
        fh = project.signed_report.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    resp = FileResponse(
        fh,
        as_attachment=True,
        filename=project.signed_report_name or "report.pdf",
        content_type="application/pdf",
    )
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


# --- the agency's own pages ----------------------------------------------------------------


@login_required
def profile_edit(request):
    user = request.user
    if not may(user, "agencies.update_profile"):
        raise Http404
    profile = AgencyProfile.objects.filter(organisation_id=user.organisation_id).first()
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        ok, _profile = run_action(
            request,
            lambda: services.profile_update(actor=user, data=form.cleaned_data),
            _("机构信息已保存"),
        )
        if ok:
            return redirect("agency_detail", uuid=user.organisation.uuid)
    return render(request, "agencies/profile_form.html", {"form": form})


@login_required
def work_reports(request):
    """年度工作情况: an agency files and sees its own; officials see those filed within
    their jurisdiction and the overdue ones."""
    user = request.user
    today = clock.today()
    year = year_query(request.GET, today.year)
    context = {"year": year, "today": today}
    if may(user, "agencies.submit_work_report"):
        agency = user.organisation
        due, ref = services.work_report_due(agency, year, today)
        form = WorkReportForm(
            request.POST or None,
            initial={
                "year": year,
                "projects_done": services.projects_done(agency, year),
                "staff": getattr(getattr(agency, "agency_profile", None), "staff_total", 0),
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            ok, _report = run_action(
                request,
                lambda: services.work_report_submit(actor=user, year=data["year"], data=data),
                _("年度工作情况已填报"),
            )
            if ok:
                return redirect("agency_work_reports")
        context.update(
            {
                "form": form,
                "due": due,
                "due_ref": ref,
                "reports": sel.work_reports_for(user),
            }
        )
    elif may(user, "agencies.oversee_work_reports"):
        agencies = sel.agencies_for_official(user)
        context.update(
            {
                "official": True,
                "overdue": services.overdue_work_reports(agencies, year, today),
                "reports": sel.work_reports_for(user).filter(year=year),
            }
        )
    else:
        raise Http404
    return render(request, "agencies/work_reports.html", context)


# --- officials -----------------------------------------------------------------------------


@login_required
def oversight(request):
    """Agencies in the official's jurisdiction: projects, the cap used this period,
    quality figures and fraud findings."""
    jurisdiction = _official(request)
    today = clock.today()
    agencies = list(sel.agencies_for_official(request.user)[:500])
    _decorate(agencies, today)
    usage = services.cap_usage(jurisdiction, today)
    for a in agencies:
        a.cap_used = usage.for_agency(a) if usage else None
    return render(
        request,
        "agencies/oversight.html",
        {
            "jurisdiction": jurisdiction,
            "agencies": agencies,
            "usage": usage,
            "projects": sel.projects_for(request.user).order_by("-proposed_on", "-id")[:100],
            "findings": sel.findings_for_official(request.user)[:100],
            "today": today,
        },
    )


@login_required
def finding_new(request, uuid):
    user = request.user
    _official(request)
    if not may(user, "agencies.record_fraud_finding"):
        raise Http404
    agency = get_for_user(sel.agencies_for_official(user), uuid)
    projects = list(sel.projects_for(user).filter(agency=agency)[:200])
    form = FindingForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        project = next((p for p in projects if str(p.uuid) == data["project"]), None)
        ok, _finding = run_action(
            request,
            lambda: services.fraud_finding_record(
                actor=user,
                agency=agency,
                decided_on=data["decided_on"],
                description=data["description"],
                article=data["article"],
                project=project,
            ),
            _("已记录认定，并在平台通报"),
        )
        if ok:
            return redirect("agency_detail", uuid=agency.uuid)
    return render(request, "agencies/finding_form.html", {"form": form, "agency": agency})
