"""Template filters: human labels for states and audit actions."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

OBJECTS = {
    "registration": _("登记表"),
    "application": _("申报"),
    "report": _("评价报告"),
    "notice": _("公示"),
    "objection": _("异议"),
    "campaign": _("年度批次"),
    "ruleset": _("规则集"),
    "clock": _("平台日期"),
}
STEPS = {
    "district_preliminary_review": _("区县初审"),
    "city_conformity_review": _("市级符合性审核"),
    "city_review": _("市级评审"),
}
VERBS = {
    "create": _("创建"),
    "submit": _("提交"),
    "approve": _("通过"),
    "return": _("退回修改"),
    "reject": _("不通过"),
    "notice": _("进入公示"),
    "list": _("列入名单"),
    "open": _("启动"),
    "close": _("结束"),
    "publish": _("公布名单"),
    "upheld": _("成立"),
    "dismissed": _("不成立"),
    "withdraw_after_objection": _("因异议成立退出本轮"),
    "evidence_upload": _("上传佐证材料"),
    "revise": _("新建修订版本"),
    "install": _("加载"),
    "set": _("设置"),
}


def _enums():
    from greenmfg.cultivation.models import RegistrationState
    from greenmfg.selection.models import (
        ApplicationState,
        CampaignState,
        NoticeState,
        ObjectionState,
        ReportState,
    )

    return {
        "cultivation.registration": RegistrationState,
        "selection.application": ApplicationState,
        "selection.evaluationreport": ReportState,
        "selection.publicnotice": NoticeState,
        "selection.objection": ObjectionState,
        "selection.campaign": CampaignState,
    }


@register.filter
def state_label(code: str, object_type: str = "") -> str:
    """The label of a state code of an object type, e.g.
    ``"submitted"|state_label:"selection.application"`` → 已提交，待初审."""
    if not code:
        return "—"
    enum = _enums().get(object_type)
    if enum is not None:
        return str(dict(enum.choices).get(code, code))
    return code


@register.filter
def action_label(action: str) -> str:
    """A readable label for an audit action such as
    ``application.district_preliminary_review.approve`` → 申报 · 区县初审 · 通过."""
    parts = action.split(".")
    out = [str(OBJECTS.get(parts[0], parts[0]))]
    for p in parts[1:]:
        out.append(str(STEPS.get(p) or VERBS.get(p) or p))
    return " · ".join(out)
