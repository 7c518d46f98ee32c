"""Claiming a listing in a real browser (Debian's chromium driven by Playwright; Chinese
UI; issue 13): an enterprise of 天河区 finds its unit in MIIT's imported national list at
/register/claims/ (这些名单中可能是贵单位), claims it, and the 天河区 official confirms the
link at /register/links/; the listing then belongs to the enterprise. Screenshots in
artifacts/screenshots/claims-*.png."""

from __future__ import annotations

import pytest

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "广州青禾新能源装备有限公司"


@pytest.fixture
def scene(browser_reference):
    """The enterprise (天河区), its listing in the imported 2021 national list (no unit
    yet), and the 天河区 official."""
    from greenmfg.core.vocabulary import Role
    from tests.cast import official_of
    from tests.factories import OrganisationFactory, unit_user
    from tests.register.test_links import national_listing

    org = OrganisationFactory(name=NAME, district="440106")
    unit_user(org, username="qinghe", real_name="林工")
    official_of(Role.DISTRICT, "440106")
    listing = national_listing(NAME.replace("有限公司", "有限责任公司"), region="440000")
    return {"org": org, "listing": listing}


def test_enterprise_claims_its_listing_and_the_district_confirms(live_server, browser_page, scene):
    from playwright.sync_api import expect

    from greenmfg.register.models import LinkState, Listing, ListingLink

    page = browser_page
    listing = scene["listing"]
    w = Walker(page, live_server.url, prefix="claims")

    w.login("qinghe")
    w.go("/register/claims/")
    expect(page.locator("h1")).to_have_text("这些名单中可能是贵单位")
    candidates = page.get_by_test_id("link-candidates")
    expect(candidates).to_contain_text(listing.unit_name)
    expect(candidates).to_contain_text("2021年度绿色制造名单")
    w.shot("candidates")
    page.get_by_test_id(f"claim-{listing.uuid}").click()
    w.expect_message("已认领，待所在区县或地市主管部门确认")
    expect(page.get_by_test_id("link-mine")).to_contain_text("企业已认领，待确认")
    expect(candidates).not_to_contain_text(listing.unit_name)
    w.shot("claimed")
    link = ListingLink.objects.get(listing=listing)
    assert link.state == LinkState.CLAIMED and link.organisation_id == scene["org"].pk

    w.login("tianhe")
    w.go("/register/links/")
    expect(page.locator("h1")).to_have_text("待确认的名单条目关联")
    row = page.get_by_test_id("link-decisions")
    expect(row).to_contain_text(listing.unit_name)
    expect(row).to_contain_text(NAME)
    w.shot("to-confirm")
    page.get_by_test_id(f"confirm-{link.uuid}").click()
    w.expect_message("已确认关联")
    expect(page.get_by_test_id("link-decisions")).to_contain_text("暂无待确认事项")
    w.shot("confirmed")
    link.refresh_from_db()
    assert link.state == LinkState.LINKED
    assert Listing.objects.get(pk=listing.pk).unit_id == scene["org"].pk

    # the enterprise sees its listing linked
    w.login("qinghe")
    w.go("/register/claims/")
    expect(page.get_by_test_id("link-mine")).to_contain_text("已关联")
