"""The Guangzhou cycle in a real browser (Debian's chromium driven by Playwright):
a new enterprise from January pool registration to the published municipal list,
signing in as each role; a screenshot of every step in artifacts/screenshots/.
004 第七条、第九条、第十条、第三条."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(browser_reference):
    from tests.factories import OrganisationFactory, official, unit_user

    org = OrganisationFactory(name="广州明澈光电制造有限公司", district="440106")
    return {
        "enterprise": unit_user(org, username="mingche", real_name="周经理"),
        "tianhe": official("district", "440106", username="tianhe", real_name="天河区审核员"),
        "city": official("city", "440100", username="gz_city", real_name="市局审核员"),
        "org": org,
    }


def test_guangzhou_factory_cycle_in_the_browser_004(live_server, browser_page, cast):
    w = Walker(browser_page, live_server.url, prefix="cycle")
    page = browser_page
    org = cast["org"]

    # 1. January: the enterprise fills the 梯度培育信息登记表 (004 第九条)
    w.login("mingche")
    w.set_date("2026-01-12")
    w.go("/pool/")
    page.get_by_test_id("registration-new").click()
    form = page.get_by_test_id("registration-form")
    form.locator("select[name=list_type]").select_option("factory")
    form.locator("input[name=unit_nature]").fill("有限责任公司")
    form.locator("input[name=main_products]").fill("LED 光电模组")
    form.locator("input[name=output_value]").fill("36800")
    form.locator("input[name=energy_consumption]").fill("5200")
    form.locator("input[name=is_manufacturer]").check()
    form.locator("input[name=clean_production_certified]").check()
    form.locator("input[name=clean_production_certificate_no]").fill("穗工信〔2025〕8号")
    form.locator("input[name=clean_production_valid_until]").fill("2028-06-30")
    form.locator("input[name=management_systems][value=quality]").check()
    form.locator("input[name=management_systems][value=energy]").check()
    form.locator("textarea[name=cultivation_plan]").fill(
        "2026年完成屋顶光伏 2MW，2027年建成能源管理中心"
    )
    form.locator("input[name=contact_name]").fill("周经理")
    form.locator("input[name=contact_phone]").fill("020-87654321")
    form.locator("input[name=contact_email]").fill("zhou@example.com")
    form.locator("input[name=commitment]").check()
    w.shot("enterprise-registration-form")
    page.get_by_test_id("registration-save").click()
    page.get_by_test_id("registration-submit").click()
    w.expect_message("登记表已提交")
    w.shot("enterprise-registration-submitted")

    # 2. Tianhe district: preliminary review (004 第九条)
    w.login("tianhe")
    w.open_inbox_item(org.name)
    w.shot("district-preliminary-review")
    w.review("approve", "材料齐全，推荐至市局")
    assert "初审通过" in page.get_by_test_id("state").inner_text()

    # 3. Guangzhou: conformity review → candidate for three years (004 第九条)
    w.login("gz_city")
    w.open_inbox_item(org.name)
    w.review("approve", "符合培育条件")
    assert "2026-01-12 至 2029-01-11" in page.get_by_test_id("candidate").inner_text()
    w.shot("city-conformity-review-candidate")

    # 4. April: the city opens the 2026 selection (004 第十条)
    w.set_date("2026-04-08")
    w.go("/campaigns/")
    page.get_by_test_id("campaign-open").click()
    w.expect_message("年度批次已启动")
    w.shot("city-campaign-opened")

    # 5. The enterprise writes its self-evaluation report with evidence, then applies
    w.login("mingche")
    w.go("/reports/")
    page.get_by_test_id("report-new").click()
    page.get_by_test_id("report-create").click()
    sections = page.locator("section[data-testid^=section-]")
    for i in range(sections.count()):
        section = page.locator(f"section[data-testid=section-{i + 1}]")
        for select in section.locator("select").all():
            select.select_option("true")
        for box in section.locator("input[type=checkbox]").all():
            box.check()
        # GB/T 36132-2025 (2026): measured values at 90% between 基准值 and 引领值
        for measured in section.locator("div.measured").all():
            lower = measured.get_attribute("data-direction") == "lower_better"
            values = ("0.64", "1", "0.6") if lower else ("86", "50", "90")
            for prefix, value in zip("vbl", values, strict=True):
                measured.locator(f"input[name^={prefix}_]").fill(value)
        section.get_by_test_id(f"save-{i + 1}").click()
    pdf = Path(__file__).parents[1] / "data" / "evidence.pdf"
    page.locator("details.upload").first.click()
    page.get_by_test_id("file_B25-BR-1").set_input_files(str(pdf))
    page.get_by_test_id("upload_B25-BR-1").click()
    # uploaded in place (issue 18 item 1): the indicator's evidence box says so
    expect(page.get_by_test_id("evidence-B25-BR-1")).to_contain_text("佐证材料已上传")
    assert page.get_by_test_id("report-score").inner_text() == "92.8"
    w.shot("enterprise-self-evaluation")
    page.get_by_test_id("report-submit").click()
    assert "已提交" in page.get_by_test_id("report-state").inner_text()
    w.go("/applications/")
    page.get_by_test_id("application-new").click()
    page.locator("select[name=report]").select_option(index=1)
    page.get_by_test_id("application-create").click()
    page.get_by_test_id("application-submit").click()
    w.expect_message("申报已提交")
    w.shot("enterprise-application-submitted")

    # 6. Tianhe recommends before 04-30 (004 第十条)
    w.login("tianhe")
    w.open_inbox_item(org.name)
    w.review("approve", "同意推荐")
    assert "区县已推荐" in page.get_by_test_id("state").inner_text()
    w.shot("district-recommendation")

    # 7. Guangzhou reviews and scores: 86 ≥ 80 → 1 star (004 第三条)
    w.login("gz_city")
    w.open_inbox_item(org.name)
    w.review("approve", "评审通过", score="86")
    assert page.get_by_test_id("app-star").inner_text() == "1星"
    w.shot("city-review-1-star")

    # 8. The 7-day public notice (004 第十条)
    w.set_date("2026-05-06")
    w.go("/campaigns/")
    page.get_by_role("link", name=re.compile("2026年度广州市绿色制造名单")).click()
    page.locator("input[name=start]").fill("2026-05-06")
    page.get_by_test_id("notice-open").click()
    assert page.get_by_test_id("notice-last-day").inner_text() == "2026-05-12"
    w.shot("city-notice-published")

    # 9. A member of the public objects, real-name, during the notice
    w.logout()
    page.get_by_test_id("notice-link").count()
    w.go("/notices/")
    page.get_by_role("link", name=re.compile("拟列入名单公示")).click()
    form = page.get_by_test_id("objection-form")
    form.locator("select[name=application]").select_option(label=org.name)
    form.locator("input[name=objector_name]").fill("孙七")
    form.locator("input[name=objector_id_number]").fill("11010519491231002X")
    form.locator("input[name=objector_phone]").fill("13700001234")
    form.locator("textarea[name=statement]").fill("该企业厂区2025年曾被投诉噪声超标，请核实。")
    w.shot("public-objection-form")
    page.get_by_test_id("objection-submit").click()
    w.expect_message("异议已提交")
    assert "孙七" not in page.content()

    # 10. Guangzhou handles the objection: dismissed with reasons
    w.login("gz_city")
    w.open_inbox_item(org.name)
    assert "孙七" in page.content()
    handle = page.get_by_test_id("objection-handle")
    handle.locator("input[name=outcome][value=dismissed]").check()
    handle.locator("textarea[name=reason]").fill("经核实，噪声监测达标，异议不成立")
    page.get_by_test_id("objection-handle-submit").click()
    assert "异议不成立" in page.get_by_test_id("objection-state").inner_text()
    w.shot("city-objection-dismissed")

    # 11. Publication after the notice: refused on its last day, done the day after
    w.set_date("2026-05-12")
    w.go("/campaigns/")
    page.get_by_role("link", name=re.compile("2026年度广州市绿色制造名单")).click()
    page.get_by_test_id("publish").click()
    w.expect_message("《广州市绿色工厂梯度培育及管理暂行办法》第十条")  # 004 第十条, by its title
    w.set_date("2026-05-13")
    page.get_by_test_id("publish").click()
    assert page.get_by_test_id("green-list-title").inner_text() == "2026年度广州市绿色制造名单"
    assert org.name in page.get_by_test_id("green-list-units").inner_text()
    w.shot("published-municipal-list")

    # 12. The public register shows the 1-star municipal green factory
    w.logout()
    w.go("/register/?level=municipal")
    page.get_by_test_id("register-q").fill("明澈")
    page.get_by_test_id("register-search").click()
    results = page.get_by_test_id("register-results").inner_text()
    assert org.name in results and "1星" in results
    w.shot("public-register")
    assert w.n >= 12
