"""Pages of the annual dynamic form (动态管理表) and the on-site checks. Thin: the
services decide, the selectors scope every query to the user, the templates ask the
predicates (``supervision/rules.py``) who may act."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from greenmfg.audit.selectors import timeline_for
from greenmfg.core import clock
from greenmfg.core.dates import YEAR_MAX, YEAR_MIN, plausible_year
from greenmfg.core.lists import ListSpec, list_page
from greenmfg.core.vocabulary import ListType
from greenmfg.core.web import form_errors, get_for_user, run_action
from greenmfg.parties.permissions import may
from greenmfg.supervision.common import FORM_LIST_TYPES
from greenmfg.supervision.dynamic import forms as f
from greenmfg.supervision.dynamic import obligations, services
from greenmfg.supervision.dynamic.filters import (
    OVERDUE_COLUMNS,
    OverdueFilterSet,
    filter_obligations,
)
from greenmfg.supervision.dynamic.models import FormState
from greenmfg.supervision.dynamic.selectors import checks_for, forms_for
from greenmfg.supervision.removals.services import propose_non_filers
from greenmfg.supervision.web import (
    PAGE,
    is_unit,
    official_jurisdiction,
    scoped_units,
    year_param,
)


@require_POST
@login_required
def officer_set(request):
    """The unit records its filing officer (专员) and training date (004 第十三条)."""
    if not is_unit(request.user):
        raise Http404
    form = f.OfficerForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.filing_officer_set(
                actor=request.user, unit=request.user.organisation, **form.cleaned_data
            ),
            _("填报专员已登记"),
        )
    else:
        form_errors(request, form)
    return redirect("oversight_home")


@require_POST
@login_required
def dynamic_form_new(request):
    """The unit starts the dynamic form of a data year."""
    if not is_unit(request.user):
        raise Http404
    form = f.NewFormForm(request.POST, list_types=[(t, ListType(t).label) for t in FORM_LIST_TYPES])
    if form.is_valid():
        ok, obj = run_action(
            request,
            lambda: services.form_create(
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


@login_required
def dynamic_form_list(request):
    """动态管理表: the forms in the user's scope, filtered by filing year and state."""
    year = year_param(request, clock.today().year)
    qs = forms_for(request.user).filter(filing_year=year)
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
    """One form: the unit edits and submits it, the reviewing authority reviews it."""
    form = get_for_user(forms_for(request.user), uuid)
    user = request.user
    return render(
        request,
        "supervision/form_detail.html",
        {
            "form": form,
            "edit": f.DynamicFormEdit(instance=form) if form.editable else None,
            "problems": services.form_check(form) if form.editable else [],
            "flags": list(form.flags.all())
            if may(user, "supervision.see_anomaly_flags", form)
            else [],
            "review": f.ReviewForm(),
            "checks": form.checks.all(),
            "events": timeline_for(form),
        },
    )


@require_POST
@login_required
def dynamic_form_save(request, uuid):
    form = get_for_user(forms_for(request.user), uuid)
    data = {k: request.POST.get(k, "") for k in f.DynamicFormEdit.Meta.fields}
    run_action(
        request,
        lambda: services.form_update(actor=request.user, form=form, data=data),
        _("已保存"),
    )
    return redirect("dynamic_form_detail", uuid=form.uuid)


@require_POST
@login_required
def dynamic_form_submit(request, uuid):
    form = get_for_user(forms_for(request.user), uuid)
    run_action(
        request, lambda: services.form_submit(actor=request.user, form=form), _("动态管理表已提交")
    )
    return redirect("dynamic_form_detail", uuid=form.uuid)


@require_POST
@login_required
def dynamic_form_review(request, uuid):
    form = get_for_user(forms_for(request.user), uuid)
    rf = f.ReviewForm(request.POST)
    if rf.is_valid():
        run_action(
            request,
            lambda: services.form_review(actor=request.user, form=form, **rf.cleaned_data),
            _("审核意见已记录"),
        )
    return redirect("dynamic_form_detail", uuid=form.uuid)


OVERDUE_LIST = ListSpec(
    template="supervision/overdue.html",
    title=gettext_lazy("逾期未填报动态管理表的单位"),
    columns=OVERDUE_COLUMNS,
    export_name="overdue-forms",
    filterset_class=OverdueFilterSet,
)


@login_required
def overdue_list(request):
    """逾期未填报: units within the official's jurisdiction that did not file the form
    of the year by their deadline, filtered (region down to the district, list type,
    level, missing or late), searched, 50 a page, or exported as XLSX
    (greenmfg/core/lists.py)."""
    jur = official_jurisdiction(request)
    today = clock.today()
    year = year_param(request, today.year)

    def rows(data: dict) -> list:
        within = data.get("region") or jur
        return filter_obligations(obligations.overdue(year, within, today), data)

    title = format_lazy(
        gettext_lazy("{name}{year}年逾期未填报动态管理表的单位"), name=jur.name, year=year
    )
    spec = replace(OVERDUE_LIST, rows=rows, title=title)
    return list_page(request, spec, year=year, jurisdiction=jur)


@require_POST
@login_required
def overdue_propose(request):
    official_jurisdiction(request)
    year = year_param(request, clock.today().year)
    if request.POST.get("year"):
        year = plausible_year(request.POST["year"])
        if year is None:  # a proposal acts: an impossible year is refused, not replaced
            messages.error(
                request,
                _("年度应为{low}至{high}之间的整数").format(low=YEAR_MIN, high=YEAR_MAX),
            )
            return redirect(reverse("overdue_list"))
    ok, run = run_action(
        request,
        lambda: propose_non_filers(actor=request.user, filing_year=year),
        _("已对逾期未填报单位提出拟移出意见"),
    )
    if ok and run.needs_refused_check:
        messages.info(
            request,
            _("{n}家单位尚须现场复核并确认拒不配合后方可移出").format(
                n=len(run.needs_refused_check)
            ),
        )
    return redirect(f"{reverse('overdue_list')}?year={year}")


@require_POST
@login_required
def check_new(request):
    official_jurisdiction(request)
    form = f.CheckRequestForm(request.POST)
    if form.is_valid():
        unit = get_for_user(scoped_units(request.user), form.cleaned_data["unit"])
        ok, check = run_action(
            request,
            lambda: services.check_request(
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
    """One on-site check; the checking authority records its outcome."""
    check = get_for_user(checks_for(request.user), uuid)
    if request.method == "POST":
        form = f.CheckOutcomeForm(request.POST)
        if form.is_valid():
            run_action(
                request,
                lambda: services.check_outcome(
                    actor=request.user, check=check, **form.cleaned_data
                ),
                _("核查结果已记录"),
            )
        return redirect("check_detail", uuid=check.uuid)
    return render(
        request,
        "supervision/check_detail.html",
        {"check": check, "form": f.CheckOutcomeForm(), "events": timeline_for(check)},
    )
