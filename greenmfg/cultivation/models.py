"""The cultivation pool (培育库): registration forms and candidates."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import ListType


class EnergyEfficiencyLevel(models.TextChoices):
    """Energy-efficiency attainment of a factory (003 第七条(二); 000 第十六条)."""

    BENCHMARK = "benchmark", _("达到能效标杆水平（重点领域）")
    QUOTA_ADVANCED = "quota_advanced", _("达到能源消耗限额标准先进值")
    QUOTA_LEVEL_1 = "quota_level_1", _("达到能源消耗限额标准1级")
    NONE = "none", _("未达到")


class ManagementSystem(models.TextChoices):
    """Certified management systems (管理体系认证情况)."""

    QUALITY = "quality", _("质量管理体系（GB/T 19001）")
    ENVIRONMENT = "environment", _("环境管理体系（GB/T 24001）")
    ENERGY = "energy", _("能源管理体系（GB/T 23331）")
    OHS = "ohs", _("职业健康安全管理体系（GB/T 45001）")


class RegistrationState(models.TextChoices):
    """States of a registration (004 第九条); the groups below are the only lists of
    states the code reads (LAYOUT.md E3)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待审核")
    PRELIMINARY_APPROVED = "preliminary_approved", _("初审通过，待符合性审核")
    ACCEPTED = "accepted", _("已入库（培育对象）")
    RETURNED = "returned", _("已退回修改")
    REJECTED = "rejected", _("不予入库")

    @classmethod
    def editable_states(cls) -> tuple[str, ...]:
        """States in which the unit may still change and submit the form (004 第九条:
        a draft, or returned for changes)."""
        return (cls.DRAFT, cls.RETURNED)

    @classmethod
    def unit_todo_states(cls) -> tuple[str, ...]:
        """States in which the unit has to act (fill in, or amend and resubmit)."""
        return cls.editable_states()

    @classmethod
    def review_states(cls) -> tuple[str, ...]:
        """States in which a review step is pending (004 第九条: district preliminary
        review, then the city's conformity review)."""
        return (cls.SUBMITTED, cls.PRELIMINARY_APPROVED)

    @classmethod
    def open_states(cls) -> tuple[str, ...]:
        """States of a registration not yet decided (at most one per unit, list type
        and product): editable or under review."""
        return (cls.DRAFT, cls.SUBMITTED, cls.PRELIMINARY_APPROVED, cls.RETURNED)


#: the explicit transition table of a registration (004 第九条)
REGISTRATION_TRANSITIONS: dict[str, set[str]] = {
    RegistrationState.DRAFT: {RegistrationState.SUBMITTED},
    RegistrationState.RETURNED: {RegistrationState.SUBMITTED},
    RegistrationState.SUBMITTED: {
        RegistrationState.PRELIMINARY_APPROVED,
        RegistrationState.ACCEPTED,
        RegistrationState.RETURNED,
        RegistrationState.REJECTED,
    },
    RegistrationState.PRELIMINARY_APPROVED: {
        RegistrationState.ACCEPTED,
        RegistrationState.RETURNED,
        RegistrationState.REJECTED,
    },
    RegistrationState.ACCEPTED: set(),
    RegistrationState.REJECTED: set(),
}


