"""The authorities' and listed units' standing duties that the texts name beside the
cycle: training (绿色制造培训: 000 第二十六条, 002 第二十三条, 003 第二十二条, 004 第十三条,
第十七条), on-site guidance of candidates (现场指导培育, 004 第九条) and the listed units'
disclosures (绿色低碳发展报告, 环境信息披露: 000 第二十九条, 002 第二十六条, 003 第二十四条,
004 第二十条).

A course is held by an authority, which alone records who attended; Guangzhou's filing
officer (专员) must have attended a course of the city (004 第十三条), so attendance is a
record of the authority, not a declaration of the unit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel

#: the articles that call for training, per source text
TRAINING_ARTICLES = ("000 第二十六条", "002 第二十三条", "003 第二十二条", "004 第十七条")


class Course(PublicIdModel):
    """绿色制造培训: one course (or session) held by an authority on one day."""

    authority = models.ForeignKey(
        "parties.Authority",
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("主办部门"),
    )
    title = models.CharField(_("培训名称"), max_length=120)
    held_on = models.DateField(_("培训日期"))
    place = models.CharField(_("地点或方式"), max_length=120, blank=True)
    topics = models.TextField(_("培训内容"), max_length=2000, blank=True)
    for_filing_officers = models.BooleanField(
        _("动态管理填报专员培训"),
        default=False,
        help_text=_("广州：专员须参加市工业和信息化局组织的相关培训（004 第十三条）"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("绿色制造培训")
        verbose_name_plural = _("绿色制造培训")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.authority.jurisdiction.path


class Attendance(PublicIdModel):
    """One person of a unit who attended a course, recorded by the course's authority."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("培训")
    )
    unit = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="training_attendances",
        verbose_name=_("单位"),
    )
    person_name = models.CharField(_("参训人员"), max_length=60)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        ordering = ["course", "unit__name", "person_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "unit", "person_name"], name="duties_attendance_once"
            )
        ]
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")

    def __str__(self) -> str:
        return f"{self.course} · {self.unit} · {self.person_name}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path


class GuidanceVisit(PublicIdModel):
    """现场指导培育 of a candidate (004 第九条: 适时组织现场指导培育), recorded by the
    authority that visited."""

    unit = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="guidance_visits",
        verbose_name=_("培育对象"),
    )
    authority = models.ForeignKey(
        "parties.Authority", on_delete=models.PROTECT, related_name="+", verbose_name=_("指导部门")
    )
    visited_on = models.DateField(_("指导日期"))
    participants = models.CharField(_("参加人员"), max_length=200, blank=True)
    findings = models.TextField(_("指导意见"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )

    class Meta:
        ordering = ["-visited_on"]
        verbose_name = _("现场指导培育")
        verbose_name_plural = _("现场指导培育")

    def __str__(self) -> str:
        return f"{self.visited_on} {self.unit}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path


class DisclosureKind(models.TextChoices):
    LOW_CARBON_REPORT = "low_carbon_report", _("绿色低碳发展报告")
    ENVIRONMENTAL = "environmental", _("环境信息披露")


class DisclosureState(models.TextChoices):
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


#: the explicit transition table of a disclosure
DISCLOSURE_TRANSITIONS: dict[str, set[str]] = {
    DisclosureState.PUBLISHED: {DisclosureState.WITHDRAWN},
    DisclosureState.WITHDRAWN: set(),
}


class Disclosure(PublicIdModel):
    """A listed unit's public disclosure for one year: its 绿色低碳发展报告 or its
    environmental-information disclosure (000 第二十九条; 002 第二十六条; 003 第二十四条;
    004 第二十条), as a link to where it is published and/or a PDF kept here."""

    unit = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="disclosures",
        verbose_name=_("单位"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=DisclosureKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    url = models.URLField(_("公开网址"), max_length=500, blank=True)
    document = models.FileField(_("报告文件（PDF）"), upload_to="disclosures/%Y/", blank=True)
    document_sha256 = models.CharField(_("文件SHA-256"), max_length=64, blank=True)
    published_on = models.DateField(_("公开日期"))
    state = models.CharField(
        _("状态"), max_length=20, choices=DisclosureState.choices, default=DisclosureState.PUBLISHED
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发布人"),
    )

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = _("信息披露")
        verbose_name_plural = _("信息披露")

    def __str__(self) -> str:
        return f"{self.unit} · {self.year} · {self.get_kind_display()}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path
