"""Jurisdictions (national → province → city → district), industry codes and the
working-day calendar entered by administrators."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL_CODE = "000000"


class JurisdictionLevel(models.TextChoices):
    NATIONAL = "national", _("国家")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区县")


class Jurisdiction(models.Model):
    """One node of the administrative tree, built from the GB/T 2260 division codes.

    ``code`` is the 6-digit division code (``440100`` = 广州市; ``000000`` = national);
    ``path`` lists the codes from the root, e.g. ``/000000/440000/440100/440106/``, so
    a subtree is ``path__startswith``. ``is_statistical_zone`` marks the NBS
    pseudo-county codes of development zones (5th digit 7), which are not civil-affairs
    codes but under which parks are often reported.
    """

    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    full_name = models.CharField(_("全称"), max_length=120)
    level = models.CharField(_("层级"), max_length=10, choices=JurisdictionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("路径"), max_length=64, unique=True)
    slug = models.SlugField(_("英文简称"), max_length=40, unique=True, null=True, blank=True)
    is_statistical_zone = models.BooleanField(_("统计用开发区代码"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("辖区")
        verbose_name_plural = _("辖区")
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes from the root (national) down to this node, itself included."""
        return [c for c in self.path.strip("/").split("/") if c]

    def contains(self, other: Jurisdiction) -> bool:
        """True when ``other`` is this node or lies below it."""
        return other.path.startswith(self.path)

    def ancestor_at(self, level: str) -> Jurisdiction | None:
        """The ancestor (or self) at ``level``, or None (one query at most)."""
        if self.level == level:
            return self
        return Jurisdiction.objects.filter(code__in=self.ancestor_codes, level=level).first()


class IndustryCode(models.Model):
    """GB/T 4754-2017 国民经济行业分类: 门类 (letter), 大类 (2), 中类 (3), 小类 (4 digits)."""

    code = models.CharField(_("行业代码"), max_length=4, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    level = models.PositiveSmallIntegerField(_("级别"))
    parent_code = models.CharField(_("上级代码"), max_length=4, blank=True)
    section = models.CharField(_("门类"), max_length=1, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行业分类")
        verbose_name_plural = _("行业分类")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_manufacturing(self) -> bool:
        """门类 C 制造业 (GB/T 4754-2017)."""
        return self.section == "C"


class CalendarYear(models.Model):
    """A year whose holiday schedule an administrator entered (years chinese-calendar
    does not know yet, e.g. 2027 once the State Council publishes it)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    document = models.CharField(_("国务院办公厅通知文号"), max_length=120, blank=True)
    entered_by = models.CharField(_("录入人"), max_length=150, blank=True)
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("节假日安排年度")
        verbose_name_plural = _("节假日安排年度")

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """An exception to Monday–Friday in an administrator-entered year: a holiday on
    a weekday (``is_working_day=False``) or a make-up working day on a weekend
    (``is_working_day=True``, 调休上班)."""

    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("节日"), max_length=40, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_working_day else '休'} {self.name}"


class InstalledRuleset(models.Model):
    """Which version (SHA-256 of the file) of each ruleset the platform has loaded,
    and since when: decisions can be traced to the rules in force."""

    slug = models.SlugField(_("规则集"), max_length=40)
    sha256 = models.CharField(max_length=64)
    installed_at = models.DateTimeField(_("加载时间"), auto_now_add=True)
    status = models.CharField(_("编码状态"), max_length=120, blank=True)
    #: ``shipped`` with the platform (greenmfg/rulesets/) or ``local`` (GREENMFG_RULESETS_DIR)
    source = models.CharField(_("来源"), max_length=10, default="shipped")
    #: the file as recorded: a local version is in force from this copy, not from the disk
    content = models.TextField(_("文件内容"), blank=True)

    class Meta:
        ordering = ["slug", "-installed_at"]
        verbose_name = _("已加载规则集")
        verbose_name_plural = _("已加载规则集")
        constraints = [
            models.UniqueConstraint(fields=["slug", "sha256"], name="ruleset_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.slug} {self.sha256[:12]}"
