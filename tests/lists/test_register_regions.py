"""The register's region filter down to the city and the district (issue 18 item 6): a
cascade of selects on /register/ (province → city → district) and ``region=<code>``
in GET /api/v1/listings/, within the query budget of the register page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import GreenList, Listing


def _listing(name: str, region: str) -> Listing:
    gl, _ = GreenList.objects.get_or_create(
        jurisdiction=Jurisdiction.objects.get(code="440000"),
        level="provincial",
        year=2025,
        defaults={"title": "2025年广东省绿色工厂名单"},
    )
    return Listing.objects.create(
        green_list=gl,
        unit_name=name,
        list_type="factory",
        level="provincial",
        year=2025,
        region=Jurisdiction.objects.get(code=region),
    )


@pytest.fixture
def listings(db):
    _listing("天河精密制造有限公司", "440106")
    _listing("越秀精密制造有限公司", "440104")
    _listing("福田精密制造有限公司", "440304")


def _names(resp) -> set[str]:
    body = resp.content.decode()
    return {n for n in ("天河精密", "越秀精密", "福田精密") if n in body}


def test_the_register_page_filters_by_a_city_and_by_a_district(client, listings):
    url = reverse("register_search")
    assert _names(client.get(url, {"region_1": "440000"})) == {"天河精密", "越秀精密", "福田精密"}
    assert _names(client.get(url, {"region_1": "440000", "region_2": "440100"})) == {
        "天河精密",
        "越秀精密",
    }
    page = client.get(url, {"region_1": "440000", "region_2": "440100", "region_3": "440106"})
    assert _names(page) == {"天河精密"}
    assert "共 1 条" in page.content.decode()
    # a district left over from another city: the city decides
    page = client.get(url, {"region_1": "440000", "region_2": "440300", "region_3": "440106"})
    assert _names(page) == {"福田精密"}


def test_the_register_page_offers_the_cities_and_districts_of_the_pick(client, listings):
    body = client.get(
        reverse("register_search"), {"region_1": "440000", "region_2": "440100"}
    ).content.decode()
    assert 'name="region_2"' in body and '<option value="440100" selected>广州市</option>' in body
    assert 'name="region_3"' in body and '<option value="440106">天河区</option>' in body
    # a code alone (a link, the API's parameter) selects the whole chain
    body = client.get(reverse("register_search"), {"region": "440106"}).content.decode()
    assert '<option value="440106" selected>天河区</option>' in body
    assert '<option value="440000" selected>广东省</option>' in body
    assert _names(client.get(reverse("register_search"), {"region": "440106"})) == {"天河精密"}


def test_the_api_filters_listings_by_a_city_and_by_a_district(client, listings):
    assert client.get("/api/v1/listings/", {"region": "440100"}).json()["count"] == 2
    assert client.get("/api/v1/listings/", {"region": "440104"}).json()["count"] == 1
    assert client.get("/api/v1/listings/", {"region": "440300"}).json()["count"] == 1


@pytest.mark.parametrize("n", [5, 60])
def test_the_register_page_with_a_district_keeps_its_query_budget_at_5_and_60_rows(
    client, db, django_assert_max_num_queries, n
):
    for i in range(n):
        _listing(f"天河批量制造{i:03d}有限公司", "440106")
    params = {"region_1": "440000", "region_2": "440100", "region_3": "440106", "q": "批量"}
    with django_assert_max_num_queries(8):
        resp = client.get(reverse("register_search"), params)
    assert f"共 {n} 条" in resp.content.decode()
