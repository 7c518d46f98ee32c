"""Who may act in selection: one predicate per action (greenmfg.parties.rules), used by
the services (``require``), the pages (``{% test_rule %}``) and, through the services,
the API (LAYOUT.md E4).

The predicates say *who* may act. *When* (the object's state, windows, deadlines, the
ruleset's conditions) stays in the services, which refuse with reasons
(``RuleViolation``); a page shows an action when the predicate holds and the state
allows it (``app.is_editable``, ``report.is_draft``, ``objection.is_open`` …)."""

from __future__ import annotations

import rules

from greenmfg.agencies.guards import is_third_party, may_edit_third_party_report
from greenmfg.core.vocabulary import Role
from greenmfg.parties.roles import step_role
from greenmfg.parties.rules import (
    define,
    has_role,
    is_own_unit,
    is_signed_in,
    is_unit_user,
    unit_in_scope,
)
from greenmfg.selection.services import application_pending_step, campaign_rules, review_steps

#: the officials who run a round and publish a list (municipal, provincial, national)
is_publishing_official = has_role(Role.CITY, Role.PROVINCE, Role.NATIONAL)


@rules.predicate
def has_authority(user) -> bool:
    """The user acts for an authority (an official, a consulted department, an auditor)."""
    return bool(is_signed_in(user) and user.authority_id)


@rules.predicate
def manages_campaign(user, campaign) -> bool:
    """The campaign is run by the user's own authority's jurisdiction."""
    return bool(
        campaign is not None
        and has_authority(user)
        and user.authority.jurisdiction_id == campaign.jurisdiction_id
    )


@rules.predicate
def handles_objection(user, objection) -> bool:
    """The objection is to a notice of the user's own authority's jurisdiction (the
    authority that published the notice handles what it receives; 004 第十条)."""
    return bool(
        objection is not None
        and has_authority(user)
        and user.authority.jurisdiction_id == objection.notice.campaign.jurisdiction_id
    )


@rules.predicate
def performs_pending_step(user, application) -> bool:
    """The user's role performs the review step the application waits for (the steps
    come from the campaign's ruleset, ``selection.<level>.review_steps``; 004 第十条,
    002 第十五条, 003 第十二条, 000 第十三条)."""
    if application is None or not is_signed_in(user):
        return False
    step = application_pending_step(application)
    return step is not None and user.role == step_role(step)


@rules.predicate
def performs_a_review_step(user, application) -> bool:
    """The user's role performs one of the review steps of the application's level
    (``selection.<level>.review_steps``), whatever the application waits for now: *who*
    reviews. The service refuses a review that is not the pending one with the state
    (409; issue 17, item 13)."""
    if application is None or not is_signed_in(user):
        return False
    steps = review_steps(campaign_rules(application.campaign), application.level)
    return user.role in {step_role(step) for step in steps}


@rules.predicate
def writes_report(user, report) -> bool:
    """Who writes a report: the unit its self-evaluation; a third-party report only the
    agency the unit commissioned, while that project runs — not the unit (000 第十一条:
    第三方机构对所出具评价报告的真实性和准确性负责)."""
    if report is None or not is_signed_in(user):
        return False
    if is_third_party(report):
        return may_edit_third_party_report(user, report)
    return user.organisation_id == report.unit_id


# --- evaluation reports (object: the unit for create, else the report) ---------------------
define("selection.create_report", is_unit_user & is_own_unit)
define("selection.edit_report", writes_report)
define("selection.submit_report", writes_report)
define("selection.revise_report", writes_report)

# --- applications (object: the unit for create, else the application) -----------------------
define("selection.create_application", is_unit_user & is_own_unit)
define("selection.edit_application", is_own_unit)
define("selection.submit_application", is_own_unit)
#: who reviews (the officials of the level's steps, in scope); whether a review is
#: pending for them is the service's (a RuleViolation with the state)
define("selection.review_application", performs_a_review_step & unit_in_scope)
#: the page offers the review form: the official of the pending step
define("selection.review_application_now", performs_pending_step & unit_in_scope)
#: the application page links its report for the unit and for officials (who see it in scope)
define("selection.open_application_report", is_own_unit | has_authority)

# --- campaigns, notices, publication, objections ---------------------------------------------
#: object: none (the round of the user's own jurisdiction at the level it publishes)
define("selection.open_campaign", is_publishing_official & has_authority)
define("selection.open_notice", is_publishing_official & manages_campaign)
define("selection.publish_list", is_publishing_official & manages_campaign)
define("selection.handle_objection", is_publishing_official & handles_objection)
#: the objector's identity, contact and evidence: only for those who handle the objection
define("selection.see_objector", is_publishing_official & handles_objection)
