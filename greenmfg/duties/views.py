"""Pages of the duties app: training (courses and attendance), on-site guidance of
candidates, and the listed units' disclosures (public list, a unit's own). Views only
call services and scoped selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from greenmfg.core.web import get_for_user, run_action
from greenmfg.duties import selectors as sel
from greenmfg.duties import services
from greenmfg.duties.forms import AttendanceForm, CourseForm, DisclosureForm, GuidanceForm
from greenmfg.parties.models import Organisation
from greenmfg.parties.permissions import may
from greenmfg.parties.scoping import scope_by_unit

PAGE = 50


def _unit_by_uscc(user, uscc: str) -> Organisation | None:
    """The organisation with ``uscc`` that ``user`` may see, or None."""
    return scope_by_unit(Organisation.objects.filter(uscc=uscc.strip().upper()), user, "").first()


@login_required
def training(request):
    """培训: officials list and record their authority's courses; a unit sees the
    courses of its city and province and its own attendance."""
    user = request.user
    official = may(user, "duties.hold_course")
    form = CourseForm(request.POST or None) if official else None
    if request.method == "POST":
        if not official:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            ok, course = run_action(
                request, lambda: services.course_create(actor=user, **data), _("培训已登记")
            )
            if ok:
                return redirect("duties_course", course.uuid)
    page = Paginator(sel.courses_for(user), PAGE).get_page(request.GET.get("page"))
    own = None
    if user.organisation_id and not official:
        own = list(sel.attendances_of_unit(user.organisation))
    return render(
        request,
        "duties/training.html",
        {"page": page, "form": form, "official": official, "own": own},
    )


@login_required
def course_detail(request, uuid):
    """A course and its attendance; its authority records who attended."""
    user = request.user
    course = get_for_user(sel.courses_for(user), uuid)
    can_record = may(user, "duties.record_attendance", course)
    form = AttendanceForm(request.POST or None) if can_record else None
    if request.method == "POST":
        if not can_record:
            raise Http404
        if form.is_valid():
            unit = _unit_by_uscc(user, form.cleaned_data["uscc"])
            if unit is None:
                form.add_error("uscc", _("本辖区内没有该统一社会信用代码的单位"))
            else:
                ok, _a = run_action(
                    request,
                    lambda: services.attendance_record(
                        actor=user,
                        course=course,
                        unit=unit,
                        person_name=form.cleaned_data["person_name"],
                    ),
                    _("参训已登记"),
                )
                if ok:
                    return redirect("duties_course", course.uuid)
    return render(
        request,
        "duties/course.html",
        {
            "course": course,
            "attendances": sel.attendances_of(user, course),
            "form": form,
        },
    )


@login_required
def guidance(request):
    """现场指导培育 (004 第九条): officials record visits of candidates in their
    jurisdiction and list them; a unit sees the visits it received."""
    user = request.user
    can_record = may(user, "duties.oversee")
    form = GuidanceForm(request.POST or None) if can_record else None
    if request.method == "POST":
        if not can_record:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            unit = _unit_by_uscc(user, data["uscc"])
            if unit is None:
                form.add_error("uscc", _("本辖区内没有该统一社会信用代码的单位"))
            else:
                ok, _v = run_action(
                    request,
                    lambda: services.guidance_record(
                        actor=user,
                        unit=unit,
                        visited_on=data["visited_on"],
                        findings=data["findings"],
                        participants=data["participants"],
                    ),
                    _("现场指导已登记"),
                )
                if ok:
                    return redirect("duties_guidance")
    page = Paginator(sel.guidance_for(user), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "duties/guidance.html",
        {"page": page, "form": form, "article": services.GUIDANCE_ARTICLE},
    )


def disclosures(request):
    """The public list of the listed units' disclosures (绿色低碳发展报告, 环境信息披露),
    searchable by unit name; a listed unit's user also publishes and withdraws its own."""
    user = request.user
    can_publish = may(user, "duties.publish_disclosure")
    form = DisclosureForm(request.POST or None, request.FILES or None) if can_publish else None
    if request.method == "POST":
        if not can_publish:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            ok, _d = run_action(
                request,
                lambda: services.disclosure_publish(
                    actor=user,
                    kind=data["kind"],
                    year=data["year"],
                    title=data["title"],
                    url=data["url"],
                    document=data["document"],
                ),
                _("信息披露已发布"),
            )
            if ok:
                return redirect("duties_disclosures")
    qs = sel.public_disclosures()
    q = request.GET.get("q", "").strip()[:60]
    if q:
        qs = qs.filter(unit__name__icontains=q)
    page = Paginator(qs.order_by("-published_on", "unit__name"), PAGE).get_page(
        request.GET.get("page")
    )
    own = list(sel.disclosures_of_unit(user.organisation)) if can_publish else None
    return render(
        request,
        "duties/disclosures.html",
        {
            "page": page,
            "q": q,
            "form": form,
            "own": own,
            "articles": services.DISCLOSURE_ARTICLES,
        },
    )


@login_required
def disclosure_withdraw(request, uuid):
    """The unit withdraws one of its own disclosures (404 for anyone else)."""
    if request.method != "POST":
        raise Http404
    disclosure = get_for_user(scope_by_unit(sel.public_disclosures(), request.user), uuid)
    if not may(request.user, "duties.withdraw_disclosure", disclosure):
        raise Http404
    run_action(
        request,
        lambda: services.disclosure_withdraw(actor=request.user, disclosure=disclosure),
        _("信息披露已撤回"),
    )
    return redirect("duties_disclosures")


def disclosure_document(request, uuid):
    """The PDF of a published disclosure (public, as an attachment)."""
    disclosure = get_for_user(sel.public_disclosures(), uuid)
    if not disclosure.document:
        raise Http404
    return FileResponse(
        disclosure.document.open("rb"),
        as_attachment=True,
        filename=f"{disclosure.unit.name}-{disclosure.year}.pdf",
        content_type="application/pdf",
    )
