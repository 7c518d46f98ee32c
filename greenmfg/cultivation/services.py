"""Service functions of the cultivation pool (培育库). Each transition checks role,
scope, state, the ruleset's rules and deadlines, then changes state and writes the
audit event in one transaction (DESIGN.md decision 3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
from greenmfg.core import clock, networks
from greenmfg.core.dates import add_years
from greenmfg.core.decisions import Decision, Reason
from greenmfg.core.vocabulary import ListType, ReviewDecision
from greenmfg.cultivation.models import (
    REGISTRATION_TRANSITIONS,
    EnergyEfficiencyLevel,
    Registration,
    RegistrationState,
)
from greenmfg.eligibility.disqualification import disqualifying_reasons
from greenmfg.eligibility.fraud import fraud_ban_reasons
from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.jurisdictions.rulesets import Rules, rules_for
from greenmfg.parties.models import Organisation, OrganisationKind, User
from greenmfg.parties.permissions import require
from greenmfg.parties.roles import step_role

S = RegistrationState

#: how a registration is reviewed (004 第九条): returned for changes or not admitted
REGISTRATION_REVIEW = ReviewFlow(
    noun="registration",
    allowed=REGISTRATION_TRANSITIONS,
    returned=S.RETURNED,
    rejected=S.REJECTED,
    reason_message=_("退回或不予入库须填写理由"),
    cleared={"pending_role": ""},
)

#: form fields an applicant may fill (the rest is set by the platform)
FORM_FIELDS = (
    "unit_nature",
    "main_products",
    "product_name",
    "product_model",
    "product_standard",
    "energy_efficiency_level",
    "output_value",
    "energy_consumption",
    "is_manufacturer",
    "clean_production_certified",
    "clean_production_certificate_no",
    "clean_production_valid_until",
    "management_systems",
    "titles_held",
    "cultivation_plan",
    "park_industrial_value_added_share",
    "park_has_legal_boundary",
    "park_has_management_body",
    "park_plan_published",
    "supplier_plan",
    "contact_name",
    "contact_phone",
    "contact_email",
    "commitment",
)


def pool_jurisdiction(unit: Organisation) -> Jurisdiction:
    """The jurisdiction whose pool a unit enters: the one that keeps pools
    (``pool.keeper`` of the rules in force there), found above the unit's district."""
    district = unit.registered_division
    rules = rules_for(district)
    keeper = rules.get("pool.keeper", "city")
    level = {
        "city": JurisdictionLevel.CITY,
        "district": JurisdictionLevel.DISTRICT,
        "province": JurisdictionLevel.PROVINCE,
    }[keeper]
    return district.ancestor_at(level) or district


def allowed_list_types(rules: Rules, unit: Organisation) -> list[str]:
    """The list types a unit of this kind may register for under ``rules``."""
    types = rules.get("list_types")
    if unit.kind == OrganisationKind.PARK:
        return [t for t in types if t == ListType.PARK]
    return [t for t in types if t != ListType.PARK]


def offered_list_types(unit: Organisation, on: dt.date) -> tuple[list[str], list[Reason]]:
    """The list types for which the registration form is offered to ``unit`` on ``on``.

    Out: ``(types, reasons)``; ``types`` is empty when the form is not offered and then
    ``reasons`` say why: outside the pool's registration window (``pool.registration_window``,
    004 第九条), or the unit is already a candidate — or has an undecided registration — for
    every list type it may register for (``registration.already_candidate``).
    Reads only; raises nothing.
    """
    rules = rules_for(pool_jurisdiction(unit))
    d = Decision()
    if rules.has("pool.registration_window"):
        start, end = rules.window("pool.registration_window", on.year)
        if not start <= on <= end:
            d.refuse(
                "pool.registration_window",
                _("培育入库登记时间为{start}至{end}，今天是{today}"),
                rules.ref("pool.registration_window"),
                start=start.isoformat(),
                end=end.isoformat(),
                today=on.isoformat(),
            )
            return [], d.reasons
    taken = set()
    for reg in Registration.objects.filter(unit=unit).only(
        "list_type", "state", "valid_from", "valid_until"
    ):
        if reg.state in RegistrationState.open_states() or reg.is_candidate_on(on):
            taken.add(reg.list_type)
    # design products register one form per product: never closed by an earlier product
    types = [
        t for t in allowed_list_types(rules, unit) if t not in taken or t == ListType.DESIGN_PRODUCT
    ]
    if not types:
        d.refuse(
            "registration.already_candidate",
            _("本单位已是培育对象或已有未办结的登记表，无需重复登记"),
        )
    return types, d.reasons


