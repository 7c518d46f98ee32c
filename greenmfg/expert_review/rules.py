"""Who may act in expert review: one predicate per action (greenmfg.parties.rules), used by
the services and selectors (``require``), the pages (``{% test_rule %}``) and, through the
services, the API. A predicate says who may act; whether the review is still open or the
application waits for its scoring step is the service's rule (a refusal with its reason)."""

from __future__ import annotations

import rules

from greenmfg.core.vocabulary import Role
from greenmfg.expert_review.selectors import may_see_ranking, organises
from greenmfg.parties.rules import define, is_signed_in


@rules.predicate
def organises_the_review(user, app) -> bool:
    """The official whose role performs the application's scoring step (the last of
    ``selection.<level>.review_steps``: city_review, province_review …), with the unit
    in scope (003 第十二条; 004 第十条; 000 第十三条)."""
    return bool(app is not None and is_signed_in(user) and organises(user, app))


@rules.predicate
def is_the_assigned_expert(user, assignment) -> bool:
    """The expert the assignment was given to."""
    return bool(
        assignment is not None
        and is_signed_in(user)
        and user.role == Role.EXPERT
        and assignment.expert_id == user.pk
    )


@rules.predicate
def follows_the_campaign(user, campaign) -> bool:
    """Officials of the campaign's own jurisdiction; national officials, administrators."""
    return bool(campaign is not None and may_see_ranking(user, campaign))


define("expert_review.assign_experts", organises_the_review)
define("expert_review.withdraw_expert", organises_the_review)
define("expert_review.score", is_the_assigned_expert)
#: 优中选优: the ranking of a campaign's applications by the experts' aggregate
define("expert_review.see_ranking", follows_the_campaign)
