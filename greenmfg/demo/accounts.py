"""Demo organisations and accounts for a demo deployment (``make run``).

Guangzhou's cast: the Guangzhou bureau, the Tianhe and Yuexiu district bureaus, the
Guangdong department, MIIT, an enterprise in each district, an agency, an expert, a
platform administrator and a platform auditor. All share one demo password, printed by
``make run``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from greenmfg.core.vocabulary import Role
from greenmfg.jurisdictions.models import IndustryCode, Jurisdiction
from greenmfg.parties.models import Authority, Organisation, OrganisationKind, User
from greenmfg.parties.uscc import make_simulated_uscc

DEMO_PASSWORD = "GreenMfg-Demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    real_name: str
    belongs_to: str
    description: str


def _org(
    name: str, kind: str, district: str, industry: str | None, seed: int, legal: str
) -> Organisation:
    j = Jurisdiction.objects.get(code=district)
    org, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind,
            "uscc": make_simulated_uscc(district, random.Random(seed)),
            "legal_representative": legal,
            "registered_division": j,
            "production_division": j,
            "registered_address": "演示地址1号",
            "production_address": "演示地址1号",
            "industry": IndustryCode.objects.filter(code=industry).first() if industry else None,
            "scale": "medium" if kind == OrganisationKind.ENTERPRISE else "",
        },
    )
    return org


@transaction.atomic
def create_demo_accounts(password: str = DEMO_PASSWORD) -> list[DemoAccount]:
    """Create (or reset the password of) the demo accounts; returns them for printing.

    Requires the reference data (``greenmfg setup``).
    """
    lvyuan = _org(
        "广州绿源精密制造有限公司", OrganisationKind.ENTERPRISE, "440106", "3484", 1, "陈建华"
    )
    yuexiu = _org(
        "广州越秀新材料科技有限公司", OrganisationKind.ENTERPRISE, "440104", "2669", 2, "黄丽"
    )
    agency = _org("广州中绿认证评价有限公司", OrganisationKind.AGENCY, "440106", None, 3, "王立")

    def authority(code: str) -> Authority:
        return Authority.objects.get(jurisdiction__code=code)

    specs = [
        ("admin", Role.ADMIN, "平台管理员", None, None, "platform administrator (Django admin)"),
        ("miit", Role.NATIONAL, "工信部演示用户", None, authority("000000"), "national official"),
        (
            "guangdong",
            Role.PROVINCE,
            "广东省厅演示用户",
            None,
            authority("440000"),
            "Guangdong provincial official",
        ),
        (
            "guangzhou",
            Role.CITY,
            "广州市局演示用户",
            None,
            authority("440100"),
            "Guangzhou city official: conformity review, city review, notice, publication",
        ),
        (
            "tianhe",
            Role.DISTRICT,
            "天河区局演示用户",
            None,
            authority("440106"),
            "Tianhe district official: preliminary reviews, recommendation",
        ),
        (
            "yuexiu",
            Role.DISTRICT,
            "越秀区局演示用户",
            None,
            authority("440104"),
            "Yuexiu district official (sees Yuexiu only)",
        ),
        (
            "lvyuan",
            Role.ENTERPRISE,
            "陈经理",
            lvyuan,
            None,
            "enterprise in Tianhe: registration, report, application",
        ),
        ("yuexiu_ent", Role.ENTERPRISE, "黄经理", yuexiu, None, "enterprise in Yuexiu"),
        ("agency", Role.AGENCY, "王评价师", agency, None, "third-party evaluation agency"),
        ("expert", Role.EXPERT, "刘专家", None, None, "expert"),
        (
            "auditor",
            Role.AUDITOR,
            "审计员演示用户",
            None,
            None,
            "platform auditor: reads the audit record (/audit/), changes nothing",
        ),
    ]
    departments = [
        ("gz_fgw", "发改"),
        ("gz_sthj", "生态环境"),
        ("gz_yjgl", "应急管理"),
        ("gz_scjg", "市场监管"),
        ("gz_sw", "税务"),
    ]
    out = []
    for username, role, real_name, org, auth, desc in specs:
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.real_name = real_name
        user.organisation = org
        user.authority = auth
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.email = f"{username}@demo.greenmfg.local"
        user.set_password(password)
        user.save()
        out.append(DemoAccount(username, role, real_name, str(org or auth or "—"), desc))
    for username, dept in departments:
        user, _ = User.objects.get_or_create(username=username)
        user.role, user.department, user.authority = Role.DEPARTMENT, dept, authority("440100")
        user.real_name = f"广州市{dept}部门联络员"
        user.organisation = None
        user.set_password(password)
        user.save()
        out.append(
            DemoAccount(
                username,
                Role.DEPARTMENT,
                user.real_name,
                "广州市",
                f"department consulted by Guangzhou ({dept})",
            )
        )
    return out