def rule_required_fields(rules: Rules, list_type: str | None) -> dict[str, str]:
    """Form fields a ruleset's entry conditions make required for ``list_type``.

    Out: ``{field name: article}`` — e.g. Guangzhou's valid 清洁生产企业 status for
    factories (``entry.clean_production_certified``, 004 第七条(一)2): the certificate
    number and its expiry. ``list_type`` None (not chosen yet) counts as a factory, the
    form's default. Shown as required before submit; :func:`entry_condition_reasons`
    enforces them at submission.
    """
    out: dict[str, str] = {}
    kind = list_type or ListType.FACTORY
    if kind == ListType.FACTORY and rules.get("entry.clean_production_certified", False):
        ref = rules.ref("entry.clean_production_certified")
        for name in (
            "clean_production_certified",
            "clean_production_certificate_no",
            "clean_production_valid_until",
        ):
            out[name] = ref
    if kind == ListType.SUPPLY_CHAIN and rules.get("entry.supply_chain.supplier_plan", False):
        out["supplier_plan"] = rules.ref("entry.supply_chain.supplier_plan")
    if kind == ListType.DESIGN_PRODUCT:
        out["product_name"] = ""
        if rules.get("entry.design_product.product_standard", False):
            out["product_standard"] = rules.ref("entry.design_product.product_standard")
    return out


def location_jurisdiction(pool: Jurisdiction) -> Jurisdiction:
    """The jurisdiction whose territory the location condition refers to: the city of a
    district-kept pool (Luoyang's county pools are part of the city's system), else the
    pool's own jurisdiction."""
    if pool.level == JurisdictionLevel.DISTRICT:
        return pool.ancestor_at(JurisdictionLevel.CITY) or pool
    return pool


