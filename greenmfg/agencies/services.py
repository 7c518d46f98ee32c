"""Service functions of the agencies app: one per transition, each checking role,
scope, state and the rules of the jurisdiction where the unit is, then changing state
and auditing it in one transaction.

- projects: :func:`project_propose` (the unit commissions an agency, 000 第十一条;
  004 第十条), :func:`project_accept` (the cap per legal representative: 000 第二十四条,
  003 第二十条, 001 二(四), 13号 第二十条), :func:`project_decline`,
  :func:`project_withdraw`, :func:`signed_report_upload`, :func:`project_submit`,
  :func:`project_confirm`;
- fraud: :func:`fraud_finding_record` (不予采信 for ``agency.distrust_years``);
- the annual work report: :func:`work_report_submit`, :func:`work_report_due`,
  :func:`overdue_work_reports` (001 三);
- the registry: :func:`profile_update`.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.guards import distrust_reasons
from greenmfg.agencies.models import (
    ACTIVE_STATES,
    COUNTED_STATES,
    PROJECT_TRANSITIONS,
    AgencyFraudFinding,
    AgencyProfile,
    AgencyProject,
    AgencyWorkReport,
    ProjectState,
)
from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.dates import add_years
from greenmfg.core.decisions import Decision, NotPermitted, Reason
from greenmfg.core.vocabulary import EvaluationRoute, Level
from greenmfg.cultivation.services import pool_jurisdiction
from greenmfg.jurisdictions.rulesets import Rules, registry, rules_for
from greenmfg.parties.models import Organisation, OrganisationKind
from greenmfg.parties.permissions import require
from greenmfg.register.models import Listing, ListSource
from greenmfg.selection import reports as report_services
from greenmfg.selection.models import EvaluationReport, ReportState
from greenmfg.selection.services import allowed_routes, route_citation

P = ProjectState
#: refusals of who may act (the predicates of greenmfg.agencies.rules)
NOT_YOUR_PROJECT = _("只能办理本机构的评价项目")
NOT_YOUR_UNIT = _("只能为本单位办理")


# --- the registry -------------------------------------------------------------------------


PROFILE_FIELDS = (
    "qualifications",
    "staff_total",
    "staff_senior",
    "contact_name",
    "contact_phone",
    "contact_email",
)


@transaction.atomic
def profile_update(*, actor, data: dict[str, Any]) -> AgencyProfile:
    """The agency's users keep its registry entry (qualifications, staff, contact).
    Raises NotPermitted, RuleViolation (``agency.staff``), ValidationError."""
    require(actor, "agencies.update_profile")
    agency = actor.organisation
    d = Decision()
    total = int(data.get("staff_total") or 0)
    senior = int(data.get("staff_senior") or 0)
    if senior > total:
        d.refuse("agency.staff", _("高级职称人数不能多于专职评价人员总数"))
    d.raise_if_refused()
    profile, _created = AgencyProfile.objects.get_or_create(organisation=agency)
    for key in PROFILE_FIELDS:
        if key in data:
            value = data[key]
            setattr(profile, key, value.strip() if isinstance(value, str) else value)
    profile.full_clean(exclude=["organisation"])
    profile.save()
    record_event(actor=actor, action="agency.profile_update", obj=agency)
    return profile


# --- the cap per legal representative -----------------------------------------------------


@dataclass
class CapRule:
    """The cap in force for projects of units in one jurisdiction: ``cap`` projects of
    ``level`` (None = every level) per ``period`` (year | batch) per legal representative,
    counted over the units within ``scope_path`` (the jurisdiction whose file sets it)."""

    cap: int
    period: str
    level: str | None
    scope_path: str
    ref: str
    refs: list[str]

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level else ""


def cap_rule(rules: Rules, path: str) -> CapRule | None:
    """The cap of ``rules`` (read for a jurisdiction whose path is ``path``), or None
    where the rules set none. The cap counts the projects of units within the
    jurisdiction of the ruleset file that sets ``agency.project_cap`` (Guangdong's cap
    counts Guangdong's provincial projects; the national cap every unit's), or of every
    unit wherever it is when ``agency.cap_scope`` is ``everywhere`` (003 第二十条: all
    national-level projects of one legal representative that year)."""
    if not rules.has("agency.project_cap"):
        return None
    param = rules.param("agency.project_cap")
    division = registry().files[param.source].division
    codes = [c for c in path.strip("/").split("/") if c]
    scope_path = (
        "/" + "/".join(codes[: codes.index(division) + 1]) + "/" if division in codes else path
    )
    if rules.get("agency.cap_scope", "jurisdiction") == "everywhere":
        scope_path = ""
    refs = [param.ref]
    for key in ("agency.cap_period", "agency.cap_counts_level", "agency.cap_scope"):
        if rules.has(key):
            refs.append(rules.ref(key))
    return CapRule(
        cap=param.value,
        period=rules.get("agency.cap_period", "year"),
        level=rules.get("agency.cap_counts_level", None),
        scope_path=scope_path,
        ref=param.ref,
        refs=list(dict.fromkeys(refs)),
    )


def counted_projects(rule: CapRule, on: dt.date, batch_year: int) -> QuerySet[AgencyProject]:
    """The projects a cap counts: taken on (accepted or later), of the counted level,
    for units within the cap's jurisdiction, in the period — the calendar year of ``on``
    (by the day the agency accepted) or the batch ``batch_year`` (the list year the
    evaluation is for) — across every list type."""
    qs = AgencyProject.objects.filter(
        state__in=COUNTED_STATES, unit__registered_division__path__startswith=rule.scope_path
    )
    if rule.level:
        qs = qs.filter(level=rule.level)
    if rule.period == "batch":
        return qs.filter(year=batch_year)
    return qs.filter(accepted_on__year=on.year)


#: the sources of listings that are an agency's past projects (published before the
#: platform, imported with their agency names, issue 13 item 5); the platform's own
#: listings come from its projects, which :func:`counted_projects` already counts
PAST_SOURCES = (ListSource.MIIT_2017_2021, ListSource.IMPORTED)


def counted_past_listings(rule: CapRule, on: dt.date, batch_year: int) -> QuerySet[Listing]:
    """The past projects a cap counts beside the platform's (issue 13 item 5): listings of
    an imported list (:data:`PAST_SOURCES`) whose agency is a confirmed agency record
    (``Listing.agency``, greenmfg/agencies/history.py), of the counted level, of a unit
    in the cap's jurisdiction (``Listing.region``; a listing without a region only under
    a cap that counts everywhere), in the period. A listing has no day its project was
    taken on, only its list year, so it counts in the period of its list year: the
    calendar year ``on.year`` (``agency.cap_period`` year: 000 第二十四条 每年度; 003
    第二十条; 13号 第二十条) or the batch ``batch_year`` (001 二(四) 本批次). A project
    counts once: the platform's own listings (source ``platform``) are not counted here."""
    qs = Listing.objects.filter(agency__isnull=False, source__in=PAST_SOURCES)
    if rule.scope_path:
        qs = qs.filter(region__path__startswith=rule.scope_path)
    if rule.level:
        qs = qs.filter(level=rule.level)
    return qs.filter(year=batch_year if rule.period == "batch" else on.year)


