"""Service functions of selection: campaigns, applications and their reviews, public
notices, objections and publication (004 第十条). One function per transition; each
checks role, scope, state, rules and deadlines, then changes state and audits it in
one transaction."""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, NotPermitted, Reason
from greenmfg.core.permissions import require_own_unit, require_role, require_unit_scope
from greenmfg.core.roles import step_role
from greenmfg.core.transitions import apply_transition, lock
from greenmfg.cultivation.services import candidate_registration, pool_jurisdiction
from greenmfg.jurisdictions.calendar import period_end
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import Rules, rules_for
from greenmfg.parties.models import Organisation, Role
from greenmfg.parties.uscc import is_valid_uscc
from greenmfg.selection.models import (
    APPLICATION_TRANSITIONS,
    CAMPAIGN_TRANSITIONS,
    NOTICE_TRANSITIONS,
    OBJECTION_TRANSITIONS,
    Application,
    ApplicationState,
    Campaign,
    CampaignState,
    EvaluationReport,
    Level,
    NoticeState,
    Objection,
    ObjectionState,
    PublicNotice,
    ReportState,
)
from greenmfg.selection.reports import check_upload
from greenmfg.supervision.disqualification import disqualifying_reasons

A = ApplicationState

#: the level of list an official of each role publishes
ROLE_LEVEL = {
    Role.CITY: Level.MUNICIPAL,
    Role.PROVINCE: Level.PROVINCIAL,
    Role.NATIONAL: Level.NATIONAL,
}


# --- campaigns ------------------------------------------------------------------


@transaction.atomic
def campaign_open(*, actor, year: int | None = None) -> Campaign:
    """Open the selection round of the actor's jurisdiction for ``year`` (default: this
    year) at the level it publishes (``levels_published``; 004 第十条: 每年4月市级遴选)."""
    require_role(actor, Role.CITY, Role.PROVINCE, Role.NATIONAL)
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
    d.raise_if_refused()
    title = rules.get("list_title").format(year=year) + str(_("遴选"))
    campaign = Campaign.objects.create(
        jurisdiction=jurisdiction, level=level, year=year, title=title, opened_on=today
    )
    record_event(
        actor=actor,
        action="campaign.open",
        obj=campaign,
        to_state=campaign.state,
        citations=[rules.ref("levels_published")],
    )
    return campaign


def open_campaign_for(unit: Organisation, year: int) -> Campaign | None:
    """The open municipal-level campaign a unit applies in (its pool jurisdiction's)."""
    return (
        Campaign.objects.filter(
            jurisdiction=pool_jurisdiction(unit), year=year, state=CampaignState.OPEN
        )
        .order_by("level")
        .first()
    )


# --- applications ---------------------------------------------------------------


def application_reasons(app: Application, rules: Rules, on: dt.date) -> list[Reason]:
    """Everything that stops ``app`` from being submitted on ``on``: the campaign,
    the application window, candidacy (004 第十条), the report, disqualification
    (004 第十二条)."""
    d = Decision()
    if app.campaign.state != CampaignState.OPEN:
        d.refuse("campaign.closed", _("该年度批次已结束"))
    if rules.has("selection.application_window"):
        start, end = rules.window("selection.application_window", app.year)
        if not start <= on <= end:
            d.refuse(
                "selection.application_window",
                _("申报时间为{start}至{end}"),
                rules.ref("selection.application_window"),
                start=start.isoformat(),
                end=end.isoformat(),
            )
    if app.list_type not in rules.get("list_types"):
        d.refuse("list_types", _("本辖区不开展该类别"), rules.ref("list_types"))
    if (
        rules.get("pool.required_for_application", False)
        and candidate_registration(app.unit, app.list_type, on) is None
    ):
        d.refuse(
            "pool.required_for_application",
            _("只有有效期内的培育对象可以申报（请先完成培育入库登记）"),
            rules.ref("pool.required_for_application"),
        )
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
        if report.route not in rules.get("evaluation.routes"):
            d.refuse(
                "evaluation.routes", _("本辖区不接受该评价方式"), rules.ref("evaluation.routes")
            )
    if app.unit.uscc:
        d.extend(disqualifying_reasons(app.unit.uscc, rules, on))
    return d.reasons


