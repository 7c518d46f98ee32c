"""Combining experts' scores, grading by bands, and the hook the application review
calls (kept free of :mod:`greenmfg.selection.services` so that module can import it).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal

#: aggregation methods of ``expert_review.<level>.aggregation``
METHODS = ("mean", "trimmed_mean")
CENT = Decimal("0.01")


def aggregate(scores: Iterable[Decimal | int | str], method: str) -> Decimal:
    """The experts' combined score: ``mean``, or ``trimmed_mean`` (with 3 or more
    scores the highest and the lowest are dropped, the rest averaged). Truncated to
    0.01 so the combined score never exceeds the exact mean (a 79.997 does not become
    80, 004 第三条)."""
    values = sorted(Decimal(str(s)) for s in scores)
    if not values:
        raise ValueError("no scores to aggregate")
    if method not in METHODS:
        raise ValueError(f"unknown aggregation method {method!r}")
    if method == "trimmed_mean" and len(values) >= 3:
        values = values[1:-1]
    return (sum(values) / len(values)).quantize(CENT, rounding=ROUND_DOWN)


def grade_for(score, rules, level: str) -> str:
    """The grade (A/B/C) of ``score`` from ``scoring.<level>.grade_bands`` (the lowest
    score of each grade; 000 第十四条 names the grades, not the bands): the highest
    grade whose lower bound the score reaches; "" without bands or below them all."""
    bands = rules.get(f"scoring.{level}.grade_bands", None)
    if not bands or score is None:
        return ""
    value = Decimal(str(score))
    for grade, low in sorted(bands.items(), key=lambda kv: Decimal(str(kv[1])), reverse=True):
        if value >= Decimal(str(low)):
            return grade
    return ""
