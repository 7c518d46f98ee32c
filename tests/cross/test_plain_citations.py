"""Issue 18 item 4: a refusal shown to people cites its article as the document's short title
and the article (《广州市绿色工厂梯度培育及管理暂行办法》第九条), never the bare code
``004 第九条`` nobody outside knows: in the messages after a failed action (``run_action``)
and in the API's ``detail``; the API keeps the codes for machines (``citation``,
``citations``)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from greenmfg.core import clock
from greenmfg.core.decisions import Reason, citation_text
from greenmfg.cultivation import services as pool
from tests.cross.test_plain_chinese import visible_text
from tests.cycle import JANUARY, registration_data

pytestmark = pytest.mark.django_db

#: a bare citation: a document code followed by an article (004 第九条, 001 二(四))
BARE = re.compile(
    r"(?<![\d《])00[0-4]\s*(第[零一二三四五六七八九十百]+条|[一二三四五六七八九十]+\()"
)
GUANGZHOU_9 = "《广州市绿色工厂梯度培育及管理暂行办法》第九条"
AFTER_THE_WINDOW = dt.date(2026, 2, 2)


def test_the_checker_finds_bare_citations_and_not_titled_ones():
    assert BARE.search("登记时间已过（004 第九条）")
    assert BARE.search("（001 二(四)）")
    assert not BARE.search(f"登记时间已过（{GUANGZHOU_9}）")
    assert not BARE.search("统一社会信用代码 91440101000123456X")


def test_a_citation_reads_as_the_documents_short_title_and_article_in_each_language():
    assert citation_text("004 第九条") == GUANGZHOU_9
    assert citation_text("") == ""
    # another document (a national notice) is shown as it is
    assert citation_text("工信部节〔2024〕13号 第五条") == "工信部节〔2024〕13号 第五条"
    assert str(Reason("x", "登记时间已过", "004 第九条")) == f"登记时间已过（{GUANGZHOU_9}）"
    with translation.override("en"):
        english = citation_text("004 第九条")
    assert not BARE.search(english) and english != GUANGZHOU_9
    assert citation_text("004 第九条", "zh-hans") == GUANGZHOU_9


def _draft(user):
    with clock.frozen(JANUARY):
        return pool.registration_create(
            actor=user, unit=user.organisation, list_type="factory", data=registration_data()
        )


def test_a_refusal_message_after_a_failed_action_cites_the_title_not_the_code_004_9(
    client, enterprise_user
):
    reg = _draft(enterprise_user)
    client.force_login(enterprise_user)
    with clock.frozen(AFTER_THE_WINDOW):  # Guangzhou's registration window is January
        resp = client.post(reverse("registration_detail", args=[reg.uuid]) + "submit/", follow=True)
    errors = [m.message for m in resp.context["messages"] if m.level_tag == "error"]
    assert errors and any(GUANGZHOU_9 in m for m in errors), errors
    assert not [m for m in errors if BARE.search(m)], errors
    assert not BARE.search(visible_text(resp.content.decode()))


def test_an_api_refusal_detail_cites_the_title_and_keeps_the_codes_for_machines(enterprise_user):
    reg = _draft(enterprise_user)
    api = APIClient()
    api.force_authenticate(enterprise_user)
    with clock.frozen(AFTER_THE_WINDOW):
        resp = api.post(f"/api/v1/registrations/{reg.uuid}/submit/")
    assert resp.status_code == 409, resp.content
    body = resp.json()
    assert GUANGZHOU_9 in body["detail"] and not BARE.search(body["detail"])
    assert any(c.startswith("004 第九条") for c in body["citations"]), body["citations"]
    reason = next(r for r in body["reasons"] if r["citation"].startswith("004 第九条"))
    assert reason["citation_text"].startswith(GUANGZHOU_9)