def same_legal_representative(agency: Organisation) -> Q:
    """The agencies that share ``agency``'s legal representative (同一法定代表人; the
    agency alone when none is recorded)."""
    rep = (agency.legal_representative or "").strip()
    if not rep:
        return Q(agency_id=agency.id)
    return Q(agency__kind=OrganisationKind.AGENCY, agency__legal_representative=rep)


def _period_label(rule: CapRule, on: dt.date, batch_year: int) -> str:
    if rule.period == "batch":
        return str(_("{year}年批次")).format(year=batch_year)
    return str(_("{year}年度")).format(year=on.year)


def cap_reasons(project: AgencyProject, on: dt.date) -> list[Reason]:
    """Why accepting ``project`` would pass the cap of the unit's jurisdiction:
    the projects of every agency with the same legal representative, of the counted
    level, in the period, across list types, already reach ``agency.project_cap``
    (Guangdong 10 provincial a year, 000 第二十四条; Luoyang 15 national-level a year,
    003 第二十条; national 15 per batch in 2023, 001 二(四), then per year, 13号 第二十条).
    The count is the platform's projects (:func:`counted_projects`) plus the agencies'
    past projects from imported lists (:func:`counted_past_listings`: the texts cap the
    projects an agency 开展, wherever they were recorded)."""
    unit = project.unit
    path = unit.registered_division.path
    rule = cap_rule(rules_for(unit.registered_division, on), path)
    if rule is None or (rule.level and project.level != rule.level):
        return []
    used = (
        counted_projects(rule, on, project.year)
        .filter(same_legal_representative(project.agency))
        .exclude(pk=project.pk)
        .count()
    )
    used += (
        counted_past_listings(rule, on, project.year)
        .filter(same_legal_representative(project.agency))
        .count()
    )
    if used < rule.cap:
        return []
    return [
        Reason(
            "agency.project_cap",
            _(
                "同一法定代表人（{rep}）的第三方评价机构{period}已承接{level}评价项目{used}项，"
                "已达上限{cap}项（含绿色工厂、绿色工业园区、绿色供应链管理企业）"
            ),
            rule.ref,
            {
                "rep": project.agency.legal_representative or project.agency.name,
                "period": _period_label(rule, on, project.year),
                "level": Level(rule.level).label if rule.level else "",
                "used": used,
                "cap": rule.cap,
            },
        )
    ]


