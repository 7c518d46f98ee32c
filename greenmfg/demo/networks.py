"""The demo's horizontal half (issue 14): a Guangzhou park with member enterprises and a
supply-chain lead with suppliers at several gradient levels, each with a published
cultivation plan. Synthetic names; idempotent (run again, nothing is duplicated).

Members and suppliers are invited and confirmed through the networks services (so the
audit record shows it); their gradient status comes from synthetic records made
directly: green-factory listings on the demo lists and accepted pool registrations.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from greenmfg.core import clock
from greenmfg.core.vocabulary import Role
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.networks import services
from greenmfg.networks.models import CultivationPlan, Membership
from greenmfg.parties.models import Organisation, OrganisationKind, User
from greenmfg.parties.uscc import make_uscc
from greenmfg.register.models import GreenList, Listing, ListingStatus, ListSource

#: (name, status) of the park's members and the lead's suppliers (tier)
PARK_MEMBERS = [
    ("广州天河演示电子科技有限公司", "national"),
    ("广州天河演示新能源有限公司", "provincial"),
    ("广州天河演示精密机械有限公司", "municipal"),
    ("广州天河演示食品有限公司", "municipal"),
    ("广州天河演示包装材料有限公司", "candidate"),
    ("广州天河演示塑胶制品有限公司", "not_in_pool"),
    ("广州天河演示五金有限公司", "removed"),
]
SUPPLIERS = [
    ("广州番禺演示汽车座椅有限公司", "provincial", 1),
    ("广州黄埔演示汽车电子有限公司", "municipal", 1),
    ("广州花都演示铸造有限公司", "candidate", 2),
    ("广州白云演示线束有限公司", "not_in_pool", 2),
]
DISTRICTS = {"广州番禺": "440113", "广州黄埔": "440112", "广州花都": "440114", "广州白云": "440111"}


def _org(name: str, kind: str, district: str, seed: int, **extra) -> Organisation:
    j = Jurisdiction.objects.get(code=district)
    org, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind,
            "uscc": make_uscc(district, random.Random(seed)),
            "legal_representative": "演示",
            "registered_division": j,
            "production_division": j,
            "registered_address": "演示地址2号",
            "production_address": "演示地址2号",
            **extra,
        },
    )
    return org


def _user(username: str, role: str, org: Organisation, real_name: str, password) -> User:
    """A demo user (``password`` None: cannot sign in, only acts in the set-up)."""
    user, _ = User.objects.get_or_create(username=username)
    user.role, user.organisation, user.real_name = role, org, real_name
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    return user


#: the levels' names in the demo lists' titles (stored text, Chinese as published)
_LEVEL_NAMES = {"municipal": "市级", "provincial": "省级", "national": "国家级"}


def _green_list(level: str, year: int) -> GreenList:
    code = {"municipal": "440100", "provincial": "440000", "national": "000000"}[level]
    gl, _ = GreenList.objects.get_or_create(
        source_key=f"demo-networks-{level}-{year}",
        defaults={
            "jurisdiction": Jurisdiction.objects.get(code=code),
            "level": level,
            "year": year,
            "title": f"{year}年度演示绿色制造名单（{_LEVEL_NAMES[level]}）",
            "published_on": dt.date(year, 6, 1),
            # a demo list: labelled 模拟数据 wherever shown, never a real authority's list
            # (issue 18 item 2)
            "source": ListSource.SIMULATED,
        },
    )
    return gl


def _give_status(org: Organisation, status: str) -> None:
    """Synthetic records that put ``org`` at ``status`` (idempotent)."""
    if status in ("municipal", "provincial", "national", "removed"):
        level = "municipal" if status == "removed" else status
        Listing.objects.get_or_create(
            unit=org,
            list_type="factory",
            level=level,
            defaults={
                "green_list": _green_list(level, 2024),
                "source": ListSource.SIMULATED,
                "unit_name": org.name,
                "uscc": org.uscc,
                "year": 2024,
                "region": org.registered_division,
                "listed_on": dt.date(2024, 6, 1),
                "status": ListingStatus.REMOVED if status == "removed" else ListingStatus.ACTIVE,
                "removed_on": dt.date(2025, 9, 1) if status == "removed" else None,
            },
        )
    if status == "candidate":
        Registration.objects.get_or_create(
            unit=org,
            list_type="factory",
            defaults={
                "jurisdiction": Jurisdiction.objects.get(code="440100"),
                "year": 2025,
                "state": RegistrationState.ACCEPTED,
                "unit_name": org.name,
                "contact_name": "演示联系人",
                "contact_phone": "020-00000000",
                "valid_from": dt.date(2025, 3, 1),
                "valid_until": dt.date(2028, 2, 28),
            },
        )


def _network(owner_user, kind: str, rows, seed: int) -> None:
    since = dt.date(2025, 1, 1)
    for i, row in enumerate(rows):
        name, status = row[0], row[1]
        tier = row[2] if len(row) > 2 else None
        district = DISTRICTS.get(name[:4], "440106")
        org = _org(name, OrganisationKind.ENTERPRISE, district, seed + i, scale="medium")
        _give_status(org, status)
        if Membership.objects.filter(owner=owner_user.organisation, uscc=org.uscc).exists():
            continue
        m = services.membership_invite(
            actor=owner_user, kind=kind, uscc=org.uscc, name=name, since=since, tier=tier
        )
        member_user = org.users.first() or _user(
            f"demo_member_{seed + i}", Role.ENTERPRISE, org, "演示成员", None
        )
        services.membership_accept(actor=member_user, membership=m)


def _plan(owner_user, kind: str, title: str, targets) -> None:
    if CultivationPlan.objects.filter(owner=owner_user.organisation, kind=kind).exists():
        return
    plan = services.plan_create(
        actor=owner_user,
        kind=kind,
        title=title,
        year_from=2025,
        year_to=2027,
        measures="绿色诊断、对标评价、绿色化改造项目库、评价机构对接",
        targets=targets,
        members=list(Membership.objects.filter(owner=owner_user.organisation, kind=kind)),
    )
    with clock.frozen(dt.date(2025, 1, 15)):
        services.plan_publish(actor=owner_user, plan=plan)


@transaction.atomic
def create_demo_networks(password: str) -> list[tuple[str, str, str, str, str]]:
    """The park (user ``th_park``) and the lead (user ``gz_lead``) with their networks and
    plans; returns (username, role, real name, belongs to, description) of the two
    accounts for the demo's printout."""
    park = _org(
        "广州天河智能制造产业园管理委员会",
        OrganisationKind.PARK,
        "440106",
        9101,
        park_level="provincial",
    )
    lead = _org(
        "广州穗链汽车零部件集团有限公司", OrganisationKind.ENTERPRISE, "440106", 9102, scale="large"
    )
    park_user = _user("th_park", Role.PARK, park, "园区演示用户", password)
    lead_user = _user("gz_lead", Role.ENTERPRISE, lead, "链主演示用户", password)
    with clock.frozen(dt.date(2025, 1, 10)):
        _network(park_user, "park", PARK_MEMBERS, 9200)
        _network(lead_user, "supply_chain", SUPPLIERS, 9300)
    _plan(
        park_user,
        "park",
        "天河智能制造产业园绿色工厂培育计划（2025—2027）",
        [
            (2025, "municipal", 2),
            (2026, "municipal", 4),
            (2026, "provincial", 2),
            (2027, "national", 2),
        ],
    )
    _plan(
        lead_user,
        "supply_chain",
        "穗链汽车供应商绿色工厂培育计划（2025—2027）",
        [(2025, "pool", 2), (2026, "municipal", 3), (2027, "provincial", 2)],
    )
    return [
        (
            "th_park",
            Role.PARK,
            "园区演示用户",
            park.name,
            "park: members, plan, progress (/networks/)",
        ),
        (
            "gz_lead",
            Role.ENTERPRISE,
            "链主演示用户",
            lead.name,
            "supply-chain lead: suppliers, plan",
        ),
    ]