@transaction.atomic
def application_create(
    *,
    actor,
    unit: Organisation,
    list_type: str,
    report: EvaluationReport | None = None,
    campaign: Campaign | None = None,
) -> Application:
    """Start an application (draft) of the actor's unit in the open campaign of its
    pool jurisdiction. Refuses a second active application for the same list type,
    level and year."""
    require_role(actor, Role.ENTERPRISE, Role.PARK)
    require_own_unit(actor, unit)
    today = clock.today()
    campaign = campaign or open_campaign_for(unit, today.year)
    d = Decision()
    if campaign is None or campaign.state != CampaignState.OPEN:
        d.refuse("campaign.none", _("本年度遴选尚未启动"))
        d.raise_if_refused()
    if campaign.jurisdiction_id != pool_jurisdiction(unit).id:
        raise NotPermitted(_("只能在本辖区的年度批次中申报"))
    if Application.objects.filter(
        unit=unit,
        list_type=list_type,
        level=campaign.level,
        year=campaign.year,
        state__in=[s for s in A if s not in (A.NOT_APPROVED, A.WITHDRAWN)],
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
    )
    record_event(actor=actor, action="application.create", obj=app, to_state=app.state)
    return app


@transaction.atomic
def application_set_report(
    *, actor, application: Application, report: EvaluationReport
) -> Application:
    """Attach a (submitted) report to a draft or returned application."""
    app = lock(application)
    require_own_unit(actor, app.unit)
    if report.unit_id != app.unit_id:
        raise NotPermitted(_("只能使用本单位的评价报告"))
    if app.state not in (A.DRAFT, A.RETURNED):
        Decision([Reason("application.locked", _("已提交的申报不能修改"))]).raise_if_refused()
    Application.objects.filter(pk=app.pk).update(report=report)
    app.report = report
    return app


@transaction.atomic
def application_submit(*, actor, application: Application) -> Application:
    """Submit the application to the first review step of ``selection.review_steps``
    (004 第十条: district preliminary review). Refused with articles when a rule fails."""
    app = lock(application)
    require_own_unit(actor, app.unit)
    today = clock.today()
    rules = rules_for(app.campaign.jurisdiction, today)
    Decision(application_reasons(app, rules, today)).raise_if_refused()
    return apply_transition(
        app,
        to=A.SUBMITTED,
        actor=actor,
        action="application.submit",
        allowed=APPLICATION_TRANSITIONS,
        updates={"submitted_on": today},
        citations=[rules.ref("selection.review_steps")],
    )


def application_pending_step(app: Application, rules: Rules | None = None) -> str | None:
    """The review step (ruleset value) ``app`` waits for, or None."""
    rules = rules or rules_for(app.campaign.jurisdiction)
    steps = rules.get("selection.review_steps")
    if app.state == A.SUBMITTED:
        return steps[0]
    if app.state == A.RECOMMENDED and len(steps) > 1:
        return steps[1]
    return None


def district_deadline(rules: Rules, year: int) -> dt.date | None:
    """The last day a district may recommend to the city (004 第十条: 4月30日前)."""
    if rules.has("selection.deadline.district_to_city"):
        return rules.month_day("selection.deadline.district_to_city", year)
    return None


