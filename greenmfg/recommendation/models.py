"""What recommending a unit upward needs besides its listing: quotas (名额),
department consultation (征求意见), and the incentives recorded at publication."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import ListType


class Quota(PublicIdModel):
    """名额: how many units of a list type one jurisdiction (a province) may recommend
    into a campaign (001 三: national factory quotas follow the number of above-scale
    industrial enterprises; parks and supply chains unlimited)."""

    campaign = models.ForeignKey(
        "selection.Campaign", on_delete=models.CASCADE, related_name="quotas"
    )
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="quotas"
    )
    list_type = models.CharField(_("名单类型"), max_length=20, choices=ListType.choices)
    quota = models.PositiveIntegerField(_("名额"))
    basis = models.CharField(_("依据"), max_length=300, blank=True)

    class Meta:
        ordering = ["jurisdiction__code", "list_type"]
        verbose_name = _("推荐名额")
        verbose_name_plural = _("推荐名额")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "jurisdiction", "list_type"],
                name="one_quota_per_campaign_jurisdiction_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.get_list_type_display()} {self.quota}"


class ConsultationState(models.TextChoices):
    OPEN = "open", _("征求意见中")
    CLOSED = "closed", _("已结束")


#: a consultation closes once every opinion is in and no objection is left unresolved
CONSULTATION_TRANSITIONS: dict[str, set[str]] = {
    ConsultationState.OPEN: {ConsultationState.CLOSED},
    ConsultationState.CLOSED: set(),
}


class Consultation(PublicIdModel):
    """征求意见: the recommending authority asks one department (生态环境, 应急管理, 市场监管,
    发改, 税务 …) for its opinion on each unit it intends to recommend into a level
    (004 第十一条; 000 第十三条、第十五条; 003 第十二条; 001 三)."""

    campaign = models.ForeignKey(
        "selection.Campaign", on_delete=models.PROTECT, related_name="consultations"
    )
    authority = models.ForeignKey(
        "parties.Authority", on_delete=models.PROTECT, related_name="consultations"
    )
    department = models.CharField(_("部门"), max_length=40)
    sent_on = models.DateField(_("发出日期"))
    due_on = models.DateField(_("反馈截止日期"))
    citation = models.CharField(_("依据"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=10, choices=ConsultationState.choices, default=ConsultationState.OPEN
    )

    class Meta:
        ordering = ["-sent_on", "department"]
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")

    def __str__(self) -> str:
        return f"{self.authority} → {self.department}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.authority.jurisdiction.path


class OpinionKind(models.TextChoices):
    PENDING = "pending", _("待反馈")
    NO_OBJECTION = "no_objection", _("无意见")
    OBJECTION = "objection", _("有意见")


#: the department answers once (004 第十一条)
OPINION_TRANSITIONS: dict[str, set[str]] = {
    OpinionKind.PENDING: {OpinionKind.NO_OBJECTION, OpinionKind.OBJECTION},
    OpinionKind.NO_OBJECTION: set(),
    OpinionKind.OBJECTION: set(),
}
#: resolving an objection keeps its kind (有意见) and sets ``resolved``; the move
#: objection → objection is the compare-and-set on the opinion's version
OPINION_RESOLUTION_TRANSITIONS: dict[str, set[str]] = {
    OpinionKind.OBJECTION: {OpinionKind.OBJECTION},
}


class Opinion(PublicIdModel):
    """One department's opinion on one unit; an objection blocks the unit's
    recommendation until the recommending authority records its resolution."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="opinions"
    )
    unit = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="department_opinions"
    )
    listing = models.ForeignKey(
        "register.Listing",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="department_opinions",
    )
    kind = models.CharField(
        _("意见"), max_length=14, choices=OpinionKind.choices, default=OpinionKind.PENDING
    )
    reason = models.TextField(_("理由"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="opinions/%Y/%m/", blank=True)
    answered_by = models.CharField(_("反馈人"), max_length=200, blank=True)
    answered_on = models.DateField(_("反馈日期"), null=True, blank=True)
    resolved = models.BooleanField(_("意见已处理"), default=False)
    resolution = models.TextField(_("处理情况"), blank=True)

    class Meta:
        ordering = ["unit__name"]
        verbose_name = _("部门意见")
        verbose_name_plural = _("部门意见")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "unit"], name="one_opinion_per_unit_and_consultation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation.department} · {self.unit} · {self.get_kind_display()}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path

    @property
    def blocks(self) -> bool:
        return self.kind == OpinionKind.OBJECTION and not self.resolved


class RewardState(models.TextChoices):
    DUE = "due", _("待兑现")
    PAID = "paid", _("已兑现")


class Reward(PublicIdModel):
    """One-time reward for a unit listed at a level (002 第二十三条: 对各层面认定的绿色制造名单
    单位给予一次性资金奖励), recorded at publication by the unit's city and exportable."""

    listing = models.OneToOneField(
        "register.Listing", on_delete=models.PROTECT, related_name="reward"
    )
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.PROTECT, related_name="rewards"
    )
    level = models.CharField(_("层级"), max_length=12)
    state = models.CharField(
        _("状态"), max_length=6, choices=RewardState.choices, default=RewardState.DUE
    )
    amount = models.DecimalField(
        _("金额（万元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    citation = models.CharField(_("依据"), max_length=200)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("一次性奖励")
        verbose_name_plural = _("一次性奖励")

    def __str__(self) -> str:
        return f"{self.listing} · {self.level}"
