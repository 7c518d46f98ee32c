"""Labels of dynamic management's and oversight's audit actions and states
(imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.supervision.changes.models import ChangeState
from greenmfg.supervision.complaints.models import ComplaintState
from greenmfg.supervision.dynamic.models import CheckState, FormState
from greenmfg.supervision.incidents.models import IncidentState
from greenmfg.supervision.removals.models import ProposalState, RemovalKind, UpwardState
from greenmfg.supervision.spot_checks.models import SpotResult

labels.register_states("supervision.dynamicform", FormState)
labels.register_states("supervision.onsitecheck", CheckState)
labels.register_states("supervision.changereport", ChangeState)
labels.register_states("supervision.incident", IncidentState)
labels.register_states("supervision.removalproposal", ProposalState)
labels.register_states("supervision.upwardreport", UpwardState)
labels.register_states("supervision.spotcheckitem", SpotResult)
labels.register_states("supervision.complaint", ComplaintState)
# a removal is recorded once, as done (its listings move to removed: register.listing)
labels.register_states("supervision.removal", {"removed": _("已移出")})
labels.register_object("dynamic", _("动态管理表"))
labels.register_object("check", _("现场核查"))
labels.register_object("change", _("变更"))
labels.register_object("complaint", _("投诉举报"))
labels.register_object("removal", _("移出名单"))
labels.register_words(
    {
        "forward": _("转报上级"),
        "accept": _("审核通过"),
        "on_site_check": _("要求现场核查"),
        "completed": _("核查完成"),
        "refused": _("拒不配合"),
        "confirm": _("确认移出"),
        "dismiss": _("不予移出"),
        "remove": _("变更后不再符合要求，拟移出"),
        "check": _("要求现场核查"),
        **dict(RemovalKind.choices),
        **dict(ComplaintState.choices),
    }
)
labels.register_actions(
    {
        "announcement.annual": _("发布年度名单调整公告"),
        "announcement.immediate": _("发布移出名单公告"),
        "change.report": _("报送变更"),
        "check.request": _("通知现场核查"),
        "complaint.submit": _("提交投诉举报"),
        "dynamic.create": _("动态管理表 · 创建"),
        "dynamic.officer_set": _("设置填报专员"),
        "incident.record": _("登记事故或事件"),
        "incident.report": _("上报事故或事件"),
        "incident.forward": _("转报其他机关登记的事故或事件"),
        "removal.execute": _("执行移出"),
        "removal.propose": _("提出移出"),
        "spot_check.draw": _("双随机抽取"),
        "spot_check.inspector_add": _("增派检查人员"),
        "spot_check.result": _("录入抽查结果"),
        "upward.submit": _("上报上级"),
        "upward.announce": _("上级公告"),
        "spot_check.correct": _("更正抽查结果"),
    }
)
