"""Issue 18 item 4: the API's description (``/api/schema/``, Swagger UI, Redoc) is served in
Chinese first and in English: the title, the description and every operation's summary are
translated per request (``Accept-Language``, or drf-spectacular's ``?lang=``)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def docs_client(settings):
    settings.GREENMFG_PUBLIC_API_DOCS = True
    return Client()


def _schema(client, **extra) -> dict:
    resp = client.get("/api/schema/", {"format": "json", **extra.pop("query", {})}, **extra)
    assert resp.status_code == 200, resp.content[:300]
    return resp.json()


def _summaries(schema: dict) -> dict[str, str]:
    return {
        f"{method.upper()} {path}": op.get("summary", "")
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
    }


def test_the_api_schema_is_chinese_by_default_with_a_summary_for_every_operation(docs_client):
    schema = _schema(docs_client, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "绿色制造梯度培育及管理平台" in schema["info"]["title"]
    summaries = _summaries(schema)
    assert summaries["GET /api/v1/registrations/"] == "您可查看的培育入库登记"
    assert summaries["POST /api/v1/complaints/"].startswith("提出实名举报")
    missing = [op for op, text in summaries.items() if not CJK.search(text)]
    assert not missing, missing


def test_the_api_schema_is_english_for_an_english_reader(docs_client):
    schema = _schema(docs_client, HTTP_ACCEPT_LANGUAGE="en")
    assert "API" in schema["info"]["title"] and not CJK.search(schema["info"]["title"])
    summaries = _summaries(schema)
    assert summaries["GET /api/v1/registrations/"] == "Registrations you may see"
    untranslated = [op for op, text in summaries.items() if not text or CJK.search(text)]
    assert not untranslated, untranslated


def test_lang_parameter_chooses_the_language_of_the_schema(docs_client):
    english = _schema(docs_client, HTTP_ACCEPT_LANGUAGE="zh-hans", query={"lang": "en"})
    chinese = _schema(docs_client, HTTP_ACCEPT_LANGUAGE="en", query={"lang": "zh-hans"})
    assert _summaries(english)["POST /api/v1/registrations/{uuid}/submit/"] == (
        "Submit the registration"
    )
    assert _summaries(chinese)["POST /api/v1/registrations/{uuid}/submit/"] == "提交培育入库登记"


def test_the_docs_pages_load_the_schema_in_the_readers_language(docs_client):
    page = docs_client.get("/api/docs/", {"lang": "en"}).content.decode()
    assert "lang=en" in page


def test_the_browsable_api_heads_each_page_with_its_operation_in_the_readers_language(
    client, enterprise_user
):
    client.force_login(enterprise_user)
    zh = client.get("/api/v1/registrations/", HTTP_ACCEPT="text/html").content.decode()
    assert "您可查看的培育入库登记" in zh
    en = client.get(
        "/api/v1/registrations/", HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Registrations you may see" in en
