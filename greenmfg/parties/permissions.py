"""Role and scope checks used inside service functions (never only in views)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from greenmfg.core.decisions import NotPermitted
from greenmfg.parties.scoping import can_see_unit


def require_role(actor, *roles: str) -> None:
    """Raise :class:`NotPermitted` unless ``actor`` is signed in with one of ``roles``."""
    if actor is None or not actor.is_authenticated or actor.role not in roles:
        raise NotPermitted(_("当前角色不能执行此操作"))


def require_unit_scope(actor, unit) -> None:
    """Raise :class:`NotPermitted` unless ``unit`` lies within what ``actor`` may see."""
    if not can_see_unit(actor, unit):
        raise NotPermitted(_("该单位不在您的管辖或所属范围内"))


def require_own_unit(actor, unit) -> None:
    """Raise :class:`NotPermitted` unless ``actor`` belongs to organisation ``unit``."""
    if actor is None or not actor.is_authenticated or actor.organisation_id != unit.id:
        raise NotPermitted(_("只能为本单位办理"))
