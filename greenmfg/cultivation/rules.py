"""Who may act on the cultivation pool: one predicate per action (greenmfg.parties.rules),
used by the services, the pages (``{% test_rule %}``) and, through the services, the API."""

from __future__ import annotations

import rules

from greenmfg.cultivation.services import pending_step
from greenmfg.parties.roles import step_role
from greenmfg.parties.rules import define, is_signed_in, unit_in_scope


@rules.predicate
def performs_pending_step(user, registration) -> bool:
    """The user's role performs the review step the registration waits for (the steps
    come from the pool's ruleset, ``pool.review_steps``; 004 第九条)."""
    if registration is None or not is_signed_in(user):
        return False
    step = pending_step(registration)
    return step is not None and user.role == step_role(step)


define("cultivation.review_registration", performs_pending_step & unit_in_scope)
