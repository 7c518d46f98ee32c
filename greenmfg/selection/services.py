"""Service functions of selection: campaigns, applications and reviews (004 第十条;
000 第十二–十四条; 003 第十二条). Recommending upward is the recommendation app's
(:func:`greenmfg.recommendation.services.application_recommend`).

One function per transition; each checks role, scope, state, the rules of the
campaign's jurisdiction for the campaign's level, and deadlines, then changes state
and audits it in one transaction. Notices, objections and publication are in
:mod:`greenmfg.selection.publication`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.guards import application_report_reasons, report_distrust_reasons
from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import (
    ReviewFlow,
    apply_transition,
    lock,
    review_apply,
    review_reason_check,
)
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, NotPermitted, Reason, citation_text
from greenmfg.core.vocabulary import EvaluationRoute, Level, ListType, ReviewDecision, Role
from greenmfg.cultivation.services import (
    candidate_registration,
    clean_production_reasons,
    pool_jurisdiction,
)
from greenmfg.eligibility.disqualification import disqualifying_reasons
from greenmfg.eligibility.fraud import fraud_ban_reasons
from greenmfg.expert_review.guards import expert_review_for_approval
from greenmfg.jurisdictions.models import JurisdictionLevel
from greenmfg.jurisdictions.rulesets import Rules, rules_for
from greenmfg.parties.models import Organisation, User
from greenmfg.parties.permissions import require
from greenmfg.parties.roles import step_role
from greenmfg.selection.models import (
    APPLICATION_EDITS,
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationState,
    Campaign,
    CampaignState,
    EvaluationReport,
    ReportState,
)

A = ApplicationState

#: how an application is reviewed (004 第十条): returned for changes, or not approved
APPLICATION_REVIEW = ReviewFlow(
    noun="application",
    allowed=APPLICATION_TRANSITIONS,
    returned=A.RETURNED,
    rejected=A.NOT_APPROVED,
    reason_message=_("退回或不通过须填写理由"),
    cleared={"pending_role": ""},
)

#: the level of list an official of each role publishes
ROLE_LEVEL = {
    Role.CITY: Level.MUNICIPAL,
    Role.PROVINCE: Level.PROVINCIAL,
    Role.NATIONAL: Level.NATIONAL,
}
#: the jurisdiction level that runs each list level's campaign
CAMPAIGN_JURISDICTION_LEVEL = {
    Level.MUNICIPAL: JurisdictionLevel.CITY,
    Level.PROVINCIAL: JurisdictionLevel.PROVINCE,
    Level.NATIONAL: JurisdictionLevel.NATIONAL,
}


def campaign_rules(campaign: Campaign, on: dt.date | None = None) -> Rules:
    """The rules of the campaign's jurisdiction (the level's keys are read from it)."""
    return rules_for(campaign.jurisdiction, on)


def review_steps(rules: Rules, level: str) -> list[str]:
    """The review steps of an application to ``level`` (``selection.<level>.review_steps``)."""
    return rules.get(f"selection.{level}.review_steps")


# --- campaigns ------------------------------------------------------------------


@transaction.atomic
def campaign_open(
    *,
    actor: User,
    year: int | None = None,
    list_types: list[str] | None = None,
    deadline: dt.date | None = None,
    deadline_document: str = "",
) -> Campaign:
    """Open the selection round of the actor's jurisdiction for ``year`` (default: this
    year) at the level it publishes (``levels_published``; 004 第十条: 每年4月市级遴选;
    000 第十三条: 省级), for ``list_types`` (default: the types the rules run that year;
    the 2025 national round took factories and parks only). Where the rules leave the
    recommendation deadline to each year's notice (``selection.<level>.deadline_set_by_notice``,
    e.g. 001 三: 2023-09-05), the official records it with the notice's number.

    Out: the open campaign, audited (``campaign.open``). Raises ``NotPermitted``
    (``selection.open_campaign``), ``RuleViolation`` (level not published, a second
    round, rules incomplete, list types, deadline and its document)."""
    require(actor, "selection.open_campaign")
    jurisdiction = actor.authority.jurisdiction
    today = clock.today()
    year = year or today.year
    rules = rules_for(jurisdiction, today)
    level = ROLE_LEVEL[actor.role]
    d = Decision()
    if level not in rules.get("levels_published"):
        d.refuse("levels_published", _("本辖区不发布该层级名单"), rules.ref("levels_published"))
    if Campaign.objects.filter(jurisdiction=jurisdiction, level=level, year=year).exists():
        d.refuse("campaign.duplicate", _("{year}年度批次已经启动"), year=year)
    if not rules.has(f"selection.{level}.review_steps"):
        d.refuse("selection.review_steps", _("规则集未规定该层级的审核环节"))
    if not rules.has(f"list_title.{level}"):
        d.refuse("list_title", _("规则集未规定该层级名单的名称"))
    allowed = list(rules.get("list_types"))
    list_types = list(list_types or allowed)
    if any(t not in allowed for t in list_types):
        d.refuse("list_types", _("本年度规则不开展该类别"), rules.ref("list_types"))
    by_notice = rules.get(f"selection.{level}.deadline_set_by_notice", False)
    if deadline is not None and not by_notice:
        d.refuse(
            "campaign.deadline",
            _("规则已规定推荐截止日期，无需另行设定"),
            rules.ref(f"selection.{level}.recommendation_deadline")
            if rules.has(f"selection.{level}.recommendation_deadline")
            else "",
        )
    if deadline is not None and not deadline_document.strip():
        d.refuse("campaign.deadline_document", _("请填写规定截止日期的通知文号"))
    if deadline is not None and deadline.year != year:
        d.refuse("campaign.deadline_year", _("截止日期应在本年度内"))
    d.raise_if_refused()
    with translation.override(settings.LANGUAGE_CODE):
        title = rules.get(f"list_title.{level}").format(
            year=year, jurisdiction=jurisdiction.name
        ) + str(_("遴选"))
    campaign = Campaign.objects.create(
        jurisdiction=jurisdiction,
        level=level,
        year=year,
        title=title,
        opened_on=today,
        list_types=list_types,
        deadline=deadline,
        deadline_document=deadline_document.strip(),
    )
    record_event(
        actor=actor,
        action="campaign.open",
        obj=campaign,
        to_state=campaign.state,
        citations=[rules.ref("levels_published"), rules.ref(f"selection.{level}.review_steps")],
    )
    return campaign


def campaign_overdue(campaign: Campaign, on: dt.date) -> list[tuple[str, str]]:
    """What is overdue in a campaign on ``on``, as (what, detail) pairs: applications
    still waiting for a recommendation after the deadline (004 第十条: 4月30日前), a notice
    that ended without the list being published."""
    rules = campaign_rules(campaign, on)
    out: list[tuple[str, str]] = []
    deadline, ref = campaign_deadline(campaign, rules)
    steps = review_steps(rules, campaign.level)
    if deadline and on > deadline and len(steps) > 1:
        first_role = step_role(steps[0])
        late = Application.objects.filter(
            campaign=campaign, state=A.SUBMITTED, pending_role=first_role
        ).select_related("unit")
        out += [
            (str(_("逾期未推荐")), f"{app.unit.name}（{citation_text(ref)}）") for app in late[:200]
        ]
    notice = getattr(campaign, "notice", None) if hasattr(campaign, "notice") else None
    if notice is not None and campaign.state == CampaignState.OPEN and on > notice.last_day:
        out.append((str(_("公示期已结束，待公布名单")), notice.title))
    return out


def open_campaign_for(unit: Organisation, year: int) -> Campaign | None:
    """The open municipal campaign a unit applies in: its city's (the pool keeper may
    be a district, as in Luoyang, whose county pools feed the city's list)."""
    city = unit.registered_division.ancestor_at(JurisdictionLevel.CITY)
    jurisdictions = [pool_jurisdiction(unit)]
    if city is not None:
        jurisdictions.append(city)
    return Campaign.objects.filter(
        jurisdiction__in=jurisdictions, level=Level.MUNICIPAL, year=year, state=CampaignState.OPEN
    ).first()


