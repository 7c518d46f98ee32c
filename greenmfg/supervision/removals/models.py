"""Models of removals from the green lists (移出): proposals (拟移出), removals, public
announcements (公告) and the matters reported to the upper level (上报上级).

Articles: 000 第二十一条、第二十三条; 002 第二十条; 003 第十八条; 004 第十五条、第十六条.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import CreditRecordKind
from greenmfg.jurisdictions.selectors import VALUE_LABELS


class AnnouncementKind(models.TextChoices):
    ANNUAL = "annual", _("年度名单调整公告")
    IMMEDIATE = "immediate", _("移出名单公告")


class Announcement(PublicIdModel):
    """A public announcement of an authority: the annual adjustment published with the
    year's list (removals and changes, 000 第二十一条、第二十三条) or an immediate
    removal (000 第二十一条 “及时从各层面名单移出并进行公告”)."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="announcements"
    )
    level = models.CharField(_("名单层级"), max_length=12)
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=10, choices=AnnouncementKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    published_on = models.DateField(_("公告日期"))

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("公告")
        verbose_name_plural = _("公告")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.jurisdiction.path


def cause_text(cause: str) -> str:
    """A removal cause's label: a ruleset cause, or the incident kind of an immediate removal
    (``safety_accident`` → 安全事故); the code only when nothing names it (issue 18 item 4)."""
    if cause in VALUE_LABELS:
        return str(VALUE_LABELS[cause])
    if cause in CreditRecordKind.values:
        return str(CreditRecordKind(cause).label)
    return cause


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("拟移出，待确认")
    CONFIRMED = "confirmed", _("已确认，年度公布时移出")
    DISMISSED = "dismissed", _("不予移出")
    EXECUTED = "executed", _("已移出")

    @classmethod
    def open_states(cls) -> tuple[str, ...]:
        """Proposed or confirmed: still to be executed or dismissed."""
        return (cls.PROPOSED, cls.CONFIRMED)


PROPOSAL_TRANSITIONS = {
    ProposalState.PROPOSED: {ProposalState.CONFIRMED, ProposalState.DISMISSED},
    ProposalState.CONFIRMED: {ProposalState.EXECUTED, ProposalState.DISMISSED},
    ProposalState.DISMISSED: set(),
    ProposalState.EXECUTED: set(),
}


