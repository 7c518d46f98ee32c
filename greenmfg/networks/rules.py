"""Who may act on networks and plans: one predicate per action (greenmfg.parties.rules).

The owner of a network is the park's management body (park users, kind park) or the
supply-chain lead (enterprise users, kind supply_chain); the member answers an
invitation from the account of the organisation whose code the invitation names."""

from __future__ import annotations

import rules

from greenmfg.core.vocabulary import Role
from greenmfg.parties.models import OrganisationKind
from greenmfg.parties.rules import define, is_official, is_signed_in, sees_all, unit_in_scope

#: who keeps each kind of network: a park's users its members, an enterprise's its suppliers
OWNER_ROLE = {
    "park": (Role.PARK, OrganisationKind.PARK),
    "supply_chain": (Role.ENTERPRISE, OrganisationKind.ENTERPRISE),
}


@rules.predicate
def keeps_networks(user, kind=None) -> bool:
    """A park user (members) or an enterprise user (suppliers) of its own organisation;
    with ``kind`` (a kind or an object with ``kind`` and ``owner_id``) the matching one."""
    if not is_signed_in(user) or user.organisation_id is None:
        return False
    if kind is not None and not isinstance(kind, str):
        if getattr(kind, "owner_id", None) != user.organisation_id:
            return False
        kind = kind.kind
    kinds = [kind] if kind else list(OWNER_ROLE)
    return any(
        user.role == OWNER_ROLE[k][0] and user.organisation.kind == OWNER_ROLE[k][1]
        for k in kinds
        if k in OWNER_ROLE
    )


@rules.predicate
def is_the_invited_member(user, membership) -> bool:
    """A user of the organisation whose code the membership names."""
    return bool(
        membership is not None
        and is_signed_in(user)
        and user.role in (Role.ENTERPRISE,)
        and user.organisation_id is not None
        and user.organisation.uscc
        and user.organisation.uscc == membership.uscc
    )


#: the owner keeps its roster and plans (000 第九条(二)、第十条(二))
define("networks.maintain", keeps_networks)
#: the invited enterprise confirms or declines from its own account
define("networks.respond", is_the_invited_member)
#: the officials' progress pages over their jurisdiction
define("networks.oversee", is_official | sees_all)
#: a lead's pilot status: the lead itself, or an official over it
define("networks.update_lead_profile", keeps_networks | (is_official & unit_in_scope))
