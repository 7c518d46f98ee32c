"""The demo's park and lead (issue 14, item 6): members and suppliers at several
gradient levels, published plans; run twice, nothing duplicated."""

from __future__ import annotations

import pytest

from greenmfg.core import clock
from greenmfg.networks.models import CultivationPlan, Membership
from greenmfg.networks.selectors import progress
from greenmfg.parties.models import User

pytestmark = pytest.mark.django_db


def test_demo_park_and_lead_have_members_at_several_gradient_levels():
    from greenmfg.demo.accounts import DEMO_PASSWORD, create_demo_accounts
    from greenmfg.demo.networks import create_demo_networks

    create_demo_accounts()
    accounts = create_demo_networks(DEMO_PASSWORD)
    create_demo_networks(DEMO_PASSWORD)
    assert [a[0] for a in accounts] == ["th_park", "gz_lead"]
    assert Membership.objects.filter(state="accepted").count() == 11
    assert CultivationPlan.objects.filter(state="published").count() == 2
    park = User.objects.get(username="th_park").organisation
    p = progress(park, "park", clock.today())
    assert p.counts == {
        "national": 1,
        "provincial": 1,
        "municipal": 2,
        "candidate": 1,
        "not_in_pool": 1,
        "removed": 1,
    }
    assert p.plan is not None and [y.year for y in p.years] == [2025, 2026]
    lead = User.objects.get(username="gz_lead").organisation
    assert progress(lead, "supply_chain", clock.today()).green == 2
