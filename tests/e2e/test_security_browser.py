"""The strict Content-Security-Policy in a real browser (Debian's chromium driven by
Playwright): public pages, an official's pages after TOTP enrolment, the sessions page,
the Django admin (with its select2 autocomplete) and the Swagger UI render and run with
no CSP violation reported by the browser (ASVS 5.0 3.4.3). Screenshots in
artifacts/screenshots/security-*.png."""

from __future__ import annotations

import pytest

from tests.browser_support import PASSWORD, Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile);
});
"""


@pytest.fixture
def cast(browser_reference, settings):
    from greenmfg.accounts.enrolment import enrolment_code_issue
    from greenmfg.core.vocabulary import Role
    from tests.factories import UserFactory, official

    settings.GREENMFG_OTP_REQUIRED = True
    cast = {
        "official": official("city", "440100", username="gz_sec", real_name="安全测试"),
        "admin": UserFactory(
            username="sec_admin", role=Role.ADMIN, is_staff=True, is_superuser=True
        ),
    }
    # each enrols with the code an administrator handed over (issue 17, item 15)
    cast["codes"] = {
        who: enrolment_code_issue(user=user, actor=None)[1] for who, user in cast.items()
    }
    return cast


def test_pages_admin_and_api_docs_run_under_the_strict_csp_with_totp_enrolment_asvs_3_4_3(
    live_server, browser_page, cast
):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page = browser_page
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    w = Walker(page, live_server.url, prefix="security")

    def violations(where: str) -> None:
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__csp || []")
        assert found == [] and console == [], (where, found, console)

    for path in ("/", "/register/", "/rules/", "/notices/"):
        w.go(path)
        violations(path)

    # an official must enrol the second factor: the QR code is an image from a view
    w.login("gz_sec")
    assert "/accounts/otp/setup/" in page.url
    page.get_by_test_id("enrolment-code").fill(cast["codes"]["official"])
    page.get_by_test_id("enrolment-submit").click()
    page.wait_for_load_state()
    qr = page.locator("img.otp-qr")
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", qr.element_handle())
    w.shot("otp-setup")
    violations("otp setup")
    device = TOTPDevice.objects.get(user=cast["official"], confirmed=False)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_test_id("otp-token").fill(f"{code:06d}")
    page.get_by_test_id("otp-submit").click()
    page.wait_for_load_state()
    assert page.url.endswith("/inbox/")
    violations("inbox")
    w.go("/accounts/sessions/")
    assert page.get_by_test_id("session-row").count() == 1
    assert page.get_by_test_id("otp-status").inner_text() == "已启用"
    w.shot("sessions")
    violations("sessions")
    w.go("/pool/")
    violations("pool")
    w.logout()

    # the Django admin under the same policy (the administrator enrols too)
    w.go("/admin/login/")
    page.locator("input[name=username]").fill("sec_admin")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/otp/setup/" in page.url
    page.get_by_test_id("enrolment-code").fill(cast["codes"]["admin"])
    page.get_by_test_id("enrolment-submit").click()
    page.wait_for_load_state()
    device = TOTPDevice.objects.get(user=cast["admin"], confirmed=False)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_test_id("otp-token").fill(f"{code:06d}")
    page.get_by_test_id("otp-submit").click()
    page.wait_for_load_state()
    assert "/admin/" in page.url
    violations("admin index")
    w.go("/admin/parties/organisation/add/")
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").first.fill("天河")
    page.locator(".select2-results__option").first.wait_for()
    w.shot("admin-autocomplete")
    violations("admin autocomplete")
    w.go("/admin/parties/user/")
    violations("admin users")

    # the API documentation (Swagger UI, init script served as a file)
    w.go("/api/docs/")
    page.locator(".swagger-ui .info").wait_for()
    page.locator(".opblock").first.wait_for()
    w.shot("swagger")
    violations("swagger")