class RemovalProposal(PublicIdModel):
    """拟移出: a cause of removal at the next annual publication (``removal.annual_causes``:
    a disqualifying condition, not filing the form — in Luoyang only with a refused
    on-site check —, falsified data, no longer meeting the standard after a change),
    proposed by the authority, confirmed or dismissed, executed when the authority
    publishes its annual adjustment."""

    unit = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="removal_proposals"
    )
    authority = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="+"
    )
    cause = models.CharField(_("移出原因"), max_length=40)
    citation = models.CharField(_("依据"), max_length=200)
    reason = models.TextField(_("说明"), blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    proposed_on = models.DateField(_("提出日期"))
    state = models.CharField(
        _("状态"), max_length=10, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    decided_on = models.DateField(_("确认日期"), null=True, blank=True)
    decision_note = models.TextField(_("确认意见"), blank=True)
    form = models.ForeignKey("DynamicForm", on_delete=models.SET_NULL, null=True, blank=True)
    on_site_check = models.ForeignKey(
        "OnSiteCheck", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    change = models.ForeignKey("ChangeReport", on_delete=models.SET_NULL, null=True, blank=True)
    complaint = models.ForeignKey(
        "Complaint", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fraud = models.ForeignKey(
        "FraudFinding", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-proposed_on"]
        verbose_name = _("拟移出名单")
        verbose_name_plural = _("拟移出名单")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "authority", "cause", "year"],
                condition=Q(state__in=["proposed", "confirmed"]),
                name="one_open_proposal_per_cause",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.cause}"

    @property
    def cause_label(self) -> str:
        return cause_text(self.cause)

    @property
    def is_open(self) -> bool:
        return self.state in ProposalState.open_states()

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path


class RemovalKind(models.TextChoices):
    ANNUAL = "annual", _("年度公布时移出")
    IMMEDIATE = "immediate", _("及时移出")


class Removal(PublicIdModel):
    """移出: the listings of one unit removed on one date, with the cause, the article,
    the levels and the announcement. Writes a credit record ``green_list_removal``, so
    the unit is barred for the look-back years of the third disqualifying condition."""

    unit = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="removals"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=RemovalKind.choices)
    cause = models.CharField(_("移出原因"), max_length=40)
    citation = models.CharField(_("依据"), max_length=200)
    reason = models.TextField(_("说明"), blank=True)
    levels = models.JSONField(_("移出层级"), default=list)
    removed_on = models.DateField(_("移出日期"))
    authority = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="+"
    )
    listings = models.ManyToManyField("register.Listing", related_name="removals")
    announcement = models.ForeignKey(
        Announcement, on_delete=models.PROTECT, null=True, blank=True, related_name="removals"
    )
    proposal = models.OneToOneField(
        RemovalProposal, on_delete=models.PROTECT, null=True, blank=True, related_name="removal"
    )
    incident = models.ForeignKey(
        "Incident", on_delete=models.PROTECT, null=True, blank=True, related_name="removals"
    )

    class Meta:
        ordering = ["-removed_on", "-id"]
        verbose_name = _("移出记录")
        verbose_name_plural = _("移出记录")

    def __str__(self) -> str:
        return f"{self.unit} · {self.removed_on}"

    @property
    def cause_label(self) -> str:
        return cause_text(self.cause)

    @property
    def levels_label(self) -> str:
        return "、".join(str(VALUE_LABELS.get(lv, lv)) for lv in self.levels)

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path


class UpwardKind(models.TextChoices):
    CHANGE = "change", _("变更意见")
    REMOVAL = "removal", _("移出情况")
    INCIDENT = "incident", _("重大事故和突发环境事件")


class UpwardState(models.TextChoices):
    QUEUED = "queued", _("待随年度推荐统一上报")
    SUBMITTED = "submitted", _("已上报")
    ANNOUNCED = "announced", _("上级已公告")


#: queued with the annual recommendation → submitted (000 第二十三条, 004 第十五条); an
#: immediate removal's report is created submitted (004 第十六条); announced by the upper
#: level's annual adjustment (000 第二十一条、第二十三条)
UPWARD_TRANSITIONS: dict[str, set[str]] = {
    UpwardState.QUEUED: {UpwardState.SUBMITTED},
    UpwardState.SUBMITTED: {UpwardState.ANNOUNCED},
    UpwardState.ANNOUNCED: set(),
}


class UpwardReport(PublicIdModel):
    """A matter touching an upper level's list, queued for that level: a change
    (000 第二十三条, 004 第十五条: 于每年推荐名单时统一上报, announced at the upper
    level's publication) or a municipal removal to report to the province
    (004 第十六条: 涉及上一级名单的及时上报省工业和信息化厅)."""

    kind = models.CharField(_("类型"), max_length=10, choices=UpwardKind.choices)
    unit = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    listing = models.ForeignKey("register.Listing", on_delete=models.PROTECT, related_name="+")
    from_jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="+"
    )
    to_jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="upward_reports"
    )
    to_level = models.CharField(_("上级名单层级"), max_length=12)
    opinion = models.TextField(_("意见"))
    citation = models.CharField(_("依据"), max_length=200)
    queued_on = models.DateField(_("登记日期"))
    submitted_on = models.DateField(_("上报日期"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=UpwardState.choices, default=UpwardState.QUEUED
    )
    change = models.ForeignKey("ChangeReport", on_delete=models.CASCADE, null=True, blank=True)
    removal = models.ForeignKey(Removal, on_delete=models.CASCADE, null=True, blank=True)
    announcement = models.ForeignKey(
        Announcement, on_delete=models.SET_NULL, null=True, blank=True, related_name="upward"
    )

    class Meta:
        ordering = ["-queued_on"]
        verbose_name = _("上报上级事项")
        verbose_name_plural = _("上报上级事项")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()} → {self.to_jurisdiction}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.from_jurisdiction.path