@dataclass
class CapUsage:
    """How much of the cap a legal representative's agencies have used."""

    rule: CapRule
    period: str
    used: dict[str, int]  # legal representative (or "#<agency id>") -> projects

    def for_agency(self, agency: Organisation) -> int:
        rep = (agency.legal_representative or "").strip()
        return self.used.get(rep or f"#{agency.id}", 0)


def cap_usage(jurisdiction, on: dt.date) -> CapUsage | None:
    """The cap of ``jurisdiction``'s rules and the projects counted against it now, per
    legal representative (two queries: the platform's projects and the past listings,
    as :func:`cap_reasons` counts them), for the officials' pages."""
    rule = cap_rule(rules_for(jurisdiction, on), jurisdiction.path)
    if rule is None:
        return None
    rows = (
        counted_projects(rule, on, on.year)
        .values("agency_id", "agency__legal_representative")
        .annotate(n=Count("id"))
    )
    past = (
        counted_past_listings(rule, on, on.year)
        .values("agency_id", "agency__legal_representative")
        .annotate(n=Count("id"))
        .order_by()
    )
    used: dict[str, int] = {}
    for row in [*rows, *past]:
        rep = (row["agency__legal_representative"] or "").strip()
        key = rep or f"#{row['agency_id']}"
        used[key] = used.get(key, 0) + row["n"]
    return CapUsage(rule, _period_label(rule, on, on.year), used)


# --- projects -----------------------------------------------------------------------------


def _route_reasons(unit: Organisation, list_type: str, on: dt.date) -> list[Reason]:
    rules = rules_for(pool_jurisdiction(unit), on)
    d = Decision()
    if EvaluationRoute.THIRD_PARTY not in allowed_routes(rules, list_type):
        d.refuse(
            "evaluation.routes",
            _("本辖区不接受该类别的第三方评价"),
            route_citation(rules, list_type),
        )
    if not rules.has(f"evaluation.standard.{list_type}"):
        d.refuse(f"evaluation.standard.{list_type}", _("该类别尚无评价标准"))
    return d.reasons


