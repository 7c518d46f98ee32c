"""Role and scope checks used inside service functions (never only in views)."""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from greenmfg.core.decisions import NotPermitted
from greenmfg.parties.scoping import can_see_unit


def require(actor, rule: str, obj=None, message: str | None = None) -> None:
    """Raise :class:`NotPermitted` unless the predicate ``rule`` (``"<app>.<action>"``,
    declared in that app's ``rules.py``) holds for ``actor`` and ``obj``. ``message``
    replaces the default 当前角色不能执行此操作. A rule nobody declared refuses."""
    if not (rules.rule_exists(rule) and rules.test_rule(rule, actor, obj)):
        raise NotPermitted(message or _("当前角色不能执行此操作"))


def may(actor, rule: str, obj=None) -> bool:
    """Whether the predicate ``rule`` holds (what a page shows, what the API offers)."""
    return bool(rules.rule_exists(rule) and rules.test_rule(rule, actor, obj))


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
