"""Removals from the green lists (移出) and their announcements (公告); fraud findings.

- Annual causes (``removal.annual_causes``) are proposed (拟移出), confirmed by the
  authority that publishes the list and executed when it publishes its annual
  adjustment (000 第二十一条 “在发布年度名单时予以移出并进行公告”; 002 第二十条;
  003 第十八条; 004 第十六条).
- Not filing the dynamic form is such a cause; where the rules name
  ``not_filing_and_refusing_check`` (003 第十八条(二)) only together with a refused
  on-site check.
- Immediate removals (major accidents, grade-II+ environmental events) are in
  :mod:`greenmfg.supervision.incidents`.
- Every removal writes a credit record ``green_list_removal``: the third disqualifying
  condition then bars the unit for the look-back years (e.g. 004 第十二条(三)).
- An applicant found falsifying is barred for ``fraud.applicant_ban_years``
  (000 第二十二条): :func:`greenmfg.eligibility.fraud.fraud_ban_reasons`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, Reason, citation_text
from greenmfg.core.vocabulary import JURISDICTION_LIST_LEVEL, CreditRecordKind
from greenmfg.eligibility.disqualification import disqualifying_reasons
from greenmfg.eligibility.models import CreditRecord, FraudFinding
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import Rules
from greenmfg.parties.models import Organisation
from greenmfg.parties.permissions import require
from greenmfg.register.models import Listing, ListingStatus
from greenmfg.register.services import listings_remove
from greenmfg.selection.services import applications_cancel_for_fraud
from greenmfg.supervision.changes.models import ChangeReport, ChangeState
from greenmfg.supervision.common import (
    PUBLISHING_ROLES,
    acting_rules,
    active_listings,
    cause_label,
    require_official,
    zh,
)
from greenmfg.supervision.dynamic.models import CheckState, OnSiteCheck
from greenmfg.supervision.dynamic.obligations import overdue
from greenmfg.supervision.removals.models import (
    PROPOSAL_TRANSITIONS,
    UPWARD_TRANSITIONS,
    Announcement,
    AnnouncementKind,
    ProposalState,
    Removal,
    RemovalKind,
    RemovalProposal,
    UpwardKind,
    UpwardReport,
    UpwardState,
)
from greenmfg.supervision.rules import authority_only

# --- proposals -------------------------------------------------------------------------------


def annual_cause_reasons(rules: Rules, cause: str) -> list[Reason]:
    """The refusal of a removal cause the unit's rules do not name
    (``removal.annual_causes``: 000 第二十一条, 003 第十八条, 004 第十六条); ``[]`` if named."""
    causes = rules.get("removal.annual_causes", [])
    if cause in causes:
        return []
    return [
        Reason(
            "removal.cause",
            _("本辖区规则未将“{cause}”列为移出情形"),
            rules.ref("removal.annual_causes") if rules.has("removal.annual_causes") else "",
            {"cause": cause_label(cause)},
        )
    ]


def create_proposal(
    *, actor, unit, authority, cause: str, citation: str, reason: str, on, **links
) -> RemovalProposal:
    """Write a removal proposal (拟移出) and its audit event ``removal.propose``; the
    callers (a proposal, a change review, a complaint, a fraud finding) have checked who
    proposes and why. ``links``: the form, check, change, complaint or fraud finding it
    comes from."""
    proposal = RemovalProposal.objects.create(
        unit=unit,
        authority=authority,
        cause=cause,
        citation=citation,
        reason=reason,
        year=on.year,
        proposed_on=on,
        **links,
    )
    record_event(
        actor=actor,
        action="removal.propose",
        obj=proposal,
        to_state=proposal.state,
        reason=reason,
        citations=[citation],
        payload={"cause": cause},
    )
    return proposal


def publishing_authority(unit, handler: Jurisdiction) -> Jurisdiction:
    """The authority that removes a unit from its list: ``handler`` when it publishes a
    list (city and above), else the unit's city (003 第二十一条: the county verifies,
    the city's list is adjusted)."""
    if handler.level in JURISDICTION_LIST_LEVEL:
        return handler
    return unit.registered_division.ancestor_at("city") or handler


