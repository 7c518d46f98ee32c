"""``{% recommendation_panel campaign %}``: recommendation's part of a campaign's page —
the listings the signed-in official may recommend into it (with the consultation of
the departments), the quotas its own officials allocate (001 三) and the summary
table."""

from __future__ import annotations

from django import template

from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.parties.permissions import may
from greenmfg.recommendation.forms import quota_form_for
from greenmfg.recommendation.selectors import recommendable_into
from greenmfg.selection.services import campaign_deadline, campaign_rules

register = template.Library()


@register.inclusion_tag("recommendation/panel.html", takes_context=True)
def recommendation_panel(context, campaign):
    """In: the page's context (its ``request`` and CSRF token) and the campaign shown.
    Out: the context of ``recommendation/panel.html``."""
    request = context.get("request")
    user = getattr(request, "user", None)
    out = {"campaign": campaign, "user": user, "csrf_token": context.get("csrf_token")}
    if user is None or not user.is_authenticated:
        return out
    recommendable = recommendable_into(user, campaign)
    out["recommendable"] = recommendable
    if recommendable:
        # the recommending jurisdiction's own deadline (e.g. Guangzhou's 06-30)
        rules = (
            rules_for(user.authority.jurisdiction)
            if user.authority_id
            else campaign_rules(campaign)
        )
        out["recommendation_deadline"] = campaign_deadline(campaign, rules)[0]
    if may(user, "recommendation.set_quota", campaign):
        out["quota_form"] = quota_form_for(campaign)
        if out["quota_form"] is not None:
            out["quotas"] = campaign.quotas.select_related("jurisdiction").order_by(
                "jurisdiction__code"
            )
    return out
