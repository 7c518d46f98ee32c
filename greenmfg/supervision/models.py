"""Supervision of listed units (动态管理): credit records checked by the disqualifying
conditions, the annual dynamic form (动态管理表) and its on-site checks, changes
(变更), incidents, random spot checks (双随机、一公开), real-name complaints (举报),
fraud findings, removals from the green lists and their public announcements.

Articles: 000 第十八–二十五条; 002 第十七–二十二条; 003 第十六–二十一条;
004 第十三–十六条.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import CreditRecordKind

# --- the annual dynamic form (动态管理表) ------------------------------------------------


class FilingOfficer(PublicIdModel):
    """动态管理填报专员 of a unit: who files the dynamic form, and when the officer
    attended the city's training (004 第十三条: 专员须参加市工业和信息化局组织的相关培训)."""

    unit = models.OneToOneField(
        "parties.Organisation",
        on_delete=models.CASCADE,
        related_name="filing_officer",
        verbose_name=_("单位"),
    )
    name = models.CharField(_("专员姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    trained_on = models.DateField(_("参加培训日期"), null=True, blank=True)
    training = models.CharField(_("培训名称或证明编号"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("动态管理填报专员")
        verbose_name_plural = _("动态管理填报专员")

    def __str__(self) -> str:
        return f"{self.unit} · {self.name}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path


class FormState(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已提交，待审核")
    ACCEPTED = "accepted", _("审核通过")
    RETURNED = "returned", _("已退回修改")
    ON_SITE_CHECK_REQUESTED = "on_site_check_requested", _("需现场核查")


FORM_TRANSITIONS: dict[str, set[str]] = {
    FormState.DRAFT: {FormState.SUBMITTED},
    FormState.RETURNED: {FormState.SUBMITTED},
    FormState.SUBMITTED: {
        FormState.ACCEPTED,
        FormState.RETURNED,
        FormState.ON_SITE_CHECK_REQUESTED,
    },
    FormState.ON_SITE_CHECK_REQUESTED: {FormState.ACCEPTED, FormState.RETURNED},
    FormState.ACCEPTED: set(),
}

#: the indicator fields of the form: field -> (label, unit); see
#: ../shared/data/standards/dynamic_management_table_fields_inferred.csv
INDICATOR_FIELDS = (
    "output_value",
    "energy_total",
    "energy_intensity",
    "renewable_share",
    "water_withdrawal",
    "water_intensity",
    "water_reuse_rate",
    "solid_waste_generated",
    "solid_waste_utilised",
    "solid_waste_utilisation_rate",
    "pollutant_emissions",
    "pollutant_permit_limit",
    "co2_total",
    "co2_intensity",
    "retrofit_projects",
    "retrofit_investment",
)


def _dec(label, digits: int = 14, places: int = 4, **kw):
    return models.DecimalField(
        label, max_digits=digits, decimal_places=places, null=True, blank=True, **kw
    )


class DynamicForm(PublicIdModel):
    """绿色制造名单动态管理表: one listed unit's yearly report of its key green
    indicators for one list type and data year (000 第十八条, 002 第十七条,
    003 第十六条, 004 第十三条). Filed by the deadline of ``filing_year`` (the year after
    ``data_year``) and reviewed by the authority the ruleset names
    (``dynamic.reviewed_by``)."""

    unit = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="dynamic_forms",
        verbose_name=_("单位"),
    )
    list_type = models.CharField(_("名单类型"), max_length=20)
    data_year = models.PositiveSmallIntegerField(_("数据年度"))
    filing_year = models.PositiveSmallIntegerField(_("填报年度"))
    deadline = models.DateField(_("填报截止日期"))
    deadline_ref = models.CharField(_("截止日期依据"), max_length=200, blank=True)
    reviewer = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审核机关辖区"),
    )
    reviewer_ref = models.CharField(_("审核机关依据"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=24, choices=FormState.choices, default=FormState.DRAFT
    )
    # key indicators
    output_value = _dec(_("工业总产值（万元）"))
    energy_total = _dec(_("综合能源消费量（吨标准煤）"))
    energy_intensity = _dec(_("单位产值综合能耗（吨标准煤/万元）"), places=6)
    renewable_share = _dec(_("可再生能源使用比例（%）"), digits=7, places=3)
    water_withdrawal = _dec(_("取水量（立方米）"))
    water_intensity = _dec(_("单位产值取水量（立方米/万元）"), places=6)
    water_reuse_rate = _dec(_("工业用水重复利用率（%）"), digits=7, places=3)
    solid_waste_generated = _dec(_("一般工业固体废物产生量（吨）"))
    solid_waste_utilised = _dec(_("一般工业固体废物综合利用量（吨）"))
    solid_waste_utilisation_rate = _dec(_("一般工业固体废物综合利用率（%）"), digits=7, places=3)
    pollutant_emissions = _dec(_("主要污染物排放量（吨）"))
    pollutant_permit_limit = _dec(_("排污许可证许可排放量（吨）"))
    co2_total = _dec(_("二氧化碳排放量（吨）"))
    co2_intensity = _dec(_("单位产值二氧化碳排放量（吨/万元）"), places=6)
    retrofit_projects = models.PositiveIntegerField(
        _("绿色低碳改造项目数（项）"), null=True, blank=True
    )
    retrofit_investment = _dec(_("绿色低碳改造投资额（万元）"))
    changes_declared = models.TextField(_("名称、经营范围、生产地址、组织边界变更情况"), blank=True)
    incidents_declared = models.TextField(
        _("重大及以上安全、质量事故和Ⅱ级及以上突发环境事件情况"), blank=True
    )
    note = models.TextField(_("其他说明"), blank=True)
    # filing and review
    officer_name = models.CharField(_("填报专员"), max_length=60, blank=True)
    first_submitted_on = models.DateField(_("首次提交日期"), null=True, blank=True)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["-filing_year", "unit__name"]
        verbose_name = _("动态管理表")
        verbose_name_plural = _("动态管理表")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "list_type", "data_year"], name="one_dynamic_form_per_year"
            )
        ]
        indexes = [models.Index(fields=["reviewer", "filing_year", "state"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.data_year}年度动态管理表"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path

    @property
    def late(self) -> bool:
        return self.first_submitted_on is not None and self.first_submitted_on > self.deadline

    @property
    def list_type_label(self) -> str:
        from greenmfg.jurisdictions.selectors import VALUE_LABELS

        return str(VALUE_LABELS.get(self.list_type, self.list_type))


class AnomalyFlag(models.Model):
    """One anomaly found on a dynamic form (year-on-year jump, mismatch with the
    evaluation report, outlier among peers of the same industry), shown to officials
    with its reason and usable as a spot-check weight."""

    form = models.ForeignKey(DynamicForm, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("类型"), max_length=20)
    field = models.CharField(_("指标"), max_length=40)
    message = models.CharField(_("说明"), max_length=300)
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    reference = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    created_on = models.DateField(_("发现日期"))

    class Meta:
        ordering = ["kind", "field"]
        verbose_name = _("异常提示")
        verbose_name_plural = _("异常提示")

    def __str__(self) -> str:
        return self.message


class ReminderSent(models.Model):
    """A reminder e-mail sent to a unit before the dynamic-form deadline (one per unit,
    list type, filing year and number of days before: sending is idempotent)."""

    unit = models.ForeignKey("parties.Organisation", on_delete=models.CASCADE, related_name="+")
    list_type = models.CharField(_("名单类型"), max_length=20)
    filing_year = models.PositiveSmallIntegerField(_("填报年度"))
    days_before = models.PositiveSmallIntegerField(_("提前天数"))
    deadline = models.DateField(_("截止日期"))
    sent_on = models.DateField(_("发送日期"))
    recipients = models.JSONField(_("收件人"), default=list)

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("填报提醒")
        verbose_name_plural = _("填报提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "list_type", "filing_year", "days_before"],
                name="one_reminder_per_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.filing_year} · {self.days_before}"


class CheckState(models.TextChoices):
    REQUESTED = "requested", _("已通知现场核查")
    COMPLETED = "completed", _("已完成核查")
    REFUSED = "refused", _("单位拒不配合")


CHECK_TRANSITIONS = {
    CheckState.REQUESTED: {CheckState.COMPLETED, CheckState.REFUSED},
    CheckState.COMPLETED: set(),
    CheckState.REFUSED: set(),
}


class OnSiteCheck(PublicIdModel):
    """现场复核: an authority asks a unit to accept an on-site check, about a submitted
    dynamic form or about a form never filed (003 第十六条、第十八条(二): in Luoyang
    not filing is a removal cause only together with refusing the check)."""

    unit = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="on_site_checks"
    )
    form = models.ForeignKey(
        DynamicForm, on_delete=models.PROTECT, null=True, blank=True, related_name="checks"
    )
    list_type = models.CharField(_("名单类型"), max_length=20)
    filing_year = models.PositiveSmallIntegerField(_("填报年度"))
    authority = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("通知日期"))
    scheduled_for = models.DateField(_("计划核查日期"), null=True, blank=True)
    reason = models.TextField(_("核查事由"), blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=CheckState.choices, default=CheckState.REQUESTED
    )
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)
    outcome_note = models.TextField(_("核查结果"), blank=True)

    class Meta:
        ordering = ["-requested_on"]
        verbose_name = _("现场核查")
        verbose_name_plural = _("现场核查")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_state_display()}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path


