"""Third-party evaluation agencies (第三方评价机构): the registry, the evaluation projects
units commission (000 第十一条; 004 第十条), fraud findings that stop their reports
being accepted (000 第二十四条; 002 第二十一条; 003 第二十条; 004 第十九条; 001 二(四))
and the annual work report (评价机构年度工作情况, 001 三).

The agencies themselves are ``parties.Organisation`` rows of kind ``agency``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import Level, ListType


class AgencyProfile(models.Model):
    """What the public registry shows of an agency beyond its organisation record:
    qualifications (资质), staff and contact. Kept by the agency's users."""

    organisation = models.OneToOneField(
        "parties.Organisation",
        on_delete=models.CASCADE,
        related_name="agency_profile",
        verbose_name=_("评价机构"),
    )
    qualifications = models.TextField(_("资质与评价经验"), blank=True)
    staff_total = models.PositiveIntegerField(_("专职评价人员（人）"), default=0)
    staff_senior = models.PositiveIntegerField(_("其中高级职称（人）"), default=0)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("评价机构信息")
        verbose_name_plural = _("评价机构信息")

    def __str__(self) -> str:
        return str(self.organisation)


class ProjectState(models.TextChoices):
    PROPOSED = "proposed", _("待机构接受")
    ACCEPTED = "accepted", _("评价中")
    DECLINED = "declined", _("机构已谢绝")
    REPORT_SUBMITTED = "report_submitted", _("报告已提交，待委托单位确认")
    CONFIRMED = "confirmed", _("委托单位已确认")
    WITHDRAWN = "withdrawn", _("委托已撤回")


#: the explicit transition table of an evaluation project
PROJECT_TRANSITIONS: dict[str, set[str]] = {
    ProjectState.PROPOSED: {ProjectState.ACCEPTED, ProjectState.DECLINED, ProjectState.WITHDRAWN},
    ProjectState.ACCEPTED: {ProjectState.REPORT_SUBMITTED, ProjectState.WITHDRAWN},
    ProjectState.REPORT_SUBMITTED: {ProjectState.CONFIRMED},
    ProjectState.DECLINED: set(),
    ProjectState.CONFIRMED: set(),
    ProjectState.WITHDRAWN: set(),
}

#: the states of a project the agency has taken on (counted against the cap)
COUNTED_STATES = (ProjectState.ACCEPTED, ProjectState.REPORT_SUBMITTED, ProjectState.CONFIRMED)
#: the states of a project still running or done (one per unit, list type, level, year)
ACTIVE_STATES = (ProjectState.PROPOSED, *COUNTED_STATES)