@transaction.atomic
def removal_propose(
    *,
    actor,
    unit,
    cause: str,
    reason: str,
    authority: Jurisdiction | None = None,
    **links,
) -> RemovalProposal:
    """Propose to remove ``unit`` at the next annual publication for an annual cause
    its rules name (``removal.annual_causes``: 000 第二十一条, 004 第十六条). Returns the
    proposal; raises NotPermitted (not an official in whose jurisdiction the unit is),
    RuleViolation (a cause the rules do not name, no reason, a unit on no list, an open
    proposal for the same cause)."""
    require(actor, "supervision.propose_removal", unit)
    jur = require_official(actor)
    authority = authority or publishing_authority(unit, jur)
    today = clock.today()
    rules = acting_rules(jur, unit, today)
    d = Decision()
    d.extend(annual_cause_reasons(rules, cause))
    if not reason.strip():
        d.refuse("removal.reason", _("请说明移出理由"))
    if not active_listings(unit).exists():
        d.refuse("removal.not_listed", _("该单位没有有效的名单条目"))
    if RemovalProposal.objects.filter(
        unit=unit,
        authority=authority,
        cause=cause,
        year=today.year,
        state__in=[ProposalState.PROPOSED, ProposalState.CONFIRMED],
    ).exists():
        d.refuse("removal.duplicate", _("已有相同原因的拟移出事项"))
    d.raise_if_refused()
    return create_proposal(
        actor=actor,
        unit=unit,
        authority=authority,
        cause=cause,
        citation=rules.ref("removal.annual_causes"),
        reason=reason.strip(),
        on=today,
        **links,
    )


@dataclass
class NonFilerRun:
    proposed: list[RemovalProposal] = field(default_factory=list)
    needs_refused_check: list = field(default_factory=list)
    already: int = 0


@transaction.atomic
def propose_non_filers(*, actor, filing_year: int) -> NonFilerRun:
    """For every unit within the official's jurisdiction that did not file the form of
    ``filing_year`` by its deadline, propose removal (000 第二十一条(二) 拒不按时填报);
    where the rules name ``not_filing_and_refusing_check`` (003 第十八条(二)) only when
    the unit also refused an on-site check, else it is listed as waiting for one.
    Returns what was proposed, what waits and how many were proposed already; raises
    NotPermitted (not an official of a city, province or the ministry)."""
    require(actor, "supervision.propose_removals")
    jur = require_official(actor, *PUBLISHING_ROLES)
    today = clock.today()
    run = NonFilerRun()
    for ob in overdue(filing_year, jur, today):
        rules = acting_rules(jur, ob.unit, today)
        causes = rules.get("removal.annual_causes", [])
        links = {"form": ob.form} if ob.form else {}
        if "not_filing" in causes:
            cause = "not_filing"
            reason = zh(_("未在{deadline}前填报{year}年度动态管理表")).format(
                deadline=ob.deadline.isoformat(), year=ob.data_year
            )
        elif "not_filing_and_refusing_check" in causes:
            check = (
                OnSiteCheck.objects.filter(
                    unit=ob.unit,
                    list_type=ob.list_type,
                    filing_year=filing_year,
                    state=CheckState.REFUSED,
                )
                .order_by("-outcome_on")
                .first()
            )
            if check is None:
                run.needs_refused_check.append(ob)
                continue
            cause = "not_filing_and_refusing_check"
            links["on_site_check"] = check
            reason = zh(
                _("未在{deadline}前填报{year}年度动态管理表，且于{refused}拒不配合现场复核")
            ).format(deadline=ob.deadline.isoformat(), year=ob.data_year, refused=check.outcome_on)
        else:
            continue
        authority = publishing_authority(ob.unit, jur)
        if RemovalProposal.objects.filter(
            unit=ob.unit,
            cause=cause,
            year=today.year,
            state__in=[ProposalState.PROPOSED, ProposalState.CONFIRMED],
        ).exists():
            run.already += 1
            continue
        run.proposed.append(
            create_proposal(
                actor=actor,
                unit=ob.unit,
                authority=authority,
                cause=cause,
                citation=rules.ref("removal.annual_causes"),
                reason=reason,
                on=today,
                **links,
            )
        )
    return run