# --- applications ---------------------------------------------------------------


def application_reasons(app: Application, rules: Rules, on: dt.date) -> list[Reason]:
    """Everything that stops ``app`` from being submitted on ``on``: the campaign,
    the application window, candidacy (004 第十条), the report and its route
    (003 第十一条: design products self-evaluated), disqualification (004 第十二条)."""
    d = Decision()
    level = app.level
    if app.campaign.state != CampaignState.OPEN:
        d.refuse("campaign.closed", _("该年度批次已结束"))
    window_key = f"selection.{level}.application_window"
    if rules.has(window_key):
        start, end = rules.window(window_key, app.year)
        if not start <= on <= end:
            d.refuse(
                "selection.application_window",
                _("申报时间为{start}至{end}"),
                rules.ref(window_key),
                start=start.isoformat(),
                end=end.isoformat(),
            )
    if app.list_type not in (app.campaign.list_types or rules.get("list_types")):
        d.refuse("list_types", _("本辖区不开展该类别"), rules.ref("list_types"))
    pool_rules = rules_for(pool_jurisdiction(app.unit), on)
    needs_candidacy = pool_rules.get("pool.required_for_application", False)
    candidacy = needs_candidacy and candidate_registration(
        app.unit, app.list_type, on, product_name=app.product_name
    )
    if needs_candidacy and candidacy is None:
        d.refuse(
            "pool.required_for_application",
            _("只有有效期内的培育对象可以申报（请先完成培育入库登记）"),
            pool_rules.ref("pool.required_for_application"),
        )
    elif candidacy:
        # 004 第七条(一)2: a condition of being a candidate, not only of entering
        d.extend(clean_production_reasons(candidacy, pool_rules, on))
    report = app.report
    if report is None:
        d.refuse("report.missing", _("请选择一份已提交的评价报告"))
    else:
        if report.unit_id != app.unit_id or report.list_type != app.list_type:
            d.refuse("report.mismatch", _("评价报告与申报单位或类别不符"))
        if report.state != ReportState.SUBMITTED:
            d.refuse("report.not_submitted", _("评价报告尚未提交"))
        elif not report.eligible:
            d.refuse("report.ineligible", _("评价报告未满足全部基本要求"))
        if report.route not in allowed_routes(rules, app.list_type):
            d.refuse(
                "evaluation.routes",
                _("本辖区不接受该评价方式"),
                route_citation(rules, app.list_type),
            )
        d.extend(application_report_reasons(report, on))
    if app.unit.uscc:
        d.extend(disqualifying_reasons(app.unit.uscc, rules, on, list_type=app.list_type))
    d.extend(fraud_ban_reasons(app.unit, rules, on))
    return d.reasons