@transaction.atomic
def application_review(
    *,
    actor,
    application: Application,
    decision: str,
    reason: str = "",
    score: Decimal | str | None = None,
) -> Application:
    """Record the pending review step: ``approve``, ``return`` (for changes) or
    ``reject``, with reasons for the last two.

    District preliminary review (004 第十条): approving recommends the unit to the
    city, refused after the ruleset's district → city deadline (04-30). City review:
    approving needs a score at or above ``scoring.pass_mark`` (004 第三条: 80 → 1 star)
    and gives ``scoring.star_for_pass``. Disqualifying conditions are checked again.
    """
    app = lock(application)
    today = clock.today()
    rules = rules_for(app.campaign.jurisdiction, today)
    step = application_pending_step(app, rules)
    if step is None:
        raise NotPermitted(_("该申报当前没有待办审核"))
    require_role(actor, step_role(step))
    require_unit_scope(actor, app.unit)
    steps = rules.get("selection.review_steps")
    d = Decision()
    if decision in ("return", "reject") and not reason.strip():
        d.refuse("review.reason_required", _("退回或不通过须填写理由"))
        d.raise_if_refused()
    base = {"last_decision": reason}
    if decision == "return":
        return apply_transition(
            app,
            to=A.RETURNED,
            actor=actor,
            action=f"application.{step}.return",
            allowed=APPLICATION_TRANSITIONS,
            updates=base,
            reason=reason,
            citations=[rules.ref("selection.review_steps")],
        )
    if decision == "reject":
        extra = {"reviewed_on": today}
        if score not in (None, ""):
            extra["score"] = Decimal(str(score))
        return apply_transition(
            app,
            to=A.NOT_APPROVED,
            actor=actor,
            action=f"application.{step}.reject",
            allowed=APPLICATION_TRANSITIONS,
            updates={**base, **extra},
            reason=reason,
            citations=[rules.ref("selection.review_steps")],
        )
    if decision != "approve":
        raise ValueError(f"unknown decision {decision!r}")
    if app.unit.uscc:
        d.extend(disqualifying_reasons(app.unit.uscc, rules, today))
    is_last = step == steps[-1]
    if not is_last:
        deadline = district_deadline(rules, app.year)
        if deadline and today > deadline:
            d.refuse(
                "selection.deadline.district_to_city",
                _("区县推荐截止日期为{deadline}，已逾期"),
                rules.ref("selection.deadline.district_to_city"),
                deadline=deadline.isoformat(),
            )
        d.raise_if_refused()
        citations = [rules.ref("selection.review_steps")]
        if deadline:
            citations.append(rules.ref("selection.deadline.district_to_city"))
        return apply_transition(
            app,
            to=A.RECOMMENDED,
            actor=actor,
            action=f"application.{step}.approve",
            allowed=APPLICATION_TRANSITIONS,
            updates={**base, "recommended_on": today},
            reason=reason,
            citations=citations,
        )
    value: Decimal | None = None
    try:
        value = None if score in (None, "") else Decimal(str(score))
    except Exception:
        d.refuse("review.score", _("评审得分应为数字"))
    pass_mark = rules.get("scoring.pass_mark", None)
    if value is None:
        d.refuse("review.score_required", _("请填写评审得分"))
    elif value < 0 or value > 100:
        d.refuse("review.score", _("评审得分应在0到100分之间"))
    elif pass_mark is not None and value < Decimal(str(pass_mark)):
        d.refuse(
            "scoring.pass_mark",
            _("综合评分{score}分，低于{mark}分，不能评为通过"),
            rules.ref("scoring.pass_mark"),
            score=value,
            mark=pass_mark,
        )
    d.raise_if_refused()
    star = rules.get("scoring.star_for_pass", None)
    citations = [rules.ref("selection.review_steps")]
    if pass_mark is not None:
        citations.append(rules.ref("scoring.pass_mark"))
    return apply_transition(
        app,
        to=A.APPROVED,
        actor=actor,
        action=f"application.{step}.approve",
        allowed=APPLICATION_TRANSITIONS,
        updates={**base, "score": value, "star": star, "reviewed_on": today},
        reason=reason,
        citations=citations,
        payload={"score": str(value), "star": star},
    )


# --- public notices -------------------------------------------------------------


