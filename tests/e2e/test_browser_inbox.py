"""The 待办 of Guangzhou's city official in a real browser (Debian's chromium, Playwright),
in the Chinese UI: units of the city that did not file their 2026 dynamic form by
Guangzhou's deadline (04-01, 004 第十三条) show as one item with their number and a
countdown from the platform date, linking to the overdue list; 已办 lists the official's
own acts. Screenshots: artifacts/screenshots/inbox-*.png."""

from __future__ import annotations

import pytest

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city(browser_reference):
    """Guangzhou's city official and four listed units of Tianhe that file in 2026."""
    from tests.cast import official_of
    from tests.oversight import listed_unit

    for i in range(4):
        listed_unit("440106", name=f"广州逾期填报企业{i}")
    return official_of("city", "440100")


def test_city_inbox_shows_overdue_dynamic_forms_with_the_countdown_004_13(
    live_server, browser_page, city
):
    from playwright.sync_api import expect

    page = browser_page
    w = Walker(page, live_server.url, prefix="inbox")
    w.login(city.username)
    w.set_date("2026-04-06")
    w.go("/inbox/")
    assert "待办" in page.locator("nav.mainnav").inner_text()  # the Chinese UI
    inbox = page.get_by_test_id("inbox")
    row = inbox.locator("tr[data-kind=dynamic_forms_overdue]")
    expect(row).to_contain_text("4家单位逾期未填报2026年动态管理表")
    expect(row).to_contain_text("2026-04-01")
    expect(row.get_by_test_id("countdown")).to_have_text("已逾期 5 天")
    # the most urgent first
    expect(inbox.locator("tbody tr").first).to_have_attribute("data-kind", "dynamic_forms_overdue")
    w.shot("city-overdue")
    # one clock: the date bar and the countdown agree on the platform date
    assert page.get_by_test_id("platform-date").inner_text() == "2026-04-06"

    # a day later the countdown moves with the platform date
    w.set_date("2026-04-07")
    w.go("/inbox/")
    expect(
        page.get_by_test_id("inbox")
        .locator("tr[data-kind=dynamic_forms_overdue]")
        .get_by_test_id("countdown")
    ).to_have_text("已逾期 6 天")

    row = page.get_by_test_id("inbox").locator("tr[data-kind=dynamic_forms_overdue]")
    row.get_by_role("link").click()
    expect(page.get_by_test_id("overdue")).to_contain_text("广州逾期填报企业0")
    assert page.get_by_test_id("overdue").locator("tbody tr").count() == 4

    # 已办: moving the demo clock is the official's own act (audited)
    w.go("/inbox/")
    page.get_by_test_id("tab-done").click()
    expect(page.get_by_test_id("done")).to_contain_text("2026-04-07")
    w.shot("city-done")
