"""Eligibility's records: credit records checked by the disqualifying conditions and the
findings of fraud that bar an applicant (000 第十七条、第二十二条; 002 第十一条;
003 第十条; 004 第十二条).

The models keep the ``supervision`` app label, tables and migrations they were created
with (``app_label = "supervision"``); the code that reads and writes them lives in this
package, below every lifecycle app (docs/architecture.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import CreditRecordKind


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
        # kept in the supervision app (tables, migrations, admin URLs), defined here
        app_label = "supervision"
        ordering = ["-occurred_on"]
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        indexes = [models.Index(fields=["uscc", "kind", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.uscc} {self.get_kind_display()} {self.occurred_on}"


class FraudFinding(PublicIdModel):
    """弄虚作假、欺瞒: an applicant found falsifying during the evaluation is disqualified
    and may not apply for ``fraud.applicant_ban_years`` (000 第二十二条: 三年内不得再次申报)."""

    unit = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="fraud_findings"
    )
    decided_on = models.DateField(_("认定日期"))
    article = models.CharField(_("依据条款"), max_length=200)
    description = models.TextField(_("认定事实"))
    decided_by = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        # kept in the supervision app (tables, migrations, admin URLs), defined here
        app_label = "supervision"
        ordering = ["-decided_on"]
        verbose_name = _("弄虚作假认定")
        verbose_name_plural = _("弄虚作假认定")

    def __str__(self) -> str:
        return f"{self.unit} · {self.decided_on}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path
