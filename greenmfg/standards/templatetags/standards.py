"""Template filters for indicator values: ``{{ value|num }}`` prints a number without
exponent or trailing zeros (``10.40`` → ``10.4``, ``8.00`` → ``8``); ``—`` for None."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

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
