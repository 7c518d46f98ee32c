"""Helpers of the networks tests: a park's or a lead's members through the services,
a published plan, a green-factory listing of a member."""

from __future__ import annotations

import datetime as dt

from greenmfg.core import clock
from greenmfg.networks import services
from greenmfg.networks.models import CultivationPlan, PlanState, PlanTarget
from greenmfg.parties.models import Organisation
from tests.factories import OrganisationFactory, unit_user

SINCE = dt.date(2025, 1, 1)


def member_of(owner_user, kind: str, member: Organisation, since=SINCE, tier=None):
    """``member`` invited by ``owner_user``'s unit and accepted by its own user."""
    m = services.membership_invite(
        actor=owner_user, kind=kind, uscc=member.uscc, name=member.name, since=since, tier=tier
    )
    user = member.users.first() or unit_user(member)
    return services.membership_accept(actor=user, membership=m)


def members(owner_user, kind: str, n: int, district: str = "440106", name: str = "成员"):
    """``n`` new enterprises made members of ``owner_user``'s unit."""
    out = []
    for i in range(n):
        org = OrganisationFactory(district=district, name=f"{name}{i:02d}有限公司")
        out.append(member_of(owner_user, kind, org, tier=1 if kind == "supply_chain" else None))
    return out


def published_plan(owner: Organisation, kind: str, year: int = 2026, **targets) -> CultivationPlan:
    """A plan of ``owner`` published a year ago, covering ``year`` (targets
    ``municipal=2`` … for ``year``); directly in the database, for tests of its readers."""
    plan = CultivationPlan.objects.create(
        owner=owner,
        kind=kind,
        title="绿色工厂培育计划",
        year_from=year - 1,
        year_to=year + 1,
        measures="诊断、改造、对标",
        state=PlanState.PUBLISHED,
        published_on=clock.today() - dt.timedelta(days=365),
    )
    for level, count in (targets or {"municipal": 1}).items():
        PlanTarget.objects.create(plan=plan, year=year, level=level, count=count)
    return plan
