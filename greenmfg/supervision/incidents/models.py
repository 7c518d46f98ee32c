"""Models of major incidents of listed units (重大事故和突发环境事件): 000 第十九条、
第二十一条, 002 第十九条, 003 第十七条, 004 第十四条、第十六条."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import CreditRecordKind


class IncidentKind(models.TextChoices):
    SAFETY = "safety_accident", _("重大及以上生产安全事故")
    QUALITY = "quality_accident", _("重大及以上质量事故")
    ENVIRONMENTAL = "environmental_event", _("Ⅱ级（重大）及以上突发环境污染事件")


#: incident kind -> removal cause of ``removal.immediate_causes``
INCIDENT_CAUSE = {
    IncidentKind.SAFETY: "major_safety_or_quality_accident",
    IncidentKind.QUALITY: "major_safety_or_quality_accident",
    IncidentKind.ENVIRONMENTAL: "grade_ii_environmental_event",
}
#: incident kind -> credit record kind (disqualifying condition 2)
INCIDENT_CREDIT_KIND = {
    IncidentKind.SAFETY: CreditRecordKind.SAFETY_ACCIDENT,
    IncidentKind.QUALITY: CreditRecordKind.QUALITY_ACCIDENT,
    IncidentKind.ENVIRONMENTAL: CreditRecordKind.ENVIRONMENTAL_ACCIDENT,
}


class IncidentState(models.TextChoices):
    RECORDED = "recorded", _("已登记，待上报")
    REPORTED = "reported", _("已上报")


INCIDENT_TRANSITIONS = {IncidentState.RECORDED: {IncidentState.REPORTED}}


class Incident(PublicIdModel):
    """A major safety or quality accident or a grade-II+ environmental event of a
    listed unit, recorded by an official (or confirmed from a complaint), reported
    upward within ``dynamic.incident_report_days`` (0 = real time: the day it was
    found; 003 第十七条: 3 days from the incident) and removed at once."""

    unit = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="incidents"
    )
    kind = models.CharField(_("事件类型"), max_length=24, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("发生日期"))
    found_on = models.DateField(_("发现日期"))
    description = models.TextField(_("事件情况"))
    source_document = models.CharField(_("认定文件或来源"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="+"
    )
    complaint = models.ForeignKey(
        "Complaint", on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    report_due_on = models.DateField(_("应上报日期"))
    report_due_ref = models.CharField(_("上报时限依据"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=IncidentState.choices, default=IncidentState.RECORDED
    )
    reported_on = models.DateField(_("上报日期"), null=True, blank=True)
    reported_to = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: every authority the incident was reported or forwarded to (002 第十九条: 实时上报
    #: 工业和信息化部、福建省工业和信息化厅)
    recipients = models.ManyToManyField(
        "jurisdictions.Jurisdiction", blank=True, related_name="+", verbose_name=_("上报至")
    )

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name = _("重大事故和突发环境事件")
        verbose_name_plural = _("重大事故和突发环境事件")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()} · {self.occurred_on}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path

    @property
    def awaiting_report(self) -> bool:
        return self.state == IncidentState.RECORDED

    def report_overdue_on(self, on) -> bool:
        """Reported after the due day, or still unreported after it."""
        if self.reported_on is not None:
            return self.reported_on > self.report_due_on
        return on > self.report_due_on
