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


def test_demo_network_lists_are_marked_simulated_with_plain_titles():
    """The lists the demo networks create are 模拟数据 (source ``simulated``), as are their
    listings, and their titles name the level in Chinese, not its code (issue 18 item 2:
    the public home page of ``make run`` showed them as 本平台公布 with 「（national）」)."""
    from greenmfg.demo.accounts import DEMO_PASSWORD, create_demo_accounts
    from greenmfg.demo.networks import create_demo_networks
    from greenmfg.register.models import GreenList, Listing

    create_demo_accounts()
    create_demo_networks(DEMO_PASSWORD)
    lists = GreenList.objects.filter(source_key__startswith="demo-networks-")
    assert lists.exists()
    assert set(lists.values_list("source", flat=True)) == {"simulated"}
    assert set(Listing.objects.filter(green_list__in=lists).values_list("source", flat=True)) == {
        "simulated"
    }
    titles = list(lists.values_list("title", flat=True))
    assert all("national" not in t and "municipal" not in t for t in titles), titles
    assert any(t.endswith("（国家级）") for t in titles), titles
