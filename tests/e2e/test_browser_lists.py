"""An official filters the applications and downloads the XLSX, in a real browser
(Debian's chromium driven by Playwright; Chinese UI; issue 18 item 6): the Guangzhou
city official picks 天河区 in the region cascade (the page reloads with it), a state,
searches, and the download holds exactly the rows on the page, read with openpyxl.
Screenshots in artifacts/screenshots/lists-*.png."""

from __future__ import annotations

import io

import pytest

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(browser_reference):
    from greenmfg.core.vocabulary import Role
    from tests.cast import official_of
    from tests.lists.support import application

    official_of(Role.CITY, "440100")
    for i in range(3):
        application(f"天河绿色精密{i}号有限公司", district="440106", state="submitted")
    application("天河草稿企业有限公司", district="440106", state="draft", submitted_on=None)
    application("越秀绿色精密有限公司", district="440104", state="submitted")


def test_an_official_filters_applications_and_downloads_the_xlsx(live_server, browser_page, scene):
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    from greenmfg.core.lists import HEADER_ROW

    page = browser_page
    w = Walker(page, live_server.url, prefix="lists")
    w.login("gz_city")
    w.go("/applications/")
    expect(page.locator("h1")).to_have_text("申报")
    expect(page.get_by_test_id("list-total")).to_have_text("共 5 条")
    w.shot("all")

    # the cascade: picking a district reloads the page with it
    with page.expect_navigation():
        page.locator("select[name=region_1]").select_option(label="天河区")
    expect(page.get_by_test_id("list-total")).to_have_text("共 4 条")
    page.locator("select[name=state]").select_option(label="已提交，待审核")
    page.locator("input[name=q]").fill("绿色精密")
    page.get_by_test_id("list-filter").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("list-total")).to_have_text("共 3 条")
    expect(page.get_by_test_id("list-applied")).to_contain_text("广东省广州市天河区")
    rows = page.get_by_test_id("application-rows")
    expect(rows).not_to_contain_text("越秀绿色精密有限公司")
    expect(rows).not_to_contain_text("天河草稿企业有限公司")
    w.shot("filtered")

    with page.expect_download() as info:
        page.get_by_test_id("list-export").click()
    download = info.value
    assert download.suggested_filename.startswith("applications-")
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as fh:
        ws = load_workbook(io.BytesIO(fh.read())).active
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[0][0] == "申报"
    assert "广东省广州市天河区" in values[1][0] and "已提交，待审核" in values[1][0]
    header, data = values[HEADER_ROW - 1], values[HEADER_ROW:]
    assert header[0] == "单位" and "状态" in header
    assert sorted(r[0] for r in data) == [f"天河绿色精密{i}号有限公司" for i in range(3)]
    assert {r[header.index("状态")] for r in data} == {"已提交，待审核"}
    assert {r[header.index("类别")] for r in data} == {"绿色工厂"}
