"""Models of the random spot checks (双随机、一公开): the inspector pool, the draw and
its drawn units (000 第二十条, 002 第十九条, 003 第十六条, 004 第十四条)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel


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
    anyone can repeat the draw (method in :mod:`greenmfg.supervision.spot_checks.services`)."""

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


#: a drawn unit's result is recorded once, from pending (the published result is not
#: overwritten: 000 第二十条 抽查结果向社会公开)
SPOT_RESULT_TRANSITIONS: dict[str, set[str]] = {
    SpotResult.PENDING: {SpotResult.CONFORMING, SpotResult.NONCONFORMING, SpotResult.REFUSED},
}
#: a recorded result corrected by the drawing authority, with a written reason (its own
#: audited transition, ``spot_check.correct``)
SPOT_RESULT_CORRECTIONS: dict[str, set[str]] = {
    recorded: {r for r in SPOT_RESULT_TRANSITIONS[SpotResult.PENDING] if r != recorded}
    for recorded in SPOT_RESULT_TRANSITIONS[SpotResult.PENDING]
}


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
    def pending(self) -> bool:
        return self.result == SpotResult.PENDING

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path
