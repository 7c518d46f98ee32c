"""Priorities in ranking (issue 14, item 5): among equal scores, the lead with more green
factories among its suppliers first (000 第十六条; 001 二(三)), counted from the network
and the register on the ranking date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from greenmfg.core import clock
from greenmfg.selection.models import Application
from tests.experts import APRIL, campaign, panel, reviewed, submitted_report
from tests.factories import OrganisationFactory, unit_user
from tests.networks.support import members
from tests.oversight import list_unit

pytestmark = pytest.mark.django_db


def _lead_application(city, name, submitted_on):
    camp = campaign(city)
    unit = OrganisationFactory(name=name, district="440106")
    app = Application.objects.create(
        unit=unit,
        campaign=camp,
        list_type="supply_chain",
        level="municipal",
        year=camp.year,
        report=submitted_report(unit, on=submitted_on),
        state="recommended",
        submitted_on=submitted_on,
        recommended_on=submitted_on,
        pending_role="city",
    )
    return app, unit_user(unit)


def test_ranking_order_changes_when_a_leads_suppliers_become_green_factories_000_16(cast, client):
    from greenmfg.expert_review.selectors import campaign_ranking

    city = cast.guangzhou
    early, _ = _lead_application(city, "早交链主有限公司", dt.date(2026, 4, 2))
    late, late_user = _lead_application(city, "迟交链主有限公司", dt.date(2026, 4, 6))
    experts = panel(3)
    reviewed(early, city, experts, ["88", "88", "88"])
    reviewed(late, city, experts, ["88", "88", "88"])
    suppliers = members(late_user, "supply_chain", 3, name="链上供应商")
    with clock.frozen(APRIL):
        before = [r.application.unit.name for r in campaign_ranking(early.campaign, city)]
    assert before == ["早交链主有限公司", "迟交链主有限公司"]
    for m in suppliers[:2]:
        list_unit(m.member, "municipal", year=2025)
    with clock.frozen(APRIL):
        rows = campaign_ranking(early.campaign, city)
    assert [(r.application.unit.name, r.network_green) for r in rows] == [
        ("迟交链主有限公司", 2),
        ("早交链主有限公司", 0),
    ]
    client.force_login(city)
    with clock.frozen(APRIL):
        html = client.get(reverse("expert_campaign_ranking", args=[early.campaign.uuid]))
    text = html.content.decode()
    assert "000 第十六条" in text and "园区企业或供应商中的绿色工厂" in text


def test_auto_epr_pilot_lead_comes_first_among_equals_001_2_3(cast):
    from greenmfg.expert_review.selectors import campaign_ranking
    from greenmfg.networks.services import lead_profile_update

    city = cast.guangzhou
    early, _ = _lead_application(city, "早交普通链主有限公司", dt.date(2026, 4, 2))
    late, late_user = _lead_application(city, "迟交试点链主有限公司", dt.date(2026, 4, 6))
    experts = panel(3)
    reviewed(early, city, experts, ["88", "88", "88"])
    reviewed(late, city, experts, ["88", "88", "88"])
    lead_profile_update(
        actor=late_user, organisation=late.unit, epr_pilot=True, document="工信部联节函〔2016〕"
    )
    with clock.frozen(APRIL):
        rows = campaign_ranking(early.campaign, city)
    assert [(r.application.unit.name, r.epr_pilot) for r in rows] == [
        ("迟交试点链主有限公司", True),
        ("早交普通链主有限公司", False),
    ]