def allowed_routes(rules: Rules, list_type: str) -> list[str]:
    """Evaluation routes allowed for ``list_type`` (``evaluation.routes``, narrowed to
    self-evaluation for ``evaluation.self_only_list_types``; 003 第十一条)."""
    routes = list(rules.get("evaluation.routes"))
    if list_type in rules.get("evaluation.self_only_list_types", []):
        routes = [r for r in routes if r == EvaluationRoute.SELF]
    return routes


def route_citation(rules: Rules, list_type: str) -> str:
    """The article behind :func:`allowed_routes` for ``list_type``."""
    if list_type in rules.get("evaluation.self_only_list_types", []):
        return rules.ref("evaluation.self_only_list_types")
    return rules.ref("evaluation.routes")


@transaction.atomic
def application_create(
    *,
    actor: User,
    unit: Organisation,
    list_type: str,
    report: EvaluationReport | None = None,
    campaign: Campaign | None = None,
    product_name: str = "",
    product_model: str = "",
) -> Application:
    """Start an application (draft) of the actor's unit in the open municipal campaign
    of its city (004 第十条). Out: the draft, audited (``application.create``).

    Raises ``NotPermitted`` (``selection.create_application``; a campaign of another
    jurisdiction or level; another unit's report), ``RuleViolation``: no open round
    (``campaign.none``), a design product without its name, a second active
    application for the same list type (and product), level and year
    (``application.duplicate``; :meth:`ApplicationState.active_states`)."""
    require(actor, "selection.create_application", unit)
    today = clock.today()
    campaign = campaign or open_campaign_for(unit, today.year)
    d = Decision()
    if campaign is None or campaign.state != CampaignState.OPEN:
        d.refuse("campaign.none", _("本年度遴选尚未启动"))
        d.raise_if_refused()
    if campaign.level != Level.MUNICIPAL or not campaign.jurisdiction.contains(
        unit.registered_division
    ):
        raise NotPermitted(_("只能在本辖区的市级年度批次中申报"))
    product_name = product_name.strip()
    if list_type == ListType.DESIGN_PRODUCT and not product_name:
        d.refuse("application.product_name", _("请填写申报的绿色设计产品名称"))
    if Application.objects.filter(
        unit=unit,
        list_type=list_type,
        level=campaign.level,
        year=campaign.year,
        product_name=product_name,
        state__in=A.active_states(),
    ).exists():
        d.refuse("application.duplicate", _("同一单位同一类别同一年度只能有一份有效申报"))
    if report is not None and report.unit_id != unit.id:
        raise NotPermitted(_("只能使用本单位的评价报告"))
    d.raise_if_refused()
    app = Application.objects.create(
        unit=unit,
        campaign=campaign,
        list_type=list_type,
        level=campaign.level,
        year=campaign.year,
        report=report,
        product_name=product_name,
        product_model=product_model.strip(),
    )
    record_event(actor=actor, action="application.create", obj=app, to_state=app.state)
    return app


