"""Template filters over the label registry (:mod:`greenmfg.audit.labels`)."""

from __future__ import annotations

from django import template

from greenmfg.audit import labels

register = template.Library()


@register.filter
def state_label(code: str, object_type: str = "") -> str:
    """``"submitted"|state_label:"selection.application"`` → 已提交，待初审."""
    return labels.state_label(code, object_type)


@register.filter
def action_label(action: str) -> str:
    """``application.district_preliminary_review.approve`` → 申报 · 区县初审 · 通过."""
    return labels.action_label(action)


@register.filter
def event_actor(event) -> str:
    """The actor of an audit event as people read it (公众 / 系统 / the account's label)."""
    return labels.actor_label(event.actor_label, event.actor_role)
