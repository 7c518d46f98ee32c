"""Issue 17, item 7: anonymous complaints and objections had no rate limit and no size cap
(a 15 MiB statement was accepted; ten objections in 1.2 s from one address). Now the
statement has a length cap (5,000 characters) on the model, the forms and the
serializers (400 naming the field); a request body over ``GREENMFG_MAX_REQUEST_BYTES``
answers 413 before it is read; the submissions accepted per client address
(``GREENMFG_PUBLIC_SUBMISSIONS_PER_ADDRESS``, 5/h) and per target
(``GREENMFG_PUBLIC_SUBMISSIONS_PER_TARGET``, 30/d) are limited, past them 429 with
``Retry-After`` — Chinese pages and answers, English with the language.

ASVS 5.0 2.4.1 (anti-automation), 4.2.x/5.2.1 (size limits); 等保 8.1.4.4 d."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from greenmfg.core import clock
from greenmfg.core.limits import STATEMENT_MAX_CHARS, parse_rate
from greenmfg.selection import publication
from greenmfg.selection.models import Objection
from greenmfg.supervision.complaints.models import Complaint
from tests.hostile import OBJECTOR, noticed_application
from tests.oversight import listed_unit

pytestmark = pytest.mark.django_db

DAY = "2026-04-22"  # the Guangzhou notice is running
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COMPLAINANT = {
    "complainant_name": "举报人甲",
    "complainant_id_number": "11010519491231002X",
    "complainant_phone": "13800138000",
    "complainant_email": "whistle@example.com",
    "statement": "该单位动态管理表填报的能耗数据与实际严重不符，附电费单据。",
}


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    settings.GREENMFG_PUBLIC_SUBMISSIONS_PER_ADDRESS = "5/h"
    settings.GREENMFG_PUBLIC_SUBMISSIONS_PER_TARGET = "30/d"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def notice(enterprise_user, tianhe_official, city_official):
    return noticed_application(enterprise_user, tianhe_official, city_official)


def object_to(client, app, notice, *, address="203.0.113.7", **overrides):
    with clock.frozen(DAY):
        return client.post(
            f"/api/v1/notices/{notice.uuid}/objections/",
            {"application": str(app.uuid), **OBJECTOR, **overrides},
            content_type="application/json",
            REMOTE_ADDR=address,
        )


def test_a_15_mib_statement_is_refused_naming_the_field_api_and_page(notice):
    app, notice = notice
    huge = "x" * (15 * 1024 * 1024)  # 15 MiB, under the request cap: the text caps refuse it
    resp = object_to(Client(), app, notice, statement=huge)
    assert resp.status_code == 400
    assert resp.json()["field"] == "statement"  # the central cap (item 11), before any view
    page = Client()
    with clock.frozen(DAY):
        resp = page.post(
            f"/notices/{notice.uuid}/",
            {"application": str(app.uuid), **OBJECTOR, "statement": huge},
        )
    assert resp.status_code == 400 and "“statement”过长" in resp.content.decode()
    # a statement over its own cap (5,000) but under the central one: the serializer, the form
    resp = object_to(Client(), app, notice, statement="异" * (STATEMENT_MAX_CHARS + 1))
    assert resp.status_code == 400 and "statement" in resp.json()
    with clock.frozen(DAY):
        resp = page.post(
            f"/notices/{notice.uuid}/",
            {
                "application": str(app.uuid),
                **OBJECTOR,
                "statement": "异" * (STATEMENT_MAX_CHARS + 1),
            },
        )
    assert resp.status_code == 200 and "statement" in resp.context["form"].errors
    unit, _user = listed_unit("440106")
    with clock.frozen("2026-05-06"):
        resp = Client().post(
            "/api/v1/complaints/",
            {
                **COMPLAINANT,
                "statement": "举" * (STATEMENT_MAX_CHARS + 1),
                "target": str(unit.uuid),
            },
            content_type="application/json",
        )
    assert resp.status_code == 400 and "statement" in resp.json()
    assert not Objection.objects.exists() and not Complaint.objects.exists()


def test_the_cap_is_on_the_model_for_every_path(notice):
    app, notice = notice
    with clock.frozen(DAY), pytest.raises(Exception) as refused:
        publication.objection_submit(
            actor=AnonymousUser(),
            notice=notice,
            application=app,
            data={**OBJECTOR, "statement": "异" * (STATEMENT_MAX_CHARS + 1)},
        )
    assert "statement" in getattr(refused.value, "message_dict", {})
    resp = object_to(Client(), app, notice, statement="异" * STATEMENT_MAX_CHARS)
    assert resp.status_code == 201


def test_an_oversized_request_answers_413_in_chinese_and_english(settings, notice):
    settings.GREENMFG_MAX_REQUEST_BYTES = 1024 * 1024
    app, notice = notice
    big = SimpleUploadedFile("证据.pdf", PDF + b"0" * (2 * 1024 * 1024), "application/pdf")
    client = Client()
    with clock.frozen(DAY):
        resp = client.post(
            f"/api/v1/notices/{notice.uuid}/objections/",
            {"application": str(app.uuid), **OBJECTOR, "evidence": big},
        )
    assert resp.status_code == 413
    assert "提交的内容过大" in resp.json()["detail"]
    big.seek(0)
    with clock.frozen(DAY):
        resp = client.post(
            f"/notices/{notice.uuid}/",
            {"application": str(app.uuid), **OBJECTOR, "evidence": big},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert resp.status_code == 413
    assert "too large" in resp.content.decode().lower()
    assert not Objection.objects.exists()


def test_ten_objections_in_a_second_from_one_address_are_limited_to_five_asvs_2_4_1(notice):
    app, notice = notice
    client = Client()
    answers = [object_to(client, app, notice).status_code for _ in range(10)]
    assert answers == [201] * 5 + [429] * 5
    refused = object_to(client, app, notice)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "提交过于频繁" in refused.json()["detail"]
    # another address is not held back by this one
    assert object_to(client, app, notice, address="198.51.100.9").status_code == 201
    assert Objection.objects.count() == 6


def test_behind_the_proxy_the_limit_is_per_client_not_per_proxy(settings, notice):
    settings.GREENMFG_PROXY_COUNT = 1
    app, notice = notice
    client = Client()
    for n in range(6):
        with clock.frozen(DAY):
            resp = client.post(
                f"/api/v1/notices/{notice.uuid}/objections/",
                {"application": str(app.uuid), **OBJECTOR},
                content_type="application/json",
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
            )
        assert resp.status_code == 201, (n, resp.content)


def test_one_target_is_limited_whatever_the_addresses(settings, notice):
    settings.GREENMFG_PUBLIC_SUBMISSIONS_PER_TARGET = "3/d"
    app, notice = notice
    client = Client()
    answers = [
        object_to(client, app, notice, address=f"203.0.113.{n + 1}").status_code for n in range(4)
    ]
    assert answers == [201, 201, 201, 429]


def test_the_complaint_page_answers_429_in_chinese():
    unit, _user = listed_unit("440106")
    client = Client()
    answers = []
    for _n in range(6):
        with clock.frozen("2026-05-06"):
            evidence = SimpleUploadedFile("电费单.pdf", PDF, content_type="application/pdf")
            resp = client.post(
                "/complaints/new/",
                {**COMPLAINANT, "target_uscc": unit.uscc, "evidence": evidence},
            )
        answers.append(resp.status_code)
    assert answers == [200] * 5 + [429]
    assert "提交过于频繁" in resp.content.decode()
    assert resp["Retry-After"]
    assert unit.complaints.count() == 5


def test_rates_are_read_as_documented():
    assert parse_rate("5/h") == (5, 3600)
    assert parse_rate("30/d") == (30, 86400)
    assert parse_rate("0") is None and parse_rate("") is None
    with pytest.raises(ValueError):
        parse_rate("5/fortnight")
