"""Labels of the networks app's audit actions and states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.networks.models import MembershipState, PlanState

labels.register_states("networks.membership", MembershipState)
labels.register_states("networks.cultivationplan", PlanState)
labels.register_actions(
    {
        "membership.invite": _("邀请园区企业或供应商"),
        "membership.accept": _("确认加入"),
        "membership.decline": _("谢绝加入"),
        "membership.end": _("终止关系"),
        "membership.roster_import": _("导入企业名册"),
        "plan.create": _("制定培育计划"),
        "plan.publish": _("发布培育计划"),
        "plan.withdraw": _("撤回培育计划"),
        "lead_profile.update": _("更新链主企业试点信息"),
    }
)
