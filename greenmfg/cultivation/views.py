"""Pages of the cultivation pool. Views only call services and selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from greenmfg.audit.selectors import timeline_for
from greenmfg.core import clock, steps
from greenmfg.core.lists import ListSpec, list_page
from greenmfg.core.web import form_errors, get_for_user, run_action
from greenmfg.cultivation import services
from greenmfg.cultivation.filters import REGISTRATION_COLUMNS, RegistrationFilterSet
from greenmfg.cultivation.forms import (
    CleanProductionRenewForm,
    NewRegistrationForm,
    RegistrationForm,
    ReviewForm,
)
from greenmfg.cultivation.models import RegistrationState
from greenmfg.cultivation.selectors import registrations_for
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.parties.permissions import may

REGISTRATION_LIST = ListSpec(
    template="cultivation/registration_list.html",
    title=gettext_lazy("培育入库登记"),
    columns=REGISTRATION_COLUMNS,
    export_name="registrations",
    filterset_class=RegistrationFilterSet,
)


@login_required
def registration_list(request):
    """The registrations the user may see, filtered, searched and sorted, 50 a page, or
    exported as XLSX (greenmfg/core/lists.py); units may start one."""
    offered, closed = [], []
    user = request.user
    if may(user, "cultivation.create_registration", user.organisation):
        offered, closed = services.offered_list_types(user.organisation, clock.today())
    return list_page(
        request,
        REGISTRATION_LIST,
        registrations_for(user),
        offered=offered,
        closed=closed,
    )


@login_required
def registration_new(request):
    """A new registration form for the user's own unit (``cultivation.create_registration``)."""
    user = request.user
    if not may(user, "cultivation.create_registration", user.organisation):
        return redirect("registration_list")
    unit = user.organisation
    rules = rules_for(services.pool_jurisdiction(unit))
    types, closed = services.offered_list_types(unit, clock.today())
    if not types:
        return render(
            request,
            "cultivation/registration_form.html",
            {"form": None, "unit": unit, "rules": rules, "closed": closed},
        )
    form = NewRegistrationForm(
        request.POST or None,
        list_types=types,
        rule_required=services.rule_required_fields(rules, None),
        initial={
            "contact_name": user.real_name,
            "contact_phone": user.phone,
            "contact_email": user.email,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.FORM_FIELDS}
        ok, reg = run_action(
            request,
            lambda: services.registration_create(
                actor=user, unit=unit, list_type=form.cleaned_data["list_type"], data=data
            ),
            _("登记表已保存为草稿，请核对后提交"),
        )
        if ok:
            return redirect("registration_detail", uuid=reg.uuid)
    return render(
        request, "cultivation/registration_form.html", {"form": form, "unit": unit, "rules": rules}
    )


@login_required
def registration_detail(request, uuid):
    """One registration: its contents, the pending step, the actions the user may take
    (predicates in the template), the timeline."""
    reg = get_for_user(registrations_for(request.user), uuid)
    rules = rules_for(reg.jurisdiction)
    step = services.pending_step(reg, rules)
    return render(
        request,
        "cultivation/registration_detail.html",
        {
            "reg": reg,
            "step": step,
            "step_label": steps.step_label(step) if step else "",
            "review_form": ReviewForm(),
            "renew_form": CleanProductionRenewForm()
            if services.clean_production_lapsed(reg, clock.today(), rules)
            else None,
            "events": timeline_for(reg),
            "steps": rules.get("pool.review_steps", []),
            "chain": steps.chain(
                rules.get("pool.review_steps", []),
                pending=step,
                filling=reg.is_editable,
                finished=reg.is_accepted,
                stopped=reg.get_state_display() if reg.state == RegistrationState.REJECTED else "",
                end_label=_("列为培育对象"),
            ),
            "steps_ref": rules.ref("pool.review_steps") if rules.has("pool.review_steps") else "",
        },
    )


@login_required
def registration_edit(request, uuid):
    """Change a draft or returned registration (the service refuses otherwise)."""
    reg = get_for_user(registrations_for(request.user), uuid)
    form = RegistrationForm(
        request.POST or None,
        instance=reg,
        list_type=reg.list_type,
        rule_required=services.rule_required_fields(rules_for(reg.jurisdiction), reg.list_type),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.FORM_FIELDS}
        ok, _reg = run_action(
            request,
            lambda: services.registration_update(actor=request.user, registration=reg, data=data),
            _("已保存"),
        )
        if ok:
            return redirect("registration_detail", uuid=reg.uuid)
    return render(
        request, "cultivation/registration_form.html", {"form": form, "unit": reg.unit, "reg": reg}
    )


@require_POST
@login_required
def registration_submit(request, uuid):
    """Submit the registration to its first review step."""
    reg = get_for_user(registrations_for(request.user), uuid)
    run_action(
        request,
        lambda: services.registration_submit(actor=request.user, registration=reg),
        _("登记表已提交"),
    )
    return redirect("registration_detail", uuid=reg.uuid)


@require_POST
@login_required
def registration_renew(request, uuid):
    """The candidate records its renewed 清洁生产企业 certification (004 第七条(一)2); only
    its own unit's users (others: 404)."""
    reg = get_for_user(registrations_for(request.user), uuid)
    if not may(request.user, "cultivation.edit_registration", reg):
        raise Http404
    form = CleanProductionRenewForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.clean_production_renew(
                actor=request.user,
                registration=reg,
                certificate_no=form.cleaned_data["certificate_no"],
                valid_until=form.cleaned_data["valid_until"],
            ),
            _("清洁生产企业认定已更新"),
        )
    else:
        form_errors(request, form)
    return redirect("registration_detail", uuid=reg.uuid)


@require_POST
@login_required
def registration_review(request, uuid):
    """Record the pending review step's outcome."""
    reg = get_for_user(registrations_for(request.user), uuid)
    form = ReviewForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.registration_review(
                actor=request.user,
                registration=reg,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            ),
            _("审核意见已记录"),
        )
    return redirect("registration_detail", uuid=reg.uuid)
