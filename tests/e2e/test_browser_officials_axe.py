"""Issue 18 item 5: axe-core on every page type of the officials (inbox, registration and
application review, campaign, notice, objection, complaint handling, dynamic-form review,
overdue list, removal proposal, dashboards, audit viewer, agency pages …) with no serious or
critical violation; and issue 18 item 4: the pages added last round (training, disclosures,
summaries, networks, green code, dashboards, open data) fit a 390 px phone.

The pages are those of the access matrix's world (tests/access_matrix.py: every object page
and every page without parameters), each rendered by Django's test client as one official
allowed to see it, in the Chinese UI, all rendered first; then one Chromium session shows them
(each document and its static files served through Playwright's routing, so no live server
and no second copy of the world; the database is not touched while the browser runs: under
Playwright's event loop Django would open another connection) and runs axe-core on each. Screenshots of the phone pass:
artifacts/screenshots/officials-phone-*.png."""

from __future__ import annotations

import contextlib
import mimetypes

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.access_matrix import CASES, PAGES
from tests.cross import test_access_matrix as matrix
from tests.cross.test_access_matrix import SHADOWED, call, is_api

# the access matrix's world and its settings (module-scoped fixtures, reused)
world = matrix.world
_matrix_settings = matrix._matrix_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

BASE = "http://testserver"
PHONE = {"width": 390, "height": 844}
#: the officials, in the order a page is shown as the first one allowed to see it
OFFICIALS = ["city", "district", "province", "national", "department", "expert", "auditor", "admin"]
#: pages without parameters shown to each official role (its own inbox, lists, dashboards)
OFFICIAL_PAGES_AS = {"expert_inbox": "expert", "audit_event_list": "auditor"}
#: the pages added by the last round, shown on a phone (as the role named)
PHONE_PAGES = [
    ("duties_training", "city"),
    ("duties_guidance", "city"),
    ("duties_disclosures", "enterprise"),
    ("summary_index", "city"),
    ("network_home", "city"),
    ("green_code_grade", "province"),
    ("green_code_method", "anonymous"),
    ("green_code_verify", "anonymous"),
    ("dashboard_official", "city"),
    ("dashboard_public", "anonymous"),
    ("dashboard_units", "city"),
    ("opendata_index", "anonymous"),
    ("star_register", "anonymous"),
]
PHONE_CASES = [
    ("duties_course", "city"),
    ("summary_detail", "city"),
    ("network_progress", "city"),
    ("network_public", "anonymous"),
    ("green_code_detail", "anonymous"),
    ("opendata_snapshot", "anonymous"),
]


def official_pages(world) -> list[tuple[str, str, str]]:
    """``(name, url, role)``: one URL of every HTML page type an official may see (the
    first official allowed, side A), and every page without parameters as the city
    official (or the role of its own page)."""
    out = []
    for name, case in sorted(CASES.items()):
        if is_api(name) or name in SHADOWED or "get" not in case.methods:
            continue
        roles = [r for r in OFFICIALS if r in case.ok["A"]]
        if roles:
            out.append((name, reverse(name, kwargs=case.url_kwargs(world, "A")), roles[0]))
    for name, page in sorted(PAGES.items()):
        if is_api(name) or "get" not in page.methods or name.startswith(("otp_", "login")):
            continue
        role = OFFICIAL_PAGES_AS.get(name, "city")
        if page.roles and role not in page.roles:
            continue
        out.append((name, reverse(name), role))
    return out


def rendered(world, role: str, url: str) -> str | None:
    """The page's HTML as ``role`` sees it, or None (not 200, not a whole HTML page: a file
    download, a fragment)."""
    status, text, _changed, resp = call(world, role, "get", url)
    if status != 200 or "text/html" not in resp.get("Content-Type", ""):
        return None
    if "<html" not in text[:500]:  # a fragment htmx swaps into a page (an import's progress)
        return None
    return text


class Server:
    """Playwright's routing as the server: the document is the test client's answer
    rendered beforehand, a static file is read from the finders, anything else (an uploaded
    image) is not found."""

    def __init__(self):
        self.html = ""

    def __call__(self, route) -> None:
        path = route.request.url.removeprefix(BASE)
        if route.request.resource_type == "document":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self.html)
            return
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/").split("?")[0])
            if found:
                kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
                with open(found, "rb") as fh:
                    route.fulfill(status=200, content_type=kind, body=fh.read())
                return
        route.fulfill(status=404, body="")

    def show(self, page, url: str, html: str) -> None:
        self.html = html
        page.goto(BASE + url)
        page.wait_for_load_state()


@contextlib.contextmanager
def chromium(viewport: dict):
    """A page of Debian's chromium (tests/browser_support.py), started after the pages were
    rendered."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=viewport, locale="zh-CN")
            page.set_default_timeout(15000)
            yield page
        finally:
            browser.close()


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
  .slice(0, 3)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))"""


def wide(page) -> str:
    """The innermost elements reaching past the screen's right edge (what to fix)."""
    return ", ".join(page.evaluate(WIDEST))


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


#: page types the issue names: each must be among the pages checked
NAMED = {
    "inbox",
    "application_detail",
    "registration_detail",
    "campaign_detail",
    "notice_detail",
    "objection_detail",
    "complaint_detail",
    "dynamic_form_detail",
    "overdue_list",
    "proposal_detail",
    "dashboard_official",
    "audit_event_list",
    "agency_oversight",
}


def test_officials_pages_have_no_serious_or_critical_axe_violations(world):
    pages = []
    for name, url, role in official_pages(world):
        html = rendered(world, role, url)
        if html is not None:
            pages.append((name, url, role, html))
    assert {name for name, *_ in pages} >= NAMED, NAMED - {name for name, *_ in pages}
    problems: list[str] = []
    server = Server()
    with chromium({"width": 1280, "height": 900}) as page:
        page.route("**/*", server)
        for name, url, role, html in pages:
            server.show(page, url, html)
            problems.extend(f"{name} {url} as {role}: {p}" for p in axe_problems(page))
    assert not problems, "\n".join(problems)


def test_last_rounds_pages_fit_a_phone(world):
    from tests.browser_support import SHOTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    urls = [(n, reverse(n), r) for n, r in PHONE_PAGES]
    urls += [(n, reverse(n, kwargs=CASES[n].url_kwargs(world, "A")), r) for n, r in PHONE_CASES]
    pages = []
    for name, url, role in urls:
        html = rendered(world, role, url)
        assert html is not None, f"{name} {url} as {role}"
        pages.append((name, url, html))
    problems: list[str] = []
    server = Server()
    with chromium(PHONE) as page:
        page.route("**/*", server)
        for name, url, html in pages:
            server.show(page, url, html)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"] + 1:
                problems.append(
                    f"{name} {url}: {width}px wide at {PHONE['width']}px ({wide(page)})"
                )
            page.screenshot(path=str(SHOTS / f"officials-phone-{name}.png"), full_page=True)
    assert not problems, "\n".join(problems)
