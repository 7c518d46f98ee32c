"""Who may act on the cultivation pool: one predicate per action (greenmfg.parties.rules),
used by the services (``require``), the pages (``{% test_rule %}``) and, through the
services, the API (LAYOUT.md E4).

The predicates say *who* may act. *When* (the registration's state, the window, the
entry conditions) stays in the services, which refuse with reasons (``RuleViolation``);
a page shows an action when the predicate holds and the state allows it
(``reg.is_editable``)."""

from __future__ import annotations

import rules

from greenmfg.cultivation.services import pending_step, review_steps
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.parties.roles import step_role
from greenmfg.parties.rules import define, is_own_unit, is_signed_in, is_unit_user, unit_in_scope


@rules.predicate
def performs_pending_step(user, registration) -> bool:
    """The user's role performs the review step the registration waits for (the steps
    come from the pool's ruleset, ``pool.review_steps``; 004 第九条)."""
    if registration is None or not is_signed_in(user):
        return False
    step = pending_step(registration)
    return step is not None and user.role == step_role(step)


@rules.predicate
def performs_a_review_step(user, registration) -> bool:
    """The user's role performs one of the pool's review steps (``pool.review_steps``;
    004 第九条), whatever the registration waits for now: *who* reviews. The service
    refuses a review that is not the pending one with the state (409; issue 17, 13)."""
    if registration is None or not is_signed_in(user):
        return False
    steps = review_steps(rules_for(registration.jurisdiction))
    return user.role in {step_role(step) for step in steps}


#: an enterprise or park registers itself (004 第九条: 企业、园区自愿申报); object: the unit
define("cultivation.create_registration", is_unit_user & is_own_unit)
#: the unit changes its own form while a draft or returned (004 第九条); object: the registration
define("cultivation.edit_registration", is_own_unit)
#: the unit submits its own form (004 第九条); object: the registration
define("cultivation.submit_registration", is_own_unit)
#: the officials of the pool's review steps, within their jurisdiction (004 第九条): who
#: reviews; whether a review is pending for them is the service's (a RuleViolation)
define("cultivation.review_registration", performs_a_review_step & unit_in_scope)
#: the page offers the review form: the official of the pending step (004 第九条)
define("cultivation.review_registration_now", performs_pending_step & unit_in_scope)