# --- changes (变更) -----------------------------------------------------------------------


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
        DynamicForm, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
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


# --- incidents --------------------------------------------------------------------------


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

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name = _("重大事故和突发环境事件")
        verbose_name_plural = _("重大事故和突发环境事件")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()} · {self.occurred_on}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path

    def report_overdue_on(self, on) -> bool:
        """Reported after the due day, or still unreported after it."""
        if self.reported_on is not None:
            return self.reported_on > self.report_due_on
        return on > self.report_due_on


# --- removals and announcements -----------------------------------------------------------


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


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("拟移出，待确认")
    CONFIRMED = "confirmed", _("已确认，年度公布时移出")
    DISMISSED = "dismissed", _("不予移出")
    EXECUTED = "executed", _("已移出")


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
    form = models.ForeignKey(DynamicForm, on_delete=models.SET_NULL, null=True, blank=True)
    on_site_check = models.ForeignKey(
        OnSiteCheck, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    change = models.ForeignKey(ChangeReport, on_delete=models.SET_NULL, null=True, blank=True)
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
        from greenmfg.jurisdictions.selectors import VALUE_LABELS

        return str(VALUE_LABELS.get(self.cause, self.cause))

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
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="removals"
    )

    class Meta:
        ordering = ["-removed_on", "-id"]
        verbose_name = _("移出记录")
        verbose_name_plural = _("移出记录")

    def __str__(self) -> str:
        return f"{self.unit} · {self.removed_on}"

    @property
    def cause_label(self) -> str:
        from greenmfg.jurisdictions.selectors import VALUE_LABELS

        return str(VALUE_LABELS.get(self.cause, self.cause))

    @property
    def levels_label(self) -> str:
        from greenmfg.jurisdictions.selectors import VALUE_LABELS

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
    change = models.ForeignKey(ChangeReport, on_delete=models.CASCADE, null=True, blank=True)
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


