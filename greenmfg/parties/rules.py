"""The base of the permission predicates (``rules``): who may act on what.

Each app declares one predicate per action in its own ``rules.py`` (autodiscovered by
``rules.apps.AutodiscoverRulesConfig``), named ``"<app>.<action>"``, built from the
predicates below. The same predicate is used by the service guard
(:func:`greenmfg.parties.permissions.require`), by the page (``{% load rules %}``
``{% test_rule "supervision.record_check_outcome" user check as can %}``) and, through
the service, by the API — so a button is shown exactly when the service would accept.

Predicates live in the ``rules`` default rule set (``rules.add_rule`` / ``test_rule``),
not in Django's permission set (``has_perm``): Django lets an active superuser pass
every ``has_perm`` check, and the platform administrator must not approve, score or
publish in place of the authorities (docs/architecture.md).
"""

from __future__ import annotations

import rules

from greenmfg.core.vocabulary import Role
from greenmfg.parties.scoping import can_see_unit, sees_everything


@rules.predicate
def is_signed_in(user) -> bool:
    """A signed-in account."""
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_role(*roles: str) -> rules.Predicate:
    """A predicate: the signed-in user has one of ``roles``."""
    allowed = frozenset(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(allowed))})")
    def _has_role(user) -> bool:
        return bool(is_signed_in(user) and user.role in allowed)

    return _has_role


is_official = has_role(*Role.official_roles())
is_unit_user = has_role(*Role.unit_roles())


@rules.predicate
def sees_all(user) -> bool:
    """National officials and platform administrators."""
    return bool(is_signed_in(user) and sees_everything(user))


def unit_of(obj):
    """The organisation an object belongs to (``obj.unit``, or ``obj`` itself)."""
    return getattr(obj, "unit", obj)


@rules.predicate
def unit_in_scope(user, obj) -> bool:
    """The object's unit lies within what the user may see (parties.scoping)."""
    return bool(obj is not None and is_signed_in(user) and can_see_unit(user, unit_of(obj)))


@rules.predicate
def is_own_unit(user, obj) -> bool:
    """The object belongs to the user's own organisation."""
    unit = unit_of(obj)
    return bool(
        obj is not None
        and is_signed_in(user)
        and user.organisation_id is not None
        and user.organisation_id == getattr(unit, "pk", None)
    )


def define(name: str, predicate: rules.Predicate) -> None:
    """Register (or replace) the predicate ``name`` (``"<app>.<action>"``)."""
    rules.set_rule(name, predicate)
