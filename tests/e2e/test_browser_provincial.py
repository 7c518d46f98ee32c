"""A Guangzhou 1-star municipal green factory goes up the gradient in the browser:
Guangdong opens its provincial round, Guangzhou consults its five departments (004
第十一条), recommends the unit before Guangdong's binding 05-31 (000 第十三条), Guangdong grades it (000 第十四条) and
publishes a 10-working-day notice (000 第十三条), a member of the public objects, the
objection is dismissed and the provincial list published; the unit becomes a 2-star
Guangzhou green factory (004 第三条). Screenshots: artifacts/screenshots/provincial-*.png."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEPARTMENTS = {
    "gz_fgw": "发改",
    "gz_sthj": "生态环境",
    "gz_yjgl": "应急管理",
    "gz_scjg": "市场监管",
    "gz_sw": "税务",
}


@pytest.fixture
def upper_cast(browser_reference):
    from greenmfg.jurisdictions.models import Jurisdiction
    from greenmfg.register.models import GreenList, Listing
    from tests.factories import OrganisationFactory, department_user, official

    org = OrganisationFactory(name="广州穗能新材料制造有限公司", district="440106")
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440100"),
        level="municipal",
        year=2025,
        title="2025年度广州市绿色制造名单",
        published_on=dt.date(2025, 5, 20),
    )
    listing = Listing.objects.create(
        green_list=gl,
        unit=org,
        unit_name=org.name,
        uscc=org.uscc,
        list_type="factory",
        level="municipal",
        year=2025,
        region=org.registered_division,
        star=1,
        listed_on=dt.date(2025, 5, 20),
    )
    official("province", "440000", username="gd_prov", real_name="省厅审核员")
    official("city", "440100", username="gz_city", real_name="市局审核员")
    for username, dept in DEPARTMENTS.items():
        department_user("440100", dept, username=username, real_name=f"{dept}联络员")
    return {"org": org, "listing": listing}


def test_guangzhou_factory_goes_provincial_with_an_objection_in_the_browser(
    live_server, browser_page, upper_cast
):
    w = Walker(browser_page, live_server.url, prefix="provincial")
    page = browser_page
    name = upper_cast["org"].name

    # Guangdong opens the 2026 provincial round
    w.login("gd_prov")
    w.set_date("2026-05-06")
    w.go("/campaigns/")
    page.get_by_test_id("campaign-open").click()
    w.expect_message("年度批次已启动")
    w.shot("province-opens-round")

    # Guangzhou consults its departments on its listed unit (004 第十一条)
    w.login("gz_city")
    w.go("/campaigns/")
    page.get_by_role("link", name=re.compile("2026年度广东省绿色制造名单遴选")).click()
    assert name in page.get_by_test_id("recommendable").inner_text()
    page.get_by_test_id("consult").click()
    w.expect_message("已向各部门征求意见")
    w.shot("city-consults-departments")

    # each department answers: no objection
    for username in DEPARTMENTS:
        w.login(username)
        w.open_inbox_item(name)
        form = page.get_by_test_id("opinion-form-1")
        form.locator("input[name=kind][value=no_objection]").check()
        form.get_by_test_id("opinion-submit-1").click()
        w.expect_message("意见已反馈")
    w.shot("department-no-objection")

    # Guangzhou recommends on 05-28: the province's deadline 05-31 binds (000 第十三条;
    # Guangzhou's own 06-30, 004 第十一条, is set aside)
    w.login("gz_city")
    w.set_date("2026-05-28")
    w.go("/campaigns/")
    page.get_by_role("link", name=re.compile("2026年度广东省绿色制造名单遴选")).click()
    page.get_by_test_id("recommend-1").click()
    w.expect_message("已推荐至上一级")
    w.shot("city-recommends")

    # Guangdong grades it B (000 第十四条)
    w.login("gd_prov")
    w.set_date("2026-07-06")
    w.open_inbox_item(name)
    w.review("approve", "专项评审等级B", score="86", grade="B")
    assert page.get_by_test_id("app-grade").inner_text() == "B"
    w.shot("province-grades-b")

    # the 10-working-day provincial notice (000 第十三条)
    w.go("/campaigns/")
    page.get_by_role("link", name=re.compile("2026年度广东省绿色制造名单遴选")).click()
    page.locator("input[name=start]").fill("2026-07-06")
    page.get_by_test_id("notice-open").click()
    assert page.get_by_test_id("notice-last-day").inner_text() == "2026-07-17"
    w.shot("provincial-notice")

    # the public objects during the notice
    w.logout()
    w.go("/notices/")
    page.get_by_role("link", name=re.compile("2026年度广东省绿色制造名单拟列入名单公示")).click()
    form = page.get_by_test_id("objection-form")
    form.locator("select[name=application]").select_option(label=name)
    form.locator("input[name=objector_name]").fill("陈八")
    form.locator("input[name=objector_id_number]").fill("11010519491231002X")
    form.locator("input[name=objector_phone]").fill("13600001111")
    form.locator("textarea[name=statement]").fill(
        "该企业去年有一起质量投诉，请核实是否属于质量事故。"
    )
    page.get_by_test_id("objection-submit").click()
    w.expect_message("异议已提交")
    w.shot("public-objects")

    # Guangdong dismisses it and publishes after the notice
    w.login("gd_prov")
    w.set_date("2026-07-20")
    w.open_inbox_item(name)
    handle = page.get_by_test_id("objection-handle")
    handle.locator("input[name=outcome][value=dismissed]").check()
    handle.locator("textarea[name=reason]").fill("经核实为一般客户投诉，不属于质量事故")
    page.get_by_test_id("objection-handle-submit").click()
    w.go("/campaigns/")
    page.get_by_role("link", name=re.compile("2026年度广东省绿色制造名单遴选")).click()
    page.get_by_test_id("publish").click()
    assert page.get_by_test_id("green-list-title").inner_text() == "2026年度广东省绿色制造名单"
    assert name in page.get_by_test_id("green-list-units").inner_text()
    w.shot("provincial-list-published")

    # the Guangzhou municipal listing is now 2 stars (004 第三条)
    w.go("/register/?level=municipal")
    page.get_by_test_id("register-q").fill("穗能")
    page.get_by_test_id("register-search").click()
    assert "2星" in page.get_by_test_id("register-results").inner_text()
    w.shot("municipal-star-raised")
