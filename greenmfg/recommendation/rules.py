"""Who may act on recommendation upward: one predicate per action (greenmfg.parties.rules),
used by the services (``require``), the pages (``{% test_rule %}``) and, through the
services, the API. A predicate says who may act on the object; what its state allows
is the service's rule (a refusal with its reason and article)."""

from __future__ import annotations

import rules

from greenmfg.core.vocabulary import Role
from greenmfg.parties.rules import define, has_role, is_official, is_signed_in, unit_in_scope


@rules.predicate
def has_authority(user) -> bool:
    """The user acts for an authority (工信主管部门 or a department it consults)."""
    return bool(is_signed_in(user) and user.authority_id)


@rules.predicate
def published_the_listing(user, listing) -> bool:
    """``listing`` (of a known unit) is on a list the user's authority published."""
    return bool(
        listing is not None
        and listing.unit_id is not None
        and has_authority(user)
        and listing.green_list.jurisdiction_id == user.authority.jurisdiction_id
    )


@rules.predicate
def runs_the_campaign(user, campaign) -> bool:
    """``campaign`` is the user's own jurisdiction's."""
    return bool(
        campaign is not None
        and has_authority(user)
        and user.authority.jurisdiction_id == campaign.jurisdiction_id
    )


@rules.predicate
def is_the_consulted_department(user, opinion) -> bool:
    """The department of the authority that asked for ``opinion`` (004 第十一条)."""
    cons = getattr(opinion, "consultation", None)
    return bool(
        cons is not None
        and is_signed_in(user)
        and user.role == Role.DEPARTMENT
        and user.authority_id == cons.authority_id
        and user.department == cons.department
    )


@rules.predicate
def consulted_for_the_opinion(user, opinion) -> bool:
    """An official of the authority that asked for ``opinion`` (not the department, not
    an auditor)."""
    cons = getattr(opinion, "consultation", None)
    return bool(cons is not None and is_official(user) and user.authority_id == cons.authority_id)


#: 推荐: the city (or province) official recommends a listing of its own list upward
#: (004 第十一条; 000 第十三条)
define(
    "recommendation.recommend",
    has_role(Role.CITY, Role.PROVINCE) & published_the_listing & unit_in_scope,
)
#: 名额: national (or provincial) officials allocate the quotas of their own campaign (001 三)
define("recommendation.set_quota", has_role(Role.NATIONAL, Role.PROVINCE) & runs_the_campaign)
#: 征求意见: the officials who recommend ask the departments (004 第十一条)
define("recommendation.consult", has_role(Role.DISTRICT, Role.CITY, Role.PROVINCE) & has_authority)
define("recommendation.answer_opinion", is_the_consulted_department)
define("recommendation.resolve_opinion", consulted_for_the_opinion)
#: the summary table of a campaign's recommendations (推荐汇总表): officials of an authority
#: (their own recommendations; all of them for the campaign's own), administrators
define("recommendation.export_recommendations", (is_official & has_authority) | rules.is_superuser)
#: the one-time rewards due from the official's jurisdiction (002 第二十三条)
define("recommendation.export_rewards", is_official & has_authority)
