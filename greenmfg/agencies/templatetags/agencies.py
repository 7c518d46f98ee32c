"""Labels of the agencies app's audit actions and project states (the timeline)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.models import ProjectState

register = template.Library()

ACTIONS = {
    "agency_project.propose": _("委托评价机构"),
    "agency_project.accept": _("机构承接"),
    "agency_project.decline": _("机构谢绝"),
    "agency_project.withdraw": _("撤回委托"),
    "agency_project.signed_report": _("上传签章评价报告"),
    "agency_project.submit": _("提交评价报告"),
    "agency_project.confirm": _("委托单位确认"),
}


@register.filter
def agency_action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


@register.filter
def project_state_label(code: str) -> str:
    if not code:
        return "—"
    return str(dict(ProjectState.choices).get(code, code))