@transaction.atomic
def propose_disqualified(*, actor) -> list[RemovalProposal]:
    """Screen the units with an active listing within the official's jurisdiction
    against the disqualifying conditions of their rules (e.g. 004 第十二条) and propose
    the removal of each one that meets a condition (``disqualifying_condition``:
    000 第二十一条(一), 002 第二十条(一), 003 第十八条(一), 004 第十六条(一)). Returns the
    proposals made; raises NotPermitted (not an official of a city, province or the
    ministry)."""
    require(actor, "supervision.propose_removals")
    jur = require_official(actor, *PUBLISHING_ROLES)
    today = clock.today()
    listed = Listing.objects.filter(status=ListingStatus.ACTIVE).values("unit_id")
    units = (
        Organisation.objects.filter(pk__in=listed, registered_division__path__startswith=jur.path)
        .exclude(uscc=None)
        .select_related("registered_division")
    )
    open_ids = set(
        RemovalProposal.objects.filter(
            cause="disqualifying_condition",
            year=today.year,
            state__in=[ProposalState.PROPOSED, ProposalState.CONFIRMED],
        ).values_list("unit_id", flat=True)
    )
    proposed = []
    for unit in units:
        if unit.pk in open_ids:
            continue
        rules = acting_rules(jur, unit, today)
        if "disqualifying_condition" not in rules.get("removal.annual_causes", []):
            continue
        found = disqualifying_reasons(
            unit.uscc, rules, today, list_type="park" if unit.kind == "park" else None
        )
        if not found:
            continue
        proposed.append(
            create_proposal(
                actor=actor,
                unit=unit,
                authority=publishing_authority(unit, jur),
                cause="disqualifying_condition",
                citation=rules.ref("removal.annual_causes"),
                # in Chinese, each article as 《short title》第九条 (str(Reason))
                reason="；".join(zh(r) for r in found),
                on=today,
            )
        )
    return proposed


@transaction.atomic
def proposal_decide(
    *, actor, proposal: RemovalProposal, decision: str, note: str = ""
) -> RemovalProposal:
    """The publishing authority confirms a proposal (executed at its next annual
    publication, 000 第二十一条) or dismisses it with reasons. Returns the proposal;
    raises NotPermitted (not the proposal's authority), RuleViolation (a dismissal without
    reasons), TransitionConflict (decided already), ValueError (unknown decision)."""
    proposal = lock(proposal)
    require(actor, "supervision.decide_proposal", proposal, authority_only(proposal.authority))
    if decision not in ("confirm", "dismiss"):
        raise ValueError(f"unknown decision {decision!r}")
    if decision == "dismiss" and not note.strip():
        Decision([Reason("removal.note", _("请填写不予移出的理由"))]).raise_if_refused()
    to = ProposalState.CONFIRMED if decision == "confirm" else ProposalState.DISMISSED
    return apply_transition(
        proposal,
        to=to,
        actor=actor,
        action=f"removal.{decision}",
        allowed=PROPOSAL_TRANSITIONS,
        updates={"decided_on": clock.today(), "decision_note": note.strip()},
        reason=note.strip(),
        citations=[proposal.citation],
    )


# --- executing removals ------------------------------------------------------------------------


def _credit_record(unit, removal: Removal) -> None:
    """The third disqualifying condition (被动态调整出绿色制造名单) reads this record."""
    if not unit.uscc:
        return
    CreditRecord.objects.create(
        uscc=unit.uscc,
        unit=unit,
        kind=CreditRecordKind.GREEN_LIST_REMOVAL,
        occurred_on=removal.removed_on,
        description=zh(_("{cause}（{ref}）")).format(
            cause=cause_label(removal.cause),
            ref=citation_text(removal.citation, settings.LANGUAGE_CODE),
        ),
        source=zh(_("本平台")),
        document_no=str(removal.uuid),
    )


def execute_removal(
    *,
    actor,
    unit,
    kind: str,
    cause: str,
    citation: str,
    reason: str,
    authority: Jurisdiction,
    listings: list,
    upper_listings: list,
    announcement: Announcement,
    on: dt.date,
    proposal: RemovalProposal | None = None,
    incident=None,
    upward_state: str = UpwardState.SUBMITTED,
    upward_citation: str = "",
    to_list_publisher: bool = False,
) -> Removal:
    """Remove ``listings`` — each through the register's :func:`listing_remove`, one
    audit event per listing (:func:`listings_remove`) —, record the removal and its credit record (the third
    disqualifying condition reads it, e.g. 004 第十二条(三)), and report
    ``upper_listings`` to the level above ``authority`` (004 第十六条). The callers
    (annual publication, immediate removal) check who removes and why. Returns the
    removal; raises TransitionConflict when a listing is no longer active."""
    removal = Removal.objects.create(
        unit=unit,
        kind=kind,
        cause=cause,
        citation=citation,
        reason=reason,
        levels=sorted({li.level for li in listings}),
        removed_on=on,
        authority=authority,
        announcement=announcement,
        proposal=proposal,
        incident=incident,
    )
    removal.listings.set(listings)
    listings_remove(actor=actor, listings=listings, on=on, reason=reason, citations=[citation])
    _credit_record(unit, removal)
    parent = authority.parent
    for li in upper_listings:
        UpwardReport.objects.create(
            kind=UpwardKind.REMOVAL,
            unit=unit,
            listing=li,
            from_jurisdiction=authority,
            # 002 第二十条: each upper list's publisher (the ministry, Fujian); else the
            # level above (004 第十六条 上报省厅)
            to_jurisdiction=li.green_list.jurisdiction
            if to_list_publisher
            else (parent or li.green_list.jurisdiction),
            to_level=li.level,
            opinion=reason or cause_label(cause),
            citation=upward_citation or citation,
            queued_on=on,
            submitted_on=on if upward_state != UpwardState.QUEUED else None,
            state=upward_state,
            removal=removal,
        )
    record_event(
        actor=actor,
        action=f"removal.{kind}",
        obj=removal,
        to_state="removed",
        reason=reason,
        citations=[citation],
        payload={
            "cause": cause,
            "levels": removal.levels,
            "listings": [str(li.uuid) for li in listings],
            "reported_upward": [str(li.uuid) for li in upper_listings],
        },
    )
    return removal


