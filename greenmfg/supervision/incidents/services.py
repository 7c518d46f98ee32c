"""Major incidents of listed units: recorded by officials (or confirmed from a
complaint), reported upward within ``dynamic.incident_report_days`` (000 第十九条,
002 第十九条, 004 第十四条: 实时上报; 003 第十七条: 事故发生之日起3日内), and removed at
once with a public announcement (000 第二十一条: 及时从各层面名单移出并进行公告;
004 第十六条: 从市级名单移出，涉及上一级名单的及时上报省厅).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision
from greenmfg.core.vocabulary import JURISDICTION_LIST_LEVEL, Role
from greenmfg.eligibility.models import CreditRecord
from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.jurisdictions.rulesets import Rules, rules_for
from greenmfg.parties.permissions import require
from greenmfg.supervision.common import (
    acting_rules,
    active_listings,
    cause_label,
    require_official,
    unit_rules,
    zh,
)
from greenmfg.supervision.incidents.models import (
    INCIDENT_CAUSE,
    INCIDENT_CREDIT_KIND,
    INCIDENT_TRANSITIONS,
    Incident,
    IncidentKind,
    IncidentState,
)
from greenmfg.supervision.removals.models import (
    Announcement,
    AnnouncementKind,
    Removal,
    RemovalKind,
    UpwardState,
)
from greenmfg.supervision.removals.services import (
    announcement_title,
    execute_removal,
    own_and_upper,
)


def report_due(rules: Rules, occurred_on: dt.date, found_on: dt.date) -> tuple[dt.date, str]:
    """When the incident must be reported upward: ``dynamic.incident_report_days`` after
    the incident (003 第十七条: 事故发生之日起3日内, counted from the next day), or, for 0
    (实时上报), on the day it was found."""
    days = rules.get("dynamic.incident_report_days", 0)
    ref = (
        rules.ref("dynamic.incident_report_days")
        if rules.has("dynamic.incident_report_days")
        else ""
    )
    if days == 0:
        return found_on, ref
    return occurred_on + dt.timedelta(days=days), ref


@transaction.atomic
def incident_record(
    *,
    actor,
    unit,
    kind: str,
    occurred_on: dt.date,
    description: str,
    found_on: dt.date | None = None,
    source_document: str = "",
    complaint=None,
) -> Incident:
    """Record a major safety or quality accident or a grade-II+ environmental event of a
    listed unit; the report-upward deadline comes from the unit's rules. Also writes
    the credit record (second disqualifying condition, e.g. 004 第十二条(二)). Returns
    the incident; raises NotPermitted (not an official in whose jurisdiction the unit
    is), RuleViolation (dates in the future or out of order, no description, a unit on
    no list), ValueError (unknown kind)."""
    require(actor, "supervision.record_incident", unit)
    jur = require_official(actor)
    today = clock.today()
    found_on = found_on or today
    d = Decision()
    if kind not in IncidentKind.values:
        raise ValueError(f"unknown incident kind {kind!r}")
    if occurred_on > today or found_on > today:
        d.refuse("incident.future", _("发生日期和发现日期不能晚于今天"))
    if found_on < occurred_on:
        d.refuse("incident.found_before", _("发现日期不能早于发生日期"))
    if not description.strip():
        d.refuse("incident.description", _("请填写事件情况"))
    if not active_listings(unit).exists():
        d.refuse("incident.not_listed", _("该单位不在有效的绿色制造名单上"))
    d.raise_if_refused()
    rules = unit_rules(unit, today)
    due, ref = report_due(rules, occurred_on, found_on)
    incident = Incident.objects.create(
        unit=unit,
        kind=kind,
        occurred_on=occurred_on,
        found_on=found_on,
        description=description.strip(),
        source_document=source_document.strip(),
        recorded_by=jur,
        complaint=complaint,
        report_due_on=due,
        report_due_ref=ref,
    )
    if unit.uscc:
        CreditRecord.objects.create(
            uscc=unit.uscc,
            unit=unit,
            kind=INCIDENT_CREDIT_KIND[kind],
            occurred_on=occurred_on,
            description=description.strip()[:500],
            source=source_document.strip()[:120] or zh(_("本平台")),
            document_no=str(incident.uuid),
        )
    record_event(
        actor=actor,
        action="incident.record",
        obj=incident,
        to_state=incident.state,
        reason=description.strip(),
        citations=[ref],
        payload={
            "report_due_on": due.isoformat(),
            "complaint": str(complaint.uuid) if complaint else "",
        },
    )
    return incident


@transaction.atomic
def incident_report(*, actor, incident: Incident) -> Incident:
    """Report the incident to the authority above the recording one; a report after the
    due day is recorded as overdue (000 第十九条, 004 第十四条: 实时上报; 003 第十七条: 3日内).
    Returns the incident; raises NotPermitted (not the recording authority),
    TransitionConflict (reported already)."""
    incident = lock(incident)
    require(actor, "supervision.report_incident", incident, _("只能由登记该事件的主管部门上报"))
    jur = require_official(actor)
    today = clock.today()
    overdue = today > incident.report_due_on
    recipients, ref = report_recipients(jur, today)
    to = recipients[0] if recipients else None
    apply_transition(
        incident,
        to=IncidentState.REPORTED,
        actor=actor,
        action="incident.report",
        allowed=INCIDENT_TRANSITIONS,
        updates={"reported_on": today, "reported_to": to},
        reason=zh(_("逾期上报（应于{due}前上报）")).format(due=incident.report_due_on)
        if overdue
        else "",
        citations=[c for c in dict.fromkeys([incident.report_due_ref, ref]) if c],
        payload={
            "overdue": overdue,
            "to": to.code if to else "",
            "recipients": [j.code for j in recipients],
        },
    )
    incident.recipients.add(*recipients)
    return incident


def report_recipients(jur: Jurisdiction, on: dt.date) -> tuple[list[Jurisdiction], str]:
    """The authorities ``jur`` reports a major incident to, with the article: those its
    rules name when it is a city (``dynamic.incident_report_to``; 002 第十九条: the
    ministry and Fujian), else the level above (000 第十九条, 004 第十四条 实时上报)."""
    rules = rules_for(jur, on)
    if jur.level == JurisdictionLevel.CITY and rules.has("dynamic.incident_report_to"):
        found = [jur.ancestor_at(level) for level in rules.get("dynamic.incident_report_to")]
        return [j for j in found if j is not None], rules.ref("dynamic.incident_report_to")
    return ([jur.parent] if jur.parent else []), ""


@transaction.atomic
def incident_forward(*, actor, incident: Incident) -> Incident:
    """A city (or province) forwards to the authorities it reports to an incident that
    another authority recorded — a district, or a department (002 第十九条: 市工信局…
    实时上报工业和信息化部、福建省工业和信息化厅). The incident keeps its state; the
    recipients are added and the forwarding is audited (``incident.forward``) with the
    article. Returns the incident; raises NotPermitted (not a city or province official in
    whose jurisdiction the unit is), RuleViolation (``incident.own`` for an incident the
    actor's authority recorded itself: report it; ``incident.forwarded`` when every
    recipient has it already)."""
    incident = lock(incident)
    require(actor, "supervision.forward_incident", incident.unit)
    jur = require_official(actor, Role.CITY, Role.PROVINCE)
    today = clock.today()
    d = Decision()
    if incident.recorded_by_id == jur.id:
        d.refuse("incident.own", _("本机关登记的事件请直接上报"))
    recipients, ref = report_recipients(jur, today)
    have = set(incident.recipients.values_list("id", flat=True))
    new = [j for j in recipients if j.id not in have]
    if not new:
        d.refuse("incident.forwarded", _("该事件已报送至各上级主管部门"))
    d.raise_if_refused()
    incident.recipients.add(*new)
    record_event(
        actor=actor,
        action="incident.forward",
        obj=incident,
        to_state=incident.state,
        citations=[c for c in dict.fromkeys([ref, incident.report_due_ref]) if c],
        payload={"to": [j.code for j in new], "recorded_by": incident.recorded_by.code},
    )
    return incident


@transaction.atomic
def immediate_removal(*, actor, incident: Incident, reason: str = "") -> Removal:
    """Remove the unit at once and announce it. Where ``removal.immediate_from_all_levels``
    (000 第二十一条, 002 第二十条) every level's listing goes; otherwise (004 第十六条) the
    lists published within the acting authority's jurisdiction, and the upper listings
    are reported to the level above at once. Returns the removal; raises NotPermitted
    (not an official of a city, province or the ministry in whose jurisdiction the unit
    is), RuleViolation (a cause the rules do not name for immediate removal, removed
    already, nothing the authority may remove)."""
    incident = lock(incident)
    unit = incident.unit
    require(actor, "supervision.remove_at_once", incident)
    jur = require_official(actor, Role.CITY, Role.PROVINCE, Role.NATIONAL)
    today = clock.today()
    rules = acting_rules(jur, unit, today)  # the acting level's rules (000 第二十一条)
    cause = INCIDENT_CAUSE[incident.kind]
    d = Decision()
    if cause not in rules.get("removal.immediate_causes", []):
        d.refuse(
            "removal.immediate_cause",
            _("本辖区规则未将“{cause}”列为及时移出情形"),
            rules.ref("removal.immediate_causes") if rules.has("removal.immediate_causes") else "",
            cause=cause_label(cause),
        )
    if Removal.objects.filter(incident=incident).exists():
        d.refuse("removal.done", _("该事件已作移出处理"))
    all_levels = rules.get("removal.immediate_from_all_levels", True)
    own, upper = own_and_upper(unit, jur, all_levels=all_levels)
    if not own:
        d.refuse("removal.not_listed", _("该单位在本机关可移出的名单上没有有效条目"))
    d.raise_if_refused()
    citations = [rules.ref("removal.immediate_causes")]
    if rules.has("removal.immediate_from_all_levels"):
        citations.append(rules.ref("removal.immediate_from_all_levels"))
    citation = "；".join(dict.fromkeys(citations))
    ann = Announcement.objects.create(
        jurisdiction=jur,
        level=JURISDICTION_LIST_LEVEL[jur.level],
        year=today.year,
        kind=AnnouncementKind.IMMEDIATE,
        title=announcement_title(jur, today.year, AnnouncementKind.IMMEDIATE, unit),
        published_on=today,
    )
    text = reason.strip() or zh(_("{date}发生{kind}")).format(
        date=incident.occurred_on.isoformat(), kind=incident.get_kind_display()
    )
    removal = execute_removal(
        actor=actor,
        unit=unit,
        kind=RemovalKind.IMMEDIATE,
        cause=cause,
        citation=citation,
        reason=text,
        authority=jur,
        listings=own,
        upper_listings=upper,
        announcement=ann,
        on=today,
        incident=incident,
        upward_state=UpwardState.SUBMITTED,
        to_list_publisher=rules.get("removal.upper_lists_reported_to", "level_above")
        == "list_publisher",
        upward_citation=rules.ref("removal.immediate_from_all_levels")
        if rules.has("removal.immediate_from_all_levels")
        else citation,
    )
    record_event(actor=actor, action="announcement.immediate", obj=ann, citations=[citation])
    return removal
