"""Combining experts' scores, grading by bands, and the hook the application review
calls (kept free of :mod:`greenmfg.selection.services` so that module can import it).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext_lazy as _

from greenmfg.core.decisions import Decision
from greenmfg.expert_review.models import AssignmentState, ExpertReview, ReviewState

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


def expert_review_for_approval(app, rules, d: Decision, value, grade: str):
    """Called by ``application_review`` when approving at the scoring step.

    No expert review: ``(value, grade)`` unchanged (the official enters the score).
    A review started but not completed: refused (``expert_review.incomplete``).
    A completed review: the aggregate stands in for a score not given, and where the
    level grades (``scoring.<level>.grades``) an empty grade comes from the bands.
    """
    review = ExpertReview.objects.filter(application_id=app.pk).first()
    if review is None:
        return value, grade
    if review.state != ReviewState.COMPLETED:
        done = review.assignments.filter(state=AssignmentState.SUBMITTED).count()
        d.refuse(
            "expert_review.incomplete",
            _("专家评审尚未完成（已提交{done}/{n}），全部专家提交评分后才能评审通过"),
            review.experts_ref,
            done=done,
            n=review.experts_required,
        )
        return value, grade
    if value is None:
        value = review.aggregate
    if not grade and rules.get(f"scoring.{app.level}.grades", []):
        grade = grade_for(value, rules, app.level)
    return value, grade
