"""Parties: organisations (enterprises, parks, agencies), authorities, users and roles."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.models import PublicIdModel
from greenmfg.core.vocabulary import Role
from greenmfg.parties.names import normalise_name
from greenmfg.parties.uscc import validate_uscc


def uscc_validator(value: str) -> None:
    """Django validator for 统一社会信用代码 (GB 32100-2015 check digit)."""
    problem = validate_uscc(value)
    if problem:
        raise ValidationError(problem, code="uscc")


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    PARK = "park", _("园区管理机构")
    AGENCY = "agency", _("第三方评价机构")


class EnterpriseScale(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class ParkLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    OTHER = "other", _("其他")


class Organisation(PublicIdModel):
    """A legal entity on the platform: an enterprise (企业), a park's unified
    management body (园区管理机构) or a third-party evaluation agency (第三方评价机构).

    ``registered_division`` and ``production_division`` are district-level
    jurisdictions (division codes); scoping follows ``registered_division``.
    """

    kind = models.CharField(_("主体类型"), max_length=12, choices=OrganisationKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    #: ``normalise_name(name)``, stored so that linking listings to organisations is an
    #: indexed join and not 500,000 normalisations per run (issue 13); kept by
    #: :meth:`save` and ``parties.services.organisation_rename``; rows written in bulk
    #: without it (``""``) are filled by ``parties.services.refresh_name_keys``
    name_key = models.TextField(
        _("名称匹配键"), blank=True, default="", db_default="", editable=False, db_index=True
    )
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[uscc_validator],
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    registered_division = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="registered_organisations",
        verbose_name=_("注册地（区县）"),
    )
    registered_address = models.CharField(_("注册地址"), max_length=300, blank=True)
    production_division = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="producing_organisations",
        verbose_name=_("生产地（区县）"),
    )
    production_address = models.CharField(_("生产地址"), max_length=300, blank=True)
    industry = models.ForeignKey(
        "jurisdictions.IndustryCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("所属行业"),
    )
    scale = models.CharField(
        _("企业规模"), max_length=10, choices=EnterpriseScale.choices, blank=True
    )
    is_independent_legal_entity = models.BooleanField(
        _("独立法人或视同法人的独立核算单位"), default=True
    )
    park_level = models.CharField(
        _("园区级别"), max_length=12, choices=ParkLevel.choices, blank=True
    )
    established_on = models.DateField(_("成立日期"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("主体")
        verbose_name_plural = _("主体")
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Keep ``name_key`` (the normalised name) with the name."""
        self.name_key = normalise_name(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def audit_jurisdiction_path(self) -> str:
        return self.registered_division.path


class Authority(PublicIdModel):
    """The industry-and-IT authority (工信主管部门) of one jurisdiction."""

    jurisdiction = models.OneToOneField(
        "jurisdictions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="authority",
        verbose_name=_("辖区"),
    )
    name = models.CharField(_("名称"), max_length=120)

    class Meta:
        ordering = ["jurisdiction__code"]
        verbose_name = _("主管部门")
        verbose_name_plural = _("主管部门")

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return self.jurisdiction.level


ORGANISATION_ROLES = {Role.ENTERPRISE: "enterprise", Role.PARK: "park", Role.AGENCY: "agency"}
OFFICIAL_ROLES = {
    Role.DISTRICT: "district",
    Role.CITY: "city",
    Role.PROVINCE: "province",
    Role.NATIONAL: "national",
}


class GreenUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{self.model.USERNAME_FIELD: username})


class User(AbstractUser):
    """A platform user with one role; organisation users belong to an organisation,
    officials to the authority of their jurisdiction."""

    uuid = models.UUIDField(_("公开标识"), default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices, default=Role.ENTERPRISE)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属主体"),
    )
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属主管部门"),
    )
    real_name = models.CharField(_("姓名"), max_length=60, blank=True)
    department = models.CharField(
        _("部门"), max_length=40, blank=True, help_text=_("征求意见部门用户所属部门，如“生态环境”")
    )
    phone = models.CharField(_("电话"), max_length=30, blank=True)

    objects = GreenUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def clean(self) -> None:
        super().clean()
        problems = role_problems(self)
        if problems:
            raise ValidationError(problems)

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES

    @property
    def audit_label(self) -> str:
        org = self.authority or self.organisation
        name = self.real_name or self.username
        return f"{name}（{org}）" if org else name


def role_problems(user: User) -> dict[str, str]:
    """Why ``user``'s role does not fit its organisation or authority (empty = fits)."""
    problems: dict[str, str] = {}
    if user.role in ORGANISATION_ROLES:
        if user.organisation is None:
            problems["organisation"] = str(_("企业、园区和评价机构用户须属于一个主体"))
        elif user.organisation.kind != ORGANISATION_ROLES[user.role]:
            problems["organisation"] = str(_("角色与所属主体类型不符"))
    if user.role == Role.DEPARTMENT and (user.authority is None or not user.department):
        problems["department"] = str(_("征求意见部门用户须属于一个辖区并写明部门"))
    if user.role == Role.AUDITOR and (user.organisation_id or user.department):
        # an auditor reads the audit record of an authority's jurisdiction (or of the
        # whole platform, without one) and belongs to no unit (等保 8.1.4.2 d 权限分离)
        problems["role"] = str(_("审计员不属于任何主体或部门"))
    if user.role in OFFICIAL_ROLES:
        if user.authority is None:
            problems["authority"] = str(_("政府用户须属于一个主管部门"))
        elif user.authority.jurisdiction.level != OFFICIAL_ROLES[user.role]:
            problems["authority"] = str(_("角色与主管部门层级不符"))
    return problems