@transaction.atomic
def application_set_report(
    *, actor: User, application: Application, report: EvaluationReport
) -> Application:
    """Choose the evaluation report a draft or returned application carries (004 第十条:
    申报材料含评价报告). Whether the report may carry it (submitted, eligible, its
    route) is checked at submission (:func:`application_reasons`).

    A change that keeps the state, compare-and-set and audited like a transition
    (``application.set_report``, ``APPLICATION_EDITS``), with the old and the new
    report in the payload. Out: the application. Raises ``NotPermitted``
    (``selection.edit_application``; another unit's report), ``RuleViolation``
    (``application.locked``) once submitted, ``TransitionConflict`` when the
    application changed since it was read."""
    app = lock(application)
    require(actor, "selection.edit_application", app, message=_("只能为本单位办理"))
    if report.unit_id != app.unit_id:
        raise NotPermitted(_("只能使用本单位的评价报告"))
    if not app.is_editable:
        Decision([Reason("application.locked", _("已提交的申报不能修改"))]).raise_if_refused()
    before = app.report
    return apply_transition(
        app,
        to=app.state,
        actor=actor,
        action="application.set_report",
        allowed=APPLICATION_EDITS,
        updates={"report": report},
        payload={
            "from_report": str(before.uuid) if before is not None else None,
            "to_report": str(report.uuid),
        },
    )


@transaction.atomic
def application_submit(*, actor: User, application: Application) -> Application:
    """Submit the application to the first review step of
    ``selection.<level>.review_steps`` (004 第十条: district preliminary review;
    002 第十五条: the city's review). Out: the application, submitted, waiting for the
    role of the first step. Raises ``NotPermitted`` (``selection.submit_application``),
    ``RuleViolation`` with articles when a rule fails (:func:`application_reasons`),
    ``TransitionConflict`` when it is not a draft or returned."""
    app = lock(application)
    require(actor, "selection.submit_application", app, message=_("只能为本单位办理"))
    today = clock.today()
    rules = campaign_rules(app.campaign, today)
    Decision(application_reasons(app, rules, today)).raise_if_refused()
    steps = review_steps(rules, app.level)
    return apply_transition(
        app,
        to=A.SUBMITTED,
        actor=actor,
        action="application.submit",
        allowed=APPLICATION_TRANSITIONS,
        updates={"submitted_on": today, "pending_role": step_role(steps[0])},
        citations=[rules.ref(f"selection.{app.level}.review_steps")],
    )


def application_pending_step(app: Application, rules: Rules | None = None) -> str | None:
    """The review step (ruleset value) ``app`` waits for, or None."""
    rules = rules or campaign_rules(app.campaign)
    steps = review_steps(rules, app.level)
    if app.state == A.SUBMITTED:
        return steps[0]
    if app.state == A.RECOMMENDED and len(steps) > 1:
        return steps[1]
    return None


def campaign_deadline(campaign: Campaign, rules: Rules) -> tuple[dt.date | None, str]:
    """The recommendation deadline into ``campaign`` and its citation: the date the
    year's notice set (recorded on the campaign) or the rules' ``recommendation_deadline``
    (for the recommending jurisdiction's ``rules``)."""
    if campaign.deadline is not None:
        return campaign.deadline, campaign.deadline_document
    key = f"selection.{campaign.level}.recommendation_deadline"
    if rules.has(key):
        return rules.month_day(key, campaign.year), rules.ref(key)
    return None, ""