def entry_condition_reasons(reg: Registration, rules: Rules, on: dt.date) -> list[Reason]:
    """The entry conditions (培育条件) ``reg`` fails under ``rules`` on ``on``.

    Factories: registered and producing inside the jurisdiction, independent legal
    entity doing real manufacturing (industry in 门类 C), a valid 清洁生产企业 status
    where the ruleset demands it (004 第七条(一)). Parks: value-added share, boundary,
    management body, a current published plan on the platform (greenmfg.networks, read
    through greenmfg.core.networks; 004 第七条(二)2). Supply chains: a current supplier plan
    (004 第七条(三)). Each reason cites the ruleset's article.
    """
    d = Decision()
    unit = reg.unit
    jur = location_jurisdiction(reg.jurisdiction)
    location = rules.get("entry.location", None)
    if location:
        prod = unit.production_division
        inside = jur.contains(unit.registered_division)
        if location == "registered_and_production" and (prod is None or not jur.contains(prod)):
            inside = False
        if not inside:
            message = (
                _("注册地和实际生产场所须均在{jurisdiction}行政区域范围内")
                if location == "registered_and_production"
                else _("须依法在{jurisdiction}设立")
            )
            d.refuse(
                "entry.location", message, rules.ref("entry.location"), jurisdiction=jur.full_name
            )
    if reg.list_type in (ListType.FACTORY, ListType.DESIGN_PRODUCT) and rules.get(
        "entry.manufacturing_enterprise", False
    ):
        industry_ok = unit.industry is None or unit.industry.is_manufacturing
        if not (unit.is_independent_legal_entity and reg.is_manufacturer and industry_ok):
            d.refuse(
                "entry.manufacturing_enterprise",
                _(
                    "须为依法设立、具有独立法人资格或视同法人的独立核算单位，且从事实际生产的制造型企业（国民经济行业分类门类C）"
                ),
                rules.ref("entry.manufacturing_enterprise"),
            )
    below_benchmark = reg.energy_efficiency_level in ("", EnergyEfficiencyLevel.NONE)
    if (
        reg.list_type == ListType.FACTORY
        and rules.get("entry.energy_benchmark", False)
        and below_benchmark
    ):
        d.refuse(
            "entry.energy_benchmark",
            _("能效水平须达到国家能效标杆水平（重点领域）或能源消耗限额标准先进值、1级水平"),
            rules.ref("entry.energy_benchmark"),
        )
    if reg.list_type == ListType.DESIGN_PRODUCT:
        if not reg.product_name.strip():
            d.refuse("entry.design_product.product_name", _("请填写申报的绿色设计产品名称"))
        if (
            rules.get("entry.design_product.product_standard", False)
            and not reg.product_standard.strip()
        ):
            d.refuse(
                "entry.design_product.product_standard",
                _("申报的绿色设计产品应有相关评价标准"),
                rules.ref("entry.design_product.product_standard"),
            )
    d.extend(clean_production_reasons(reg, rules, on))
    if reg.list_type == ListType.PARK:
        share_min = rules.get("entry.park.industrial_value_added_share_min", None)
        share = reg.park_industrial_value_added_share
        if share_min is not None and (share is None or share <= share_min):
            d.refuse(
                "entry.park.industrial_value_added_share_min",
                _("园区工业增加值占比须超过{min}%"),
                rules.ref("entry.park.industrial_value_added_share_min"),
                min=share_min,
            )
        if share_min is not None and not (
            reg.park_has_legal_boundary and reg.park_has_management_body
        ):
            d.refuse(
                "entry.park.boundary",
                _("园区须具有法定边界和范围、具备统一管理机构"),
                rules.ref("entry.park.industrial_value_added_share_min"),
            )
        # the plan is a record of the networks app (greenmfg.core.networks), not a yes/no
        if rules.get("entry.park.cultivation_plan", False) and not networks.has_current_plan(
            reg.unit_id, "park", on
        ):
            d.refuse(
                "entry.park.cultivation_plan",
                _("园区须发布绿色工厂培育计划（平台上没有本年度有效的园区培育计划）"),
                rules.ref("entry.park.cultivation_plan"),
            )
    supply_chain = reg.list_type == ListType.SUPPLY_CHAIN
    if (
        supply_chain
        and rules.get("entry.supply_chain.supplier_plan", False)
        and not networks.has_current_plan(reg.unit_id, "supply_chain", on)
    ):
        d.refuse(
            "entry.supply_chain.supplier_plan",
            _("须制定供应商绿色工厂培育计划（平台上没有本年度有效的供应商培育计划）"),
            rules.ref("entry.supply_chain.supplier_plan"),
        )
    return d.reasons


def clean_production_reasons(reg: Registration, rules: Rules, on: dt.date) -> list[Reason]:
    """004 第七条(一)2: a factory must be a 清洁生产企业 within its validity — to enter the
    pool and, as long as it is a candidate, to apply (a lapse bars it until renewed,
    :func:`clean_production_renew`). Empty where the rules do not require it."""
    if reg.list_type != ListType.FACTORY or not rules.get(
        "entry.clean_production_certified", False
    ):
        return []
    if reg.clean_production_certified and (
        reg.clean_production_valid_until is not None and reg.clean_production_valid_until >= on
    ):
        return []
    return [
        Reason(
            "entry.clean_production_certified",
            _("须为有效期内的清洁生产企业（有效期至 {until}）"),
            rules.ref("entry.clean_production_certified"),
            {"until": reg.clean_production_valid_until or "—"},
        )
    ]


