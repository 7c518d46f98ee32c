"""Who may act on the cultivation pool: one predicate per action (greenmfg.parties.rules),
used by the services (``require``), the pages (``{% test_rule %}``) and, through the
services, the API (LAYOUT.md E4).

The predicates say *who* may act. *When* (the registration's state, the window, the
entry conditions) stays in the services, which refuse with reasons (``RuleViolation``);
a page shows an action when the predicate holds and the state allows it
(``reg.is_editable``)."""

from __future__ import annotations

import rules

from greenmfg.cultivation.services import pending_step
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


#: an enterprise or park registers itself (004 第九条: 企业、园区自愿申报); object: the unit
define("cultivation.create_registration", is_unit_user & is_own_unit)
#: the unit changes its own form while a draft or returned (004 第九条); object: the registration
define("cultivation.edit_registration", is_own_unit)
#: the unit submits its own form (004 第九条); object: the registration
define("cultivation.submit_registration", is_own_unit)
#: the official of the pending review step, within its jurisdiction (004 第九条)
define("cultivation.review_registration", performs_pending_step & unit_in_scope)
