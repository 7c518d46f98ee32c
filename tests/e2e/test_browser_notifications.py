"""Issue 18 item 3 in a real browser (Debian's chromium, Playwright), in the Chinese UI: the
district recommends an enterprise's application on its page, and the enterprise, signing in,
sees the unread badge in the header and the notification on /notifications/, opens it, and
the badge is gone. Screenshots: artifacts/screenshots/notifications-*.png."""

from __future__ import annotations

import pytest

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted(browser_reference):
    """A 天河区 enterprise that is a candidate and has submitted its 2026 application."""
    from tests.cast import official_of
    from tests.cycle import candidate, submitted_application, submitted_report
    from tests.factories import OrganisationFactory, unit_user

    org = OrganisationFactory(name="广州青禾新能源装备有限公司", district="440106")
    user = unit_user(org, username="qinghe", real_name="林工")
    tianhe = official_of("district", "440106")
    guangzhou = official_of("city", "440100")
    candidate(user, org, tianhe, guangzhou)
    report = submitted_report(user, org)
    app = submitted_application(user, org, guangzhou, report)
    # the pool's decisions notified the unit already (committed): start from none unread
    from greenmfg.notifications.services import notifications_mark_all_read

    assert notifications_mark_all_read(user=user) == 2  # preliminary approval, 已入库
    return app


def test_the_enterprise_is_notified_in_chinese_when_its_application_is_recommended(
    live_server, browser_page, submitted
):
    from playwright.sync_api import expect

    page = browser_page
    w = Walker(page, live_server.url, prefix="notifications")
    w.login("tianhe")
    w.set_date("2026-04-08")
    w.go(f"/applications/{submitted.uuid}/")
    w.review("approve", "同意推荐")
    w.shot("recommended")

    w.login("qinghe")
    badge = page.get_by_test_id("unread-badge")
    expect(badge).to_have_text("1条未读")
    assert "通知" in page.get_by_test_id("nav-notifications").inner_text()  # the Chinese UI
    w.shot("badge")
    page.get_by_test_id("nav-notifications").click()
    rows = page.get_by_test_id("notification")
    expect(rows).to_have_count(3)  # the newest first: the recommendation, then the pool's
    expect(rows.first).to_contain_text("区县已推荐，待评审")
    expect(rows.first).to_contain_text("广州青禾新能源装备有限公司")
    expect(rows.first).to_contain_text("2026-04-08")
    w.shot("list")
    # no serious or critical axe-core violation on the list (badge included) and settings
    from tests.e2e.test_browser_working_day import axe_problems

    problems = [f"list: {p}" for p in axe_problems(page)]
    w.go("/notifications/preferences/")
    problems += [f"preferences: {p}" for p in axe_problems(page)]
    w.go("/receipts/")
    problems += [f"receipts: {p}" for p in axe_problems(page)]
    assert not problems, "\n".join(problems)
    w.go("/notifications/")
    rows.first.get_by_test_id("read-one").click()
    page.wait_for_load_state()
    assert f"/applications/{submitted.uuid}/" in page.url
    expect(page.get_by_test_id("unread-badge")).to_have_count(0)
