"""Recorded facts that the disqualifying conditions are checked against."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel


class CreditRecordKind(models.TextChoices):
    """Kinds of record, grouped by the six conditions (e.g. 004 第十二条(一)–(六))."""

    DEREGISTERED = "deregistered", _("工商注销")
    PRODUCTION_STOPPED = "production_stopped", _("连续停产12个月以上")
    ABNORMAL_OPERATION_LIST = "abnormal_operation_list", _("列入经营异常名单")
    SAFETY_ACCIDENT = "safety_accident", _("安全事故")
    QUALITY_ACCIDENT = "quality_accident", _("质量事故")
    ENVIRONMENTAL_ACCIDENT = "environmental_accident", _("环境污染事故")
    CYBER_DATA_SECURITY_INCIDENT = "cyber_data_security_incident", _("网络安全、数据安全事故")
    TAX_EVASION = "tax_evasion", _("偷漏税")
    OTHER_VIOLATION = "other_violation", _("其他违法违规行为")
    GREEN_LIST_REMOVAL = "green_list_removal", _("被动态调整出绿色制造名单")
    INSPECTION_SERIOUS_PROBLEM = "inspection_serious_problem", _("督查发现严重问题")
    ENERGY_SUPERVISION_RECTIFICATION = (
        "energy_supervision_rectification",
        _("列入工业节能监察整改名单"),
    )
    DISHONEST_JUDGMENT_DEBTOR = "dishonest_judgment_debtor", _("失信被执行人")


class CreditRecord(PublicIdModel):
    """A fact about an enterprise from 信用中国, the national enterprise credit
    publicity system, inspections or the platform itself.

    ``occurred_on`` is when it happened or the listing began; ``ended_on`` is when
    the listing ended (removed from the abnormal-operation list, rectification
    completed, removed from the debtor list), empty while it lasts.
    """

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    unit = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credit_records",
    )
    kind = models.CharField(_("类型"), max_length=40, choices=CreditRecordKind.choices)
    occurred_on = models.DateField(_("发生/列入日期"))
    ended_on = models.DateField(_("移出/整改完成日期"), null=True, blank=True)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    source = models.CharField(_("来源"), max_length=120, blank=True)
    document_no = models.CharField(_("文号/编号"), max_length=120, blank=True)

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        indexes = [models.Index(fields=["uscc", "kind", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.uscc} {self.get_kind_display()} {self.occurred_on}"