def recommendation_deadline(rules: Rules, level: str, year: int) -> dt.date | None:
    """The last day the level below may recommend into ``level`` in ``year``
    (``selection.<level>.recommendation_deadline``; 004 第十条: 4月30日前)."""
    key = f"selection.{level}.recommendation_deadline"
    return rules.month_day(key, year) if rules.has(key) else None


def _parse_score(raw, d: Decision) -> Decimal | None:
    """The review score as a number in 0..100, or None when not given; a refusal
    (``review.score``) added to ``d`` otherwise."""
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        d.refuse("review.score", _("评审得分应为数字"))
        return None
    if value < 0 or value > 100:
        d.refuse("review.score", _("评审得分应在0到100分之间"))
    return value


@transaction.atomic
def application_review(
    *,
    actor: User,
    application: Application,
    decision: str,
    reason: str = "",
    score: Decimal | str | None = None,
    grade: str = "",
    paper_copy_received: bool = False,
) -> Application:
    """Record the pending review step: ``approve``, ``return`` (for changes) or
    ``reject``, with reasons for the last two (the review helper
    :data:`APPLICATION_REVIEW`, LAYOUT.md E2).

    A first step that is not the last (a district's preliminary review, 004 第十条;
    003 第十二条) recommends the unit upward: refused after the level's
    recommendation deadline, and — where the ruleset sends paper copies to the
    district (003 第十一条) — until the paper copy is received. The last step
    approves: with a score at or above ``scoring.<level>.pass_mark`` (004 第三条,
    003 第十四条: 80) and the star ``stars.<level>`` where stars exist, or with a grade
    from ``scoring.<level>.grades`` (000 第十四条: A/B/C). Disqualifying conditions are
    checked again.

    Out: the application. Raises ``NotPermitted`` (not a reviewer of the level in
    scope, ``selection.review_application``), ``RuleViolation``
    (``application.no_pending_review`` with the state — a repeated review —, and
    reasons with articles),
    ``TransitionConflict``; ``ValueError`` for an unknown decision.
    """
    app = lock(application)
    today = clock.today()
    rules = campaign_rules(app.campaign, today)
    level = app.level
    step = application_pending_step(app, rules)
    require(actor, "selection.review_application", app)
    if step is None or actor.role != step_role(step):  # done, or another's step: 409
        Decision(
            [
                Reason(
                    "application.no_pending_review",
                    _("该申报当前状态为“{state}”，没有待您办理的审核"),
                    params={"state": app.get_state_display()},
                )
            ]
        ).raise_if_refused()
    steps = review_steps(rules, level)
    steps_ref = rules.ref(f"selection.{level}.review_steps")
    review_reason_check(APPLICATION_REVIEW, decision, reason)
    common = {"flow": APPLICATION_REVIEW, "actor": actor, "step": step, "reason": reason}
    base = {"last_decision": reason}
    if decision == ReviewDecision.RETURN:
        return review_apply(app, decision=decision, updates=base, citations=[steps_ref], **common)
    d = Decision()
    value = _parse_score(score, d)
    if decision == ReviewDecision.REJECT:
        d.raise_if_refused()
        extra = {"reviewed_on": today}
        if value is not None:
            extra["score"] = value
        return review_apply(
            app, decision=decision, updates={**base, **extra}, citations=[steps_ref], **common
        )
    if app.unit.uscc:
        d.extend(disqualifying_reasons(app.unit.uscc, rules, today, list_type=app.list_type))
    d.extend(fraud_ban_reasons(app.unit, rules, today))  # 000 第二十二条, at every approval
    d.extend(report_distrust_reasons(app.report, today))
    if step != steps[-1]:
        return _recommend_to_next_step(
            app, rules, steps, d, base, paper_copy_received, today, common
        )
    value, grade = expert_review_for_approval(app, rules, d, value, grade)
    return _approve(app, rules, d, base, value, grade, today, common)


