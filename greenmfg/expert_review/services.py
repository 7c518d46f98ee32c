"""Service functions of expert review (专家评审): assigning experts, their scores, the
aggregate (003 第十二条 “组织专家…评审”; 004 第十条 “组织评审”; 000 第十三条 “组织专家
或委托第三方机构（未参与本省企业评价工作）…审核”, 第十四条 A/B/C).

Each function is one transaction: it re-reads the rows, checks role, scope, state
and the rules of the campaign's jurisdiction for the application's level
(``expert_review.<level>.experts``, ``.aggregation``, ``.conflict_rules``), then
changes state and audits it. The reviewing official (the role of the last review
step, which scores: city_review, province_review, national_review) assigns; the
assigned experts score; the last score completes the review with the aggregate,
which ``application_review`` then uses (:mod:`greenmfg.expert_review.scoring`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, Reason
from greenmfg.core.vocabulary import Role
from greenmfg.expert_review.models import (
    ASSIGNMENT_TRANSITIONS,
    REVIEW_TRANSITIONS,
    AssignmentState,
    ExpertAssignment,
    ExpertProfile,
    ExpertReview,
    ReviewState,
)
from greenmfg.expert_review.scoring import aggregate, grade_for  # noqa: F401  (re-exported)
from greenmfg.parties.permissions import require
from greenmfg.selection.models import Application
from greenmfg.selection.services import application_pending_step, campaign_rules, review_steps

#: what each conflict rule means (``expert_review.<level>.conflict_rules``)
CONFLICT_RULES = {
    "linked_to_applicant": _("{expert}与申报单位{unit}有任职或服务关系，应当回避"),
    "linked_to_agency": _(
        "{expert}与该申报评价报告的第三方评价机构{agency}有任职或服务关系，应当回避"
    ),
    "evaluated_in_province": _("{expert}参与过本省（{province}）企业评价工作，不能承担省级审核"),
}
CENT = Decimal("0.01")


def expert_name(user) -> str:
    return user.real_name or user.username


def scoring_step(app: Application, rules) -> str:
    """The review step that scores an application: the last of
    ``selection.<level>.review_steps`` (city_review, province_review, national_review)."""
    return review_steps(rules, app.level)[-1]


def at_scoring_step(app: Application, rules) -> bool:
    """Whether ``app`` now waits for its scoring step."""
    return application_pending_step(app, rules) == scoring_step(app, rules)


def _province_path(app: Application) -> str:
    """The path of the province of the campaign (of the applicant for a national one)."""
    codes = app.campaign.jurisdiction.ancestor_codes
    if len(codes) < 2:
        codes = app.unit.registered_division.ancestor_codes
    return "/" + "/".join(codes[:2]) + "/"


def conflict_reasons(profile: ExpertProfile, app: Application, rules) -> list[Reason]:
    """Why ``profile``'s expert may not score ``app`` under the level's
    ``expert_review.<level>.conflict_rules`` (empty = no conflict). Reads
    ``profile.affiliations`` and ``profile.evaluated_in`` with ``.all()`` so a
    prefetched profile costs no query."""
    key = f"expert_review.{app.level}.conflict_rules"
    active = rules.get(key, [])
    if not active:
        return []
    ref = rules.ref(key)
    name = expert_name(profile.user)
    affiliated = {o.pk for o in profile.affiliations.all()}
    d = Decision()
    if "linked_to_applicant" in active and app.unit_id in affiliated:
        d.refuse(
            "expert_review.conflict.linked_to_applicant",
            CONFLICT_RULES["linked_to_applicant"],
            ref,
            expert=name,
            unit=app.unit.name,
        )
    report = app.report
    if (
        "linked_to_agency" in active
        and report is not None
        and report.agency_id
        and report.agency_id in affiliated
    ):
        d.refuse(
            "expert_review.conflict.linked_to_agency",
            CONFLICT_RULES["linked_to_agency"],
            ref,
            expert=name,
            agency=report.agency.name,
        )
    if "evaluated_in_province" in active:
        province = _province_path(app)
        hit = next((j for j in profile.evaluated_in.all() if j.path.startswith(province)), None)
        if hit is not None:
            d.refuse(
                "expert_review.conflict.evaluated_in_province",
                CONFLICT_RULES["evaluated_in_province"],
                ref,
                expert=name,
                province=hit.name,
            )
    return d.reasons


def _fresh_application(pk) -> Application:
    return Application.objects.select_related(
        "unit__registered_division", "campaign__jurisdiction", "report__agency"
    ).get(pk=pk)


@transaction.atomic
def experts_assign(*, actor, application: Application, experts) -> ExpertReview:
    """Assign experts to score ``application`` (starting its expert review).

    By the official of the scoring step, within scope, while the application waits
    for that step. The experts assigned (with those already active) must number
    ``expert_review.<level>.experts``; each must be an expert user with a profile and
    free of the conflicts of ``expert_review.<level>.conflict_rules``
    (linked_to_applicant, linked_to_agency, evaluated_in_province — 000 第十三条).
    Refused with every reason and its citation.
    """
    app = lock(application)
    app = _fresh_application(app.pk)
    today = clock.today()
    rules = campaign_rules(app.campaign, today)
    level = app.level
    require(actor, "expert_review.assign_experts", app)
    d = Decision()
    if not at_scoring_step(app, rules):
        d.refuse(
            "expert_review.step",
            _("只有进入评审环节（区县推荐后）的申报才能分配评审专家"),
            rules.ref(f"selection.{level}.review_steps"),
        )
        d.raise_if_refused()
    n_key = f"expert_review.{level}.experts"
    if not rules.has(n_key):
        d.refuse("expert_review.experts", _("规则集未规定该层级的评审专家人数"))
        d.raise_if_refused()
    review = ExpertReview.objects.filter(application=app).first()
    if review is not None:
        review = lock(review)
        if review.is_completed:
            d.refuse("expert_review.completed", _("专家评审已完成，不能再分配专家"))
            d.raise_if_refused()
    required = review.experts_required if review else rules.get(n_key)
    experts = list(experts)
    ids = [u.pk for u in experts]
    if len(set(ids)) != len(ids):
        d.refuse("expert_review.duplicate", _("同一位专家只能选择一次"))
    active_ids = (
        set(
            review.assignments.exclude(state=AssignmentState.WITHDRAWN).values_list(
                "expert_id", flat=True
            )
        )
        if review
        else set()
    )
    for u in experts:
        if u.role != Role.EXPERT or not u.is_active:
            d.refuse("expert_review.not_expert", _("{name}不是专家用户"), name=expert_name(u))
        elif u.pk in active_ids:
            d.refuse(
                "expert_review.already_assigned",
                _("专家{name}已分配到本申报"),
                name=expert_name(u),
            )
    new_ids = set(ids) - active_ids
    if len(active_ids) + len(new_ids) != required:
        d.refuse(
            "expert_review.experts",
            _("须由{n}名专家评审：已分配{assigned}名，本次选择{chosen}名"),
            rules.ref(n_key),
            n=required,
            assigned=len(active_ids),
            chosen=len(new_ids),
        )
    profiles = {
        p.user_id: p
        for p in ExpertProfile.objects.filter(user_id__in=new_ids)
        .select_related("user")
        .prefetch_related("affiliations", "evaluated_in")
    }
    for u in experts:
        if u.pk not in new_ids or u.role != Role.EXPERT:
            continue
        profile = profiles.get(u.pk)
        if profile is None:
            d.refuse(
                "expert_review.no_profile",
                _("专家{name}尚无专家档案（任职或服务单位、参与评价的省份），无法进行回避审查"),
                name=expert_name(u),
            )
        else:
            d.extend(conflict_reasons(profile, app, rules))
    d.raise_if_refused()
    from_state = review.state if review else ""
    if review is None:
        review = ExpertReview.objects.create(
            application=app,
            experts_required=required,
            experts_ref=rules.ref(n_key),
            started_by=actor,
            started_on=today,
        )
    ExpertAssignment.objects.bulk_create(
        [
            ExpertAssignment(
                review=review,
                application=app,
                expert=u,
                assigned_by=actor,
                assigned_on=today,
            )
            for u in experts
        ]
    )
    review.application = app
    conflict_key = f"expert_review.{level}.conflict_rules"
    record_event(
        actor=actor,
        action="expert_review.assign",
        obj=review,
        from_state=from_state,
        to_state=review.state,
        citations=[
            c
            for c in (
                rules.ref(n_key),
                rules.ref(conflict_key) if rules.has(conflict_key) else "",
                rules.ref(f"selection.{level}.review_steps"),
            )
            if c
        ],
        payload={"application": str(app.uuid), "experts": [str(u.uuid) for u in experts]},
    )
    return review


def _parse_score(raw, d: Decision) -> Decimal | None:
    if raw in (None, ""):
        d.refuse("expert_review.score", _("请填写评分"))
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        d.refuse("expert_review.score", _("评分应为数字"))
        return None
    if not value.is_finite() or value < 0 or value > 100:
        d.refuse("expert_review.score", _("评分应在0到100分之间"))
        return None
    if value != value.quantize(CENT):
        d.refuse("expert_review.score", _("评分最多保留两位小数"))
        return None
    return value.quantize(CENT)


@transaction.atomic
def expert_score_submit(
    *, actor, assignment: ExpertAssignment, score, comments: str = ""
) -> ExpertAssignment:
    """The assigned expert's score (0–100) and comments. Once every active assignment
    of the review is submitted (and they number the required experts), the review
    completes with the aggregate of ``expert_review.<level>.aggregation`` (mean, or
    trimmed mean: highest and lowest dropped with 3 or more scores), stored with the
    method and its citation."""
    require(actor, "expert_review.score", assignment, _("只能为分配给本人的评审任务评分"))
    review = lock(ExpertReview, pk=assignment.review_id)
    a = lock(assignment)
    app = _fresh_application(a.application_id)
    today = clock.today()
    rules = campaign_rules(app.campaign, today)
    d = Decision()
    if a.state == AssignmentState.WITHDRAWN:
        d.refuse("expert_review.withdrawn", _("该评审任务已撤回"))
    elif a.state != AssignmentState.ASSIGNED:
        d.refuse("expert_review.already_submitted", _("评分已提交，不能修改"))
    elif not at_scoring_step(app, rules):
        d.refuse(
            "expert_review.step",
            _("该申报当前不在评审环节，不能评分"),
            rules.ref(f"selection.{app.level}.review_steps"),
        )
    d.raise_if_refused()
    value = _parse_score(score, d)
    d.raise_if_refused()
    a.application = app
    a = apply_transition(
        a,
        to=AssignmentState.SUBMITTED,
        actor=actor,
        action="expert_assignment.submit",
        allowed=ASSIGNMENT_TRANSITIONS,
        updates={
            "score": value,
            "comments": (comments or "").strip(),
            "submitted_at": timezone.now(),
            "submitted_on": today,
        },
        payload={"score": str(value)},
    )
    active = list(review.assignments.exclude(state=AssignmentState.WITHDRAWN))
    if len(active) >= review.experts_required and all(
        x.state == AssignmentState.SUBMITTED for x in active
    ):
        _complete(review, app, rules, actor, [x.score for x in active], today)
    return a


def _complete(review: ExpertReview, app: Application, rules, actor, scores, today) -> None:
    key = f"expert_review.{app.level}.aggregation"
    method = rules.get(key, "mean")
    method_ref = rules.ref(key) if rules.has(key) else ""
    value = aggregate(scores, method)
    review.application = app
    apply_transition(
        review,
        to=ReviewState.COMPLETED,
        actor=actor,
        action="expert_review.complete",
        allowed=REVIEW_TRANSITIONS,
        updates={
            "aggregate": value,
            "method": method,
            "method_ref": method_ref,
            "completed_on": today,
        },
        citations=[c for c in (method_ref, review.experts_ref) if c],
        payload={
            "aggregate": str(value),
            "method": method,
            "scores": [str(s) for s in scores],
            "grade": grade_for(value, rules, app.level),
        },
    )


@transaction.atomic
def expert_assignment_withdraw(
    *, actor, assignment: ExpertAssignment, reason: str
) -> ExpertAssignment:
    """The organising official withdraws an expert (a conflict declared late, the
    expert unavailable) while the review is open, with a reason; another expert is
    then assigned to make up the number."""
    review = lock(ExpertReview, pk=assignment.review_id)
    a = lock(assignment)
    app = _fresh_application(a.application_id)
    require(actor, "expert_review.withdraw_expert", app)
    d = Decision()
    if review.is_completed:
        d.refuse("expert_review.completed", _("专家评审已完成，不能撤回专家"))
    if not (reason or "").strip():
        d.refuse("expert_review.reason_required", _("撤回专家须填写理由"))
    d.raise_if_refused()
    a.application = app
    return apply_transition(
        a,
        to=AssignmentState.WITHDRAWN,
        actor=actor,
        action="expert_assignment.withdraw",
        allowed=ASSIGNMENT_TRANSITIONS,
        updates={"withdrawn_reason": reason.strip()},
        reason=reason.strip(),
    )
