"""Labels of selection's audit actions and states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.selection.models import (
    ApplicationState,
    CampaignState,
    NoticeState,
    ObjectionState,
    ReportState,
)

labels.register_states("selection.application", ApplicationState)
labels.register_states("selection.evaluationreport", ReportState)
labels.register_states("selection.publicnotice", NoticeState)
labels.register_states("selection.objection", ObjectionState)
labels.register_states("selection.campaign", CampaignState)
labels.register_object("application", _("申报"))
labels.register_object("report", _("评价报告"))
labels.register_object("notice", _("公示"))
labels.register_object("objection", _("异议"))
labels.register_object("campaign", _("年度批次"))
labels.register_words(
    {
        "notice": _("进入公示"),
        "list": _("列入名单"),
        "publish": _("公布名单"),
        "upheld": _("成立"),
        "dismissed": _("不成立"),
        "withdraw_after_objection": _("因异议成立退出本轮"),
        "evidence_upload": _("上传佐证材料"),
        "revise": _("新建修订版本"),
        "recommend": _("推荐至上级"),
        "set_report": _("选择评价报告"),
        "cancel": _("取消申报资格"),
    }
)
