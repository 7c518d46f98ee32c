"""Scoping: every query a signed-in user causes is filtered to what that user may
see (DESIGN.md decision 4). Nothing is fetched by id alone.

Enterprise and park users see their own organisation's objects; district, city and
province officials see objects of units registered in their jurisdiction's subtree;
national officials and platform administrators see everything; anyone else sees
nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.core.vocabulary import Role


def sees_everything(user) -> bool:
    """National officials and platform administrators."""
    return bool(
        user.is_authenticated and (user.is_superuser or user.role in (Role.NATIONAL, Role.ADMIN))
    )


def official_path(user) -> str | None:
    """The jurisdiction path of a district/city/province official, else None."""
    if (
        user.is_authenticated
        and user.role in (Role.DISTRICT, Role.CITY, Role.PROVINCE)
        and user.authority_id
    ):
        return user.authority.jurisdiction.path
    return None


def scope_by_unit(qs: QuerySet, user, unit_field: str = "unit") -> QuerySet:
    """Filter ``qs`` to objects whose unit (an Organisation at ``unit_field``) the
    user may see."""
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    if user.role in (Role.ENTERPRISE, Role.PARK, Role.AGENCY):
        if not user.organisation_id:
            return qs.none()
        prefix = f"{unit_field}__" if unit_field else ""
        return qs.filter(**{f"{prefix}id" if prefix else "id": user.organisation_id})
    path = official_path(user)
    if path:
        prefix = f"{unit_field}__" if unit_field else ""
        return qs.filter(**{f"{prefix}registered_division__path__startswith": path})
    return qs.none()


def can_see_unit(user, unit) -> bool:
    """Whether ``user`` may see organisation ``unit`` (no query beyond the loaded ones)."""
    if not user.is_authenticated:
        return False
    if sees_everything(user):
        return True
    if user.role in (Role.ENTERPRISE, Role.PARK, Role.AGENCY):
        return user.organisation_id == unit.id
    path = official_path(user)
    return bool(path and unit.registered_division.path.startswith(path))