def _recommend_to_next_step(app, rules, steps, d, base, paper_copy_received, today, common):
    """Approve a step that is not the last: the unit is recommended to the next step
    (district → city), before the recommendation deadline and, where the rules send
    paper copies to this step's role, once the paper copy is received (003 第十一条)."""
    level = app.level
    step = common["step"]
    deadline, deadline_ref = campaign_deadline(app.campaign, rules)
    if deadline and today > deadline:
        d.refuse(
            "selection.recommendation_deadline",
            _("推荐截止日期为{deadline}，已逾期"),
            deadline_ref,
            deadline=deadline.isoformat(),
        )
    updates = {
        **base,
        "recommended_on": today,
        "pending_role": step_role(steps[steps.index(step) + 1]),
    }
    citations = [rules.ref(f"selection.{level}.review_steps")]
    if (
        rules.get("evaluation.paper_copy_to", "") == step_role(step)
        and app.paper_copy_received_on is None
    ):
        if paper_copy_received:
            updates["paper_copy_received_on"] = today
            citations.append(rules.ref("evaluation.paper_copy_to"))
        else:
            d.refuse(
                "evaluation.paper_copy_to",
                _("尚未收到评价报告纸质材料，请确认收到后再推荐"),
                rules.ref("evaluation.paper_copy_to"),
            )
    d.raise_if_refused()
    if deadline:
        citations.append(deadline_ref)
    return review_apply(
        app,
        decision=ReviewDecision.APPROVE,
        to=A.RECOMMENDED,
        updates=updates,
        citations=citations,
        **common,
    )


def _approve(app, rules, d, base, value, grade, today, common):
    """Approve the last step: a score at or above the pass mark (and the level's star),
    or a grade where the level grades (004 第三条; 000 第十四条)."""
    level = app.level
    pass_key = f"scoring.{level}.pass_mark"
    grades = rules.get(f"scoring.{level}.grades", [])
    pass_mark = rules.get(pass_key, None)
    citations = [rules.ref(f"selection.{level}.review_steps")]
    if grades:
        if grade not in grades:
            d.refuse(
                "scoring.grades",
                _("请评定等级（{grades}）"),
                rules.ref(f"scoring.{level}.grades"),
                grades="/".join(grades),
            )
        else:
            citations.append(rules.ref(f"scoring.{level}.grades"))
    if value is None and not grades:
        d.refuse("review.score_required", _("请填写评审得分"))
    elif value is not None and pass_mark is not None and value < Decimal(str(pass_mark)):
        d.refuse(
            "scoring.pass_mark",
            _("综合评分{score}分，低于{mark}分，不能评为通过"),
            rules.ref(pass_key),
            score=value,
            mark=pass_mark,
        )
    d.raise_if_refused()
    if pass_mark is not None:
        citations.append(rules.ref(pass_key))
    star = None
    if rules.has(f"stars.{level}"):
        star = rules.get(f"stars.{level}")
        citations.append(rules.ref(f"stars.{level}"))
    return review_apply(
        app,
        decision=ReviewDecision.APPROVE,
        to=A.APPROVED,
        updates={
            **base,
            "score": value,
            "star": star,
            "grade": grade if grades else "",
            "reviewed_on": today,
            "pending_role": "",
        },
        citations=citations,
        payload={"score": str(value) if value is not None else None, "star": star, "grade": grade},
        **common,
    )


@transaction.atomic
def applications_cancel_for_fraud(*, actor: User, unit: Organisation, finding) -> int:
    """Cancel every pending application of ``unit`` (drafts, under review, approved, in
    notice) after a finding that it falsified data during the evaluation (000 第二十二条:
    取消其申报资格). Each goes to ``cancelled`` by compare-and-set with an audit event
    citing the finding's article and the ban's article of the campaign's rules. In: the
    official who recorded the finding, the unit, the ``FraudFinding``. Out: the number
    cancelled. Raises ``TransitionConflict`` when an application changed meanwhile."""
    n = 0
    today = clock.today()
    pending = Application.objects.filter(unit=unit, state__in=A.pending_states())
    for app in pending.select_related("campaign__jurisdiction").order_by("id"):
        rules = campaign_rules(app.campaign, today)
        citations = [finding.article]
        if rules.has("fraud.applicant_ban_years"):
            citations.append(rules.ref("fraud.applicant_ban_years"))
        apply_transition(
            lock(app),
            to=A.CANCELLED,
            actor=actor,
            action="application.cancel",
            allowed=APPLICATION_TRANSITIONS,
            updates={"pending_role": ""},
            reason=finding.description,
            citations=list(dict.fromkeys(citations)),
            payload={"fraud_finding": str(finding.uuid)},
        )
        n += 1
    return n
