"""Checks of expert review that lower apps call (LAYOUT.md E7): selection's approval of
an application at the scoring step, and the reports an expert may read. Imports only
this app's models, its scoring functions (``scoring.py``: the standard library only)
and the kernel."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from greenmfg.core.decisions import Decision
from greenmfg.expert_review.models import (
    AssignmentState,
    ExpertAssignment,
    ExpertReview,
    ReviewState,
)
from greenmfg.expert_review.scoring import grade_for


def assigned_reports(user) -> QuerySet:
    """The report ids of the applications assigned to ``user`` (withdrawn ones left
    out): what ``selection.selectors.reports_for`` lets an expert read."""
    return (
        ExpertAssignment.objects.filter(expert_id=user.pk)
        .exclude(state=AssignmentState.WITHDRAWN)
        .values("application__report_id")
    )


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