def clean_production_lapsed(reg: Registration, on: dt.date, rules: Rules | None = None) -> bool:
    """A candidate whose 清洁生产企业 status has lapsed on ``on`` (004 第七条(一)2)."""
    if not reg.is_candidate_on(on):
        return False
    return bool(clean_production_reasons(reg, rules or rules_for(reg.jurisdiction, on), on))


@transaction.atomic
def clean_production_renew(
    *, actor: User, registration: Registration, certificate_no: str, valid_until: dt.date
) -> Registration:
    """The candidate records its renewed 清洁生产企业 status (004 第七条(一)2): the new
    certificate number and validity (a date, inclusive) replace the lapsed ones, by
    compare-and-set on the accepted state with an audit event (``registration.renew``).
    Raises ``NotPermitted`` (not the unit's user), ``RuleViolation``
    (``clean_production.certificate`` without a number, ``clean_production.valid_until``
    not after today), ``TransitionConflict`` (no longer a candidate)."""
    reg = lock(registration)
    require(actor, "cultivation.edit_registration", reg, message=_("只能为本单位办理"))
    today = clock.today()
    rules = rules_for(reg.jurisdiction, today)
    d = Decision()
    if not certificate_no.strip():
        d.refuse("clean_production.certificate", _("请填写清洁生产企业认定文号"))
    if valid_until <= today:
        d.refuse("clean_production.valid_until", _("有效期应晚于今天"))
    d.raise_if_refused()
    return apply_transition(
        reg,
        to=S.ACCEPTED,
        actor=actor,
        action="registration.renew",
        allowed={S.ACCEPTED: {S.ACCEPTED}},
        updates={
            "clean_production_certified": True,
            "clean_production_certificate_no": certificate_no.strip(),
            "clean_production_valid_until": valid_until,
        },
        citations=[rules.ref("entry.clean_production_certified")]
        if rules.has("entry.clean_production_certified")
        else [],
        payload={"valid_until": valid_until.isoformat()},
    )


def submission_reasons(reg: Registration, rules: Rules, on: dt.date) -> list[Reason]:
    """Everything that stops ``reg`` from being submitted on ``on``: the registration
    window, the list type, the commitment, entry conditions and disqualification."""
    d = Decision()
    if rules.has("pool.registration_window"):
        start, end = rules.window("pool.registration_window", on.year)
        if not start <= on <= end:
            d.refuse(
                "pool.registration_window",
                _("培育入库登记时间为{start}至{end}，今天是{today}"),
                rules.ref("pool.registration_window"),
                start=start.isoformat(),
                end=end.isoformat(),
                today=on.isoformat(),
            )
    if reg.list_type not in rules.get("list_types"):
        d.refuse("list_types", _("本辖区不开展该类别的培育"), rules.ref("list_types"))
    if not reg.commitment:
        d.refuse("commitment", _("须承诺所填信息真实、准确"))
    d.extend(entry_condition_reasons(reg, rules, on))
    if reg.unit.uscc:
        d.extend(disqualifying_reasons(reg.unit.uscc, rules, on, list_type=reg.list_type))
    d.extend(fraud_ban_reasons(reg.unit, rules, on))
    return d.reasons


