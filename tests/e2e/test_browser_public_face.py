"""The public face in a real browser (Debian's chromium, Playwright): the dashboard's
gradient pyramid and province tile map drawn by ECharts, a 企业绿码 card and its
verification page; screenshots in artifacts/screenshots/public-face-*.png; axe-core
(tests/vendor) finds no serious or critical violation on these pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core-4.14.1.min.js"


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the page (WCAG 2.1 A/AA rules)."""
    # evaluated through the DevTools protocol: the pages' CSP (script-src 'self') refuses an
    # injected <script> tag, as it should
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["html"][:200] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def code(browser_reference, settings, tmp_path):
    from greenmfg.greencode.models import GreenCode
    from greenmfg.greencode.services import grading_run
    from greenmfg.jurisdictions.models import Jurisdiction
    from tests.greencode.support import factory_with_form

    settings.VAR_DIR = tmp_path / "var"
    made = [
        factory_with_form(str(i + 1), name=f"广州绿色示范工厂{i:02d}有限公司") for i in range(12)
    ]
    run = grading_run(
        actor=None,
        jurisdiction=Jurisdiction.objects.get(code="000000"),
        level="national",
        year=2025,
        on=dt.date(2026, 1, 12),
    )
    return GreenCode.objects.get(run=run, listing=made[0][1])


def test_pyramid_map_and_code_card_render_and_pass_axe(live_server, browser_page, code):
    w = Walker(browser_page, live_server.url, prefix="public-face")
    page = browser_page
    w.go("/dashboards/")
    page.wait_for_selector("body[data-charts-drawn='1']")
    page.wait_for_selector("#chart-pyramid svg")
    page.wait_for_selector("#chart-provinces svg")
    assert (
        "广东" in page.locator("#chart-provinces").inner_text()
        or page.locator("#chart-provinces svg text").count()
    )
    page.locator("[data-testid=chart-pyramid]").screenshot(path=str(w_shot(w, "pyramid")))
    page.locator("[data-testid=chart-provinces]").screenshot(path=str(w_shot(w, "map")))
    w.shot("dashboard")
    assert axe_violations(page) == []

    w.go(f"/green-code/{code.uuid}/")
    assert page.get_by_test_id("green-code-grade").inner_text() == "A+"
    assert page.get_by_test_id("green-code-valid").count() == 1
    page.wait_for_function("document.querySelector('main img').naturalWidth > 0")
    w.shot("code-card")
    assert axe_violations(page) == []

    w.go("/green-code/")
    w.shot("method")
    assert axe_violations(page) == []


def w_shot(w: Walker, name: str) -> Path:
    """The path of the next numbered screenshot of ``w`` (an element's screenshot)."""
    from tests.browser_support import SHOTS

    w.n += 1
    return SHOTS / f"{w.prefix}-{w.n:02d}-{name}.png"
