"""Model of the real-name complaints (实名举报): 000 第二十五条, 002 第二十二条,
003 第二十一条."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.limits import STATEMENT_MAX_CHARS
from greenmfg.core.models import PublicIdModel


class ComplaintState(models.TextChoices):
    OPEN = "open", _("核实中")
    DISMISSED = "dismissed", _("经核实不属实")
    RECTIFICATION = "rectification", _("责令整改")
    REMOVAL = "removal", _("移出名单")
    AGENCY_SANCTION = "agency_sanction", _("第三方机构按规定处理")


COMPLAINT_TRANSITIONS = {
    ComplaintState.OPEN: {
        ComplaintState.DISMISSED,
        ComplaintState.RECTIFICATION,
        ComplaintState.REMOVAL,
        ComplaintState.AGENCY_SANCTION,
    },
}


class Complaint(PublicIdModel):
    """实名举报 against a listed unit or a third-party agency about the truth and
    accuracy of its information (000 第二十五条, 002 第二十二条, 003 第二十一条), routed to
    the authority ``complaints.to`` names and verified by ``due_on``. The complainant's
    identity is shown only to the officials of ``handler``."""

    target = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="complaints"
    )
    complainant_name = models.CharField(_("举报人姓名或单位名称"), max_length=100)
    complainant_id_number = models.CharField(_("身份证号或统一社会信用代码"), max_length=18)
    complainant_phone = models.CharField(_("联系电话"), max_length=30)
    complainant_email = models.EmailField(_("电子邮箱"), blank=True)
    statement = models.TextField(
        _("举报内容"), validators=[MaxLengthValidator(STATEMENT_MAX_CHARS)]
    )
    evidence = models.FileField(_("佐证材料"), upload_to="complaints/%Y/%m/", blank=True)
    submitted_on = models.DateField(_("提交日期"))
    handler = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="complaints"
    )
    handler_ref = models.CharField(_("受理机关依据"), max_length=200, blank=True)
    due_on = models.DateField(_("核实期限"))
    due_ref = models.CharField(_("核实期限依据"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=ComplaintState.choices, default=ComplaintState.OPEN
    )
    outcome_reason = models.TextField(_("核实情况和处理意见"), blank=True)
    #: 回执号 given at submission (core/receipts.py); the backfill numbered older rows
    receipt_number = models.CharField(
        _("回执号"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    #: HMAC of the check code (查询码) shown once to the sender; empty for backfilled rows
    check_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    rectification_due = models.DateField(_("整改期限"), null=True, blank=True)
    handled_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("举报")
        verbose_name_plural = _("举报")

    def __str__(self) -> str:
        return f"{self.target} · {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state == ComplaintState.OPEN

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.handler.path
