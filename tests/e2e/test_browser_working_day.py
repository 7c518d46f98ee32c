"""Issue 18 in a real browser (Debian's chromium, Playwright), in the Chinese UI on a phone:
an enterprise of 天河区 registers for Guangzhou's pool in January and re-saves its draft (the
清洁生产企业 expiry survives: date fields render ISO), fills the self-evaluation report in April
and saves one section without losing what it typed in another, and every page it uses is usable
at 390 px (nothing wider than the screen) with no serious or critical axe-core violation.
Screenshots: artifacts/screenshots/working-day-*.png; one pass in English checks the dates."""

from __future__ import annotations

import pytest

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def cast(browser_reference):
    """An enterprise of 天河区 (the demo clock on)."""
    from tests.factories import OrganisationFactory, unit_user
    from tests.oversight import list_unit, officer

    org = OrganisationFactory(name="广州青禾新能源装备有限公司", district="440106")
    user = unit_user(org, username="qinghe", real_name="林工")
    list_unit(org, "municipal", year=2025)  # listed: it files the annual dynamic form
    officer(user, org)
    return {"enterprise": user, "org": org}


def axe_problems(page) -> list[str]:
    """The serious and critical axe-core violations of the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_phone_page(w: Walker, name: str, problems: list[str]) -> None:
    """Screenshot at 390 px; nothing wider than the screen; axe-core."""
    page = w.page
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"] + 1:
        problems.append(f"{name}: {width}px wide at {PHONE['width']}px")
    w.shot(name)
    problems.extend(f"{name}: {p}" for p in axe_problems(page))


def test_enterprise_day_on_a_phone_in_chinese_keeps_every_date_and_every_section(
    live_server, browser_page, cast
):
    from playwright.sync_api import expect

    page = browser_page
    page.set_viewport_size(PHONE)
    w = Walker(page, live_server.url, prefix="working-day")
    problems: list[str] = []
    w.go("/")
    check_phone_page(w, "home", problems)
    w.login("qinghe")
    assert "待办" in page.locator("nav.mainnav").inner_text()  # the Chinese UI
    w.set_date("2026-01-12")
    check_phone_page(w, "inbox", problems)

    # the registration form, in January (Guangzhou's window, 004 第九条)
    w.go("/pool/new/")
    form = page.get_by_test_id("registration-form")
    # only the chosen list type's sections; Guangzhou's certificate marked required (004 第七条)
    expect(form.locator("fieldset[data-list-types=park]")).to_be_hidden()
    expect(form.locator(".rule-required").first).to_contain_text("第七条")
    form.locator("[name=unit_nature]").fill("有限责任公司")
    form.locator("[name=main_products]").fill("储能设备")
    form.locator("[name=is_manufacturer]").check()
    form.locator("[name=clean_production_certified]").check()
    form.locator("[name=clean_production_certificate_no]").fill("穗工信函〔2025〕12号")
    form.locator("[name=clean_production_valid_until]").fill("2027-12-31")
    form.locator("[name=contact_name]").fill("林工")
    form.locator("[name=contact_phone]").fill("020-88886666")
    form.locator("[name=commitment]").check()
    check_phone_page(w, "registration-form", problems)
    page.get_by_test_id("registration-save").click()
    expect(page.get_by_test_id("state")).to_have_text("草稿")
    expect(page.get_by_test_id("steps")).to_contain_text("区县初审")
    check_phone_page(w, "registration-detail", problems)

    # re-saving the draft keeps the expiry (it used to render 2027/12/31 and come back empty)
    page.get_by_test_id("registration-edit").click()
    expiry = page.locator("[name=clean_production_valid_until]")
    expect(expiry).to_have_value("2027-12-31")
    page.get_by_test_id("registration-save").click()
    expect(page.locator(".facts")).to_contain_text("2027-12-31")

    # the self-evaluation report in April: typing in two sections, saving one keeps both
    w.set_date("2026-04-08")
    w.go("/reports/")
    page.get_by_test_id("report-new").click()
    page.locator("select[name=list_type]").select_option("factory")
    page.get_by_test_id("report-create").click()
    basics = page.get_by_test_id("section-1")
    basics.get_by_test_id("v_B25-BR-1").select_option("true")
    basics.get_by_test_id("n_B25-BR-1").fill("见营业执照")
    energy = page.get_by_test_id("section-2")
    energy.get_by_test_id("v_C-03").fill("35")
    energy.get_by_test_id("b_C-03").fill("5")
    energy.get_by_test_id("l_C-03").fill("20")
    check_phone_page(w, "report-form", problems)
    energy.get_by_test_id("save-2").click()
    expect(page.get_by_test_id("messages")).to_contain_text("已保存")
    expect(page.get_by_test_id("section-1").get_by_test_id("v_B25-BR-1")).to_have_value("true")
    expect(page.get_by_test_id("section-1").get_by_test_id("n_B25-BR-1")).to_have_value(
        "见营业执照"
    )
    expect(page.get_by_test_id("section-2").get_by_test_id("v_C-03")).to_have_value("35")
    assert page.url.endswith("#s2")  # the position is kept

    # typing without saving: leaving the page asks first (beforeunload)
    page.get_by_test_id("section-1").get_by_test_id("n_B25-BR-1").fill("改了没保存")
    dialogs: list[str] = []

    def stay_once(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss() if len(dialogs) == 1 else dialog.accept()

    page.on("dialog", stay_once)
    page.get_by_test_id("nav-inbox").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert "/reports/" in page.url  # stayed

    for path, name in (("/applications/", "applications"), ("/oversight/", "oversight")):
        w.go(path)
        check_phone_page(w, name, problems)
    # the annual dynamic form of a listed factory (004 第十三条)
    page.get_by_test_id("form-new").get_by_role("button").click()
    check_phone_page(w, "dynamic-form", problems)
    assert not problems, "\n".join(problems)


def test_dates_render_iso_in_the_english_ui_too(live_server, browser_page, cast):
    from playwright.sync_api import expect

    page = browser_page
    w = Walker(page, live_server.url, prefix="working-day-en")
    w.login("qinghe")
    page.locator("form.langform button").click()
    w.set_date("2026-01-12")
    w.go("/pool/new/")
    assert page.locator("html").get_attribute("lang") == "en"
    form = page.get_by_test_id("registration-form")
    form.locator("[name=unit_nature]").fill("Limited company")
    form.locator("[name=main_products]").fill("Storage")
    form.locator("[name=clean_production_valid_until]").fill("2027-12-31")
    form.locator("[name=contact_name]").fill("Lin")
    form.locator("[name=contact_phone]").fill("020-88886666")
    form.locator("[name=commitment]").check()
    page.get_by_test_id("registration-save").click()
    page.get_by_test_id("registration-edit").click()
    expect(page.locator("[name=clean_production_valid_until]")).to_have_value("2027-12-31")


def test_public_pages_on_a_phone_have_no_serious_axe_violations_and_the_demo_banner(
    live_server, browser_page, cast
):
    page = browser_page
    page.set_viewport_size(PHONE)
    w = Walker(page, live_server.url, prefix="working-day-public")
    problems: list[str] = []
    for path, name in (
        ("/", "home"),
        ("/register/", "register"),
        ("/register/lists/", "lists"),
        ("/notices/", "notices"),
        ("/rules/", "rules"),
        ("/rules/guangzhou/", "rules-guangzhou"),
        ("/rules/sources/?doc=004", "source-004"),
        ("/accounts/login/", "login"),
    ):
        w.go(path)
        assert page.get_by_test_id("demo-banner").is_visible(), path
        check_phone_page(w, name, problems)
    assert not problems, "\n".join(problems)