def own_and_upper(unit, authority: Jurisdiction, *, all_levels: bool) -> tuple[list, list]:
    """The unit's active listings the authority removes itself, and those on upper
    lists it reports upward: every level when ``all_levels``, else the lists published
    within the authority's jurisdiction."""
    rows = list(active_listings(unit))
    if all_levels:
        return rows, []
    own = [li for li in rows if li.green_list.jurisdiction.path.startswith(authority.path)]
    upper = [li for li in rows if li not in own]
    return own, upper


def announcement_title(jur: Jurisdiction, year: int, kind: str, unit=None) -> str:
    """The title of an announcement, in Chinese (what is published)."""
    if kind == AnnouncementKind.IMMEDIATE:
        return zh(_("{authority}关于将{unit}移出绿色制造名单的公告")).format(
            authority=jur.name, unit=unit.name
        )
    return zh(_("{authority}{year}年度绿色制造名单动态调整公告")).format(
        authority=jur.name, year=year
    )


@transaction.atomic
def annual_adjustment_publish(*, actor, year: int | None = None) -> Announcement:
    """Publish the authority's annual adjustment with its list (000 第二十一条、第二十三条):
    execute every confirmed proposal (the unit leaves the authority's own lists; its
    upper-level listings are reported upward), and announce the changes it accepted
    and those reported to it from below (each moves to announced: one transition and one
    audit event per matter). One per authority and year. Returns the announcement;
    raises NotPermitted (not an official of a city, province or the ministry),
    RuleViolation (published already this year), TransitionConflict."""
    require(actor, "supervision.publish_annual_adjustment")
    jur = require_official(actor, *PUBLISHING_ROLES)
    today = clock.today()
    year = year or today.year
    level = JURISDICTION_LIST_LEVEL[jur.level]
    if Announcement.objects.filter(
        jurisdiction=jur, year=year, kind=AnnouncementKind.ANNUAL
    ).exists():
        Decision(
            [Reason("announcement.duplicate", _("本年度的动态调整公告已经发布"))]
        ).raise_if_refused()
    ann = Announcement.objects.create(
        jurisdiction=jur,
        level=level,
        year=year,
        kind=AnnouncementKind.ANNUAL,
        title=announcement_title(jur, year, AnnouncementKind.ANNUAL),
        published_on=today,
    )
    executed = []
    for proposal in RemovalProposal.objects.filter(
        authority=jur, state=ProposalState.CONFIRMED
    ).select_related("unit", "unit__registered_division"):
        proposal = lock(proposal)
        own, upper = own_and_upper(proposal.unit, jur, all_levels=False)
        execute_removal(
            actor=actor,
            unit=proposal.unit,
            kind=RemovalKind.ANNUAL,
            cause=proposal.cause,
            citation=proposal.citation,
            reason=proposal.reason,
            authority=jur,
            listings=own,
            upper_listings=upper,
            announcement=ann,
            on=today,
            proposal=proposal,
        )
        apply_transition(
            proposal,
            to=ProposalState.EXECUTED,
            actor=actor,
            action="removal.execute",
            allowed=PROPOSAL_TRANSITIONS,
            citations=[proposal.citation],
        )
        executed.append(str(proposal.uuid))
    changes = ChangeReport.objects.filter(
        reviewer=jur, state=ChangeState.ACCEPTED, announcement__isnull=True
    )
    n_changes = changes.update(announcement=ann)
    upward = _locked(
        UpwardReport.objects.filter(to_jurisdiction=jur, state=UpwardState.SUBMITTED)
        .exclude(kind=UpwardKind.INCIDENT)
        .select_related("from_jurisdiction")
        .order_by("id")
    )
    n_upward = 0
    for report in upward:
        upward_report_move(
            actor=actor,
            report=report,
            to=UpwardState.ANNOUNCED,
            action="upward.announce",
            updates={"announcement": ann},
            citations=[report.citation],
        )
        n_upward += 1
    record_event(
        actor=actor,
        action="announcement.annual",
        obj=ann,
        payload={"proposals": executed, "changes": n_changes, "upward": n_upward},
    )
    return ann


