"""Models of the annual dynamic form (动态管理表): the filing officer, the form and its
anomaly flags, the reminders sent before the deadline, the on-site check (现场复核).

Articles: 000 第十八条、第十九条; 002 第十七条、第十八条; 003 第十六条、第十八条(二);
004 第十三条.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.jurisdictions.selectors import VALUE_LABELS


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

    @classmethod
    def editable_states(cls) -> tuple[str, ...]:
        """The unit may still change and submit the form."""
        return (cls.DRAFT, cls.RETURNED)

    @classmethod
    def review_states(cls) -> tuple[str, ...]:
        """The form waits for the reviewing authority's decision."""
        return (cls.SUBMITTED, cls.ON_SITE_CHECK_REQUESTED)


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
    """A quantity of the form (the service refuses a negative one: ``dynamic.negative``)."""
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
    def editable(self) -> bool:
        return self.state in FormState.editable_states()

    @property
    def awaiting_review(self) -> bool:
        return self.state in FormState.review_states()

    @property
    def list_type_label(self) -> str:
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

    @property
    def is_open(self) -> bool:
        """The outcome is still to be recorded."""
        return self.state == CheckState.REQUESTED
