"""The horizontal half of the gradient (000 第三条, 002 第二条, 003 第二条, 004 第三条):
a green industrial park's member enterprises (园区内企业) and a supply-chain lead's
suppliers (供应商), the cultivation plans behind them (培育计划: 000 第九条(二)、第十条(二);
002 第九条(二); 003 第八条(二); 004 第七条(二)2) and the lead's pilot status (001 二(三)).

A member is named by its unified social credit code: it may not have an account yet.
The owner (the park's management body or the lead enterprise) invites; the member
accepts or declines from its own account; the owner ends a membership. Every move goes
through ``apply_transition`` (``MEMBERSHIP_TRANSITIONS``) and is audited.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import ListType


class NetworkKind(models.TextChoices):
    """园区内企业 (a park's members) or 供应商 (a supply-chain lead's suppliers)."""

    PARK = "park", _("园区内企业")
    SUPPLY_CHAIN = "supply_chain", _("供应商")

    @classmethod
    def for_list_type(cls, list_type: str) -> str | None:
        """The network behind a list type (park → park, supply_chain → supply_chain)."""
        return {ListType.PARK: cls.PARK, ListType.SUPPLY_CHAIN: cls.SUPPLY_CHAIN}.get(list_type)


class MembershipState(models.TextChoices):
    INVITED = "invited", _("待确认")
    ACCEPTED = "accepted", _("已确认")
    DECLINED = "declined", _("已谢绝")
    ENDED = "ended", _("已终止")

    @classmethod
    def open_states(cls) -> tuple[str, ...]:
        """States in which the (owner, kind, code) is taken: invited or accepted."""
        return (cls.INVITED, cls.ACCEPTED)


MEMBERSHIP_TRANSITIONS: dict[str, set[str]] = {
    MembershipState.INVITED: {
        MembershipState.ACCEPTED,
        MembershipState.DECLINED,
        MembershipState.ENDED,
    },
    MembershipState.ACCEPTED: {MembershipState.ENDED},
    MembershipState.DECLINED: set(),
    MembershipState.ENDED: set(),
}


class Membership(PublicIdModel):
    """One enterprise in a park (``kind`` park) or in a lead's supply chain (``kind``
    supply_chain, with its ``tier``: 1 = direct supplier), from ``since`` until ``until``
    (open-ended when empty). Counts for the park's eligibility, progress and ranking only
    once ``accepted`` and while the dates run."""

    owner = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="network_memberships",
        verbose_name=_("园区或链主企业"),
    )
    kind = models.CharField(_("类别"), max_length=16, choices=NetworkKind.choices)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("企业名称"), max_length=200)
    member = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships_held",
        verbose_name=_("平台上的企业"),
    )
    tier = models.PositiveSmallIntegerField(_("供应商层级"), null=True, blank=True)
    since = models.DateField(_("起始日期"))
    until = models.DateField(_("终止日期"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=MembershipState.choices, default=MembershipState.INVITED
    )
    invited_on = models.DateField(_("邀请日期"))
    decided_on = models.DateField(_("确认或谢绝日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止操作日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["owner_id", "kind", "name", "id"]
        verbose_name = _("园区企业或供应商")
        verbose_name_plural = _("园区企业或供应商")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "uscc"],
                condition=Q(state__in=["invited", "accepted"]),
                name="one_open_membership_per_owner_kind_uscc",
            )
        ]
        indexes = [models.Index(fields=["uscc", "state"]), models.Index(fields=["owner", "kind"])]

    def __str__(self) -> str:
        return f"{self.owner} · {self.name}"

    def runs_on(self, day) -> bool:
        """Accepted, and ``day`` within [since, until]."""
        return (
            self.state == MembershipState.ACCEPTED
            and self.since <= day
            and (self.until is None or day <= self.until)
        )

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.owner.registered_division.path


def running_on(day) -> Q:
    """The memberships that count on ``day`` (accepted, within their dates)."""
    return Q(state=MembershipState.ACCEPTED, since__lte=day) & (
        Q(until__isnull=True) | Q(until__gte=day)
    )


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


PLAN_TRANSITIONS: dict[str, set[str]] = {
    PlanState.DRAFT: {PlanState.PUBLISHED},
    PlanState.PUBLISHED: {PlanState.WITHDRAWN},
    PlanState.WITHDRAWN: set(),
}


class CultivationPlan(PublicIdModel):
    """园区绿色工厂培育计划 / 供应商绿色工厂培育计划: the members or suppliers it names,
    targets per year and level (:class:`PlanTarget`), the measures; current while
    published and the year lies within [year_from, year_to]."""

    owner = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="cultivation_plans",
        verbose_name=_("园区或链主企业"),
    )
    kind = models.CharField(_("类别"), max_length=16, choices=NetworkKind.choices)
    title = models.CharField(_("计划名称"), max_length=200)
    year_from = models.PositiveSmallIntegerField(_("起始年度"))
    year_to = models.PositiveSmallIntegerField(_("截止年度"))
    measures = models.TextField(_("培育措施"), blank=True)
    members = models.ManyToManyField(
        Membership, blank=True, related_name="plans", verbose_name=_("纳入计划的企业")
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=PlanState.choices, default=PlanState.DRAFT
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)

    class Meta:
        ordering = ["-year_from", "-id"]
        verbose_name = _("培育计划")
        verbose_name_plural = _("培育计划")

    def __str__(self) -> str:
        return self.title

    def is_current_on(self, day) -> bool:
        return (
            self.state == PlanState.PUBLISHED
            and self.published_on is not None
            and self.published_on <= day
            and self.year_from <= day.year <= self.year_to
        )

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.owner.registered_division.path


class TargetLevel(models.TextChoices):
    """The gradient levels a plan sets targets for (how many members reach each)."""

    POOL = "pool", _("入库培育")
    MUNICIPAL = "municipal", _("市级绿色工厂")
    PROVINCIAL = "provincial", _("省级绿色工厂")
    NATIONAL = "national", _("国家级绿色工厂")


class PlanTarget(models.Model):
    """A plan's target: ``count`` members at ``level`` or above by the end of ``year``."""

    plan = models.ForeignKey(CultivationPlan, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("梯度层级"), max_length=12, choices=TargetLevel.choices)
    count = models.PositiveIntegerField(_("目标数量"))

    class Meta:
        ordering = ["year", "level"]
        verbose_name = _("培育目标")
        verbose_name_plural = _("培育目标")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "level"], name="one_target_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_level_display()} {self.count}"


class LeadProfile(models.Model):
    """What the notices favour in a supply-chain lead besides its suppliers: the
    汽车产品生产者责任延伸试点 status (001 二(三) 优先支持)."""

    organisation = models.OneToOneField(
        "parties.Organisation", on_delete=models.CASCADE, related_name="lead_profile"
    )
    epr_pilot = models.BooleanField(_("汽车产品生产者责任延伸试点企业"), default=False)
    epr_pilot_document = models.CharField(_("试点文件"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("链主企业试点信息")
        verbose_name_plural = _("链主企业试点信息")

    def __str__(self) -> str:
        return str(self.organisation)
