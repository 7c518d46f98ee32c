"""Changes of a listed unit (变更): name, business scope, production address or
organisational boundary (000 第二十三条, 002 第十七条, 003 第十九条, 004 第十五条).

The unit reports within the ruleset's period (``dynamic.change_report``: promptly;
with the dynamic form; within ``dynamic.change_report_months`` months of completing
the formalities, 003 第十九条); a late report is accepted and recorded as late. The
authority at ``dynamic.change_reviewed_by`` accepts it — the unit's listings on its own
lists follow the change, those on upper lists are queued for the upper level's annual
recommendation and announced at its publication — or finds that the unit no longer
meets the standard (a removal proposal, where ``removal.annual_causes`` names it).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import ReviewFlow, lock, review_apply, review_reason_check
from greenmfg.core import clock
from greenmfg.core.decisions import Decision
from greenmfg.jurisdictions.rulesets import Rules
from greenmfg.parties.permissions import require
from greenmfg.parties.services import organisation_rename
from greenmfg.register.services import listing_changed, listing_rename
from greenmfg.supervision.changes.models import (
    CHANGE_TRANSITIONS,
    ChangeKind,
    ChangeReport,
    ChangeState,
)
from greenmfg.supervision.common import active_listings, add_months, unit_rules, zh
from greenmfg.supervision.dynamic.models import DynamicForm, FormState
from greenmfg.supervision.removals.models import UpwardKind, UpwardReport
from greenmfg.supervision.removals.services import annual_cause_reasons, create_proposal
from greenmfg.supervision.rules import OWN_UNIT_ONLY, authority_only

#: the review of a change as data (LAYOUT.md E2): the authority accepts it or finds
#: that the unit no longer meets the standard (a removal proposal); both need the
#: change opinion (000 第二十三条 变更意见)
CHANGE_REVIEW = ReviewFlow(
    noun="change",
    allowed=CHANGE_TRANSITIONS,
    rejected=ChangeState.REMOVAL_PROPOSED,
    needs_reason=frozenset({"accept", "remove"}),
    reason_message=_("请填写变更意见"),
)
CHANGE_REVIEW_TO = {"accept": ChangeState.ACCEPTED, "remove": ChangeState.REMOVAL_PROPOSED}


#: the ``dynamic.change_report`` values that attach the change to the unit's open
#: dynamic form (002 第十七条, 004 第十五条 在填报动态管理表时予以说明)
WITH_FORM = ("with_dynamic_form", "promptly_and_with_dynamic_form")


def change_due(rules: Rules, completed_on: dt.date) -> tuple[dt.date | None, str]:
    """The last day to report a change whose formalities were completed on
    ``completed_on``: ``within_months`` → N months later; ``with_dynamic_form`` → the
    next dynamic-form deadline; ``promptly`` and ``promptly_and_with_dynamic_form`` (004
    第十五条: 及时报所在区, and explained in the form as well) → no fixed day (None)."""
    how = rules.get("dynamic.change_report", "promptly")
    ref = rules.ref("dynamic.change_report") if rules.has("dynamic.change_report") else ""
    if how == "within_months":
        months = rules.get("dynamic.change_report_months")
        return add_months(completed_on, months), rules.ref("dynamic.change_report_months")
    if how == "with_dynamic_form":
        deadline = rules.month_day("dynamic.annual_report_deadline", completed_on.year)
        if completed_on > deadline:
            deadline = rules.month_day("dynamic.annual_report_deadline", completed_on.year + 1)
        return deadline, ref
    return None, ref


@transaction.atomic
def change_report(
    *,
    actor,
    unit,
    kind: str,
    new_value: str,
    formalities_completed_on: dt.date,
    old_value: str = "",
    description: str = "",
) -> ChangeReport:
    """A listed unit reports a change (000 第二十三条, 003 第十九条, 004 第十五条); routed
    to the authority the rules name (``dynamic.change_reviewed_by``), due within the
    period they set (``dynamic.change_report``; a late report is accepted and recorded as
    late). Returns the report; raises NotPermitted (not the unit's user), RuleViolation
    (no new value, a date in the future, a unit on no list), ValueError (unknown kind)."""
    require(actor, "supervision.report_change", unit, OWN_UNIT_ONLY)
    today = clock.today()
    d = Decision()
    if kind not in ChangeKind.values:
        raise ValueError(f"unknown change kind {kind!r}")
    if not new_value.strip():
        d.refuse("change.new_value", _("请填写变更后的内容"))
    if formalities_completed_on > today:
        d.refuse("change.future", _("手续办理完成日期不能晚于今天"))
    if not active_listings(unit).exists():
        d.refuse("change.not_listed", _("只有绿色制造名单单位需要报送变更"))
    d.raise_if_refused()
    rules = unit_rules(unit, today)
    due, due_ref = change_due(rules, formalities_completed_on)
    level = rules.get("dynamic.change_reviewed_by", "city")
    reviewer = unit.registered_division.ancestor_at(level)
    if kind == ChangeKind.NAME and not old_value:
        old_value = unit.name
    form = (
        DynamicForm.objects.filter(unit=unit, state__in=[FormState.DRAFT, FormState.RETURNED])
        .order_by("-filing_year")
        .first()
        if rules.get("dynamic.change_report", "") in WITH_FORM
        else None
    )
    change = ChangeReport.objects.create(
        unit=unit,
        kind=kind,
        old_value=old_value.strip(),
        new_value=new_value.strip(),
        description=description.strip(),
        formalities_completed_on=formalities_completed_on,
        reported_on=today,
        due_on=due,
        due_ref=due_ref,
        form=form,
        reviewer=reviewer,
        reviewer_ref=rules.ref("dynamic.change_reviewed_by")
        if rules.has("dynamic.change_reviewed_by")
        else "",
    )
    late = change.late
    record_event(
        actor=actor,
        action="change.report",
        obj=change,
        to_state=change.state,
        reason=zh(_("逾期报送（应于{due}前报送）")).format(due=due) if late else "",
        citations=[due_ref],
        payload={"due_on": due.isoformat() if due else "", "late": late},
    )
    return change


@transaction.atomic
def change_review(*, actor, change: ChangeReport, decision: str, opinion: str) -> ChangeReport:
    """The reviewing authority's change opinion (000 第二十三条, 004 第十五条).

    ``accept``: the listings on the reviewer's own lists follow the change — a new name
    is written on each of them by the register (:func:`listing_rename`) and on the unit
    by parties (:func:`organisation_rename`) — and those on upper lists are queued for
    the upper level's annual recommendation; ``remove``: the unit no longer meets the
    standard after the change and is proposed for removal from the reviewer's lists
    (where ``removal.annual_causes`` names it). Returns the report; raises NotPermitted
    (not the reviewing authority), RuleViolation (no opinion, a cause the rules do not
    name), TransitionConflict (already reviewed), ValueError (unknown decision)."""
    change = lock(change)
    require(actor, "supervision.review_change", change, authority_only(change.reviewer))
    today = clock.today()
    if decision not in CHANGE_REVIEW_TO:
        raise ValueError(f"unknown decision {decision!r}")
    review_reason_check(CHANGE_REVIEW, decision, opinion)
    unit = change.unit
    rules = unit_rules(unit, today)
    if decision == "remove":
        Decision(
            annual_cause_reasons(rules, "no_longer_meets_standard_after_change")
        ).raise_if_refused()
    reviewer = change.reviewer
    listings = list(active_listings(unit))
    own = [li for li in listings if li.green_list.jurisdiction.path.startswith(reviewer.path)]
    upper = [li for li in listings if li not in own]
    opinion = opinion.strip()
    review_apply(
        change,
        flow=CHANGE_REVIEW,
        decision=decision,
        to=CHANGE_REVIEW_TO[decision],
        actor=actor,
        updates={"reviewed_on": today, "opinion": opinion},
        reason=opinion,
        citations=[change.reviewer_ref],
    )
    if decision == "remove":
        create_proposal(
            actor=actor,
            unit=unit,
            authority=reviewer,
            cause="no_longer_meets_standard_after_change",
            citation=rules.ref("removal.annual_causes"),
            reason=opinion,
            on=today,
            change=change,
        )
        return change
    for li in own:
        if change.kind == ChangeKind.NAME:
            listing_rename(
                actor=actor,
                listing=li,
                name=change.new_value,
                on=today,
                reason=opinion,
                citations=[change.reviewer_ref],
            )
        else:
            listing_changed(
                actor=actor,
                listing=li,
                on=today,
                reason=opinion,
                citations=[change.reviewer_ref],
            )
    if change.kind == ChangeKind.NAME:
        organisation_rename(
            actor=actor,
            organisation=unit,
            name=change.new_value,
            reason=opinion,
            citations=[change.reviewer_ref],
        )
    for li in upper:
        UpwardReport.objects.create(
            kind=UpwardKind.CHANGE,
            unit=unit,
            listing=li,
            from_jurisdiction=reviewer,
            to_jurisdiction=li.green_list.jurisdiction,
            to_level=li.level,
            opinion=opinion,
            citation=change.reviewer_ref,
            queued_on=today,
            change=change,
        )
    return change
