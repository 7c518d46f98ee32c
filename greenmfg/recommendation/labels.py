"""Labels of recommendation's audit actions and states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.recommendation.models import ConsultationState, OpinionKind, RewardState

labels.register_states("recommendation.consultation", ConsultationState)
labels.register_states("recommendation.opinion", OpinionKind)
labels.register_states("recommendation.reward", RewardState)
# a quota's events carry the number allocated, shown as it is
labels.register_plain_states("recommendation.quota")
labels.register_object("opinion", _("部门意见"))
labels.register_words(dict(OpinionKind.choices))
labels.register_actions(
    {
        "quota.set": _("设置推荐名额"),
        "consultation.open": _("征求部门意见"),
        "consultation.close": _("征求意见结束"),
        "opinion.resolve": _("处理部门意见"),
    }
)
