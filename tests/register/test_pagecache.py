"""The public register's pages are cached for visitors who are not signed in, and a
change to the register shows at once (greenmfg/core/pagecache.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import GreenList, Listing, ListingStatus
from greenmfg.register.search import fill_search_text

pytestmark = pytest.mark.django_db
URL = reverse("register_search")


def _listing(name: str) -> Listing:
    gz = Jurisdiction.objects.get(code="440100")
    gl = GreenList.objects.create(jurisdiction=gz, level="municipal", year=2025, title="名单")
    (listing,) = fill_search_text(
        [
            Listing(
                green_list=gl,
                unit_name=name,
                list_type="factory",
                level="municipal",
                year=2025,
                region=gz,
            )
        ]
    )
    listing.save()
    return listing


def test_second_visit_is_served_from_the_cache_without_queries(
    client, django_assert_max_num_queries
):
    _listing("广州缓存测试制造有限公司")
    first = client.get(URL, {"q": "缓存测试"})
    assert first["X-Greenmfg-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        second = client.get(URL, {"q": "缓存测试"})
    assert second["X-Greenmfg-Cache"] == "hit"
    assert second.content == first.content
    assert "广州缓存测试制造有限公司" in second.content.decode()


def test_a_saved_removed_or_bulk_created_listing_shows_at_once(client):
    """Listing.save (signal), a queryset update by the removal service (explicit) and
    bulk_create by the publication service (explicit) all invalidate the pages."""
    from greenmfg.core.pagecache import register_changed

    listing = _listing("广州甲乙制造有限公司")
    assert "广州甲乙制造有限公司" in client.get(URL).content.decode()
    listing.unit_name = "广州丙丁制造有限公司"
    listing.save()
    body = client.get(URL).content.decode()
    assert "广州丙丁制造有限公司" in body and "广州甲乙制造有限公司" not in body
    Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.REMOVED)
    register_changed()  # what the removal service calls after its update
    assert "已移出" in client.get(URL).content.decode()


def test_signed_in_users_never_get_a_cached_page(client, enterprise_user):
    client.get(URL)
    client.force_login(enterprise_user)
    resp = client.get(URL)
    assert "X-Greenmfg-Cache" not in resp
    assert "csrfmiddlewaretoken" in resp.content.decode()  # the sign-out form


def test_anonymous_pages_carry_no_csrf_token_and_the_language_switch_needs_none(client):
    body = client.get(URL).content.decode()
    assert "csrfmiddlewaretoken" not in body and "X-CSRFToken" not in body
    resp = client.post(reverse("language_switch"), {"language": "en", "next": URL})
    assert resp.status_code == 302
    assert client.cookies["django_language"].value == "en"


def test_the_language_and_the_platform_date_are_part_of_the_key(client):
    from greenmfg.core import clock

    zh = client.get(URL).content.decode()
    en = client.get(URL, headers={"accept-language": "en"}).content.decode()
    assert zh != en
    with clock.frozen(dt.date(2030, 1, 2)):
        assert "2030-01-02" in client.get(URL).content.decode()