class AgencyProject(PublicIdModel):
    """评价项目: a unit (enterprise or park) commissions an agency to evaluate it for one
    list type and the list of one level and year (000 第十一条; 004 第十条). The agency
    fills the report on the platform, attaches the signed report (PDF) and submits;
    the unit confirms it. Only a confirmed project's report can carry an application."""

    unit = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="commissioned_projects",
        verbose_name=_("委托单位"),
    )
    agency = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="evaluation_projects",
        verbose_name=_("评价机构"),
    )
    list_type = models.CharField(_("名单类型"), max_length=20, choices=ListType.choices)
    level = models.CharField(_("评价所对应的名单层级"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度（批次）"))
    state = models.CharField(
        _("状态"), max_length=20, choices=ProjectState.choices, default=ProjectState.PROPOSED
    )
    note = models.TextField(_("委托说明"), blank=True)
    decision_reason = models.TextField(_("谢绝或撤回理由"), blank=True)
    report = models.ForeignKey(
        "selection.EvaluationReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_projects",
        verbose_name=_("评价报告"),
    )
    proposed_on = models.DateField(_("委托日期"))
    accepted_on = models.DateField(_("承接日期"), null=True, blank=True)
    submitted_on = models.DateField(_("报告提交日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    signed_report = models.FileField(
        _("签章评价报告（PDF）"), upload_to="agency_reports/%Y/%m/", blank=True
    )
    signed_report_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    signed_report_sha256 = models.CharField(max_length=64, blank=True)
    signed_report_size = models.PositiveIntegerField(_("大小（字节）"), null=True, blank=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("第三方评价项目")
        verbose_name_plural = _("第三方评价项目")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "list_type", "level", "year"],
                condition=Q(state__in=["proposed", "accepted", "report_submitted", "confirmed"]),
                name="one_active_agency_project_per_unit_list_type_level_year",
            )
        ]
        indexes = [models.Index(fields=["agency", "state", "level"])]

    def __str__(self) -> str:
        return (
            f"{self.unit} · {self.get_list_type_display()} · {self.get_level_display()} {self.year}"
        )

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path


class AgencyFraudFinding(PublicIdModel):
    """经查实在评价过程中存在弄虚作假或故意隐瞒评价对象问题: the agency's reports are not
    accepted (不予采信) from ``decided_on`` through ``distrusted_until`` (``decided_on`` plus
    ``agency.distrust_years`` of the deciding jurisdiction), and the finding is notified
    publicly on the platform (000 第二十四条: 在管理平台中进行通报)."""

    agency = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="agency_fraud_findings",
        verbose_name=_("评价机构"),
    )
    decided_on = models.DateField(_("认定日期"))
    description = models.TextField(_("认定事实"))
    article = models.CharField(_("依据条款"), max_length=200)
    distrust_years = models.PositiveSmallIntegerField(_("不予采信年限"))
    distrusted_until = models.DateField(_("不予采信截止日期"))
    decided_by = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("认定机关"),
    )
    project = models.ForeignKey(
        AgencyProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fraud_findings",
        verbose_name=_("涉及的评价项目"),
    )
    complaint = models.ForeignKey(
        "supervision.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agency_fraud_findings",
        verbose_name=_("来源举报"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("评价机构弄虚作假认定")
        verbose_name_plural = _("评价机构弄虚作假认定")

    def __str__(self) -> str:
        return f"{self.agency} · {self.decided_on}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.decided_by.path


class AgencyWorkReport(PublicIdModel):
    """评价机构年度工作情况: an agency's annual work report, filed by
    ``agency.annual_report_deadline`` where the rules set one (2023: 8月15日前, 001 三)."""

    agency = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="agency_work_reports",
        verbose_name=_("评价机构"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    projects_done = models.PositiveIntegerField(_("本年度开展评价项目（项）"))
    staff = models.PositiveIntegerField(_("专职评价人员（人）"))
    quality_self_assessment = models.TextField(_("评价质量自评"))
    submitted_on = models.DateField(_("填报日期"))
    due_on = models.DateField(_("填报期限"), null=True, blank=True)
    due_ref = models.CharField(_("期限依据"), max_length=200, blank=True)
    late = models.BooleanField(_("逾期填报"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-year", "agency__name"]
        verbose_name = _("评价机构年度工作情况")
        verbose_name_plural = _("评价机构年度工作情况")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_work_report_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.year}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.agency.registered_division.path


class AgencyNameState(models.TextChoices):
    """A spelling group of a historical agency name (greenmfg/agencies/history.py)."""

    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认为机构")
    REJECTED = "rejected", _("保留为文字")


#: a group is confirmed (its listings then refer to the agency) or left as text
AGENCY_NAME_TRANSITIONS: dict[str, set[str]] = {
    AgencyNameState.PROPOSED: {AgencyNameState.CONFIRMED, AgencyNameState.REJECTED},
    AgencyNameState.REJECTED: {AgencyNameState.CONFIRMED},
    AgencyNameState.CONFIRMED: set(),
}


class HistoricalAgencyName(PublicIdModel):
    """历史名单中的评价机构名称: the spellings of one agency in the free text
    ``Listing.agency_name`` of imported lists, grouped by normalised name
    (``parties.names.normalise_name``). The platform proposes the group (and the agency
    record of that name, when one exists); a national or provincial official confirms
    it — the listings then refer to the agency (``Listing.agency``) — or leaves the
    names as text."""

    key = models.CharField(_("规范化名称"), max_length=200, unique=True)
    spellings = models.JSONField(_("写法"), default=list)
    listing_count = models.PositiveIntegerField(_("名单条目数"), default=0)
    agency = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="historical_names",
        verbose_name=_("评价机构"),
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=AgencyNameState.choices, default=AgencyNameState.PROPOSED
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["-listing_count", "key"]
        verbose_name = _("历史评价机构名称")
        verbose_name_plural = _("历史评价机构名称")

    def __str__(self) -> str:
        return self.spellings[0] if self.spellings else self.key

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.agency.registered_division.path if self.agency_id else ""
