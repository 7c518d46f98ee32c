"""Pages of the links (greenmfg/register/link_views.py): the enterprise's claims, the
official's decisions and chase list (scoped, query budgets), the unit's page across its
lists and the register's link to it (issue 13 items 2 and 4)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.audit.models import AuditEvent
from greenmfg.core.vocabulary import Level
from greenmfg.register import links
from greenmfg.register.models import LinkState, ListingLink, ListingStatus
from tests.factories import OrganisationFactory
from tests.register.test_links import national_listing

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_enterprise_claims_on_its_page_and_the_district_confirms_on_its(cast):
    listing = national_listing("广州绿源精密制造有限责任公司")
    national_listing(cast.other_enterprise.name)
    page = client_for(cast.enterprise_user).get(reverse("link_claims"))
    assert page.status_code == 200
    assert "这些名单中可能是贵单位" in page.content.decode()
    assert [li.pk for li in page.context["candidates"]] == [listing.pk]
    client_for(cast.enterprise_user).post(reverse("link_claim", args=[listing.uuid]))
    link = ListingLink.objects.get(listing=listing)
    assert link.state == LinkState.CLAIMED
    # the Yuexiu official neither sees nor decides it
    assert list(client_for(cast.yuexiu).get(reverse("link_decisions")).context["page"]) == []
    assert (
        client_for(cast.yuexiu)
        .post(reverse("link_decide", args=[link.uuid]), {"decision": "confirm"})
        .status_code
        == 404
    )
    client_for(cast.tianhe).post(reverse("link_decide", args=[link.uuid]), {"decision": "confirm"})
    listing.refresh_from_db()
    assert listing.unit == cast.enterprise
    assert AuditEvent.objects.filter(action="listing_link.confirm").count() == 1


def test_claim_pages_are_not_for_officials_or_the_public(cast):
    assert client_for(cast.tianhe).get(reverse("link_claims")).status_code == 404
    assert client_for(cast.enterprise_user).get(reverse("link_chase")).status_code == 404
    assert client_for().get(reverse("link_chase")).status_code == 302


def test_chase_list_shows_the_city_its_unlinked_units_with_the_next_deadline(
    cast, django_assert_max_num_queries
):
    # a national listing naming only the province, of a firm registered in Guangzhou
    ours = national_listing(cast.enterprise.name, year=2021)
    # a firm of Shenzhen: on Shenzhen's chase list, not Guangzhou's
    OrganisationFactory(name="深圳未关联制造有限公司", district="440305")
    theirs = national_listing("深圳未关联制造有限公司")
    # a listing whose region is Guangzhou itself
    city = national_listing("广州某未注册企业有限公司", region="440100")
    for i in range(30):
        national_listing(f"广州批量企业{i}有限公司", region="440100")
    client = client_for(cast.guangzhou)
    client.get(reverse("link_decisions"))  # the session's first request
    with django_assert_max_num_queries(12):
        page = client.get(reverse("link_chase"))
    rows = {r.listing.pk: r for r in page.context["rows"]}
    assert ours.pk in rows and city.pk in rows and theirs.pk not in rows
    # Guangzhou's deadline: 04-01 (004 第十三条), the platform date being 2026-01-12
    assert str(rows[ours.pk].deadline) == "2026-04-01"
    assert rows[ours.pk].filing_year == 2026
    shenzhen = client_for(cast.shenzhen).get(reverse("link_chase")).context["rows"]
    assert [r.listing.pk for r in shenzhen] == [theirs.pk]
    # linked: off the chase list
    links.link_listings()
    ours.refresh_from_db()
    assert ours.unit == cast.enterprise
    assert ours.pk not in {r.listing.pk for r in client.get(reverse("link_chase")).context["rows"]}


def test_decisions_page_query_budget(cast, django_assert_max_num_queries):
    for i in range(20):
        org = OrganisationFactory(name=f"广州待确认企业{i}有限公司", district="440106")
        ListingLink.objects.create(
            listing=national_listing(org.name), organisation=org, method="name"
        )
    client = client_for(cast.tianhe)
    client.get(reverse("link_decisions"))  # the session's first request
    with django_assert_max_num_queries(12):
        page = client.get(reverse("link_decisions"))
    assert len(page.context["page"]) == 20


def test_unit_page_shows_all_levels_and_former_names_and_the_register_links_it(
    cast, django_assert_max_num_queries
):
    national = national_listing("广州绿源精密制造有限责任公司", year=2019)
    older = national_listing("广州绿源制造厂", year=2017)
    links.listing_claim(actor=cast.enterprise_user, listing=national)
    for link in ListingLink.objects.filter(state=LinkState.CLAIMED):
        links.link_confirm(actor=cast.tianhe, link=link)
    # an old name the enterprise does not carry any more: linked by the official directly
    link = ListingLink.objects.create(listing=older, organisation=cast.enterprise, method="claim")
    links.link_confirm(actor=cast.guangzhou, link=link)
    older.refresh_from_db()
    older.status = ListingStatus.REMOVED
    older.save()
    client = client_for()
    with django_assert_max_num_queries(8):
        page = client.get(reverse("register_unit", args=[cast.enterprise.uuid]))
    body = page.content.decode()
    assert page.status_code == 200
    assert [li.pk for li in page.context["record"].listings] == [older.pk, national.pk]
    assert "广州绿源制造厂" in body
    assert page.context["record"].former_names == ["广州绿源制造厂"]
    assert page.context["record"].listings[0].level == Level.NATIONAL
    # the register's row links to the unit's page
    register = client_for().get(reverse("register_search"), {"q": "绿源"})
    assert reverse("register_unit", args=[cast.enterprise.uuid]) in register.content.decode()
    # a unit with no listing has no public page
    assert (
        client_for().get(reverse("register_unit", args=[cast.other_enterprise.uuid])).status_code
        == 404
    )


def test_a_claim_waits_in_the_district_inbox_and_opens_its_page(cast):
    from greenmfg.core.inbox import inbox_for

    listing = national_listing("广州绿源精密制造有限公司")
    link = links.listing_claim(actor=cast.enterprise_user, listing=listing)
    items = [i for i in inbox_for(cast.tianhe) if i.kind == "listing_link"]
    assert [i.uuid for i in items] == [str(link.uuid)]
    assert not [i for i in inbox_for(cast.yuexiu) if i.kind == "listing_link"]
    page = client_for(cast.tianhe).get(reverse("link_decide", args=[link.uuid]))
    assert page.status_code == 200
    assert 'data-testid="confirm"' in page.content.decode()
    assert "企业认领名单条目" in page.content.decode()  # the timeline reads labels
