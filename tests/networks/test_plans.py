"""Cultivation plans as records (issue 14, item 2): 园区绿色工厂培育计划 (004 第七条(二)2,
000 第九条(二)) and 供应商绿色工厂培育计划 (004 第七条(三)2, 000 第十条(二)) are checked as a
current published plan, not as a yes/no field."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.cultivation import services as pool
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.networks import services as net
from tests.cycle import registration_data
from tests.factories import OrganisationFactory, unit_user
from tests.networks.support import members

pytestmark = pytest.mark.django_db
JANUARY = dt.date(2026, 1, 12)


def _plan_codes(unit, list_type):
    reg = pool.Registration(unit=unit, list_type=list_type, jurisdiction=unit.registered_division)
    rules = rules_for(Jurisdiction.objects.get(code="440100"), JANUARY)
    return [
        (r.code, r.citation)
        for r in pool.entry_condition_reasons(reg, rules, JANUARY)
        if r.code.endswith("plan")
    ]


def test_park_without_a_current_plan_fails_the_entry_condition_004_7_2_2(cast):
    assert _plan_codes(cast.park, "park") == [("entry.park.cultivation_plan", "004 第七条(二)2")]
    ms = members(cast.park_user, "park", 2)
    with clock.frozen(dt.date(2025, 12, 1)):
        plan = net.plan_create(
            actor=cast.park_user,
            kind="park",
            title="天河绿色产业园绿色工厂培育计划（2026—2028）",
            year_from=2026,
            year_to=2028,
            measures="诊断服务、绿色化改造补助",
            targets=[(2026, "municipal", 2), (2027, "provincial", 1)],
            members=ms,
        )
        assert _plan_codes(cast.park, "park") != []  # a draft is not a plan
        plan = net.plan_publish(actor=cast.park_user, plan=plan)
    assert _plan_codes(cast.park, "park") == []
    net.plan_withdraw(actor=cast.park_user, plan=plan, reason="重新编制")
    assert _plan_codes(cast.park, "park") != []


def test_plan_of_past_years_is_not_current(cast):
    with clock.frozen(dt.date(2023, 3, 1)):
        plan = net.plan_create(
            actor=cast.park_user,
            kind="park",
            title="旧计划",
            year_from=2023,
            year_to=2025,
            measures="",
            targets=[(2024, "municipal", 1)],
        )
        net.plan_publish(actor=cast.park_user, plan=plan)
    assert [c for c, _a in _plan_codes(cast.park, "park")] == ["entry.park.cultivation_plan"]


def test_lead_needs_a_current_supplier_plan_004_7_3(cast):
    lead = OrganisationFactory(name="广州链主汽车有限公司", district="440106")
    user = unit_user(lead)
    assert [c for c, _a in _plan_codes(lead, "supply_chain")] == [
        "entry.supply_chain.supplier_plan"
    ]
    with clock.frozen(dt.date(2025, 12, 1)):
        plan = net.plan_create(
            actor=user,
            kind="supply_chain",
            title="供应商绿色工厂培育计划",
            year_from=2026,
            year_to=2027,
            measures="供应商绿色评价纳入采购",
            targets=[(2026, "pool", 5)],
        )
        net.plan_publish(actor=user, plan=plan)
    assert _plan_codes(lead, "supply_chain") == []


def test_plan_without_targets_cannot_be_published_and_only_the_owner_publishes(cast):
    plan = net.plan_create(
        actor=cast.park_user,
        kind="park",
        title="无目标计划",
        year_from=2026,
        year_to=2026,
        measures="",
        targets=[],
    )
    with pytest.raises(NotPermitted):
        net.plan_publish(actor=cast.enterprise_user, plan=plan)
    with pytest.raises(RuleViolation) as exc:
        net.plan_publish(actor=cast.park_user, plan=plan)
    assert [r.code for r in exc.value.reasons] == ["plan.targets"]


def test_registration_form_submission_uses_the_plan_not_the_checkbox(cast):
    """The old yes/no (park_plan_published) no longer satisfies the condition."""
    data = registration_data(
        park_industrial_value_added_share="70.00",
        park_has_legal_boundary=True,
        park_has_management_body=True,
        park_plan_published=True,
    )
    with clock.frozen(JANUARY):
        reg = pool.registration_create(
            actor=cast.park_user, unit=cast.park, list_type="park", data=data
        )
        with pytest.raises(RuleViolation) as exc:
            pool.registration_submit(actor=cast.park_user, registration=reg)
    assert "entry.park.cultivation_plan" in [r.code for r in exc.value.reasons]
