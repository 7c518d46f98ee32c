"""Progress (issue 14, item 3): a network's members by gradient status, plan targets
against the actual, on the owner's page, the officials' overview and the public page;
the park sees its members' gradient status, not their applications or forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from greenmfg.core import clock
from greenmfg.networks.selectors import progress
from tests.cycle import candidate
from tests.factories import OrganisationFactory, unit_user
from tests.networks.support import member_of, members, published_plan
from tests.oversight import list_unit

pytestmark = pytest.mark.django_db


def test_progress_counts_follow_a_member_from_pool_candidate_to_municipal_listing(cast):
    published_plan(cast.park, "park", municipal=1, pool=2)
    member = OrganisationFactory(name="园区成员精密有限公司", district="440106")
    member_user = unit_user(member)
    member_of(cast.park_user, "park", member)
    members(cast.park_user, "park", 1)
    on = dt.date(2026, 3, 1)
    assert progress(cast.park, "park", on).counts == {"not_in_pool": 2}
    reg = candidate(member_user, member, cast.tianhe, cast.guangzhou)
    assert reg.state == "accepted"
    p = progress(cast.park, "park", on)
    assert p.counts == {"not_in_pool": 1, "candidate": 1}
    list_unit(member, "municipal", year=2026)  # listed on 2026-06-01
    p = progress(cast.park, "park", dt.date(2026, 7, 1))
    assert p.counts == {"not_in_pool": 1, "municipal": 1}
    year = p.years[-1]  # the plan runs 2025–2027; 2027 is not shown yet
    assert year.year == 2026
    assert dict((lv, (t, a)) for lv, t, a in year.cells)["municipal"] == (1, 1)
    assert dict((lv, (t, a)) for lv, t, a in year.cells)["pool"] == (2, 1)


def test_park_sees_its_members_gradient_status_not_their_registrations(cast, client):
    member = OrganisationFactory(name="园区成员甲有限公司", district="440106")
    member_user = unit_user(member)
    member_of(cast.park_user, "park", member)
    reg = candidate(member_user, member, cast.tianhe, cast.guangzhou)
    client.force_login(cast.park_user)
    page = client.get(reverse("network_home")).content.decode()
    assert "园区成员甲有限公司" in page and "培育对象（入库）" in page
    assert reverse("registration_detail", args=[reg.uuid]) not in page
    assert client.get(reverse("registration_detail", args=[reg.uuid])).status_code == 404


def test_city_overview_and_progress_page_and_public_page(cast, client):
    ms = members(cast.park_user, "park", 3)
    list_unit(ms[0].member, "municipal", year=2025)
    client.force_login(cast.guangzhou)
    page = client.get(reverse("network_home")).content.decode()
    assert "广州天河绿色产业园" in page and 'data-testid="network-overview"' in page
    detail = client.get(reverse("network_progress", args=[cast.park.uuid]))
    assert detail.status_code == 200 and "市级绿色工厂" in detail.content.decode()
    client.force_login(cast.shenzhen)
    assert client.get(reverse("network_progress", args=[cast.park.uuid])).status_code == 404
    client.logout()
    public = client.get(reverse("network_public", args=[cast.park.uuid])).content.decode()
    assert ms[0].name in public and ms[1].name not in public


@pytest.mark.parametrize("n", [2, 8])
def test_network_pages_query_count_does_not_grow_with_members(
    cast, client, django_assert_max_num_queries, n
):
    for m in members(cast.park_user, "park", n):
        list_unit(m.member, "municipal", year=2025)
    published_plan(cast.park, "park", municipal=2)
    client.force_login(cast.park_user)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("network_home")).status_code == 200
    client.force_login(cast.guangzhou)
    with django_assert_max_num_queries(18):
        assert client.get(reverse("network_home")).status_code == 200


def test_park_invites_through_the_page_and_the_member_confirms(cast, client):
    member = OrganisationFactory(name="页面邀请成员有限公司", district="440106")
    client.force_login(cast.park_user)
    client.post(reverse("network_invite"), {"uscc": member.uscc, "name": member.name})
    member_user = unit_user(member)
    client.force_login(member_user)
    page = client.get(reverse("network_home")).content.decode()
    assert "广州天河绿色产业园" in page and 'data-testid="invitations"' in page
    m = member.memberships_held.get()
    client.post(reverse("network_membership_action", args=[m.uuid, "accept"]))
    m.refresh_from_db()
    assert m.state == "accepted"
    with clock.frozen(dt.date(2026, 1, 12)):
        assert progress(cast.park, "park", dt.date(2026, 1, 12)).counts == {"not_in_pool": 1}


def test_the_citys_dashboard_shows_the_parks_members_by_gradient_status(
    cast, client, django_assert_max_num_queries
):
    """Issue 14 (done when): the city's dashboard shows the horizontal progress."""
    members(cast.park_user, "park", 3)
    client.force_login(cast.guangzhou)
    with django_assert_max_num_queries(60):
        page = client.get("/dashboards/official/").content.decode()
    assert 'data-testid="network-overview"' in page
    assert cast.park.name in page
    client.force_login(cast.shenzhen)
    assert cast.park.name not in client.get("/dashboards/official/").content.decode()
