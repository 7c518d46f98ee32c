"""The parameters a ruleset may set: key, type and meaning (docs/rulesets.md).

Keys containing ``{level}`` exist once per list level (``municipal``, ``provincial``,
``national``) and keys containing ``{list_type}`` once per list type, e.g.
``public_notice.provincial.length`` or ``evaluation.standard.design_product``. Every
row of ../shared/docs/POLICY_MATRIX.md is one or more of these parameters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from greenmfg.core.vocabulary import CreditRecordKind, EvaluationRoute, Level, ListType, ReviewStep

LIST_TYPES = tuple(ListType.values)
LEVELS = tuple(Level.values)
MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")

CREDIT_RECORD_KINDS = tuple(CreditRecordKind.values)
REVIEW_STEPS = tuple(ReviewStep.values)
PERIOD_UNITS = ("working_days", "calendar_days")
ROUTES = tuple(EvaluationRoute.values)
AUTHORITY_LEVELS = ("district", "city", "province", "national")
ANNUAL_REMOVAL_CAUSES = (
    "disqualifying_condition",
    "not_filing",
    "not_filing_and_refusing_check",
    "falsified_data",
    "no_longer_meets_standard_after_change",
    "bottom_five_percent_three_years",
)
IMMEDIATE_REMOVAL_CAUSES = ("major_safety_or_quality_accident", "grade_ii_environmental_event")


@dataclass(frozen=True)
class ParamSpec:
    """A known parameter: its key, a readable type name, a type check, its meaning, and
    which way a child ruleset may *tighten* it when a parent marks its value ``binding``
    (``tighter``: one of :data:`TIGHTER`, or ``None`` when the key cannot bind)."""

    key: str
    type_name: str
    check: Callable[[Any], bool]
    meaning: str
    tighter: str | None = None


def _md(v: str) -> tuple[int, int]:
    month, day = v.split("-")
    return int(month), int(day)


#: how a child's value is compared with a binding parent value: does ``child`` keep
#: within ``binding`` (the same or stricter)?
TIGHTER: dict[str, Callable[[Any, Any], bool]] = {
    # a date in the year: the child may only set an earlier day (a deadline)
    "earlier": lambda child, binding: _md(child) <= _md(binding),
    # a number: the child may only set a larger one (a longer period, a higher mark)
    "larger": lambda child, binding: child >= binding,
    # a number: the child may only set a smaller one (a cap, a shorter delay)
    "smaller": lambda child, binding: child <= binding,
    # a list: the child must keep every item of the binding list (it may add)
    "superset": lambda child, binding: set(binding) <= set(child),
    # a yes/no: a binding "yes" cannot be turned into "no"
    "true": lambda child, binding: bool(child) or not bool(binding),
}


def tightens(spec: ParamSpec, child: Any, binding: Any) -> bool:
    """Whether ``child`` keeps within the ``binding`` value of ``spec`` (equal or stricter)."""
    if spec.tighter is None:
        return True
    try:
        return TIGHTER[spec.tighter](child, binding)
    except (TypeError, ValueError):
        return False


# --- type checks -----------------------------------------------------------------


def is_month_day(v: Any) -> bool:
    return isinstance(v, str) and bool(MONTH_DAY.match(v))


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _str(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _window(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and set(v) == {"start", "end"}
        and all(is_month_day(x) for x in v.values())
    )


def _list_of(choices: tuple[str, ...] | None) -> Callable[[Any], bool]:
    def check(v: Any) -> bool:
        return isinstance(v, list) and all(
            isinstance(x, str) and (choices is None or x in choices) for x in v
        )

    return check


def _enum(choices: tuple[str, ...]) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and v in choices


def _conditions(v: Any) -> bool:
    if not isinstance(v, list) or not v:
        return False
    for item in v:
        if not isinstance(item, dict) or set(item) - {
            "number",
            "kinds",
            "ongoing_kinds",
            "title",
            "ref",
        }:
            return False
        if not _int(item.get("number")) or not _str(item.get("title")) or not _str(item.get("ref")):
            return False
        if not _list_of(CREDIT_RECORD_KINDS)(item.get("kinds")):
            return False
        if not _list_of(CREDIT_RECORD_KINDS)(item.get("ongoing_kinds", [])):
            return False
    return True


BOOL = ("bool", _bool)
INT = ("int", _int)
NUMBER = ("number", _number)
STR = ("text", _str)
MD = ("MM-DD", is_month_day)
WINDOW = ("{start: MM-DD, end: MM-DD}", _window)


def enum(*choices: str) -> tuple[str, Callable[[Any], bool]]:
    return ("one of " + "|".join(choices), _enum(choices))


def listof(*choices: str) -> tuple[str, Callable[[Any], bool]]:
    return (
        ("list of " + "|".join(choices)) if choices else "list of text",
        _list_of(choices or None),
    )


# --- the parameters ---------------------------------------------------------------

_SPECS: list[tuple[str, tuple[str, Callable[[Any], bool]], str]] = [
    # what the jurisdiction runs
    ("list_types", listof(*LIST_TYPES), "list types this jurisdiction runs (名单类型)"),
    ("levels_published", listof(*LEVELS), "list levels this jurisdiction publishes"),
    (
        "list_title.{level}",
        ("text with {year} (optionally {jurisdiction})", lambda v: _str(v) and "{year}" in v),
        "title of the published list of this level",
    ),
    (
        "platform.portal",
        STR,
        "the platform where units register (city portal or the national platform)",
    ),
    # cultivation pool
    (
        "pool.keeper",
        enum("district", "city", "province"),
        "who keeps the cultivation pool (培育库)",
    ),
    ("pool.filed_with", enum("city", "province"), "the level a pool is filed with (备案)"),
    ("pool.registration_window", WINDOW, "when units may register for the pool"),
    ("pool.review_steps", listof(*REVIEW_STEPS), "reviews of a registration, in order"),
    ("pool.validity_years", INT, "years a candidate (培育对象) stays valid"),
    ("pool.required_for_application", BOOL, "only candidates may apply"),
    # entry conditions
    (
        "entry.location",
        enum("registered_and_production", "registered"),
        "where the unit must be registered (and produce)",
    ),
    ("entry.manufacturing_enterprise", BOOL, "independent legal entity doing real manufacturing"),
    ("entry.clean_production_certified", BOOL, "valid 清洁生产企业 status"),
    (
        "entry.energy_benchmark",
        BOOL,
        "factory meets the energy benchmark (key sectors) or quota advanced value / level 1",
    ),
    (
        "entry.design_product.product_standard",
        BOOL,
        "a design product must have a product evaluation standard",
    ),
    (
        "entry.park.industrial_value_added_share_min",
        NUMBER,
        "park: industrial value added share above this (%)",
    ),
    ("entry.park.cultivation_plan", BOOL, "park publishes a factory cultivation plan"),
    (
        "entry.park.min_park_level_for_upper_lists",
        enum("provincial", "national"),
        "park level needed for provincial/national lists",
    ),
    (
        "entry.supply_chain.supplier_plan",
        BOOL,
        "lead enterprise has a supplier green-factory cultivation plan",
    ),
    (
        "entry.supply_chain.green_factory_expected",
        BOOL,
        "a recommended supply-chain lead should itself be a green factory",
    ),
    # evaluation
    ("evaluation.routes", listof(*ROUTES), "how an evaluation report may be produced"),
    (
        "evaluation.self_only_list_types",
        listof(*LIST_TYPES),
        "list types evaluated by self-evaluation only",
    ),
    (
        "evaluation.paper_copy_to",
        enum(*AUTHORITY_LEVELS),
        "who receives the paper copy of the report",
    ),
    ("evaluation.standard.{list_type}", STR, "indicator system for this list type"),
    ("evaluation.review_method", STR, "how the reviewing authority checks the reports"),
    (
        "evaluation.provincial_reviewer_independent",
        BOOL,
        "provincial reviewers must not have evaluated in the province",
    ),
    (
        "priority.energy_benchmark",
        BOOL,
        "priority to units at the energy benchmark / quota advanced value",
    ),
    (
        "priority.network_green_factories",
        listof(ListType.PARK, ListType.SUPPLY_CHAIN),
        "list types ranked (ties of the score) by the green factories among members/suppliers",
    ),
    (
        "priority.epr_pilot",
        BOOL,
        "supply-chain leads that are auto EPR pilots (汽车产品生产者责任延伸试点) come first in ties",
    ),
    # selection, per level
    ("selection.{level}.application_window", WINDOW, "when applications to this level are taken"),
    (
        "selection.{level}.review_steps",
        listof(*REVIEW_STEPS),
        "reviews of an application to this level, in order",
    ),
    (
        "selection.{level}.recommendation_deadline",
        MD,
        "the level below recommends into this level by this day",
    ),
    (
        "selection.{level}.deadline_set_by_notice",
        BOOL,
        "each year's notice sets the recommendation deadline of this level (the campaign records it)",
    ),
    (
        "selection.{level}.prerequisite_listing",
        enum(*LEVELS),
        "a unit must first be on the list of this lower level",
    ),
    (
        "selection.{level}.min_grade",
        enum("A", "B", "C"),
        "grade a unit needs to be recommended into this level",
    ),
    (
        "selection.{level}.direct_reapplication",
        BOOL,
        "a unit that failed this level's review may re-apply directly with a new report",
    ),
    ("selection.{level}.principle", STR, "selection principle (e.g. 优中选优、宁缺毋滥)"),
    ("scoring.{level}.pass_mark", NUMBER, "minimum score for this level's list"),
    ("scoring.{level}.grades", listof("A", "B", "C"), "grades given at this level's review"),
    (
        "scoring.{level}.grade_bands",
        (
            "{A: min score, B: min score, C: min score}",
            lambda v: (
                isinstance(v, dict)
                and set(v) <= {"A", "B", "C"}
                and all(_number(x) for x in v.values())
            ),
        ),
        "lowest score of each grade",
    ),
    ("expert_review.{level}.experts", INT, "number of experts assigned to score each application"),
    (
        "expert_review.{level}.aggregation",
        enum("mean", "trimmed_mean"),
        "how the experts' scores are combined",
    ),
    (
        "expert_review.{level}.conflict_rules",
        listof("linked_to_applicant", "linked_to_agency", "evaluated_in_province"),
        "what makes an expert conflicted",
    ),
    (
        "stars.list_types",
        listof(*LIST_TYPES),
        "list types graded by stars (004 第三条: 市级绿色工厂)",
    ),
    (
        "stars.{level}",
        ("int 1-3", lambda v: _int(v) and 1 <= v <= 3),
        "star of a unit listed at this level (municipal grading)",
    ),
    (
        "consultation.{level}.departments",
        listof(),
        "departments consulted before recommending into this level",
    ),
    (
        "consultation.{level}.response_days",
        INT,
        "working days a department has to give its opinion",
    ),
    (
        "quotas.national.{list_type}",
        enum("unlimited", "by_above_scale_enterprises"),
        "how many units of this type a province may recommend to MIIT",
    ),
    # public notice
    ("public_notice.{level}.length", INT, "length of this level's public notice"),
    ("public_notice.{level}.unit", enum(*PERIOD_UNITS), "unit of the notice length"),
    ("public_notice.{level}.where", STR, "where this level's notice is published"),
    ("public_notice.count_start_day", BOOL, "the publication day is day 1"),
    (
        "public_notice.extend_past_holiday",
        BOOL,
        "a calendar-day period ending on a rest day ends on the next working day",
    ),
    # disqualification
    ("disqualification.lookback_years", INT, "years looked back for disqualifying conditions"),
    (
        "disqualification.conditions",
        ("list of conditions", _conditions),
        "the six disqualifying conditions",
    ),
    (
        "disqualification.includes_park_members",
        BOOL,
        "a park is disqualified by its member enterprises' records too",
    ),
    ("fraud.applicant_ban_years", INT, "years an applicant found falsifying may not apply"),
    # dynamic management
    ("dynamic.annual_report_deadline", MD, "annual dynamic form (动态管理表) due by this day"),
    (
        "dynamic.filing_levels",
        listof(*LEVELS),
        "list levels whose units must file the dynamic form",
    ),
    (
        "dynamic.filing_officer_training_required",
        BOOL,
        "the filing officer (专员) must have attended training",
    ),
    ("dynamic.reviewed_by", enum(*AUTHORITY_LEVELS), "who reviews the dynamic forms"),
    ("dynamic.incident_report_days", INT, "days to report a major incident upward (0 = real time)"),
    (
        "dynamic.incident_report_to",
        listof("province", "national"),
        "authorities a city reports a major incident to (default: the level above)",
    ),
    (
        "dynamic.change_report",
        enum("promptly", "with_dynamic_form", "promptly_and_with_dynamic_form", "within_months"),
        "when a change of name, scope, address or boundary is reported",
    ),
    ("dynamic.change_report_months", INT, "months after the formalities to report a change"),
    ("dynamic.spot_checks_by", listof(*AUTHORITY_LEVELS), "who carries out on-site spot checks"),
    (
        "dynamic.reminder_days",
        ("list of int", lambda v: isinstance(v, list) and all(_int(x) and x >= 0 for x in v)),
        "days before the dynamic-form deadline on which reminders are e-mailed",
    ),
    (
        "dynamic.change_reviewed_by",
        enum(*AUTHORITY_LEVELS),
        "who reviews a reported change of name, scope, address or boundary",
    ),
    # removal
    (
        "removal.annual_causes",
        listof(*ANNUAL_REMOVAL_CAUSES),
        "causes of removal at the next annual publication",
    ),
    (
        "removal.immediate_causes",
        listof(*IMMEDIATE_REMOVAL_CAUSES),
        "causes of immediate removal with an announcement",
    ),
    (
        "removal.immediate_from_all_levels",
        BOOL,
        "an immediate removal applies to every level's list",
    ),
    (
        "removal.upper_lists_reported_to",
        enum("level_above", "list_publisher"),
        "a removal touching upper lists is reported to the level above, or to each list's publisher",
    ),
    # agencies
    ("agency.project_cap", INT, "evaluation projects per legal representative per period"),
    ("agency.cap_period", enum("year", "batch"), "the period the cap counts over"),
    ("agency.cap_counts_level", enum(*LEVELS), "level of the projects the cap counts"),
    (
        "agency.cap_scope",
        enum("jurisdiction", "everywhere"),
        "units whose projects the cap counts: within the file's jurisdiction, or anywhere",
    ),
    ("agency.distrust_years", INT, "years an agency's reports are not accepted after fraud"),
    (
        "agency.annual_report_deadline",
        MD,
        "agencies file their annual work report (评价机构年度工作情况) by this day",
    ),
    # complaints and incentives
    ("complaints.to", listof(*AUTHORITY_LEVELS), "where real-name complaints go"),
    ("complaints.real_name", BOOL, "complaints must be real-name with evidence and contact"),
    ("complaints.verification_days", INT, "calendar days to verify a complaint"),
    ("incentives.green_code", BOOL, "企业绿码 promoted"),
    (
        "green_code.levels",
        listof(Level.NATIONAL, Level.PROVINCIAL),
        "list levels whose green factories this jurisdiction grades with the 企业绿码",
    ),
    (
        "green_code.grade_shares",
        (
            "{A+, A, B} per cent, adding up to 100",
            lambda v: (
                isinstance(v, dict)
                and set(v) == {"A+", "A", "B"}
                and all(_number(x) and x >= 0 for x in v.values())
                and sum(v.values()) == 100
            ),
        ),
        "share of graded units in each 企业绿码 grade",
    ),
    (
        "green_code.min_group_units",
        INT,
        "fewest graded units of a GB/T 4754 division compared alone (else its section)",
    ),
    ("green_code.effective_after_days", INT, "days after a grading run its codes take effect"),
    ("incentives.one_time_reward", BOOL, "one-time reward per level for listed units"),
]


#: keys a parent ruleset may make binding on its children, with the direction a child
#: may still move them (docs/rulesets.md, "Binding parameters")
BINDABLE: dict[str, str] = {
    "selection.{level}.recommendation_deadline": "earlier",
    "dynamic.annual_report_deadline": "earlier",
    "scoring.{level}.pass_mark": "larger",
    "disqualification.lookback_years": "larger",
    "fraud.applicant_ban_years": "larger",
    "agency.distrust_years": "larger",
    "agency.project_cap": "smaller",
    "dynamic.incident_report_days": "smaller",
    "removal.annual_causes": "superset",
    "removal.immediate_causes": "superset",
    "complaints.real_name": "true",
}


def _expand() -> dict[str, ParamSpec]:
    out: dict[str, ParamSpec] = {}
    for key, (type_name, check), meaning in _SPECS:
        keys = [key]
        if "{level}" in key:
            keys = [key.replace("{level}", lv) for lv in LEVELS]
        if "{list_type}" in key:
            keys = [k.replace("{list_type}", lt) for k in keys for lt in LIST_TYPES]
        for k in keys:
            out[k] = ParamSpec(k, type_name, check, meaning, BINDABLE.get(key))
    return out


PARAMETERS: dict[str, ParamSpec] = _expand()


def parameter_table() -> list[tuple[str, str, str]]:
    """(key pattern, type, meaning) of every parameter, for docs/rulesets.md."""
    return [(key, t[0], meaning) for key, t, meaning in _SPECS]
