"""Which role performs which review step (the steps themselves come from rulesets)."""

from __future__ import annotations

from greenmfg.parties.models import Role

#: review step (ruleset value) -> role of the authority that performs it
STEP_ROLES = {
    "district_preliminary_review": Role.DISTRICT,
    "city_conformity_review": Role.CITY,
    "city_review": Role.CITY,
    "province_review": Role.PROVINCE,
    "national_review": Role.NATIONAL,
}


def step_role(step: str) -> str:
    return STEP_ROLES[step]
