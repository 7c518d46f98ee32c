"""Every timeline shows labelled actions and states (issue 12, LAYOUT.md E5), in the
Chinese UI: a Guangzhou unit's dynamic form (动态管理表, 004 第十三条) submitted and
returned by the city, then the city's detail page in the browser — the timeline reads
"动态管理表 · 提交" and "已提交，待审核 → 已退回修改", never ``dynamic · submit`` or
``submitted → returned``. Screenshot: artifacts/screenshots/timeline-*.png."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RAW_CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b|\b(submitted|returned|accepted|draft)\b")


@pytest.fixture
def returned_form(browser_reference):
    from greenmfg.core import clock
    from greenmfg.supervision.dynamic import services as dynamic
    from tests.oversight import city_official, filed_form, listed_unit, officer

    unit, user = listed_unit("440106", year=2024)
    officer(user, unit)
    form = filed_form(user, unit, on=dt.date(2026, 3, 20))
    city = city_official("440106")
    with clock.frozen("2026-03-25"):
        form = dynamic.form_review(
            actor=city, form=form, decision="return", note="请补充可再生能源占比的计算依据"
        )
    return {"form": form, "city": city}


def test_a_supervision_timeline_reads_labels_in_chinese_not_codes(
    live_server, browser_page, returned_form
):
    page = browser_page
    w = Walker(page, live_server.url, prefix="timeline")
    w.login(returned_form["city"].username)
    w.go(f"/oversight/forms/{returned_form['form'].uuid}/")
    timeline = page.get_by_test_id("timeline")
    text = timeline.inner_text()
    assert "动态管理表 · 提交" in text
    assert "已提交，待审核 → 已退回修改" in text
    assert RAW_CODE.search(text) is None, RAW_CODE.search(text)
    w.shot("dynamic-form")
