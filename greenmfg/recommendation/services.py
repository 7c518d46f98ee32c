"""Service functions of recommendation upward (推荐): recommending a listed unit into the
open campaign one level up (:func:`application_recommend`; 004 第十一条; 000 第十二–十四条;
003 第十四条), quotas (名额), department consultation (征求意见) and the one-time rewards
recorded at publication.

:func:`recommendation_reasons` is what :func:`application_recommend` asks besides the
listing itself: the quota of the unit's province, the departments' opinions, the park
level and the supply-chain lead's own listing. Rewards are recorded when selection
publishes a list (the ``selection.signals.list_published`` receiver in
:mod:`greenmfg.recommendation.receivers`).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.guards import report_distrust_reasons
from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, NotPermitted, Reason
from greenmfg.core.uploads import check_upload, stored_name
from greenmfg.core.vocabulary import Level
from greenmfg.eligibility.disqualification import disqualifying_reasons
from greenmfg.eligibility.fraud import fraud_ban_reasons
from greenmfg.jurisdictions.calendar import period_end
from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.jurisdictions.rulesets import Rules, rules_for
from greenmfg.parties.permissions import require
from greenmfg.parties.roles import step_role
from greenmfg.recommendation.models import (
    CONSULTATION_TRANSITIONS,
    OPINION_RESOLUTION_TRANSITIONS,
    OPINION_TRANSITIONS,
    Consultation,
    ConsultationState,
    Opinion,
    OpinionKind,
    Quota,
    Reward,
)
from greenmfg.register.models import Listing, ListingStatus
from greenmfg.selection.models import (
    Application,
    ApplicationState,
    Campaign,
    CampaignState,
    EvaluationReport,
    ReportState,
)
from greenmfg.selection.services import (
    CAMPAIGN_JURISDICTION_LEVEL,
    allowed_routes,
    campaign_deadline,
    campaign_rules,
    review_steps,
    route_citation,
)

A = ApplicationState

#: the states of an application that count against its province's quota (001 三)
ACTIVE_RECOMMENDATION_STATES = (A.SUBMITTED, A.RECOMMENDED, A.APPROVED, A.IN_NOTICE, A.LISTED)
#: the list level directly below / above each level
LOWER_LEVEL = {Level.PROVINCIAL: Level.MUNICIPAL, Level.NATIONAL: Level.PROVINCIAL}
UPPER_LEVEL = {Level.MUNICIPAL: Level.PROVINCIAL, Level.PROVINCIAL: Level.NATIONAL}
GRADE_ORDER = {"A": 3, "B": 2, "C": 1}


# --- quotas ---------------------------------------------------------------------------


@transaction.atomic
def quota_set(
    *, actor, campaign, jurisdiction: Jurisdiction, list_type: str, quota: int, basis: str = ""
) -> Quota:
    """Allocate (or change) the quota of ``jurisdiction`` (a province) for ``list_type``
    in the actor's own ``campaign``. Only list types whose quota rule is
    ``by_above_scale_enterprises`` take quotas (001 三: parks and supply chains unlimited);
    ``basis`` records how the number was derived (e.g. the province's count of
    above-scale industrial enterprises)."""
    require(actor, "recommendation.set_quota", campaign, _("只能为本辖区的年度批次分配名额"))
    rules = rules_for(campaign.jurisdiction, clock.today())
    key = f"quotas.{campaign.level}.{list_type}"
    d = Decision()
    if rules.get(key, "unlimited") != "by_above_scale_enterprises":
        d.refuse(
            "quota.unlimited", _("该类别推荐名额不限"), rules.ref(key) if rules.has(key) else ""
        )
    if quota < 0:
        d.refuse("quota.negative", _("名额不能为负数"))
    if (
        not campaign.jurisdiction.contains(jurisdiction)
        or jurisdiction.level != JurisdictionLevel.PROVINCE
    ):
        d.refuse("quota.jurisdiction", _("名额应分配到本批次下的省级辖区"))
    d.raise_if_refused()
    obj, _created = Quota.objects.update_or_create(
        campaign=campaign,
        jurisdiction=jurisdiction,
        list_type=list_type,
        defaults={"quota": quota, "basis": basis},
    )
    record_event(
        actor=actor,
        action="quota.set",
        obj=obj,
        to_state=str(quota),
        citations=[rules.ref(key)],
        payload={"jurisdiction": jurisdiction.code, "list_type": list_type, "basis": basis},
    )
    return obj


def quota_reasons(campaign, unit, list_type: str, on: dt.date) -> list[Reason]:
    """Refuse a recommendation beyond the unit's province's quota (001 三)."""
    rules = rules_for(campaign.jurisdiction, on)
    key = f"quotas.{campaign.level}.{list_type}"
    if rules.get(key, "unlimited") != "by_above_scale_enterprises":
        return []
    province = unit.registered_division.ancestor_at(JurisdictionLevel.PROVINCE)
    quota = Quota.objects.filter(
        campaign=campaign, jurisdiction=province, list_type=list_type
    ).first()
    if quota is None:
        return [
            Reason(
                "quota.not_allocated",
                _("{province}的推荐名额尚未下达"),
                rules.ref(key),
                {"province": province},
            )
        ]
    used = Application.objects.filter(
        campaign=campaign,
        list_type=list_type,
        unit__registered_division__path__startswith=province.path,
        state__in=ACTIVE_RECOMMENDATION_STATES,
    ).count()
    if used >= quota.quota:
        return [
            Reason(
                "quota.exhausted",
                _("{province}的推荐名额为{quota}个，已推荐{used}个"),
                rules.ref(key),
                {"province": province, "quota": quota.quota, "used": used},
            )
        ]
    return []


# --- department consultation --------------------------------------------------------


def departments_for(rules: Rules, level: str) -> list[str]:
    return rules.get(f"consultation.{level}.departments", [])


@transaction.atomic
def consultation_open(*, actor, campaign, listings) -> list[Consultation]:
    """Ask every department the recommending jurisdiction's rules name
    (``consultation.<level>.departments``; 004 第十一条: 发改、生态环境、应急管理、市场监管、
    税务) for its opinion on the units of ``listings`` before recommending them into
    ``campaign``. The reply is due after ``consultation.<level>.response_days`` working
    days. A unit already asked by that department for this campaign is not asked again;
    the others join the department's open consultation, or a new one (a consultation
    closes once every opinion is in and no objection is left unresolved).

    In: the official (district, city or province), the upper campaign, listings of the
    official's own lists. Out: one consultation per department.
    Raises NotPermitted, RuleViolation (``consultation.none``; ``consultation.already_answered``
    when every unit was asked and every department has answered)."""
    require(actor, "recommendation.consult", campaign)
    today = clock.today()
    jurisdiction = actor.authority.jurisdiction
    rules = rules_for(jurisdiction, today)
    level = campaign.level
    departments = departments_for(rules, level)
    d = Decision()
    if not departments:
        d.refuse("consultation.none", _("本辖区规则未要求征求部门意见"))
    for listing in listings:
        if listing.green_list.jurisdiction_id != jurisdiction.id or listing.unit_id is None:
            raise NotPermitted(_("只能就本辖区名单中的单位征求意见"))
    d.raise_if_refused()
    days = rules.get(f"consultation.{level}.response_days", 5)
    _first, due = period_end(today, days, "working_days", count_start=False)
    citation = rules.ref(f"consultation.{level}.departments")
    out = []
    asked_now = False
    for dept in departments:
        ours = Consultation.objects.filter(
            campaign=campaign, authority=actor.authority, department=dept
        )
        asked = set(Opinion.objects.filter(consultation__in=ours).values_list("unit_id", flat=True))
        new_listings = []
        for listing in listings:
            if listing.unit_id not in asked:
                asked.add(listing.unit_id)
                new_listings.append(listing)
        cons = ours.filter(state=ConsultationState.OPEN).first()
        if cons is not None:
            cons = lock(cons)  # not closed meanwhile by the last answer
        if cons is None or cons.state != ConsultationState.OPEN:
            if not new_listings:
                # every unit was asked and answered: nothing to ask this department
                out.append(ours.order_by("-sent_on", "-id").first())
                continue
            cons = Consultation.objects.create(
                campaign=campaign,
                authority=actor.authority,
                department=dept,
                sent_on=today,
                due_on=due,
                citation=citation,
            )
        Opinion.objects.bulk_create(
            [
                Opinion(consultation=cons, unit_id=listing.unit_id, listing=listing)
                for listing in new_listings
            ]
        )
        record_event(
            actor=actor,
            action="consultation.open",
            obj=cons,
            to_state=cons.state,
            citations=[citation],
            payload={
                "units": [str(lst.unit.uuid) for lst in listings],
                "due_on": cons.due_on.isoformat(),
            },
        )
        out.append(cons)
        asked_now = True
    if not asked_now:
        Decision(
            [
                Reason(
                    "consultation.already_answered",
                    _("已就这些单位征求过各部门意见，意见均已反馈"),
                    citation,
                )
            ]
        ).raise_if_refused()
    return out


def _close_if_settled(actor, consultation: Consultation) -> None:
    """Close ``consultation`` (audited, ``consultation.close``) once every opinion is in
    and no objection is left unresolved: nothing more is awaited from the department."""
    cons = lock(consultation)
    if cons.state != ConsultationState.OPEN:
        return
    awaited = Q(kind=OpinionKind.PENDING) | Q(kind=OpinionKind.OBJECTION, resolved=False)
    if cons.opinions.filter(awaited).exists():
        return
    apply_transition(
        cons,
        to=ConsultationState.CLOSED,
        actor=actor,
        action="consultation.close",
        allowed=CONSULTATION_TRANSITIONS,
        citations=[cons.citation],
    )


@transaction.atomic
def opinion_record(
    *, actor, opinion: Opinion, kind: str, reason: str = "", attachment: UploadedFile | None = None
) -> Opinion:
    """征求意见: the consulted department answers on one unit (004 第十一条; 000 第十三条):
    ``no_objection`` or ``objection`` (with reasons; an objection blocks the unit's
    recommendation until resolved), with an optional attachment (PDF/PNG/JPEG, judged by
    content). A reply after the due date is accepted and marked late (payload ``late``).
    The last answer awaited closes the consultation.

    Raises NotPermitted (not the department consulted), RuleViolation (``opinion.kind``,
    ``opinion.reason``, ``opinion.answered``, ``upload.*``), TransitionConflict."""
    opinion = lock(opinion)
    cons = opinion.consultation
    require(actor, "recommendation.answer_opinion", opinion, _("只有被征求意见的部门可以反馈意见"))
    d = Decision()
    if kind not in (OpinionKind.NO_OBJECTION, OpinionKind.OBJECTION):
        d.refuse("opinion.kind", _("请选择“无意见”或“有意见”"))
    if kind == OpinionKind.OBJECTION and not reason.strip():
        d.refuse("opinion.reason", _("有意见的请写明理由"))
    if opinion.kind != OpinionKind.PENDING:
        d.refuse("opinion.answered", _("已反馈意见"))
    if attachment is not None:
        ctype, sha = check_upload(attachment)
        attachment.name = stored_name(ctype, sha)
    d.raise_if_refused()
    today = clock.today()
    opinion = apply_transition(
        opinion,
        field="kind",
        to=kind,
        actor=actor,
        action=f"opinion.{kind}",
        allowed=OPINION_TRANSITIONS,
        updates={"reason": reason, "answered_by": actor.audit_label, "answered_on": today},
        reason=reason,
        citations=[cons.citation],
        payload={"late": today > cons.due_on},
    )
    if attachment is not None:
        opinion.attachment = attachment
        opinion.save(update_fields=["attachment"])
    _close_if_settled(actor, cons)
    return opinion


@transaction.atomic
def opinion_resolve(*, actor, opinion: Opinion, resolution: str) -> Opinion:
    """The consulting authority records how a department's objection was resolved
    (e.g. the department withdrew it after rectification), which unblocks the unit
    (004 第十一条). The opinion keeps its kind (有意见) and is marked resolved; the last
    objection resolved closes the consultation.

    Raises NotPermitted (not an official of the consulting authority), RuleViolation
    (``opinion.not_objection``, ``opinion.resolution``), TransitionConflict."""
    opinion = lock(opinion)
    require(
        actor,
        "recommendation.resolve_opinion",
        opinion,
        _("只有征求意见的主管部门可以处理部门意见"),
    )
    d = Decision()
    if opinion.kind != OpinionKind.OBJECTION or opinion.resolved:
        d.refuse("opinion.not_objection", _("该意见无需处理"))
    if not resolution.strip():
        d.refuse("opinion.resolution", _("请写明处理情况"))
    d.raise_if_refused()
    opinion = apply_transition(
        opinion,
        field="kind",
        to=OpinionKind.OBJECTION,
        actor=actor,
        action="opinion.resolve",
        allowed=OPINION_RESOLUTION_TRANSITIONS,
        updates={"resolved": True, "resolution": resolution},
        reason=resolution,
        citations=[opinion.consultation.citation],
    )
    _close_if_settled(actor, opinion.consultation)
    return opinion


def consultation_reasons(authority, campaign, unit, rules: Rules, on: dt.date) -> list[Reason]:
    """What the departments' opinions still block for ``unit``: a department not yet
    asked, an answer still awaited before its due date, an unresolved objection. An
    answer not received by the due date does not block (it is recorded)."""
    departments = departments_for(rules, campaign.level)
    if not departments:
        return []
    citation = rules.ref(f"consultation.{campaign.level}.departments")
    opinions = {
        op.consultation.department: op
        for op in Opinion.objects.filter(
            consultation__campaign=campaign, consultation__authority=authority, unit=unit
        ).select_related("consultation")
    }
    reasons = []
    for dept in departments:
        op = opinions.get(dept)
        if op is None:
            reasons.append(
                Reason(
                    "consultation.missing",
                    _("尚未征求{department}部门意见"),
                    citation,
                    {"department": dept},
                )
            )
        elif op.kind == OpinionKind.PENDING and on <= op.consultation.due_on:
            reasons.append(
                Reason(
                    "consultation.pending",
                    _("{department}部门尚未反馈意见（反馈截止{due}）"),
                    citation,
                    {"department": dept, "due": op.consultation.due_on.isoformat()},
                )
            )
        elif op.blocks:
            reasons.append(
                Reason(
                    "consultation.objection",
                    _("{department}部门有意见：{reason}"),
                    citation,
                    {"department": dept, "reason": op.reason},
                )
            )
    return reasons


# --- all that a recommendation needs besides the listing -------------------------------


def recommendation_reasons(
    *, actor, listing, campaign, own_rules: Rules, upper_rules: Rules, on: dt.date
) -> list[Reason]:
    """Quota, departments' opinions, park level (001 二(二); 004 第七条(二)1: provincial-level
    parks or above for provincial and national lists) and the supply-chain lead's own
    green-factory listing (000 第十六条: 原则上应为绿色工厂)."""
    d = Decision()
    unit = listing.unit
    d.extend(quota_reasons(campaign, unit, listing.list_type, on))
    d.extend(consultation_reasons(actor.authority, campaign, unit, own_rules, on))
    if listing.list_type == "park":
        key = "entry.park.min_park_level_for_upper_lists"
        rules = own_rules if own_rules.has(key) else upper_rules
        required = rules.get(key, None)
        order = {"": 0, "other": 0, "provincial": 1, "national": 2}
        if required and order.get(unit.park_level, 0) < order[required]:
            d.refuse(key, _("申报省级、国家级绿色工业园区的须为省级以上工业园区"), rules.ref(key))
    if listing.list_type == "supply_chain":
        key = "entry.supply_chain.green_factory_expected"
        rules = own_rules if own_rules.has(key) else upper_rules
        has_factory = Listing.objects.filter(
            unit=unit, list_type="factory", status=ListingStatus.ACTIVE
        ).exists()
        if rules.get(key, False) and not has_factory:
            d.refuse(key, _("推荐的绿色供应链管理企业原则上应为绿色工厂"), rules.ref(key))
    return d.reasons


# --- recommending upward ----------------------------------------------------------------


def upper_campaign_for(listing, year: int) -> Campaign | None:
    """The open campaign one level above ``listing`` in the unit's jurisdiction chain
    (a municipal listing → its province's provincial campaign of ``year``)."""
    target = UPPER_LEVEL.get(listing.level)
    if target is None or listing.unit_id is None:
        return None
    codes = listing.unit.registered_division.ancestor_codes
    return Campaign.objects.filter(
        level=target,
        year=year,
        state=CampaignState.OPEN,
        jurisdiction__code__in=codes,
        jurisdiction__level=CAMPAIGN_JURISDICTION_LEVEL[target],
    ).first()


@transaction.atomic
def application_recommend(
    *, actor, listing, campaign: Campaign | None = None, reason: str = ""
) -> Application:
    """Recommend a listed unit to the next level's campaign (推荐): the city recommends
    its municipal list to the province (000 第十三条 by 05-31; 004 第十一条 by 06-30),
    the province its provincial list to MIIT.

    Checks: the actor is the official of the level that published ``listing`` and the
    unit lies in its jurisdiction; the listing is active and of the prerequisite level
    (``selection.<level>.prerequisite_listing``; 000 第十二条, 003 第二十二条); the
    recommending jurisdiction's deadline (its own ruleset, e.g. Guangzhou's 06-30,
    overrides the province's); the grade the level requires
    (``selection.<level>.min_grade``; 000 第十四条: B); the disqualifying conditions;
    the quota, the departments' opinions, park level and supply-chain lead
    (:func:`recommendation_reasons`); a unit that failed the level before needs a new
    report (004 第十一条); the report's agency must be trusted.
    Creates the application already submitted to the upper level's first review step.
    Raises NotPermitted, RuleViolation (reasons with articles).
    """
    listing = lock(listing)
    require(actor, "recommendation.recommend", listing, _("只能推荐本辖区公布的名单中的单位"))
    today = clock.today()
    campaign = campaign or upper_campaign_for(listing, today.year)
    d = Decision()
    if campaign is None or campaign.state != CampaignState.OPEN:
        d.refuse("campaign.none", _("上一级本年度遴选尚未启动"))
        d.raise_if_refused()
    level = campaign.level
    if LOWER_LEVEL.get(level) != listing.level or not campaign.jurisdiction.contains(
        listing.unit.registered_division
    ):
        raise NotPermitted(_("只能向本单位所在的上一级年度批次推荐"))
    upper_rules = campaign_rules(campaign, today)
    own_rules = rules_for(actor.authority.jurisdiction, today)
    if listing.status != ListingStatus.ACTIVE:
        d.refuse("recommend.listing_inactive", _("该单位已不在有效名单中"))
    prereq_key = f"selection.{level}.prerequisite_listing"
    prerequisite = own_rules.get(prereq_key, upper_rules.get(prereq_key, None))
    if prerequisite and listing.level != prerequisite:
        d.refuse(
            "selection.prerequisite_listing",
            _("须先列入{level}名单"),
            own_rules.ref(prereq_key),
            level=Level(prerequisite).label,
        )
    deadline, deadline_ref = campaign_deadline(campaign, own_rules)
    if deadline and today > deadline:
        d.refuse(
            "selection.recommendation_deadline",
            _("推荐截止日期为{deadline}，已逾期"),
            deadline_ref,
            deadline=deadline.isoformat(),
        )
    min_grade = own_rules.get(f"selection.{level}.min_grade", None)
    if min_grade and GRADE_ORDER.get(listing.grade, 0) < GRADE_ORDER[min_grade]:
        d.refuse(
            "selection.min_grade",
            _("推荐须达到{grade}级以上（该单位为{actual}）"),
            own_rules.ref(f"selection.{level}.min_grade"),
            grade=min_grade,
            actual=listing.grade or "—",
        )
    if listing.list_type not in (campaign.list_types or upper_rules.get("list_types")):
        d.refuse("list_types", _("上一级本年度不受理该类别"), upper_rules.ref("list_types"))
    if listing.unit.uscc:
        d.extend(
            disqualifying_reasons(
                listing.unit.uscc, upper_rules, today, list_type=listing.list_type
            )
        )
    ban_key = "fraud.applicant_ban_years"  # 000 第二十二条, at recommendation too
    d.extend(
        fraud_ban_reasons(listing.unit, own_rules if own_rules.has(ban_key) else upper_rules, today)
    )
    d.extend(
        recommendation_reasons(
            actor=actor,
            listing=listing,
            campaign=campaign,
            own_rules=own_rules,
            upper_rules=upper_rules,
            on=today,
        )
    )
    active = [s for s in A if s not in (A.NOT_APPROVED, A.WITHDRAWN)]
    if Application.objects.filter(
        unit=listing.unit,
        list_type=listing.list_type,
        level=level,
        year=campaign.year,
        product_name=listing.product_name,
        state__in=active,
    ).exists():
        d.refuse("application.duplicate", _("该单位本年度已被推荐"))
    source_app = getattr(listing, "application", None)
    report = source_app.report if source_app else None
    report = _report_after_failure(listing, level, own_rules, report, d)
    d.extend(round_route_reasons(report, listing.list_type, upper_rules))
    d.extend(report_distrust_reasons(report, today))
    d.raise_if_refused()
    steps = review_steps(upper_rules, level)
    app = Application.objects.create(
        unit=listing.unit,
        campaign=campaign,
        list_type=listing.list_type,
        level=level,
        year=campaign.year,
        report=report,
        product_name=listing.product_name,
        product_model=listing.product_model,
        source_listing=listing,
        recommended_by=actor.authority,
        state=A.SUBMITTED,
        submitted_on=today,
        recommended_on=today,
        pending_role=step_role(steps[0]),
    )
    citations = [
        c
        for c in [
            own_rules.ref(prereq_key) if prerequisite else "",
            deadline_ref if deadline else "",
        ]
        if c
    ]
    record_event(
        actor=actor,
        action="application.recommend",
        obj=app,
        from_state="",
        to_state=app.state,
        reason=reason,
        citations=citations,
        payload={"listing": str(listing.uuid), "campaign": str(campaign.uuid)},
    )
    return app


def round_route_reasons(report, list_type: str, upper_rules: Rules) -> list[Reason]:
    """The evaluation route the receiving round takes (``evaluation.routes`` of the
    campaign's jurisdiction on the day): the 2023 national round took third-party
    reports only (001 一、总体要求; 二(四)), so a unit recommended without an agency's
    report, or with a self-evaluation, is refused in that round. Only a round whose own
    file sets the routes is checked (a provincial round on the national defaults, Fujian's
    or Henan's, does not take a national round's routes as its own). In: the report the
    recommendation carries (or None), the list type, the upper campaign's rules."""
    if not upper_rules.has("evaluation.routes"):
        return []
    if upper_rules.param("evaluation.routes").source != upper_rules.ruleset.slug:
        return []
    routes = allowed_routes(upper_rules, list_type)
    route = report.route if report is not None else "self"
    if route in routes:
        return []
    return [
        Reason(
            "evaluation.routes",
            _("本轮推荐须附第三方评价机构出具的评价报告")
            if routes == ["third_party"]
            else _("本轮推荐不接受该评价方式"),
            route_citation(upper_rules, list_type),
        )
    ]


def _report_after_failure(listing, level: str, rules: Rules, report, d: Decision):
    """A unit that failed this level's review before. Where the recommending
    jurisdiction's rules allow it (``selection.<level>.direct_reapplication``; 004
    第十一条) it may be recommended again directly, with a newly written report: returns
    that report (the newest submitted after the failure) or refuses when there is none.
    Where they do not, only a listing of the lower level published after the failure
    (a later year) may carry it up again. Refusals are added to ``d``."""
    failed = (
        Application.objects.filter(
            unit=listing.unit, list_type=listing.list_type, level=level, state=A.NOT_APPROVED
        )
        .order_by("-reviewed_on")
        .first()
    )
    if failed is None:
        return report
    key = f"selection.{level}.direct_reapplication"
    if not rules.get(key, False):
        if listing.year <= failed.year:
            d.refuse(
                "selection.direct_reapplication",
                _(
                    "该单位{year}年未通过{level}评审，本辖区规则未规定可直接再次推荐，须重新列入下一级名单后方可推荐"
                ),
                rules.ref(f"selection.{level}.prerequisite_listing")
                if rules.has(f"selection.{level}.prerequisite_listing")
                else "",
                year=failed.year,
                level=Level(level).label,
            )
        return report
    since = failed.reviewed_on or failed.updated_at.date()
    newer = (
        EvaluationReport.objects.filter(
            unit=listing.unit,
            list_type=listing.list_type,
            state=ReportState.SUBMITTED,
            eligible=True,
            submitted_on__gt=since,
        )
        .order_by("-submitted_on", "-id")
        .first()
    )
    if newer is None:
        d.refuse(
            "selection.direct_reapplication",
            _("该单位{year}年未通过{level}评审，须重新编制评价报告后方可再次推荐"),
            rules.ref(key) if rules.has(key) else "",
            year=failed.year,
            level=Level(level).label,
        )
        return report
    return newer


# --- rewards ------------------------------------------------------------------------


def record_rewards(*, green_list, on: dt.date) -> int:
    """Record a one-time reward for each listing of ``green_list`` whose unit's city
    grants one per level (``incentives.one_time_reward``; 002 第二十三条). Returns the count."""
    created = 0
    for listing in green_list.listings.select_related("unit__registered_division"):
        if listing.unit_id is None:
            continue
        city = listing.unit.registered_division.ancestor_at(JurisdictionLevel.CITY)
        if city is None:
            continue
        rules = rules_for(city, on)
        if rules.get("incentives.one_time_reward", False):
            _obj, made = Reward.objects.get_or_create(
                listing=listing,
                defaults={
                    "jurisdiction": city,
                    "level": listing.level,
                    "citation": rules.ref("incentives.one_time_reward"),
                },
            )
            created += int(made)
    return created
