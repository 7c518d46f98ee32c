"""Permission predicates of the register (autodiscovered): who claims a listing and who
decides a link (greenmfg/register/links.py)."""

from __future__ import annotations

from greenmfg.core.vocabulary import Role
from greenmfg.parties.rules import define, has_role, is_unit_user, unit_in_scope

#: an enterprise or park user claims a listing of an imported list as its unit's
define("register.claim_listing", is_unit_user)
#: the unit's district or city official confirms, refuses or undoes a link
define("register.decide_link", has_role(Role.DISTRICT, Role.CITY) & unit_in_scope)
#: the chase list: officials of a district, city or province (their area) and national
define(
    "register.view_chase_list",
    has_role(Role.DISTRICT, Role.CITY, Role.PROVINCE, Role.NATIONAL),
)
