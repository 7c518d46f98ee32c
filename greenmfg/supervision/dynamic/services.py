"""Service functions of the annual dynamic form (动态管理表) and the on-site check
(现场复核): 000 第十八条、第十九条; 002 第十七条、第十八条; 003 第十六条、第十八条(二);
004 第十三条.

One function per transition: it locks the row, checks role, scope, state, the rules
of the unit's city and the deadline, changes state and audits it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import (
    ReviewFlow,
    apply_transition,
    lock,
    review_apply,
    review_reason_check,
)
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, Reason
from greenmfg.core.vocabulary import ReviewDecision
from greenmfg.duties.services import officer_attended
from greenmfg.parties.permissions import require
from greenmfg.supervision.common import FORM_LIST_TYPES, require_official, unit_rules
from greenmfg.supervision.dynamic.anomalies import refresh_flags
from greenmfg.supervision.dynamic.models import (
    CHECK_TRANSITIONS,
    FORM_TRANSITIONS,
    INDICATOR_FIELDS,
    CheckState,
    DynamicForm,
    FilingOfficer,
    FormState,
    OnSiteCheck,
)
from greenmfg.supervision.dynamic.obligations import obligation_for, rules_for_filing
from greenmfg.supervision.rules import OWN_UNIT_ONLY, authority_only

#: fields a submitted form must have
REQUIRED_FIELDS = ("output_value", "energy_total", "water_withdrawal", "co2_total")
PERCENT_FIELDS = ("renewable_share", "water_reuse_rate", "solid_waste_utilisation_rate")
#: intensity field -> (total field, denominator field)
INTENSITIES = {
    "energy_intensity": ("energy_total", "output_value"),
    "water_intensity": ("water_withdrawal", "output_value"),
    "co2_intensity": ("co2_total", "output_value"),
}
TEXT_FIELDS = ("changes_declared", "incidents_declared", "note")
EDITABLE = FormState.editable_states()


def intensity_tolerance() -> Decimal:
    """Relative tolerance between a declared intensity and total ÷ output value
    (``GREENMFG_DYNAMIC_INTENSITY_TOLERANCE``, default 5 %)."""
    return Decimal(str(getattr(settings, "GREENMFG_DYNAMIC_INTENSITY_TOLERANCE", "0.05")))


# --- the filing officer (专员) ------------------------------------------------------------


@transaction.atomic
def filing_officer_set(
    *,
    actor,
    unit,
    name: str,
    phone: str = "",
    email: str = "",
    trained_on: dt.date | None = None,
    training: str = "",
) -> FilingOfficer:
    """Record the unit's filing officer and the date the officer attended the city's
    training (004 第十三条). Returns the officer; raises NotPermitted (not the unit's
    user), RuleViolation (no name, a training date in the future)."""
    require(actor, "supervision.set_filing_officer", unit, OWN_UNIT_ONLY)
    d = Decision()
    if not (name or "").strip():
        d.refuse("officer.name", _("请填写专员姓名"))
    if trained_on and trained_on > clock.today():
        d.refuse("officer.trained_on", _("培训日期不能晚于今天"))
    d.raise_if_refused()
    officer, _created = FilingOfficer.objects.update_or_create(
        unit=unit,
        defaults={
            "name": name.strip(),
            "phone": phone.strip(),
            "email": email.strip(),
            "trained_on": trained_on,
            "training": training.strip(),
        },
    )
    record_event(
        actor=actor,
        action="dynamic.officer_set",
        obj=officer,
        payload={"trained_on": trained_on.isoformat() if trained_on else ""},
    )
    return officer


def officer_reasons(unit, rules, on: dt.date) -> list[Reason]:
    """004 第十三条: where training is required, the form is filed by an officer whose
    attendance at a filing-officer course of the unit's city the city recorded
    (``duties.services.officer_attended``); the unit's own statement of a training date
    is not proof."""
    if not rules.get("dynamic.filing_officer_training_required", False):
        return []
    officer = FilingOfficer.objects.filter(unit=unit).first()
    if officer is None or not officer.name:
        return [
            Reason(
                "dynamic.officer_missing",
                _("动态管理填报实行专员负责：请先登记填报专员"),
                rules.ref("dynamic.filing_officer_training_required"),
            )
        ]
    if officer_attended(unit, officer.name, on) is None:
        return [
            Reason(
                "dynamic.officer_training",
                _(
                    "填报专员{name}须参加市工业和信息化局组织的相关培训"
                    "（参训情况由市工业和信息化局在“绿色制造培训”中登记）"
                ),
                rules.ref("dynamic.filing_officer_training_required"),
                {"name": officer.name},
            )
        ]
    return []


# --- the form ------------------------------------------------------------------------------


@transaction.atomic
def form_create(*, actor, unit, list_type: str, data_year: int) -> DynamicForm:
    """Start the dynamic form of ``data_year`` (filed in the next year) for a list type
    on which the unit must file (``dynamic.filing_levels``: 003 第十六条, 004 第十三条).
    Returns the draft; raises NotPermitted (not the unit's user), RuleViolation (list
    type without a form, a duplicate, no obligation)."""
    require(actor, "supervision.file_dynamic_form", unit, OWN_UNIT_ONLY)
    filing_year = data_year + 1
    d = Decision()
    if list_type not in FORM_LIST_TYPES:
        d.refuse("dynamic.list_type", _("该名单类型不填报动态管理表"))
        d.raise_if_refused()
    existing = DynamicForm.objects.filter(unit=unit, list_type=list_type, data_year=data_year)
    if existing.exists():
        d.refuse("dynamic.duplicate", _("该年度的动态管理表已经创建"))
        d.raise_if_refused()
    ob = obligation_for(unit, list_type, filing_year)
    if ob is None:
        rules = rules_for_filing(unit, filing_year)
        d.refuse(
            "dynamic.filing_levels",
            _("本单位不在须填报动态管理表的名单上（须填报的层级：{levels}）"),
            rules.ref("dynamic.filing_levels"),
            levels="、".join(rules.get("dynamic.filing_levels", [])),
        )
        d.raise_if_refused()
    form = DynamicForm.objects.create(
        unit=unit,
        list_type=list_type,
        data_year=data_year,
        filing_year=filing_year,
        deadline=ob.deadline,
        deadline_ref=ob.deadline_ref,
        reviewer=ob.reviewer,
        reviewer_ref=ob.reviewer_ref,
    )
    record_event(
        actor=actor,
        action="dynamic.create",
        obj=form,
        to_state=form.state,
        citations=[ob.deadline_ref],
        payload={"deadline": ob.deadline.isoformat(), "levels": ob.levels},
    )
    return form


def _decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(str(value)) from None


@transaction.atomic
def form_update(*, actor, form: DynamicForm, data: dict[str, Any]) -> DynamicForm:
    """Save indicator values and declarations of a draft (or returned) form (004
    第十三条). Returns the form; raises NotPermitted (not the unit's user),
    RuleViolation (submitted form, a value that is not a number)."""
    form = lock(form)
    require(actor, "supervision.file_dynamic_form", form, OWN_UNIT_ONLY)
    d = Decision()
    if form.state not in EDITABLE:
        d.refuse("dynamic.locked", _("已提交的动态管理表不能修改"))
        d.raise_if_refused()
    updates: dict[str, Any] = {}
    for name in INDICATOR_FIELDS:
        if name not in data:
            continue
        try:
            value = _decimal(data[name])
        except ValueError:
            d.refuse(
                "dynamic.number",
                _("{field}：“{value}”不是数字"),
                field=DynamicForm._meta.get_field(name).verbose_name,
                value=data[name],
            )
            continue
        if name == "retrofit_projects" and value is not None:
            if value != value.to_integral_value() or value < 0:
                d.refuse("dynamic.integer", _("绿色低碳改造项目数应为非负整数"))
                continue
            value = int(value)
        updates[name] = value
    for name in TEXT_FIELDS:
        if name in data:
            updates[name] = str(data[name] or "").strip()
    d.raise_if_refused()
    for k, v in updates.items():
        setattr(form, k, v)
    form.full_clean(exclude=["unit", "reviewer"], validate_unique=False)
    form.save(update_fields=[*updates, "updated_at"])
    return form


def form_check(form: DynamicForm) -> list[Reason]:
    """The unit checks of a form: required values, non-negative values, percentages
    at most 100, intensities consistent with totals ÷ output value within the
    tolerance."""
    d = Decision()

    def label(name: str) -> str:
        return str(DynamicForm._meta.get_field(name).verbose_name)

    for name in REQUIRED_FIELDS:
        if getattr(form, name) is None:
            d.refuse("dynamic.required", _("请填写{field}"), field=label(name))
    for name in INDICATOR_FIELDS:
        value = getattr(form, name)
        if value is not None and value < 0:
            d.refuse("dynamic.negative", _("{field}不能为负数"), field=label(name))
    if form.output_value is not None and form.output_value <= 0:
        d.refuse("dynamic.output_value", _("工业总产值应大于0"))
    for name in PERCENT_FIELDS:
        value = getattr(form, name)
        if value is not None and value > 100:
            d.refuse("dynamic.percent", _("{field}不能超过100%"), field=label(name))
    if (
        form.solid_waste_generated is not None
        and form.solid_waste_utilisation_rate is not None
        and form.solid_waste_generated == 0
        and form.solid_waste_utilisation_rate > 0
    ):
        d.refuse("dynamic.solid_waste", _("未产生一般工业固体废物时综合利用率应为0"))
    tol = intensity_tolerance()
    for name, (total_name, denom_name) in INTENSITIES.items():
        value, total, denom = (getattr(form, n) for n in (name, total_name, denom_name))
        if value is None or total is None or not denom or denom <= 0 or total < 0:
            continue
        expected = total / denom
        allowed = max(abs(expected) * tol, Decimal("0.000001"))
        if abs(value - expected) > allowed:
            d.refuse(
                "dynamic.intensity",
                _("{field}（{value}）与{total}÷工业总产值（{expected}）不一致（允许误差{tol}%）"),
                field=label(name),
                value=_fmt(value),
                total=label(total_name),
                expected=_fmt(expected),
                tol=_fmt(tol * 100),
            )
    return d.reasons


def _fmt(value: Decimal) -> str:
    q = value.quantize(Decimal("0.0001")).normalize()
    return format(q, "f")


@transaction.atomic
def form_submit(*, actor, form: DynamicForm) -> DynamicForm:
    """Submit the form to its reviewer. Refused while a unit check fails, and where the
    rules require it (004 第十三条) unless the filing officer attended the training. A
    submission after the deadline is accepted and recorded as late (not filing on time
    is a removal cause, 000 第二十一条(二)). Returns the form; raises NotPermitted,
    RuleViolation (the failed checks), TransitionConflict."""
    form = lock(form)
    require(actor, "supervision.file_dynamic_form", form, OWN_UNIT_ONLY)
    today = clock.today()
    rules = unit_rules(form.unit, today)
    d = Decision()
    if form.state not in EDITABLE:
        d.refuse("dynamic.state", _("该动态管理表已提交"))
        d.raise_if_refused()
    d.extend(form_check(form))
    d.extend(officer_reasons(form.unit, rules, today))
    d.raise_if_refused()
    officer = FilingOfficer.objects.filter(unit=form.unit).first()
    first = form.first_submitted_on or today
    apply_transition(
        form,
        to=FormState.SUBMITTED,
        actor=actor,
        action="dynamic.submit",
        allowed=FORM_TRANSITIONS,
        updates={
            "first_submitted_on": first,
            "submitted_on": today,
            "officer_name": officer.name if officer else "",
        },
        citations=[form.deadline_ref],
        payload={"deadline": form.deadline.isoformat(), "late": first > form.deadline},
    )
    refresh_flags(form, today)
    return form


REVIEW_DECISIONS = ("accept", "return", "check")
#: the review of a dynamic form as data (LAYOUT.md E2): a return and an on-site check
#: request need the reviewer's note (000 第十九条: 审核; 003 第十六条: 现场复核)
FORM_REVIEW = ReviewFlow(
    noun="dynamic",
    allowed=FORM_TRANSITIONS,
    returned=FormState.RETURNED,
    needs_reason=frozenset({ReviewDecision.RETURN, "check"}),
    reason_message=_("请填写审核意见"),
)
#: the review's decisions (the words of the pages and the API) → the state each leads to
FORM_REVIEW_TO = {
    "accept": FormState.ACCEPTED,
    "return": FormState.RETURNED,
    "check": FormState.ON_SITE_CHECK_REQUESTED,
}


@transaction.atomic
def form_review(
    *,
    actor,
    form: DynamicForm,
    decision: str,
    note: str = "",
    scheduled_for: dt.date | None = None,
) -> DynamicForm:
    """The reviewing authority (``dynamic.reviewed_by``: 000 第十九条 the city) accepts
    the form, returns it for correction, or asks for an on-site check (现场复核,
    003 第十六条), which opens an :class:`OnSiteCheck`. Returns the form; raises
    NotPermitted (not the reviewing authority), RuleViolation (no note for a return or a
    check, a check asked of a form not waiting for review), TransitionConflict,
    ValueError (unknown decision)."""
    form = lock(form)
    require(actor, "supervision.review_dynamic_form", form, authority_only(form.reviewer))
    today = clock.today()
    if decision not in REVIEW_DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    review_reason_check(
        FORM_REVIEW, ReviewDecision.APPROVE if decision == "accept" else decision, note
    )
    if decision == "check" and form.state != FormState.SUBMITTED:
        Decision(
            [Reason("dynamic.state", _("只有待审核的动态管理表可以要求现场核查"))]
        ).raise_if_refused()
    review_apply(
        form,
        flow=FORM_REVIEW,
        decision=decision,
        to=FORM_REVIEW_TO[decision],
        actor=actor,
        updates={"reviewed_on": today, "review_note": note.strip()},
        reason=note.strip(),
        citations=[form.reviewer_ref],
    )
    if decision == "check":
        check = OnSiteCheck.objects.create(
            unit=form.unit,
            form=form,
            list_type=form.list_type,
            filing_year=form.filing_year,
            authority=form.reviewer,
            requested_on=today,
            scheduled_for=scheduled_for,
            reason=note.strip(),
        )
        record_event(
            actor=actor, action="check.request", obj=check, to_state=check.state, reason=note
        )
    return form


# --- on-site checks --------------------------------------------------------------------------


@transaction.atomic
def check_request(
    *,
    actor,
    unit,
    list_type: str,
    filing_year: int,
    reason: str,
    scheduled_for: dt.date | None = None,
) -> OnSiteCheck:
    """Ask a unit to accept an on-site check about its dynamic form of ``filing_year``
    (also when it has filed none: 003 第十六条 市工信局组织实施现场抽查复核;
    003 第十八条(二) 拒不按时填报动态管理表且不配合现场复核). Returns the check; raises
    NotPermitted (not an official in whose jurisdiction the unit is), RuleViolation (no
    reason, an open check already)."""
    require(actor, "supervision.request_on_site_check", unit)
    jur = require_official(actor)
    d = Decision()
    if not reason.strip():
        d.refuse("check.reason", _("请填写核查事由"))
    if OnSiteCheck.objects.filter(
        unit=unit, list_type=list_type, filing_year=filing_year, state=CheckState.REQUESTED
    ).exists():
        d.refuse("check.duplicate", _("已有一项未办结的现场核查"))
    d.raise_if_refused()
    form = DynamicForm.objects.filter(
        unit=unit, list_type=list_type, filing_year=filing_year
    ).first()
    check = OnSiteCheck.objects.create(
        unit=unit,
        form=form,
        list_type=list_type,
        filing_year=filing_year,
        authority=jur,
        requested_on=clock.today(),
        scheduled_for=scheduled_for,
        reason=reason.strip(),
    )
    record_event(
        actor=actor, action="check.request", obj=check, to_state=check.state, reason=reason
    )
    return check


@transaction.atomic
def check_outcome(*, actor, check: OnSiteCheck, outcome: str, note: str) -> OnSiteCheck:
    """Record the on-site check: ``completed`` (with the findings) or ``refused`` (the
    unit did not cooperate). A refusal by a unit that did not file by the deadline is
    the Luoyang removal cause ``not_filing_and_refusing_check`` (003 第十八条(二)); the
    proposal is made when the authority proposes the removals of non-filers. Returns
    the check; raises NotPermitted (not the checking authority), RuleViolation (no
    note), TransitionConflict (already recorded), ValueError (unknown outcome)."""
    check = lock(check)
    require(actor, "supervision.record_check_outcome", check, authority_only(check.authority))
    if outcome not in (CheckState.COMPLETED, CheckState.REFUSED):
        raise ValueError(f"unknown outcome {outcome!r}")
    if not note.strip():
        Decision([Reason("check.note", _("请填写核查情况"))]).raise_if_refused()
    apply_transition(
        check,
        to=outcome,
        actor=actor,
        action=f"check.{outcome}",
        allowed=CHECK_TRANSITIONS,
        updates={"outcome_on": clock.today(), "outcome_note": note.strip()},
        reason=note.strip(),
    )
    return check
