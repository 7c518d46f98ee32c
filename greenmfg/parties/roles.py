"""Which role performs which review step (the steps themselves come from rulesets)."""

from __future__ import annotations

from greenmfg.core.vocabulary import ReviewStep, Role

#: review step (ruleset value) -> role of the authority that performs it
STEP_ROLES: dict[str, str] = {
    ReviewStep.DISTRICT_PRELIMINARY_REVIEW: Role.DISTRICT,
    ReviewStep.CITY_CONFORMITY_REVIEW: Role.CITY,
    ReviewStep.CITY_REVIEW: Role.CITY,
    ReviewStep.CITY_FILING: Role.CITY,
    ReviewStep.PROVINCE_DESIGNATION: Role.PROVINCE,
    ReviewStep.PROVINCE_REVIEW: Role.PROVINCE,
    ReviewStep.NATIONAL_REVIEW: Role.NATIONAL,
}


def step_role(step: str) -> str:
    """The role that performs review ``step`` (a :class:`ReviewStep` value); KeyError
    for a step no ruleset may name (the ruleset loader refuses those)."""
    return STEP_ROLES[step]