def _clean_form(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(FORM_FIELDS)
    if unknown:
        raise ValueError(f"unknown registration field(s): {sorted(unknown)}")
    return dict(data)


@transaction.atomic
def registration_create(
    *, actor: User, unit: Organisation, list_type: str, data: dict[str, Any]
) -> Registration:
    """Start a registration form (draft) for the actor's own unit (004 第九条).

    In: an enterprise or park user, its organisation, a list type and form values
    (:data:`FORM_FIELDS`). Out: the draft, audited (``registration.create``).
    Raises ``NotPermitted`` (``cultivation.create_registration``), ``RuleViolation``
    for a list type the unit may not register for (``list_types``; 004 第二条) or a
    second open registration for the same list type and product
    (``registration.duplicate``), ``ValueError`` for an unknown form field.
    """
    require(actor, "cultivation.create_registration", unit)
    jurisdiction = pool_jurisdiction(unit)
    rules = rules_for(jurisdiction)
    d = Decision()
    if list_type not in allowed_list_types(rules, unit):
        d.refuse("list_types", _("本单位不能登记该类别"), rules.ref("list_types"))
    product = str(data.get("product_name", "") or "").strip()
    open_regs = Registration.objects.filter(
        unit=unit,
        list_type=list_type,
        product_name=product,
        state__in=RegistrationState.open_states(),
    )
    if open_regs.exists():
        d.refuse("registration.duplicate", _("该类别已有一份未办结的登记表"))
    d.raise_if_refused()
    reg = Registration(
        unit=unit,
        jurisdiction=jurisdiction,
        list_type=list_type,
        year=clock.today().year,
        unit_name=unit.name,
        uscc=unit.uscc or "",
        legal_representative=unit.legal_representative,
        **_clean_form(data),
    )
    reg.full_clean(exclude=["unit", "jurisdiction"])
    reg.save()
    record_event(actor=actor, action="registration.create", obj=reg, to_state=reg.state)
    return reg


@transaction.atomic
def registration_update(
    *, actor: User, registration: Registration, data: dict[str, Any]
) -> Registration:
    """Change the form while it is a draft or returned for changes (004 第九条).

    A change of the form's contents, not of its state: not audited (the submission
    records what was sent). Raises ``NotPermitted`` (``cultivation.edit_registration``),
    ``RuleViolation`` (``registration.locked``) once submitted, ``ValueError`` for an
    unknown field, ``ValidationError`` for a value the model refuses.
    """
    reg = lock(registration)
    require(actor, "cultivation.edit_registration", reg, message=_("只能为本单位办理"))
    if not reg.is_editable:
        Decision([Reason("registration.locked", _("已提交的登记表不能修改"))]).raise_if_refused()
    for k, v in _clean_form(data).items():
        setattr(reg, k, v)
    reg.unit_name = reg.unit.name
    reg.full_clean(exclude=["unit", "jurisdiction"])
    reg.save()
    return reg


@transaction.atomic
def registration_submit(*, actor: User, registration: Registration) -> Registration:
    """Submit the form to the first review step of the ruleset (004 第九条).

    Out: the registration, submitted, waiting for the role of the first step
    (``pending_role``). Raises ``NotPermitted`` (``cultivation.submit_registration``),
    ``RuleViolation`` with articles outside the registration window, when an entry
    condition (004 第七条) or a disqualifying condition (004 第十二条) applies,
    ``TransitionConflict`` when the form is not a draft or returned.
    """
    reg = lock(registration)
    require(actor, "cultivation.submit_registration", reg, message=_("只能为本单位办理"))
    today = clock.today()
    rules = rules_for(reg.jurisdiction, today)
    Decision(submission_reasons(reg, rules, today)).raise_if_refused()
    return apply_transition(
        reg,
        to=S.SUBMITTED,
        actor=actor,
        action="registration.submit",
        allowed=REGISTRATION_TRANSITIONS,
        updates={
            "submitted_on": today,
            "year": today.year,
            "pending_role": step_role(review_steps(rules)[0]),
        },
        citations=[rules.ref("pool.review_steps")] if rules.has("pool.review_steps") else [],
    )


def review_steps(rules: Rules) -> list[str]:
    """The registration's review steps (``pool.review_steps``; a conformity review by
    the pool's keeper when the ruleset is silent)."""
    return rules.get("pool.review_steps", ["city_conformity_review"])


def pending_step(reg: Registration, rules: Rules | None = None) -> str | None:
    """The review step ``reg`` waits for (a ruleset value), or None."""
    rules = rules or rules_for(reg.jurisdiction)
    steps = review_steps(rules)
    if reg.state == S.SUBMITTED:
        return steps[0]
    if reg.state == S.PRELIMINARY_APPROVED and len(steps) > 1:
        return steps[1]
    return None


@transaction.atomic
def registration_review(
    *, actor: User, registration: Registration, decision: str, reason: str = ""
) -> Registration:
    """Record the pending review step's outcome: ``approve``, ``return`` (for changes,
    with reasons) or ``reject`` (with reasons).

    The step and who performs it come from ``pool.review_steps`` (004 第九条: district
    preliminary review, then city conformity review). Approving the last step makes
    the unit a candidate for ``pool.validity_years`` years; the entry and
    disqualifying conditions are checked again then. Raises ``NotPermitted`` (not a
    reviewer of the pool in scope, ``cultivation.review_registration``), ``RuleViolation``
    (``registration.no_pending_review`` with the state: no review pending for the
    actor's step — a repeated review —; ``review.reason_required``, entry and
    disqualifying conditions),
    ``TransitionConflict``; ``ValueError`` for an unknown decision.
    """
    reg = lock(registration)
    today = clock.today()
    rules = rules_for(reg.jurisdiction, today)
    step = pending_step(reg, rules)
    require(actor, "cultivation.review_registration", reg)
    if step is None or actor.role != step_role(step):  # done, or another's step: 409
        Decision(
            [
                Reason(
                    "registration.no_pending_review",
                    _("该登记表当前状态为“{state}”，没有待您办理的审核"),
                    params={"state": reg.get_state_display()},
                )
            ]
        ).raise_if_refused()
    steps = review_steps(rules)
    citation = rules.ref("pool.review_steps") if rules.has("pool.review_steps") else ""
    review_reason_check(REGISTRATION_REVIEW, decision, reason)
    common = {"flow": REGISTRATION_REVIEW, "actor": actor, "step": step, "reason": reason}
    if decision != ReviewDecision.APPROVE:
        return review_apply(
            reg,
            decision=decision,
            updates={"last_decision": reason},
            citations=[citation],
            **common,
        )
    if step != steps[-1]:
        return review_apply(
            reg,
            decision=decision,
            to=S.PRELIMINARY_APPROVED,
            updates={"last_decision": reason, "pending_role": step_role(steps[1])},
            citations=[citation],
            **common,
        )
    d = Decision(entry_condition_reasons(reg, rules, today))
    if reg.unit.uscc:
        d.extend(disqualifying_reasons(reg.unit.uscc, rules, today, list_type=reg.list_type))
    d.raise_if_refused()
    validity = rules.get("pool.validity_years", None)
    valid_until = None
    if validity:
        valid_until = add_years(today, validity) - dt.timedelta(days=1)
    citations = [citation] + ([rules.ref("pool.validity_years")] if validity else [])
    reg = review_apply(
        reg,
        decision=decision,
        to=S.ACCEPTED,
        updates={
            "last_decision": reason,
            "valid_from": today,
            "valid_until": valid_until,
            "pending_role": "",
        },
        citations=citations,
        **common,
    )
    _record_filing(actor, reg, rules, steps)
    return reg


def _record_filing(actor: User, reg: Registration, rules: Rules, steps: list[str]) -> None:
    """000 第七条: a city's pool is filed with the province (报送省工业和信息化厅备案).
    Where a child's own text replaces the review steps so that the city designates the
    candidates itself (004 第九条: 列为市级绿色制造名单培育对象), the filing duty of the
    parent still applies: the candidate is recorded as filed (``registration.file``,
    citing ``pool.filed_with``) in the same transaction."""
    filed_with = rules.get("pool.filed_with", "")
    if not filed_with or filed_with in {step_role(s) for s in steps}:
        return
    record_event(
        actor=actor,
        action="registration.file",
        obj=reg,
        to_state=reg.state,
        citations=[rules.ref("pool.filed_with")],
        payload={"filed_with": filed_with},
    )


def candidate_registration(
    unit: Organisation, list_type: str, on: dt.date, *, product_name: str = ""
) -> Registration | None:
    """The accepted registration that makes ``unit`` (and, for design products, the
    product) a candidate for ``list_type`` on ``on``."""
    regs = Registration.objects.filter(
        unit=unit, list_type=list_type, product_name=product_name, state=S.ACCEPTED
    )
    for reg in regs.order_by("-valid_from"):
        if reg.is_candidate_on(on):
            return reg
    return None