# --- fraud ------------------------------------------------------------------------------


# --- random spot checks (双随机、一公开) -----------------------------------------------------


class InspectorPool(models.Model):
    """An expert in an authority's pool of on-site inspectors (执法检查人员名录库)."""

    authority = models.ForeignKey(
        "parties.Authority", on_delete=models.CASCADE, related_name="inspectors"
    )
    user = models.ForeignKey("parties.User", on_delete=models.CASCADE, related_name="+")
    added_on = models.DateField(_("加入日期"))

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("抽查检查人员库")
        verbose_name_plural = _("抽查检查人员库")
        constraints = [models.UniqueConstraint(fields=["authority", "user"], name="one_pool_entry")]

    def __str__(self) -> str:
        return f"{self.authority} · {self.user}"


class SpotCheckDraw(PublicIdModel):
    """双随机抽查: units drawn from an authority's active listed population and
    inspectors from its pool, with the seed and the sorted populations recorded so
    anyone can repeat the draw (method in :mod:`greenmfg.supervision.spot_checks`)."""

    authority = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="spot_check_draws"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    seed = models.BigIntegerField(_("随机种子"))
    count = models.PositiveIntegerField(_("抽取单位数"))
    inspectors_per_unit = models.PositiveSmallIntegerField(_("每家检查人员数"))
    anomaly_weight = models.DecimalField(
        _("异常提示加权"), max_digits=6, decimal_places=2, default=0
    )
    method = models.TextField(_("抽取方法"))
    citation = models.CharField(_("依据"), max_length=200)
    population = models.JSONField(_("抽取范围（已排序）"), default=list)
    inspector_population = models.JSONField(_("检查人员范围（已排序）"), default=list)
    drawn_on = models.DateField(_("抽取日期"))

    class Meta:
        ordering = ["-drawn_on", "-id"]
        verbose_name = _("双随机抽查")
        verbose_name_plural = _("双随机抽查")

    def __str__(self) -> str:
        return f"{self.authority} {self.year} · {self.drawn_on}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.authority.path


class SpotResult(models.TextChoices):
    PENDING = "pending", _("待检查")
    CONFORMING = "conforming", _("符合要求")
    NONCONFORMING = "nonconforming", _("不符合要求")
    REFUSED = "refused", _("拒不配合检查")


class SpotCheckItem(PublicIdModel):
    """One drawn unit of a spot check, its inspectors and its result."""

    draw = models.ForeignKey(SpotCheckDraw, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("抽取顺序"))
    unit = models.ForeignKey("parties.Organisation", on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(max_digits=8, decimal_places=2, default=1)
    inspectors = models.ManyToManyField("parties.User", related_name="spot_check_items")
    result = models.CharField(
        _("检查结果"), max_length=14, choices=SpotResult.choices, default=SpotResult.PENDING
    )
    finding = models.TextField(_("检查情况"), blank=True)
    checked_on = models.DateField(_("检查日期"), null=True, blank=True)

    class Meta:
        ordering = ["draw", "position"]
        verbose_name = _("抽查对象")
        verbose_name_plural = _("抽查对象")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_result_display()}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path


# --- complaints (举报) ---------------------------------------------------------------------


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
    statement = models.TextField(_("举报内容"))
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
    rectification_due = models.DateField(_("整改期限"), null=True, blank=True)
    handled_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("举报")
        verbose_name_plural = _("举报")

    def __str__(self) -> str:
        return f"{self.target} · {self.get_state_display()}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.handler.path
