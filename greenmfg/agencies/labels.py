"""Labels of the agencies app's audit actions and project states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.models import AgencyNameState, ProjectState
from greenmfg.audit import labels

labels.register_states("agencies.agencyproject", ProjectState)
labels.register_actions(
    {
        "agency_project.propose": _("委托评价机构"),
        "agency_project.accept": _("机构承接"),
        "agency_project.decline": _("机构谢绝"),
        "agency_project.withdraw": _("撤回委托"),
        "agency_project.signed_report": _("上传签章评价报告"),
        "agency_project.submit": _("提交评价报告"),
        "agency_project.confirm": _("委托单位确认"),
        "agency.fraud_finding": _("认定评价机构弄虚作假"),
        "agency.profile_update": _("更新机构信息"),
        "agency.work_report": _("提交年度工作情况"),
    }
)

# agencies from history (greenmfg/agencies/history.py)
labels.register_states("agencies.historicalagencyname", AgencyNameState)
labels.register_actions(
    {
        "agency_history.propose": _("生成历史评价机构名称合并建议"),
        "agency_history.confirm": _("确认历史评价机构名称"),
        "agency_history.reject": _("历史评价机构名称保留为文字"),
    }
)
