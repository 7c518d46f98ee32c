"""``{% recommendation_panel campaign %}``: recommendation's part of a campaign's page —
the listings the signed-in official may recommend into it (with the consultation of
the departments), the quotas its own officials allocate (001 三) and the summary
table."""

from __future__ import annotations

from django import template

from greenmfg.core import clock
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.networks.models import NetworkKind
from greenmfg.networks.selectors import green_factory_counts
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
        _network_priorities(campaign, recommendable, out)
    if may(user, "recommendation.set_quota", campaign):
        out["quota_form"] = quota_form_for(campaign)
        if out["quota_form"] is not None:
            out["quotas"] = campaign.quotas.select_related("jurisdiction").order_by(
                "jurisdiction__code"
            )
    return out


def _network_priorities(campaign, listings, out) -> None:
    """优先推荐 (000 第十六条, 001 二(二)(三)): each park's or lead's green factories among
    its members/suppliers today, set on the listing as ``network_green``; the article of
    the campaign's rules in ``network_ref`` where they rank by it."""
    today = clock.today()
    for list_type in ("park", "supply_chain"):
        rows = [lst for lst in listings if lst.list_type == list_type and lst.unit_id]
        if not rows:
            continue
        counts = green_factory_counts(
            {lst.unit_id for lst in rows}, NetworkKind.for_list_type(list_type), today
        )
        for lst in rows:
            lst.network_green = counts.get(lst.unit_id, 0)
        out["network"] = True
    rules = campaign_rules(campaign)
    if out.get("network") and rules.get("priority.network_green_factories", []):
        out["network_ref"] = rules.ref("priority.network_green_factories")