@transaction.atomic
def project_propose(
    *,
    actor,
    unit: Organisation,
    agency: Organisation,
    list_type: str,
    level: str,
    year: int | None = None,
    note: str = "",
) -> AgencyProject:
    """The unit commissions ``agency`` to evaluate it (委托具备评价能力的第三方机构开展评价,
    000 第十一条; 004 第十条) for ``list_type`` and the ``level`` list of ``year`` (default:
    this year). Refused where the unit's rules take no third-party evaluation of that
    type (003 第十一条: design products self-evaluated), for an agency whose reports
    are not accepted, or a second running project for the same list, level and year."""
    require(actor, "agencies.propose_project", unit, NOT_YOUR_UNIT)
    today = clock.today()
    year = year or today.year
    d = Decision()
    if agency.kind != OrganisationKind.AGENCY:
        raise NotPermitted(_("只能委托第三方评价机构"))
    if list_type not in dict(AgencyProject._meta.get_field("list_type").choices):
        d.refuse("agency.list_type", _("名单类型无效"))
    if level not in Level.values:
        d.refuse("agency.level", _("名单层级无效"))
    if not today.year - 1 <= year <= today.year + 1:
        d.refuse("agency.year", _("年度应为上一年、本年或下一年"))
    d.raise_if_refused()
    d.extend(_route_reasons(unit, list_type, today))
    d.extend(distrust_reasons(agency, unit, today))
    if AgencyProject.objects.filter(
        unit=unit, list_type=list_type, level=level, year=year, state__in=ACTIVE_STATES
    ).exists():
        d.refuse("agency.project_duplicate", _("本单位该类别、层级和年度已有进行中的委托"))
    d.raise_if_refused()
    project = AgencyProject.objects.create(
        unit=unit,
        agency=agency,
        list_type=list_type,
        level=level,
        year=year,
        note=note.strip(),
        proposed_on=today,
    )
    record_event(
        actor=actor,
        action="agency_project.propose",
        obj=project,
        to_state=project.state,
        payload={"agency": str(agency.uuid)},
    )
    return project


def _lock_legal_representative(agency: Organisation) -> None:
    """Serialise acceptances by agencies of one legal representative (PostgreSQL row
    locks; SQLite's IMMEDIATE transaction already holds the write lock)."""
    if not connection.features.has_select_for_update:
        return
    rep = (agency.legal_representative or "").strip()
    qs = Organisation.objects.filter(pk=agency.pk)
    if rep:
        qs = Organisation.objects.filter(kind=OrganisationKind.AGENCY, legal_representative=rep)
    list(qs.order_by("pk").select_for_update().values_list("pk", flat=True))


def _create_report(actor, project: AgencyProject, on: dt.date) -> EvaluationReport:
    """The third-party report of ``project``: the SAME report structure, scoring and
    page as a self-evaluation (:mod:`greenmfg.selection.reports`), with route
    ``third_party`` and the agency named; the agency fills it."""
    rules = rules_for(pool_jurisdiction(project.unit), on)
    key = f"evaluation.standard.{project.list_type}"
    report = EvaluationReport.objects.create(
        unit=project.unit,
        list_type=project.list_type,
        standard_code=rules.get(key),
        route=EvaluationRoute.THIRD_PARTY,
        agency=project.agency,
        year=on.year,
    )
    record_event(
        actor=actor,
        action="report.create",
        obj=report,
        to_state=report.state,
        citations=[rules.ref(key), route_citation(rules, project.list_type)],
        payload={"agency_project": str(project.uuid)},
    )
    return report


@transaction.atomic
def project_accept(*, actor, project: AgencyProject) -> AgencyProject:
    """The agency takes the project on: refused when its reports are not accepted or
    when the cap of the unit's jurisdiction is reached (:func:`cap_reasons`). Starts the
    third-party report the agency fills on the report page."""
    _lock_legal_representative(project.agency)
    project = lock(project)
    require(actor, "agencies.accept_project", project, NOT_YOUR_PROJECT)
    today = clock.today()
    d = Decision()
    if project.state != P.PROPOSED:
        d.refuse("agency.project_state", _("该委托当前不能承接"))
        d.raise_if_refused()
    d.extend(_route_reasons(project.unit, project.list_type, today))
    d.extend(distrust_reasons(project.agency, project.unit, today))
    d.extend(cap_reasons(project, today))
    d.raise_if_refused()
    report = _create_report(actor, project, today)
    rule = cap_rule(
        rules_for(project.unit.registered_division, today), project.unit.registered_division.path
    )
    return apply_transition(
        project,
        to=P.ACCEPTED,
        actor=actor,
        action="agency_project.accept",
        allowed=PROJECT_TRANSITIONS,
        updates={"accepted_on": today, "report": report},
        citations=rule.refs if rule else [],
        payload={"report": str(report.uuid)},
    )


