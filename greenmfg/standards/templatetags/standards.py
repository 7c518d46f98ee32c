"""Template filters for indicator values: ``{{ value|num }}`` prints a number without
exponent or trailing zeros (``10.40`` → ``10.4``, ``8.00`` → ``8``); ``—`` for None."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from greenmfg.standards.systems import all_systems, system
from greenmfg.standards.values import fmt

register = template.Library()


@register.filter
def num(value) -> str:
    if value is None or value == "":
        return "—"
    try:
        return fmt(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def system_label(code) -> str:
    """An indicator system's name for its code (``gbt36132_2025`` → GB/T 36132-2025 …); the
    code itself if unknown (issue 18 item 4: no raw codes)."""
    return system(code).label if code in all_systems() else str(code or "")
