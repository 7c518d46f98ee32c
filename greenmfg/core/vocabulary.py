"""The shared vocabulary of the gradient (GLOSSARY.md), defined once with its labels.

Every app reads these enums and their groups; no app re-declares a list type, a list
level, an evaluation route or a credit-record kind, nor maps list levels to the level
of the jurisdiction that publishes them by hand.

Articles: list types and levels, 000 第三条, 002 第二条, 003 第二条, 004 第三条; the
evaluation routes, 001 一; the credit-record kinds, the six disqualifying conditions
(000 第十七条, 002 第十一条, 003 第十条, 004 第十二条).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListType(models.TextChoices):
    """名单类型 (GLOSSARY)."""

    FACTORY = "factory", _("绿色工厂")
    PARK = "park", _("绿色工业园区")
    SUPPLY_CHAIN = "supply_chain", _("绿色供应链管理企业")
    DESIGN_PRODUCT = "design_product", _("绿色设计产品")

    @classmethod
    def dynamic_form_types(cls) -> tuple[str, ...]:
        """List types whose listed units file the annual dynamic form (动态管理表; Fujian
        publishes three versions of the table: factory, park, supply chain, 002 第十七条)."""
        return (cls.FACTORY, cls.PARK, cls.SUPPLY_CHAIN)


class Level(models.TextChoices):
    """List levels (GLOSSARY: 国家级 / 省级 / 市级), lowest first."""

    MUNICIPAL = "municipal", _("市级")
    PROVINCIAL = "provincial", _("省级")
    NATIONAL = "national", _("国家级")

    @classmethod
    def for_jurisdiction_level(cls, jurisdiction_level: str) -> str | None:
        """The list level a jurisdiction of ``jurisdiction_level`` (``city``,
        ``province``, ``national``) publishes; ``None`` for a district."""
        return JURISDICTION_LIST_LEVEL.get(jurisdiction_level)

    @classmethod
    def rank(cls, level: str) -> int:
        """0 for municipal, 1 provincial, 2 national; -1 for anything else."""
        order = [c.value for c in cls]
        return order.index(level) if level in order else -1


#: list level -> level of the jurisdiction that publishes it (jurisdictions.JurisdictionLevel)
LIST_LEVEL_JURISDICTION: dict[str, str] = {
    Level.MUNICIPAL: "city",
    Level.PROVINCIAL: "province",
    Level.NATIONAL: "national",
}
#: jurisdiction level -> list level it publishes
JURISDICTION_LIST_LEVEL: dict[str, str] = {v: k for k, v in LIST_LEVEL_JURISDICTION.items()}


class EvaluationRoute(models.TextChoices):
    """评价方式: self-evaluation or third-party evaluation (001 一; 004 第十条)."""

    SELF = "self", _("自评价")
    THIRD_PARTY = "third_party", _("第三方评价")


class CreditRecordKind(models.TextChoices):
    """Kinds of record, grouped by the six conditions (e.g. 004 第十二条(一)–(六))."""

    DEREGISTERED = "deregistered", _("工商注销")
    PRODUCTION_STOPPED = "production_stopped", _("连续停产12个月以上")
    ABNORMAL_OPERATION_LIST = "abnormal_operation_list", _("列入经营异常名单")
    SAFETY_ACCIDENT = "safety_accident", _("安全事故")
    QUALITY_ACCIDENT = "quality_accident", _("质量事故")
    ENVIRONMENTAL_ACCIDENT = "environmental_accident", _("环境污染事故")
    CYBER_DATA_SECURITY_INCIDENT = "cyber_data_security_incident", _("网络安全、数据安全事故")
    TAX_EVASION = "tax_evasion", _("偷漏税")
    OTHER_VIOLATION = "other_violation", _("其他违法违规行为")
    GREEN_LIST_REMOVAL = "green_list_removal", _("被动态调整出绿色制造名单")
    INSPECTION_SERIOUS_PROBLEM = "inspection_serious_problem", _("督查发现严重问题")
    ENERGY_SUPERVISION_RECTIFICATION = (
        "energy_supervision_rectification",
        _("列入工业节能监察整改名单"),
    )
    DISHONEST_JUDGMENT_DEBTOR = "dishonest_judgment_debtor", _("失信被执行人")


class ReviewStep(models.TextChoices):
    """Review steps a ruleset names (``pool.review_steps``, ``selection.<level>.review_steps``;
    004 第九条、第十条, 002 第十五条, 003 第十二条, 000 第十三条); who performs each is
    :data:`greenmfg.parties.roles.STEP_ROLES`."""

    DISTRICT_PRELIMINARY_REVIEW = "district_preliminary_review", _("区县初审")
    CITY_CONFORMITY_REVIEW = "city_conformity_review", _("市级符合性审核")
    #: 000 第七条: the city builds its pool and files it with the province (报送省厅备案)
    CITY_FILING = "city_filing", _("市级入库并报省备案")
    #: 000 第七条: the province lists the candidates (省工业和信息化厅列为培育对象)
    PROVINCE_DESIGNATION = "province_designation", _("省级列为培育对象")
    CITY_REVIEW = "city_review", _("市级评审")
    PROVINCE_REVIEW = "province_review", _("省级评审")
    NATIONAL_REVIEW = "national_review", _("国家级评审")


class ReviewDecision(models.TextChoices):
    """The outcome of a review step (E2: one review helper for every review)."""

    APPROVE = "approve", _("通过")
    RETURN = "return", _("退回修改")
    REJECT = "reject", _("不通过")


class Role(models.TextChoices):
    """Roles of the platform's users (GLOSSARY: 企业、园区、第三方评价机构、各级工信主管部门 …)."""

    ENTERPRISE = "enterprise", _("企业用户")
    PARK = "park", _("园区用户")
    AGENCY = "agency", _("第三方评价机构用户")
    DISTRICT = "district", _("区县工信部门")
    CITY = "city", _("市工信部门")
    PROVINCE = "province", _("省工信部门")
    NATIONAL = "national", _("工业和信息化部")
    EXPERT = "expert", _("专家")
    DEPARTMENT = "department", _("征求意见部门")
    ADMIN = "admin", _("平台管理员")
    AUDITOR = "auditor", _("审计员")

    @classmethod
    def official_roles(cls) -> tuple[str, ...]:
        """Officials of the 工信主管部门 at each level (district → nation)."""
        return (cls.DISTRICT, cls.CITY, cls.PROVINCE, cls.NATIONAL)

    @classmethod
    def unit_roles(cls) -> tuple[str, ...]:
        """Users acting for a unit that is cultivated and listed (enterprise, park)."""
        return (cls.ENTERPRISE, cls.PARK)
