"""The GB/T 36132-2025 self-evaluation form in a real browser (Debian's chromium driven
by Playwright): an enterprise in Guangzhou, on 2026-04-08, enters measured values with
the industry's 基准值/引领值, sees the live score change before saving (htmx), ticks
the 能碳管理平台 functions, saves a section without leaving the page's flow, and reads
the gap analysis to the 80-point mark (004 第三条). Screenshots in
artifacts/screenshots/self-evaluation-*.png."""

from __future__ import annotations

import pytest

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(browser_reference):
    """An enterprise of 天河区 (the demo clock on; reference data reloaded if flushed)."""
    from tests.factories import OrganisationFactory, unit_user

    org = OrganisationFactory(name="广州青禾新能源装备有限公司", district="440106")
    return {"enterprise": unit_user(org, username="qinghe", real_name="林工"), "org": org}


def test_enterprise_fills_a_gbt36132_2025_self_evaluation_with_a_live_score(
    live_server, browser_page, cast
):
    from playwright.sync_api import expect

    page = browser_page
    w = Walker(page, live_server.url, prefix="self-evaluation")
    w.login("qinghe")
    w.set_date("2026-04-08")

    # a new factory report: from 2025-12-31 the rules name GB/T 36132-2025
    w.go("/reports/")
    page.get_by_test_id("report-new").click()
    page.locator("select[name=list_type]").select_option("factory")
    page.get_by_test_id("report-create").click()
    expect(page.get_by_test_id("report-system")).to_contain_text("GB/T 36132-2025")
    score = page.get_by_test_id("report-score")
    expect(score).to_have_text("0")
    expect(page.get_by_test_id("gap-target")).to_contain_text("市级入选分数线 80分")

    # 能源低碳化: energy intensity 0.82 against 基准值 1.00 and 引领值 0.60 → 45% of 8
    section = page.get_by_test_id("section-2")
    section.get_by_test_id("v_C-01").fill("0.82")
    section.get_by_test_id("b_C-01").fill("1.00")
    section.get_by_test_id("l_C-01").fill("0.60")
    section.get_by_test_id("l_C-01").blur()
    expect(score).to_have_text("3.6")  # scored live, not yet saved
    expect(page.get_by_test_id("live-badge")).to_be_visible()
    for seq in (1, 2, 3, 4):  # four of the twelve platform functions → 50% of 6
        section.get_by_test_id(f"f_C-04_{seq}").check()
    expect(score).to_have_text("6.6")
    expect(page.get_by_test_id("gap-steps")).to_contain_text("→ +")
    w.shot("live-score")

    # renewable energy 35% is better than 引领值 20%: full points
    section.get_by_test_id("v_C-03").fill("35")
    section.get_by_test_id("b_C-03").fill("5")
    section.get_by_test_id("l_C-03").fill("20")
    section.get_by_test_id("l_C-03").blur()
    expect(score).to_have_text("14.6")

    # saving the section is an ordinary form post (works without JavaScript too)
    section.get_by_test_id("save-2").click()
    expect(page.get_by_test_id("messages")).to_contain_text("已保存（全部小节）")
    expect(score).to_have_text("14.6")
    expect(page.get_by_test_id("live-badge")).to_have_count(0)
    expect(page.get_by_test_id("points_C-01")).to_have_text("3.6")

    # the basic requirements and 产品绿色化, then the dashboard's gap analysis
    basics = page.get_by_test_id("section-1")
    for code in ("B25-BR-1", "B25-BR-2", "B25-BR-3"):
        basics.get_by_test_id(f"v_{code}").select_option("true")
    basics.get_by_test_id("save-1").click()
    products = page.get_by_test_id("section-5")
    products.get_by_test_id("v_C-12").select_option("true")
    expect(score).to_have_text("22.6")
    products.get_by_test_id("save-5").click()
    expect(score).to_have_text("22.6")
    steps = page.get_by_test_id("gap-steps").locator("li")
    assert steps.count() >= 1
    expect(steps.last).to_contain_text("（累计 80 分）")
    expect(page.get_by_test_id("gap-analysis")).to_contain_text("能源消耗强度：从 0.82 降到 0.6")
    page.get_by_test_id("gap-analysis").scroll_into_view_if_needed()
    w.shot("gap-analysis")