def _locked(qs) -> list:
    """The rows of ``qs``, fresh and locked in one query (``SELECT … FOR UPDATE`` on
    PostgreSQL; SQLite's IMMEDIATE transaction holds the write lock already): a bulk move
    then applies one transition per row."""
    if connection.features.has_select_for_update:
        qs = (
            qs.select_for_update(of=("self",))
            if connection.features.has_select_for_update_of
            else qs.select_for_update()
        )
    return list(qs)


def upward_report_move(
    *,
    actor,
    report: UpwardReport,
    to: str,
    action: str,
    updates: dict | None = None,
    citations: list[str] | None = None,
) -> UpwardReport:
    """Move one matter reported upward (queued → submitted → announced,
    :data:`UPWARD_TRANSITIONS`) with its own audit event. ``report`` is a fresh, locked
    row (:func:`_locked`); the callers check who moves it. Raises TransitionConflict when
    it moved since it was read."""
    return apply_transition(
        report,
        to=to,
        actor=actor,
        action=action,
        allowed=UPWARD_TRANSITIONS,
        updates=updates,
        citations=citations,
    )


@transaction.atomic
def upward_reports_submit(*, actor) -> int:
    """Send the queued matters touching upper lists with the annual recommendation
    (000 第二十三条、004 第十五条: 于每年推荐名单时统一上报), one transition and one audit
    event per matter. Returns how many were sent; raises NotPermitted (not an official),
    TransitionConflict."""
    require(actor, "supervision.submit_upward_reports")
    jur = require_official(actor)
    today = clock.today()
    rows = _locked(
        UpwardReport.objects.filter(from_jurisdiction=jur, state=UpwardState.QUEUED)
        .select_related("from_jurisdiction")
        .order_by("id")
    )
    n = 0
    for report in rows:
        upward_report_move(
            actor=actor,
            report=report,
            to=UpwardState.SUBMITTED,
            action="upward.submit",
            updates={"submitted_on": today},
            citations=[report.citation],
        )
        n += 1
    return n


# --- fraud -----------------------------------------------------------------------------------


@transaction.atomic
def fraud_record(
    *, actor, unit, decided_on: dt.date, article: str, description: str
) -> FraudFinding:
    """Record that an applicant was found falsifying or concealing during the evaluation
    (000 第二十二条: 取消其申报资格，三年内不得再次申报): its pending applications are
    cancelled with the article (:func:`applications_cancel_for_fraud`). A listed unit is also proposed
    for removal where its rules name ``falsified_data``. Returns the finding; raises
    NotPermitted (not an official of a city, province or the ministry in whose
    jurisdiction the unit is), RuleViolation (no article, no facts, a future date)."""
    require(actor, "supervision.record_fraud", unit)
    jur = require_official(actor, *PUBLISHING_ROLES)
    d = Decision()
    if not article.strip():
        d.refuse("fraud.article", _("请填写依据条款"))
    if not description.strip():
        d.refuse("fraud.description", _("请填写认定事实"))
    if decided_on > clock.today():
        d.refuse("fraud.date", _("认定日期不能晚于今天"))
    d.raise_if_refused()
    finding = FraudFinding.objects.create(
        unit=unit,
        decided_on=decided_on,
        article=article.strip(),
        description=description.strip(),
        decided_by=jur,
    )
    record_event(
        actor=actor,
        action="fraud.record",
        obj=finding,
        reason=description.strip(),
        citations=[article.strip()],
    )
    applications_cancel_for_fraud(actor=actor, unit=unit, finding=finding)
    today = clock.today()
    rules = acting_rules(jur, unit, today)
    if (
        "falsified_data" in rules.get("removal.annual_causes", [])
        and active_listings(unit).exists()
    ):
        authority = publishing_authority(unit, jur)
        if not RemovalProposal.objects.filter(
            unit=unit,
            authority=authority,
            cause="falsified_data",
            year=today.year,
            state__in=[ProposalState.PROPOSED, ProposalState.CONFIRMED],
        ).exists():
            create_proposal(
                actor=actor,
                unit=unit,
                authority=authority,
                cause="falsified_data",
                citation=rules.ref("removal.annual_causes"),
                reason=description.strip(),
                on=today,
                fraud=finding,
            )
    return finding
