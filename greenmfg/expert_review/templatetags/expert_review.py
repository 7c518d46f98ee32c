"""``{% expert_panel app as panel %}``: what the expert panel of an application page
shows to the signed-in user (None: nothing)."""

from __future__ import annotations

from django import template

from greenmfg.expert_review.selectors import (
    expert_candidates,
    may_see_ranking,
    organises,
    review_view,
)
from greenmfg.expert_review.services import at_scoring_step
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
    organiser = organises(user, app, rules)
    open_review = not view.completed
    can_assign = organiser and open_review and view.missing > 0 and at_scoring_step(app, rules)
    return {
        "view": view,
        "can_assign": can_assign,
        "can_withdraw": organiser and open_review and view.review is not None,
        "candidates": expert_candidates(app, rules, view.expert_ids) if can_assign else [],
        "at_scoring_step": at_scoring_step(app, rules),
        "ranking": may_see_ranking(user, app.campaign),
    }