@transaction.atomic
def project_decline(*, actor, project: AgencyProject, reason: str) -> AgencyProject:
    """The agency declines the commission, with a reason. Raises NotPermitted,
    RuleViolation (``agency.reason``), TransitionConflict (not proposed)."""
    project = lock(project)
    require(actor, "agencies.decline_project", project, NOT_YOUR_PROJECT)
    if not reason.strip():
        Decision([Reason("agency.reason", _("请填写谢绝理由"))]).raise_if_refused()
    return apply_transition(
        project,
        to=P.DECLINED,
        actor=actor,
        action="agency_project.decline",
        allowed=PROJECT_TRANSITIONS,
        updates={"decision_reason": reason.strip()},
        reason=reason.strip(),
    )


@transaction.atomic
def project_withdraw(*, actor, project: AgencyProject, reason: str = "") -> AgencyProject:
    """The unit withdraws its commission before the report is submitted. Raises
    NotPermitted, TransitionConflict (submitted, or already ended)."""
    project = lock(project)
    require(actor, "agencies.withdraw_project", project, NOT_YOUR_UNIT)
    return apply_transition(
        project,
        to=P.WITHDRAWN,
        actor=actor,
        action="agency_project.withdraw",
        allowed=PROJECT_TRANSITIONS,
        updates={"decision_reason": reason.strip()},
        reason=reason.strip(),
    )


@transaction.atomic
def signed_report_upload(*, actor, project: AgencyProject, upload: UploadedFile) -> AgencyProject:
    """Attach the agency's signed and sealed report (PDF only, judged by content,
    :func:`greenmfg.selection.reports.check_upload`) while the project is accepted."""
    project = lock(project)
    require(actor, "agencies.upload_signed_report", project, NOT_YOUR_PROJECT)
    d = Decision()
    if project.state != P.ACCEPTED:
        d.refuse("agency.project_state", _("只有评价中的项目可以上传签章报告"))
        d.raise_if_refused()
    ctype, sha = report_services.check_upload(upload)
    if ctype != "application/pdf":
        d.refuse("upload.type", _("签章评价报告只接受 PDF 文件（按文件内容判断）"))
        d.raise_if_refused()
    original = (upload.name or "report.pdf")[-200:]
    upload.name = f"{sha[:32]}{mimetypes.guess_extension(ctype) or '.pdf'}"
    project.signed_report = upload
    project.signed_report_name = original
    project.signed_report_sha256 = sha
    project.signed_report_size = upload.size
    project.save(
        update_fields=[
            "signed_report",
            "signed_report_name",
            "signed_report_sha256",
            "signed_report_size",
            "updated_at",
        ]
    )
    record_event(
        actor=actor,
        action="agency_project.signed_report",
        obj=project,
        payload={"sha256": sha, "name": original},
    )
    return project


@transaction.atomic
def project_submit(*, actor, project: AgencyProject) -> AgencyProject:
    """The agency submits: the report is locked (:func:`report_submit`: refused while an
    indicator is unanswered) and the signed PDF must be attached; the unit confirms next."""
    project = lock(project)
    require(actor, "agencies.submit_project", project, NOT_YOUR_PROJECT)
    d = Decision()
    if project.state != P.ACCEPTED or project.report_id is None:
        d.refuse("agency.project_state", _("只有评价中的项目可以提交报告"))
        d.raise_if_refused()
    if not project.signed_report:
        d.refuse("agency.signed_report", _("请先上传签章的评价报告（PDF）"))
        d.raise_if_refused()
    report = project.report
    if report.state == ReportState.DRAFT:
        report = report_services.report_submit(actor=actor, report=report)
    return apply_transition(
        project,
        to=P.REPORT_SUBMITTED,
        actor=actor,
        action="agency_project.submit",
        allowed=PROJECT_TRANSITIONS,
        updates={"submitted_on": clock.today()},
        payload={"report": str(report.uuid), "total": str(report.total_score)},
    )


