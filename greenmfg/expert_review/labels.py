"""Labels of expert review's audit actions and states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.expert_review.models import AssignmentState, ReviewState

labels.register_states("expert_review.expertreview", ReviewState)
labels.register_states("expert_review.expertassignment", AssignmentState)
labels.register_actions(
    {
        "expert_review.assign": _("指派评审专家"),
        "expert_review.complete": _("专家评审完成"),
        "expert_assignment.submit": _("专家提交评分"),
        "expert_assignment.withdraw": _("撤回专家指派"),
    }
)