class Registration(PublicIdModel):
    """梯度培育信息登记表 (004 附件6; 002 基本信息表): a unit's request to enter the
    cultivation pool of ``jurisdiction`` for one list type. Once accepted the unit is a
    candidate (培育对象) from ``valid_from`` to ``valid_until`` (004 第九条: 3 years).

    The form's fields follow what the seeds imply (STANDARDS_TABLES.md §7): basic
    information, industry, scale, energy use, 清洁生产企业 status and validity,
    management systems, titles held, cultivation plan, contact; park and supply-chain
    conditions (004 第七条(二)(三)). Amounts are in 万元, energy in tce.
    """

    unit = models.ForeignKey(
        "parties.Organisation",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("申请单位"),
    )
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("培育库所属辖区"),
    )
    list_type = models.CharField(_("拟创建类别"), max_length=20, choices=ListType.choices)
    year = models.PositiveSmallIntegerField(_("登记年度"))
    state = models.CharField(
        _("状态"), max_length=24, choices=RegistrationState.choices, default=RegistrationState.DRAFT
    )
    # basic information (snapshot at submission)
    unit_name = models.CharField(_("企业（园区）名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    unit_nature = models.CharField(_("单位性质"), max_length=40, blank=True)
    main_products = models.CharField(_("主要产品"), max_length=500, blank=True)
    output_value = models.DecimalField(
        _("上年度工业总产值（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    energy_consumption = models.DecimalField(
        _("上年度综合能源消费量（吨标准煤）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # design products (003 第十条)
    product_name = models.CharField(_("产品名称"), max_length=200, blank=True)
    product_model = models.CharField(_("产品型号"), max_length=200, blank=True)
    product_standard = models.CharField(_("适用的产品评价标准"), max_length=300, blank=True)
    # entry conditions (004 第七条; 003 第七条)
    energy_efficiency_level = models.CharField(
        _("能效水平"), max_length=20, choices=EnergyEfficiencyLevel.choices, blank=True
    )
    is_manufacturer = models.BooleanField(_("从事实际生产的制造型企业"), default=False)
    clean_production_certified = models.BooleanField(_("清洁生产企业（有效期内）"), default=False)
    clean_production_certificate_no = models.CharField(
        _("清洁生产企业认定文号"), max_length=120, blank=True
    )
    clean_production_valid_until = models.DateField(
        _("清洁生产企业有效期至"), null=True, blank=True
    )
    management_systems = models.JSONField(_("管理体系认证情况"), default=list, blank=True)
    titles_held = models.CharField(
        _("已获绿色制造称号（类别、层级、年度）"), max_length=500, blank=True
    )
    cultivation_plan = models.TextField(_("培育计划与目标、绿色化改造项目"), blank=True)
    # park (004 第七条(二))
    park_industrial_value_added_share = models.DecimalField(
        _("工业增加值占比（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    park_has_legal_boundary = models.BooleanField(_("具有法定边界和范围"), default=False)
    park_has_management_body = models.BooleanField(_("具备统一管理机构"), default=False)
    park_plan_published = models.BooleanField(_("已发布园区绿色工厂培育计划"), default=False)
    # supply chain (004 第七条(三))
    supplier_plan = models.BooleanField(_("已制定供应商绿色工厂培育计划"), default=False)
    # contact and commitment
    contact_name = models.CharField(_("联系人"), max_length=60)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    commitment = models.BooleanField(_("承诺所填信息真实、准确"), default=False)
    # outcome
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    valid_from = models.DateField(_("培育对象有效期起"), null=True, blank=True)
    valid_until = models.DateField(_("培育对象有效期至"), null=True, blank=True)
    last_decision = models.TextField(_("最近审核意见"), blank=True)
    pending_role = models.CharField(_("待办角色"), max_length=12, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("培育信息登记")
        verbose_name_plural = _("培育信息登记")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "list_type", "product_name"],
                condition=Q(state__in=list(RegistrationState.open_states())),
                name="one_open_registration_per_unit_and_list_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} · {self.get_list_type_display()} · {self.year}"

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.unit.registered_division.path

    @property
    def management_system_labels(self) -> list[str]:
        """Labels of the certified management systems, in the active language."""
        labels = dict(ManagementSystem.choices)
        return [str(labels.get(code, code)) for code in self.management_systems]

    @property
    def is_accepted(self) -> bool:
        """Admitted to the pool (the unit is a candidate while the validity runs)."""
        return self.state == RegistrationState.ACCEPTED

    @property
    def is_editable(self) -> bool:
        """The unit may still change and submit the form (a draft, or returned)."""
        return self.state in RegistrationState.editable_states()

    def is_candidate_on(self, day) -> bool:
        """True when accepted and ``day`` lies in the validity period."""
        return (
            self.state == RegistrationState.ACCEPTED
            and self.valid_from is not None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )
