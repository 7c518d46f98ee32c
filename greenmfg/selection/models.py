"""Selection: campaigns, evaluation reports with evidence, applications, public
notices and objections (004 第十条)."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.limits import STATEMENT_MAX_CHARS
from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import EvaluationRoute, Level, ListType
from greenmfg.cultivation.models import EnergyEfficiencyLevel


class CampaignState(models.TextChoices):
    """States of a selection round: open until its list is published."""

    OPEN = "open", _("进行中")
    PUBLISHED = "published", _("名单已公布")


class Campaign(PublicIdModel):
    """年度批次: one jurisdiction's selection round for one level and year."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("辖区"),
    )
    level = models.CharField(_("名单层级"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=12, choices=CampaignState.choices, default=CampaignState.OPEN
    )
    opened_on = models.DateField(_("启动日期"))
    list_types = models.JSONField(_("本批次名单类型"), default=list, blank=True)
    deadline = models.DateField(
        _("本年度推荐截止日期"),
        null=True,
        blank=True,
        help_text=_("规则规定由当年通知确定截止日期时填写"),
    )
    deadline_document = models.CharField(_("确定截止日期的通知文号"), max_length=120, blank=True)

    class Meta:
        ordering = ["-year", "jurisdiction__code"]
        verbose_name = _("年度批次")
        verbose_name_plural = _("年度批次")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "level", "year"], name="one_campaign_per_level_and_year"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.jurisdiction.path


CAMPAIGN_TRANSITIONS = {
    CampaignState.OPEN: {CampaignState.PUBLISHED},
    CampaignState.PUBLISHED: set(),
}


class ReportState(models.TextChoices):
    """States of an evaluation report: written while a draft, locked once submitted."""

    DRAFT = "draft", _("编制中")
    SUBMITTED = "submitted", _("已提交（锁定）")


REPORT_TRANSITIONS = {ReportState.DRAFT: {ReportState.SUBMITTED}, ReportState.SUBMITTED: set()}


class EvaluationReport(PublicIdModel):
    """评价报告: indicator values and evidence against one indicator system. A
    submitted report is locked; a revision is a new version (``previous``)."""

    unit = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("评价对象"),
    )
    list_type = models.CharField(_("名单类型"), max_length=20, choices=ListType.choices)
    standard_code = models.CharField(_("评价标准"), max_length=60)
    route = models.CharField(
        _("评价方式"), max_length=12, choices=EvaluationRoute.choices, default=EvaluationRoute.SELF
    )
    agency = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_reports",
        verbose_name=_("第三方评价机构"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    report_version = models.PositiveSmallIntegerField(_("报告版本"), default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    summary = models.CharField(_("亮点摘要（100字以内）"), max_length=100, blank=True)
    total_score = models.DecimalField(_("自评总分"), max_digits=6, decimal_places=2, default=0)
    eligible = models.BooleanField(_("基本要求全部满足"), default=False)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    energy_efficiency_level = models.CharField(
        _("能效水平（优先推荐依据）"),
        max_length=20,
        choices=EnergyEfficiencyLevel.choices,
        blank=True,
        help_text=_("达到能效标杆水平、能耗限额标准先进值或1级的，同等条件下优先推荐"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("评价报告")
        verbose_name_plural = _("评价报告")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_list_type_display()} · {self.year} v{self.report_version}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path

    @property
    def is_third_party(self) -> bool:
        """Written by a commissioned agency (第三方评价), not by the unit itself."""
        return self.route == EvaluationRoute.THIRD_PARTY

    @property
    def is_draft(self) -> bool:
        """Values and evidence may still be written (not yet submitted and locked)."""
        return self.state == ReportState.DRAFT

    @property
    def is_revisable(self) -> bool:
        """A new version may be started: a submitted self-evaluation (a third-party
        report is final once submitted; a new evaluation is a new commission)."""
        return self.state == ReportState.SUBMITTED and self.route == EvaluationRoute.SELF


class ReportItem(models.Model):
    """One indicator's value in a report: ``true``/``false`` for a basic requirement or
    a qualitative item, points where points are entered, and for a measured
    (quantitative) indicator the measured value with the 基准值/引领值 it was scored
    against when they come with the evaluation (``value`` then repeats the measured
    value for display, or ``f:1,2,5`` lists the platform functions ticked);
    ``note`` explains the value."""

    report = models.ForeignKey(EvaluationReport, on_delete=models.CASCADE, related_name="items")
    indicator_code = models.CharField(_("指标代码"), max_length=20)
    value = models.CharField(_("取值"), max_length=40, blank=True)
    measured = models.DecimalField(
        _("实测值"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    base_value = models.DecimalField(
        _("基准值"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    lead_value = models.DecimalField(
        _("引领值"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator_code"], name="one_item_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code}={self.value}"


class Evidence(PublicIdModel):
    """An uploaded file supporting one indicator of a report (served only to those
    who may see the report, as an attachment)."""

    report = models.ForeignKey(EvaluationReport, on_delete=models.CASCADE, related_name="evidence")
    indicator_code = models.CharField(_("指标代码"), max_length=20)
    file = models.FileField(_("文件"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("parties.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["indicator_code", "created_at"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.original_name


class ApplicationState(models.TextChoices):
    """States of an application (004 第十条); the groups below are the only lists of
    states the code reads (LAYOUT.md E3)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待审核")
    RETURNED = "returned", _("已退回修改")
    RECOMMENDED = "recommended", _("区县已推荐，待评审")
    APPROVED = "approved", _("评审通过，待公示")
    NOT_APPROVED = "not_approved", _("评审未通过")
    IN_NOTICE = "in_notice", _("公示中")
    LISTED = "listed", _("已列入名单")
    WITHDRAWN = "withdrawn", _("异议成立，退出本轮")
    #: 000 第二十二条: found falsifying during the evaluation, 取消其申报资格
    CANCELLED = "cancelled", _("弄虚作假，已取消申报资格")

    @classmethod
    def editable_states(cls) -> tuple[str, ...]:
        """States in which the unit may still change (choose its report) and submit the
        application: a draft, or returned for changes."""
        return (cls.DRAFT, cls.RETURNED)

    @classmethod
    def unit_todo_states(cls) -> tuple[str, ...]:
        """States in which the unit has to act (fill in, or amend and resubmit)."""
        return cls.editable_states()

    @classmethod
    def review_states(cls) -> tuple[str, ...]:
        """States in which a review step is pending (the first step, then the next one
        after a recommendation; ``selection.<level>.review_steps``)."""
        return (cls.SUBMITTED, cls.RECOMMENDED)

    @classmethod
    def active_states(cls) -> tuple[str, ...]:
        """States of an application that still counts: every state but not approved and
        withdrawn after an upheld objection. At most one active application per unit,
        list type, level, year and product (the database constraint below)."""
        return (
            cls.DRAFT,
            cls.SUBMITTED,
            cls.RETURNED,
            cls.RECOMMENDED,
            cls.APPROVED,
            cls.IN_NOTICE,
            cls.LISTED,
        )

    @classmethod
    def pending_states(cls) -> tuple[str, ...]:
        """Active states of an application not yet listed: what a fraud finding cancels
        (000 第二十二条 取消其申报资格)."""
        return tuple(s for s in cls.active_states() if s != cls.LISTED)

    @classmethod
    def quota_states(cls) -> tuple[str, ...]:
        """Active states past the unit's own hands (submitted or recommended, under
        review, in notice or listed): the applications that use a province's
        recommendation quota (001 三)."""
        return tuple(s for s in cls.active_states() if s not in cls.editable_states())


#: the explicit transition table of an application (004 第十条)
APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    ApplicationState.DRAFT: {ApplicationState.SUBMITTED, ApplicationState.CANCELLED},
    ApplicationState.RETURNED: {ApplicationState.SUBMITTED, ApplicationState.CANCELLED},
    ApplicationState.SUBMITTED: {
        ApplicationState.RECOMMENDED,
        ApplicationState.RETURNED,
        ApplicationState.APPROVED,
        ApplicationState.NOT_APPROVED,
        ApplicationState.CANCELLED,
    },
    ApplicationState.RECOMMENDED: {
        ApplicationState.APPROVED,
        ApplicationState.NOT_APPROVED,
        ApplicationState.RETURNED,
        ApplicationState.CANCELLED,
    },
    ApplicationState.APPROVED: {ApplicationState.IN_NOTICE, ApplicationState.CANCELLED},
    ApplicationState.IN_NOTICE: {
        ApplicationState.LISTED,
        ApplicationState.WITHDRAWN,
        ApplicationState.CANCELLED,
    },
    ApplicationState.NOT_APPROVED: set(),
    ApplicationState.LISTED: set(),
    ApplicationState.WITHDRAWN: set(),
    ApplicationState.CANCELLED: set(),
}

#: changes that keep the state (the unit replaces the report of an editable
#: application): compare-and-set and audited like a transition (LAYOUT.md E1)
APPLICATION_EDITS: dict[str, set[str]] = {s: {s} for s in ApplicationState.editable_states()}


class Application(PublicIdModel):
    """申报: a unit's bid for one list type, level and year, in one campaign."""

    unit = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("申报单位"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="applications", verbose_name=_("年度批次")
    )
    list_type = models.CharField(_("名单类型"), max_length=20, choices=ListType.choices)
    level = models.CharField(_("名单层级"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    report = models.ForeignKey(
        EvaluationReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("评价报告"),
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    score = models.DecimalField(
        _("评审得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    star = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=1, blank=True)
    notice = models.ForeignKey(
        "PublicNotice", on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    recommended_on = models.DateField(_("推荐日期"), null=True, blank=True)
    reviewed_on = models.DateField(_("评审日期"), null=True, blank=True)
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    last_decision = models.TextField(_("最近审核意见"), blank=True)
    pending_role = models.CharField(_("待办角色"), max_length=12, blank=True, db_index=True)
    product_name = models.CharField(_("产品名称"), max_length=200, blank=True)
    product_model = models.CharField(_("产品型号"), max_length=200, blank=True)
    paper_copy_received_on = models.DateField(_("纸质材料收到日期"), null=True, blank=True)
    source_listing = models.ForeignKey(
        "register.Listing",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="upper_applications",
        verbose_name=_("下一级名单条目"),
    )
    recommended_by = models.ForeignKey(
        "parties.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("推荐单位"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "list_type", "level", "year", "product_name"],
                condition=Q(state__in=list(ApplicationState.active_states())),
                name="one_active_application_per_unit_list_type_level_year",
            )
        ]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_list_type_display()} · {self.year}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path

    @property
    def is_editable(self) -> bool:
        """The unit may still choose the report and submit (a draft, or returned)."""
        return self.state in ApplicationState.editable_states()


class NoticeState(models.TextChoices):
    """States of a public notice: open (running, or ended and awaiting publication)
    until the list is published."""

    OPEN = "open", _("公示中或待公布")
    CLOSED = "closed", _("已结束，名单已公布")


NOTICE_TRANSITIONS = {NoticeState.OPEN: {NoticeState.CLOSED}, NoticeState.CLOSED: set()}


class PublicNotice(PublicIdModel):
    """公示: a public page listing the units a campaign proposes to list, from
    ``first_day`` to ``last_day`` inclusive, computed from the ruleset."""

    campaign = models.OneToOneField(Campaign, on_delete=models.PROTECT, related_name="notice")
    title = models.CharField(_("标题"), max_length=200)
    first_day = models.DateField(_("公示开始日期"))
    last_day = models.DateField(_("公示截止日期"))
    length = models.PositiveSmallIntegerField(_("公示期"))
    unit = models.CharField(_("计算单位"), max_length=20)
    citation = models.CharField(_("依据"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=10, choices=NoticeState.choices, default=NoticeState.OPEN
    )

    class Meta:
        ordering = ["-first_day"]
        verbose_name = _("公示")
        verbose_name_plural = _("公示")

    def __str__(self) -> str:
        return self.title

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.campaign.jurisdiction.path

    def is_running_on(self, day) -> bool:
        return self.first_day <= day <= self.last_day


class ObjectionState(models.TextChoices):
    """States of an objection: open until an official upholds or dismisses it."""

    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


OBJECTION_TRANSITIONS = {ObjectionState.OPEN: {ObjectionState.UPHELD, ObjectionState.DISMISSED}}


class Objection(PublicIdModel):
    """异议: a real-name objection to one unit of a public notice. The objector's
    identity and contact are visible only to the officials handling it."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.PROTECT, related_name="objections")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="objections", verbose_name=_("异议对象")
    )
    objector_name = models.CharField(_("姓名或单位名称"), max_length=100)
    objector_id_number = models.CharField(_("身份证号或统一社会信用代码"), max_length=18)
    objector_phone = models.CharField(_("联系电话"), max_length=30)
    objector_email = models.EmailField(_("电子邮箱"), blank=True)
    statement = models.TextField(
        _("异议内容"), validators=[MaxLengthValidator(STATEMENT_MAX_CHARS)]
    )
    evidence = models.FileField(_("证据材料"), upload_to="objections/%Y/%m/", blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=ObjectionState.choices, default=ObjectionState.OPEN
    )
    outcome_reason = models.TextField(_("处理意见"), blank=True)
    #: 回执号 given at submission (core/receipts.py); the backfill numbered older rows
    receipt_number = models.CharField(
        _("回执号"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    #: HMAC of the check code (查询码) shown once to the sender; empty for backfilled rows
    check_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    submitted_on = models.DateField(_("提交日期"))
    handled_on = models.DateField(_("处理日期"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")

    def __str__(self) -> str:
        return f"{self.application.unit} · {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        """Not yet handled (upheld or dismissed)."""
        return self.state == ObjectionState.OPEN

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.application.unit.registered_division.path
