"""Models of the 企业绿码 (enterprise green code): a grading run, its codes and the units
it gave no code, each with the stored inputs that re-derive the result.

Sources: 工信厅节函〔2023〕384号 (A+ / A / B for 5 % / 35 % / 60 % of the national green
factories, from the dynamic-management green-performance data); encouraged by 000 第二十六条,
002 第二十六条, 004 第二十条. The method: greenmfg/greencode/method.py.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import Level, ListType


class Grade(models.TextChoices):
    A_PLUS = "A+", "A+"
    A = "A", "A"
    B = "B", "B"


class RunState(models.TextChoices):
    DONE = "done", _("已完成")
    SUPERSEDED = "superseded", _("已被新一轮评定取代")


RUN_TRANSITIONS: dict[str, set[str]] = {
    RunState.DONE: {RunState.SUPERSEDED},
    RunState.SUPERSEDED: set(),
}


class CodeState(models.TextChoices):
    VALID = "valid", _("有效")
    WITHDRAWN = "withdrawn", _("已撤销（移出名单）")
    SUPERSEDED = "superseded", _("已被新一年度绿码取代")


CODE_TRANSITIONS: dict[str, set[str]] = {
    CodeState.VALID: {CodeState.WITHDRAWN, CodeState.SUPERSEDED},
    CodeState.WITHDRAWN: set(),
    CodeState.SUPERSEDED: {CodeState.WITHDRAWN},
}


class NoCodeReason(models.TextChoices):
    NOT_LINKED = "not_linked", _("名单条目未关联平台单位，无动态管理数据")
    NO_FORM = "no_form", _("未填报动态管理表")
    NOT_ACCEPTED = "not_accepted", _("动态管理表未审核通过")
    LATE = "late", _("动态管理表逾期填报")
    ANOMALOUS = "anomalous", _("动态管理表数据异常")
    TOO_FEW_INDICATORS = "too_few_indicators", _("绿色绩效指标填报不全")


class GradingRun(PublicIdModel):
    """One yearly grading of one scope: the listed green factories of ``level`` published
    by ``jurisdiction`` (national: MIIT's; provincial: one province's pilot), scored from
    the dynamic forms filed in ``year`` (data of ``year - 1``). ``parameters`` keeps the
    ruleset values (with their references) and ``method_version`` the method used."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("评定辖区"),
    )
    level = models.CharField(_("名单层级"), max_length=12, choices=Level.choices)
    list_type = models.CharField(
        _("名单类型"), max_length=20, choices=ListType.choices, default=ListType.FACTORY
    )
    year = models.PositiveSmallIntegerField(_("绿码年度（填报年度）"))
    data_year = models.PositiveSmallIntegerField(_("数据年度"))
    method_version = models.CharField(_("方法版本"), max_length=20)
    parameters = models.JSONField(_("参数及依据"), default=dict)
    graded_on = models.DateField(_("评定日期"))
    effective_on = models.DateField(_("生效日期"))
    state = models.CharField(
        _("状态"), max_length=12, choices=RunState.choices, default=RunState.DONE
    )
    counts = models.JSONField(_("各等级数量"), default=dict)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-graded_on", "-id"]
        verbose_name = _("企业绿码评定")
        verbose_name_plural = _("企业绿码评定")
        indexes = [models.Index(fields=["jurisdiction", "level", "year"])]

    def __str__(self) -> str:
        return f"{self.jurisdiction.name} {self.get_level_display()} {self.year}年度企业绿码"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.jurisdiction.path

    @property
    def count_row(self) -> list[int]:
        """Codes per grade A+, A, B, the units without a code and the listings not
        linked to a platform unit."""
        return [int(self.counts.get(k, 0)) for k in ("A+", "A", "B", "none", "not_linked")]


class GreenCode(PublicIdModel):
    """One unit's 企业绿码 of one grading run: the grade, the score and ranks, and the
    stored inputs (indicator values of its accepted dynamic form, its industry group) from
    which :func:`greenmfg.greencode.method.grade_population` re-derives it. Valid from
    ``valid_from`` until withdrawn (the listing removed: 000 第二十一条) or superseded by the
    next year's run."""

    run = models.ForeignKey(GradingRun, on_delete=models.PROTECT, related_name="codes")
    unit = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="green_codes"
    )
    listing = models.ForeignKey(
        "register.Listing", on_delete=models.PROTECT, related_name="green_codes"
    )
    form = models.ForeignKey("supervision.DynamicForm", on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(_("等级"), max_length=2, choices=Grade.choices)
    score = models.DecimalField(_("综合得分"), max_digits=9, decimal_places=6)
    rank = models.PositiveIntegerField(_("总排名"))
    group = models.CharField(_("行业组"), max_length=8)
    group_rank = models.PositiveIntegerField(_("行业内排名"))
    group_size = models.PositiveIntegerField(_("行业组单位数"))
    inputs = models.JSONField(_("评定输入"), default=dict)
    valid_from = models.DateField(_("生效日期"))
    state = models.CharField(
        _("状态"), max_length=12, choices=CodeState.choices, default=CodeState.VALID
    )
    ended_on = models.DateField(_("失效日期"), null=True, blank=True)

    class Meta:
        ordering = ["run", "rank"]
        verbose_name = _("企业绿码")
        verbose_name_plural = _("企业绿码")
        constraints = [
            models.UniqueConstraint(fields=["run", "listing"], name="one_green_code_per_listing")
        ]
        indexes = [models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.run.year} · {self.grade}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path


class Ungraded(models.Model):
    """A listed unit of a run's scope that got no code, and why (384号: 未填报、填报不规范
    或数据异常的企业不赋码)."""

    run = models.ForeignKey(GradingRun, on_delete=models.CASCADE, related_name="ungraded")
    listing = models.ForeignKey("register.Listing", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit_name = models.CharField(_("单位名称"), max_length=200)
    reason = models.CharField(_("原因"), max_length=24, choices=NoCodeReason.choices)
    detail = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["run", "reason", "unit_name"]
        verbose_name = _("未赋码单位")
        verbose_name_plural = _("未赋码单位")

    def __str__(self) -> str:
        return f"{self.unit_name} · {self.get_reason_display()}"