def notice_period(rules: Rules, start: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of a public notice started on ``start`` under ``rules``
    (length, unit and counting convention are ruleset parameters; 004 第十条: 7日)."""
    return period_end(
        start,
        rules.get("public_notice.length"),
        rules.get("public_notice.unit"),
        count_start=rules.get("public_notice.count_start_day", True),
        extend_past_holiday=rules.get("public_notice.extend_past_holiday", True),
    )


@transaction.atomic
def notice_open(*, actor, campaign: Campaign, start: dt.date | None = None) -> PublicNotice:
    """Publish the public notice of a campaign's approved applications, starting on
    ``start`` (default today); the last day is computed from the ruleset."""
    require_role(actor, Role.CITY, Role.PROVINCE, Role.NATIONAL)
    campaign = lock(campaign)
    if actor.authority.jurisdiction_id != campaign.jurisdiction_id:
        raise NotPermitted(_("只能公示本辖区的名单"))
    today = clock.today()
    start = start or today
    rules = rules_for(campaign.jurisdiction, today)
    d = Decision()
    if start < today:
        d.refuse("notice.start", _("公示开始日期不能早于今天"))
    if PublicNotice.objects.filter(campaign=campaign).exists():
        d.refuse("notice.duplicate", _("该批次已发布公示"))
    approved = list(
        Application.objects.filter(campaign=campaign, state=A.APPROVED).select_related("unit")
    )
    if not approved:
        d.refuse("notice.empty", _("没有评审通过的申报可以公示"))
    d.raise_if_refused()
    first, last = notice_period(rules, start)
    length_ref = rules.ref("public_notice.length")
    notice = PublicNotice.objects.create(
        campaign=campaign,
        title=rules.get("list_title").format(year=campaign.year) + str(_("拟列入名单公示")),
        first_day=first,
        last_day=last,
        length=rules.get("public_notice.length"),
        unit=rules.get("public_notice.unit"),
        citation=length_ref,
    )
    record_event(
        actor=actor,
        action="notice.open",
        obj=notice,
        to_state=notice.state,
        citations=[length_ref],
        payload={
            "first_day": first.isoformat(),
            "last_day": last.isoformat(),
            "applications": [str(a.uuid) for a in approved],
        },
    )
    for app in approved:
        apply_transition(
            app,
            to=A.IN_NOTICE,
            actor=actor,
            action="application.notice",
            allowed=APPLICATION_TRANSITIONS,
            updates={"notice": notice},
            citations=[length_ref],
        )
    return notice


ID_CARD = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def is_valid_id_card(number: str) -> bool:
    """China resident ID card number (GB 11643-1999, ISO 7064 MOD 11-2 check)."""
    number = number.upper()
    if not ID_CARD.match(number):
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17]


OBJECTION_FIELDS = (
    "objector_name",
    "objector_id_number",
    "objector_phone",
    "objector_email",
    "statement",
)


@transaction.atomic
def objection_submit(
    *,
    actor,
    notice: PublicNotice,
    application: Application,
    data: dict[str, Any],
    evidence: UploadedFile | None = None,
) -> Objection:
    """A real-name objection (异议) to one unit during its public notice.

    Anyone may object, signed in or not; the identity (name, ID number or USCC, phone,
    e-mail) is required and shown only to the handling officials. Refused outside the
    notice period or for a unit not in this notice.
    """
    today = clock.today()
    d = Decision()
    if application.notice_id != notice.id or application.state != A.IN_NOTICE:
        d.refuse("objection.not_in_notice", _("该单位不在本次公示名单中"))
    if not notice.is_running_on(today):
        d.refuse(
            "objection.period",
            _("公示期为{first}至{last}，不在公示期内"),
            notice.citation,
            first=notice.first_day,
            last=notice.last_day,
        )
    clean = {k: str(data.get(k, "") or "").strip() for k in OBJECTION_FIELDS}
    if not clean["objector_name"]:
        d.refuse("objection.name", _("请填写异议人姓名或单位名称（实名）"))
    idn = clean["objector_id_number"].upper()
    if not (is_valid_id_card(idn) or is_valid_uscc(idn)):
        d.refuse("objection.id_number", _("请填写有效的身份证号码或统一社会信用代码"))
    if not re.match(r"^[0-9+\- ]{7,20}$", clean["objector_phone"]):
        d.refuse("objection.phone", _("请填写有效的联系电话"))
    if len(clean["statement"]) < 10:
        d.refuse("objection.statement", _("请具体说明异议内容（至少10个字）"))
    evidence_name = ""
    if evidence is not None:
        ctype, sha = check_upload(evidence)
        evidence_name = f"{sha[:32]}{mimetypes.guess_extension(ctype) or ''}"
    d.raise_if_refused()
    clean["objector_id_number"] = idn
    obj = Objection(notice=notice, application=application, submitted_on=today, **clean)
    obj.full_clean(exclude=["notice", "application", "evidence"])
    if evidence is not None:
        evidence.name = evidence_name
        obj.evidence = evidence
    obj.save()
    record_event(
        actor=actor,
        action="objection.submit",
        obj=obj,
        to_state=obj.state,
        payload={"application": str(application.uuid)},
    )
    return obj


@transaction.atomic
def objection_handle(*, actor, objection: Objection, outcome: str, reason: str) -> Objection:
    """Close an objection: ``upheld`` (the unit leaves this round) or ``dismissed``,
    with the reasons recorded; by an official of the notice's jurisdiction."""
    require_role(actor, Role.CITY, Role.PROVINCE, Role.NATIONAL)
    obj = lock(objection)
    notice = obj.notice
    if actor.authority.jurisdiction_id != notice.campaign.jurisdiction_id:
        raise NotPermitted(_("只能处理本辖区公示的异议"))
    if outcome not in (ObjectionState.UPHELD, ObjectionState.DISMISSED):
        raise ValueError(f"unknown outcome {outcome!r}")
    if not reason.strip():
        Decision([Reason("objection.reason_required", _("请填写处理意见"))]).raise_if_refused()
    today = clock.today()
    apply_transition(
        obj,
        to=outcome,
        actor=actor,
        action=f"objection.{outcome}",
        allowed=OBJECTION_TRANSITIONS,
        updates={"outcome_reason": reason, "handled_on": today},
        reason=reason,
    )
    if outcome == ObjectionState.UPHELD:
        app = lock(obj.application)
        if app.state == A.IN_NOTICE:
            apply_transition(
                app,
                to=A.WITHDRAWN,
                actor=actor,
                action="application.withdraw_after_objection",
                allowed=APPLICATION_TRANSITIONS,
                updates={"last_decision": reason},
                reason=reason,
                citations=[notice.citation],
            )
    return obj


# --- publication ----------------------------------------------------------------


@transaction.atomic
def list_publish(*, actor, campaign: Campaign):
    """Publish the campaign's list (公布) after its notice has ended with every
    objection closed (004 第十条: 经公示7日无异议后纳入名单并予以公布). The units still in
    the notice are listed with their star; returns the new GreenList."""
    from greenmfg.register.services import green_list_create

    require_role(actor, Role.CITY, Role.PROVINCE, Role.NATIONAL)
    campaign = lock(campaign)
    if actor.authority.jurisdiction_id != campaign.jurisdiction_id:
        raise NotPermitted(_("只能公布本辖区的名单"))
    today = clock.today()
    rules = rules_for(campaign.jurisdiction, today)
    d = Decision()
    if campaign.state != CampaignState.OPEN:
        d.refuse("publish.already", _("该批次名单已经公布"))
        d.raise_if_refused()
    notice = PublicNotice.objects.filter(campaign=campaign).first()
    if notice is None:
        d.refuse("publish.no_notice", _("名单须先经公示"), rules.ref("public_notice.length"))
        d.raise_if_refused()
    if today <= notice.last_day:
        d.refuse(
            "publish.notice_running",
            _("公示期至{last}结束，结束后方可公布"),
            notice.citation,
            last=notice.last_day,
        )
    open_count = notice.objections.filter(state=ObjectionState.OPEN).count()
    if open_count:
        d.refuse(
            "publish.open_objections", _("尚有{n}件异议未处理完毕"), notice.citation, n=open_count
        )
    apps = list(
        Application.objects.filter(campaign=campaign, state=A.IN_NOTICE).select_related(
            "unit", "unit__registered_division", "unit__industry", "report__agency"
        )
    )
    if not apps and d.ok:
        d.refuse("publish.empty", _("公示名单中已没有可列入的单位"), notice.citation)
    d.raise_if_refused()
    green_list = green_list_create(
        jurisdiction=campaign.jurisdiction,
        level=campaign.level,
        year=campaign.year,
        title=rules.get("list_title").format(year=campaign.year),
        published_on=today,
        campaign=campaign,
    )
    for app in apps:
        apply_transition(
            app,
            to=A.LISTED,
            actor=actor,
            action="application.list",
            allowed=APPLICATION_TRANSITIONS,
            updates={"listed_on": today},
            citations=[notice.citation],
        )
    from greenmfg.register.services import listings_create_for

    listings_create_for(green_list=green_list, applications=apps, listed_on=today)
    apply_transition(
        notice,
        to=NoticeState.CLOSED,
        actor=actor,
        action="notice.close",
        allowed=NOTICE_TRANSITIONS,
    )
    apply_transition(
        campaign,
        to=CampaignState.PUBLISHED,
        actor=actor,
        action="campaign.publish",
        allowed=CAMPAIGN_TRANSITIONS,
        citations=[notice.citation],
        payload={"green_list": str(green_list.uuid), "listed": len(apps)},
    )
    return green_list


def jurisdiction_of(actor) -> Jurisdiction | None:
    return actor.authority.jurisdiction if getattr(actor, "authority_id", None) else None