@transaction.atomic
def project_confirm(*, actor, project: AgencyProject) -> AgencyProject:
    """The unit confirms the agency's submitted report; only then can it carry an
    application (the applicant answers for what it submits, 000 第十一条). Raises
    NotPermitted, TransitionConflict (no report submitted)."""
    project = lock(project)
    require(actor, "agencies.confirm_project", project, NOT_YOUR_UNIT)
    return apply_transition(
        project,
        to=P.CONFIRMED,
        actor=actor,
        action="agency_project.confirm",
        allowed=PROJECT_TRANSITIONS,
        updates={"confirmed_on": clock.today()},
    )


# --- fraud findings -----------------------------------------------------------------------


def worked_in(agency: Organisation, jurisdiction) -> bool:
    """Whether ``agency`` is registered in ``jurisdiction`` or evaluated a unit there:
    a project on the platform, a report, or a past project (a listing of an imported
    list whose agency is this record, issue 13 item 5) — so the authority where an
    agency's past work was published may record the finding that bars its reports for
    three years (000 第二十四条; 004 第十九条)."""
    path = jurisdiction.path
    return agency.registered_division.path.startswith(path) or (
        AgencyProject.objects.filter(
            agency=agency,
            state__in=COUNTED_STATES,
            unit__registered_division__path__startswith=path,
        ).exists()
        or EvaluationReport.objects.filter(
            agency=agency, unit__registered_division__path__startswith=path
        ).exists()
        or Listing.objects.filter(agency=agency, region__path__startswith=path).exists()
    )


@transaction.atomic
def fraud_finding_record(
    *,
    actor,
    agency: Organisation,
    decided_on: dt.date,
    description: str,
    article: str = "",
    project: AgencyProject | None = None,
    complaint=None,
) -> AgencyFraudFinding:
    """Record that the agency was found falsifying or concealing the evaluated unit's
    problems (经查实在评价过程中存在弄虚作假或故意隐瞒评价对象问题). By a city, province or
    national official of a jurisdiction where the agency worked; its reports are then not
    accepted from ``decided_on`` through ``decided_on`` + ``agency.distrust_years`` of
    the official's jurisdiction, and the finding is notified publicly (000 第二十四条)."""
    require(actor, "agencies.record_fraud_finding", agency)
    jurisdiction = actor.authority.jurisdiction
    if agency.kind != OrganisationKind.AGENCY:
        raise NotPermitted(_("只能对第三方评价机构作出认定"))
    if not worked_in(agency, jurisdiction):
        raise NotPermitted(_("该评价机构未在本辖区开展评价业务"))
    if project is not None and project.agency_id != agency.id:
        raise NotPermitted(_("该评价项目不属于该评价机构"))
    today = clock.today()
    rules = rules_for(jurisdiction, decided_on)
    d = Decision()
    if decided_on > today:
        d.refuse("agency.finding_date", _("认定日期不能晚于今天"))
    if len(description.strip()) < 10:
        d.refuse("agency.finding_description", _("请具体写明认定事实（至少10个字）"))
    if not rules.has("agency.distrust_years"):
        d.refuse("agency.distrust_years", _("本辖区规则未规定不予采信年限"))
    d.raise_if_refused()
    years = rules.get("agency.distrust_years")
    ref = rules.ref("agency.distrust_years")
    finding = AgencyFraudFinding.objects.create(
        agency=agency,
        decided_on=decided_on,
        description=description.strip(),
        article=article.strip() or ref,
        distrust_years=years,
        distrusted_until=add_years(decided_on, years),
        decided_by=jurisdiction,
        project=project,
        complaint=complaint,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action="agency.fraud_finding",
        obj=finding,
        reason=description.strip(),
        citations=list(dict.fromkeys([finding.article, ref])),
        payload={
            "agency": str(agency.uuid),
            "until": finding.distrusted_until.isoformat(),
            "complaint": str(complaint.uuid) if complaint is not None else None,
        },
    )
    return finding


