"""Models of changes of a listed unit (变更): 000 第二十三条, 002 第十七条, 003 第十九条,
004 第十五条."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel


class ChangeKind(models.TextChoices):
    NAME = "name", _("名称变更")
    SCOPE = "scope", _("实际生产经营范围重大变更")
    ADDRESS = "address", _("生产地址重大变更")
    BOUNDARY = "boundary", _("组织边界重大变更")


class ChangeState(models.TextChoices):
    SUBMITTED = "submitted", _("已报送，待审核")
    ACCEPTED = "accepted", _("审核同意变更")
    REMOVAL_PROPOSED = "removal_proposed", _("变更后不再符合要求，拟移出")


CHANGE_TRANSITIONS = {
    ChangeState.SUBMITTED: {ChangeState.ACCEPTED, ChangeState.REMOVAL_PROPOSED},
    ChangeState.ACCEPTED: set(),
    ChangeState.REMOVAL_PROPOSED: set(),
}


class ChangeReport(PublicIdModel):
    """变更报告: a listed unit reports a change of name, scope, address or boundary
    (000 第二十三条, 002 第十七条, 003 第十九条, 004 第十五条) within the period the
    ruleset sets (``dynamic.change_report``); the competent authority accepts it or
    finds that the unit no longer meets the standard."""

    unit = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="change_reports"
    )
    kind = models.CharField(_("变更类型"), max_length=10, choices=ChangeKind.choices)
    old_value = models.CharField(_("变更前"), max_length=300, blank=True)
    new_value = models.CharField(_("变更后"), max_length=300)
    description = models.TextField(_("变更说明（投资、并购等原因）"), blank=True)
    formalities_completed_on = models.DateField(_("相关手续办理完成日期"))
    reported_on = models.DateField(_("报送日期"))
    due_on = models.DateField(_("应报送日期"), null=True, blank=True)
    due_ref = models.CharField(_("报送期限依据"), max_length=200, blank=True)
    form = models.ForeignKey(
        "DynamicForm", on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    reviewer = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="+"
    )
    reviewer_ref = models.CharField(_("审核机关依据"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=ChangeState.choices, default=ChangeState.SUBMITTED
    )
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    opinion = models.TextField(_("变更意见"), blank=True)
    announcement = models.ForeignKey(
        "Announcement", on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )

    class Meta:
        ordering = ["-reported_on"]
        verbose_name = _("变更报告")
        verbose_name_plural = _("变更报告")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path

    @property
    def late(self) -> bool:
        return self.due_on is not None and self.reported_on > self.due_on

    @property
    def awaiting_review(self) -> bool:
        return self.state == ChangeState.SUBMITTED
