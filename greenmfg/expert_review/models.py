"""Expert review (专家评审): the city or province has experts score each application
before it decides (003 第十二条 “组织专家对各县区推荐的工厂进行评审”; 004 第十条
“组织评审”; 000 第十三条、第十四条 “组织专家或委托第三方机构（未参与本省企业评价工作）
审核”, A/B/C).

``ExpertProfile`` holds what the conflict-of-interest rules
(``expert_review.<level>.conflict_rules``) are checked against; ``ExpertReview`` is
one application's expert review (open until every assigned expert has scored, then
completed with the aggregate); ``ExpertAssignment`` is one expert's task and score.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import Role


class ExpertProfile(PublicIdModel):
    """专家档案: an expert user's home jurisdiction, speciality and the links that make
    the expert conflicted: ``affiliations`` (employers and clients: an applicant or
    its evaluation agency among them → 回避) and ``evaluated_in`` (provinces where the
    expert took part in enterprise evaluation work, 000 第十三条)."""

    user = models.OneToOneField(
        "parties.User",
        on_delete=models.PROTECT,
        related_name="expert_profile",
        limit_choices_to={"role": Role.EXPERT},
        verbose_name=_("专家用户"),
    )
    home_jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="home_experts",
        verbose_name=_("所在地"),
    )
    speciality = models.CharField(_("专业领域"), max_length=200, blank=True)
    affiliations = models.ManyToManyField(
        "parties.Organisation",
        blank=True,
        related_name="affiliated_experts",
        verbose_name=_("任职或服务的单位"),
        help_text=_("专家的工作单位及近年服务过的企业、园区或评价机构（回避审查依据）"),
    )
    evaluated_in = models.ManyToManyField(
        "jurisdictions.Jurisdiction",
        blank=True,
        related_name="evaluating_experts",
        verbose_name=_("参与过企业评价工作的省份"),
        help_text=_("000 第十三条：省级审核由未参与本省企业评价工作的专家或机构承担"),
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("专家档案")
        verbose_name_plural = _("专家档案")

    def __str__(self) -> str:
        return self.user.real_name or self.user.username

    def clean(self) -> None:
        super().clean()
        if self.user_id and self.user.role != Role.EXPERT:
            raise ValidationError({"user": _("只有专家角色的用户可以建立专家档案")})


class ReviewState(models.TextChoices):
    OPEN = "open", _("评审中")
    COMPLETED = "completed", _("评审完成")


REVIEW_TRANSITIONS = {ReviewState.OPEN: {ReviewState.COMPLETED}, ReviewState.COMPLETED: set()}


class ExpertReview(PublicIdModel):
    """One application's expert review: open while experts score it, completed with
    the aggregate score once all have (``expert_review.<level>.aggregation``)."""

    application = models.OneToOneField(
        "selection.Application",
        on_delete=models.PROTECT,
        related_name="expert_review",
        verbose_name=_("申报"),
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=ReviewState.choices, default=ReviewState.OPEN
    )
    experts_required = models.PositiveSmallIntegerField(_("评审专家人数"))
    experts_ref = models.CharField(_("人数依据"), max_length=200, blank=True)
    started_by = models.ForeignKey(
        "parties.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织人")
    )
    started_on = models.DateField(_("开始日期"))
    aggregate = models.DecimalField(
        _("专家综合得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    method = models.CharField(_("汇总方法"), max_length=20, blank=True)
    method_ref = models.CharField(_("汇总方法依据"), max_length=200, blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("专家评审")
        verbose_name_plural = _("专家评审")
        indexes = [models.Index(fields=["state", "aggregate"], name="expertreview_state_aggregate")]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_state_display()}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.application.unit.registered_division.path

    @property
    def is_completed(self) -> bool:
        return self.state == ReviewState.COMPLETED


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("待评分")
    SUBMITTED = "submitted", _("已提交评分")
    WITHDRAWN = "withdrawn", _("已撤回")


ASSIGNMENT_TRANSITIONS = {
    AssignmentState.ASSIGNED: {AssignmentState.SUBMITTED, AssignmentState.WITHDRAWN},
    AssignmentState.SUBMITTED: {AssignmentState.WITHDRAWN},
    AssignmentState.WITHDRAWN: set(),
}


class ExpertAssignment(PublicIdModel):
    """One expert's task: score one application (0–100) with comments. An expert
    sees only their own assignment until the review is completed."""

    review = models.ForeignKey(ExpertReview, on_delete=models.PROTECT, related_name="assignments")
    application = models.ForeignKey(
        "selection.Application",
        on_delete=models.PROTECT,
        related_name="expert_assignments",
        verbose_name=_("申报"),
    )
    expert = models.ForeignKey(
        "parties.User",
        on_delete=models.PROTECT,
        related_name="expert_assignments",
        verbose_name=_("专家"),
    )
    assigned_by = models.ForeignKey(
        "parties.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("分配人")
    )
    assigned_on = models.DateField(_("分配日期"))
    state = models.CharField(
        _("状态"),
        max_length=10,
        choices=AssignmentState.choices,
        default=AssignmentState.ASSIGNED,
    )
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=2, null=True, blank=True)
    comments = models.TextField(_("评审意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)

    class Meta:
        ordering = ["assigned_on", "id"]
        verbose_name = _("专家评审任务")
        verbose_name_plural = _("专家评审任务")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"],
                condition=~Q(state="withdrawn"),
                name="one_active_assignment_per_expert_and_application",
            )
        ]
        indexes = [models.Index(fields=["expert", "state"], name="expertassignment_expert_state")]

    def __str__(self) -> str:
        return f"{self.application} · {self.expert.real_name or self.expert.username}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.application.unit.registered_division.path
