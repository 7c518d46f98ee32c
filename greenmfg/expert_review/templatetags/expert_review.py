"""``{% expert_panel app as panel %}``: what the expert panel of an application page
shows to the signed-in user (None: nothing); its actions follow the predicates of
:mod:`greenmfg.expert_review.rules`."""

from __future__ import annotations

from django import template

from greenmfg.expert_review.selectors import expert_candidates, review_view
from greenmfg.expert_review.services import at_scoring_step
from greenmfg.parties.permissions import may
from greenmfg.selection.services import campaign_rules

register = template.Library()


@register.simple_tag(takes_context=True)
def expert_panel(context, app):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    rules = campaign_rules(app.campaign)
    view = review_view(user, app, rules)
    if view is None:
        return None
    # an action is offered when its predicate holds and the review's state allows it
    open_review = not view.completed
    scoring = at_scoring_step(app, rules)
    can_assign = (
        open_review
        and view.missing > 0
        and scoring
        and may(user, "expert_review.assign_experts", app)
    )
    return {
        "view": view,
        "can_assign": can_assign,
        "can_withdraw": open_review
        and view.review is not None
        and may(user, "expert_review.withdraw_expert", app),
        "candidates": expert_candidates(app, rules, view.expert_ids) if can_assign else [],
        "at_scoring_step": scoring,
        "ranking": may(user, "expert_review.see_ranking", app.campaign),
    }
