"""The yearly summary of an authority (000 第十九条: 总结本地区绿色制造培育成效和存在的
问题): the platform's figures of the jurisdiction and year, with the official's narrative
of results and problems; frozen when the authority submits it to the level above."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel

#: the article that asks for the summary
SUMMARY_ARTICLE = "000 第十九条"


class SummaryState(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SUBMITTED = "submitted", _("已报送")


#: the explicit transition table of a summary
SUMMARY_TRANSITIONS: dict[str, set[str]] = {
    SummaryState.DRAFT: {SummaryState.SUBMITTED},
    SummaryState.SUBMITTED: set(),
}


class YearlySummary(PublicIdModel):
    """One jurisdiction's summary of one year."""

    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="yearly_summaries",
        verbose_name=_("辖区"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    results = models.TextField(_("培育成效"), max_length=20000, blank=True)
    problems = models.TextField(_("存在的问题"), max_length=20000, blank=True)
    next_steps = models.TextField(_("下一步工作"), max_length=20000, blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=SummaryState.choices, default=SummaryState.DRAFT
    )
    figures = models.JSONField(_("数据（报送时固定）"), default=dict, blank=True)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("报送人"),
    )

    class Meta:
        ordering = ["-year", "jurisdiction__code"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year"], name="summaries_one_per_year")
        ]
        verbose_name = _("年度工作总结")
        verbose_name_plural = _("年度工作总结")

    def __str__(self) -> str:
        return f"{self.jurisdiction.name} {self.year}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.jurisdiction.path