# --- the annual work report (评价机构年度工作情况) -------------------------------------------


def _rules_day(year: int, today: dt.date) -> dt.date:
    """The day whose rules decide ``year``'s deadline: today in the current year, else
    the last day of that year (or its first, for a year still to come)."""
    if year == today.year:
        return today
    return dt.date(year, 12, 31) if year < today.year else dt.date(year, 1, 1)


def work_report_due(agency: Organisation, year: int, today: dt.date | None = None):
    """(deadline, article) of ``agency``'s ``year`` work report under the rules of the
    jurisdiction where it is registered (``agency.annual_report_deadline``; 2023: 08-15,
    001 三), or (None, "") where the rules set none."""
    today = today or clock.today()
    rules = rules_for(agency.registered_division, _rules_day(year, today))
    if not rules.has("agency.annual_report_deadline"):
        return None, ""
    return (
        rules.month_day("agency.annual_report_deadline", year),
        rules.ref("agency.annual_report_deadline"),
    )


@transaction.atomic
def work_report_submit(*, actor, year: int, data: dict[str, Any]) -> AgencyWorkReport:
    """The agency files its annual work report for ``year`` (one per year); a report
    after the deadline is accepted and marked late (001 三). Raises NotPermitted,
    RuleViolation (``agency.work_report_*``)."""
    require(actor, "agencies.submit_work_report")
    agency = actor.organisation
    today = clock.today()
    d = Decision()
    if year > today.year or year < 2000:
        d.refuse("agency.work_report_year", _("只能填报本年度或以前年度的工作情况"))
    if AgencyWorkReport.objects.filter(agency=agency, year=year).exists():
        d.refuse("agency.work_report_duplicate", _("{year}年度工作情况已经填报"), year=year)
    text = str(data.get("quality_self_assessment", "") or "").strip()
    if len(text) < 10:
        d.refuse("agency.work_report_text", _("请填写评价质量自评（至少10个字）"))
    d.raise_if_refused()
    due, ref = work_report_due(agency, year, today)
    report = AgencyWorkReport.objects.create(
        agency=agency,
        year=year,
        projects_done=int(data.get("projects_done") or 0),
        staff=int(data.get("staff") or 0),
        quality_self_assessment=text,
        submitted_on=today,
        due_on=due,
        due_ref=ref,
        late=bool(due and today > due),
        submitted_by=actor,
    )
    record_event(
        actor=actor,
        action="agency.work_report",
        obj=report,
        citations=[ref] if ref else [],
        payload={"late": report.late},
    )
    return report


def projects_done(agency: Organisation, year: int) -> int:
    """The agency's projects taken on in ``year`` (a default for the work report form)."""
    return AgencyProject.objects.filter(
        agency=agency, state__in=COUNTED_STATES, accepted_on__year=year
    ).count()


@dataclass
class OverdueWorkReport:
    agency: Organisation
    year: int
    due_on: dt.date
    ref: str


def overdue_work_reports(agencies, year: int, on: dt.date) -> list[OverdueWorkReport]:
    """The agencies among ``agencies`` (a queryset) whose ``year`` work report was due
    before ``on`` and is not filed (two queries)."""
    agencies = list(agencies.select_related("registered_division"))
    filed = set(
        AgencyWorkReport.objects.filter(agency__in=[a.id for a in agencies], year=year).values_list(
            "agency_id", flat=True
        )
    )
    out = []
    for agency in agencies:
        if agency.id in filed:
            continue
        due, ref = work_report_due(agency, year, on)
        if due is not None and on > due:
            out.append(OverdueWorkReport(agency, year, due, ref))
    return out
