"""The REST API (/api/v1/): every action through the service functions, every read
scoped, refusals answered with their reasons and articles (seed 004 = 广州市绿色工厂
梯度培育及管理暂行办法（征求意见稿））."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from greenmfg.core import clock
from greenmfg.core.vocabulary import Level
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import GreenList, Listing
from greenmfg.standards.systems import system
from tests.cycle import full_values as cycle_full_values

pytestmark = pytest.mark.django_db

# a real 1×1 PNG: uploads are parsed, not just sniffed (greenmfg/core/uploads.py)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\x90\xaf\xf2\x05\x00\x01\xa2\x00\xe7\xc7\xddY\x08"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_card(first17: str) -> str:
    """A resident ID number with a valid GB 11643 check character."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


OBJECTOR = {
    "objector_name": "李四异议人",
    "objector_id_number": id_card("44010619800101123"),
    "objector_phone": "13800138000",
    "objector_email": "lisi.objector@example.com",
    "statement": "该企业去年曾发生环境污染事故，不符合列入名单条件，请核实。",
}

REGISTRATION_FORM = {
    "list_type": "factory",
    "unit_nature": "民营企业",
    "main_products": "汽车零部件",
    "output_value": "12000.50",
    "is_manufacturer": True,
    "clean_production_certified": True,
    "clean_production_certificate_no": "穗清洁〔2025〕1号",
    "clean_production_valid_until": "2027-12-31",
    "management_systems": ["quality", "environment"],
    "cultivation_plan": "三年内完成绿色化改造",
    "contact_name": "张三",
    "contact_phone": "020-12345678",
    "contact_email": "zhangsan@example.com",
    "commitment": True,
}


# --- fixtures (the shared ones of tests/conftest.py over the real reference data) --------


@pytest.fixture
def world(
    enterprise,
    enterprise_user,
    other_enterprise,
    other_enterprise_user,
    tianhe_official,
    yuexiu_official,
    city_official,
):
    """Guangzhou: enterprise A in 天河区, enterprise B in 越秀区, their district officials
    and the city official."""
    return SimpleNamespace(
        gz=Jurisdiction.objects.get(code="440100"),
        tianhe=Jurisdiction.objects.get(code="440106"),
        unit_a=enterprise,
        unit_b=other_enterprise,
        ent_a=enterprise_user,
        ent_b=other_enterprise_user,
        tianhe_official=tianhe_official,
        yuexiu_official=yuexiu_official,
        city_official=city_official,
    )


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ok(resp, code=200):
    assert resp.status_code == code, (resp.status_code, resp.content.decode()[:2000])
    return resp.json()


def refusal_reasons(resp) -> list[tuple[str, str]]:
    """(code, citation) of each reason of a 409 answer, in order (LAYOUT.md E8)."""
    assert resp.status_code == 409, (resp.status_code, resp.content.decode()[:2000])
    return [(r["code"], r["citation"]) for r in resp.json()["reasons"]]


# --- workflow steps through the API ----------------------------------------------------------


def accepted_registration(w) -> dict:
    """Register enterprise A in January and have Tianhe and the city approve it."""
    with clock.frozen("2026-01-10"):
        reg = ok(
            client_for(w.ent_a).post("/api/v1/registrations/", REGISTRATION_FORM, format="json"),
            201,
        )
        url = f"/api/v1/registrations/{reg['uuid']}/"
        ok(client_for(w.ent_a).post(url + "submit/"))
        ok(
            client_for(w.tianhe_official).post(
                url + "review/", {"decision": "approve", "reason": "材料齐全"}, format="json"
            )
        )
        return ok(
            client_for(w.city_official).post(
                url + "review/", {"decision": "approve"}, format="json"
            )
        )


def full_values(standard_code: str) -> dict:
    """Full marks: basic requirements met, every scored indicator at its maximum
    (measured ones at 引领值), as JSON."""
    return cycle_full_values(standard_code, scored_fraction=1.0)


def submitted_report(w, on="2026-03-15") -> dict:
    with clock.frozen(on):
        c = client_for(w.ent_a)
        report = ok(
            c.post("/api/v1/reports/", {"list_type": "factory", "route": "self"}, format="json"),
            201,
        )
        url = f"/api/v1/reports/{report['uuid']}/"
        ok(
            c.patch(
                url + "items/",
                {"values": full_values(report["standard_code"]), "notes": {"BR-01": "营业执照"}},
                format="json",
            )
        )
        return ok(c.post(url + "submit/"))


def open_campaign(w, on="2026-04-01") -> dict:
    with clock.frozen(on):
        return ok(client_for(w.city_official).post("/api/v1/campaigns/", {}, format="json"), 201)


def submitted_application(w, on="2026-04-10") -> dict:
    accepted_registration(w)
    report = submitted_report(w)
    open_campaign(w)
    with clock.frozen(on):
        c = client_for(w.ent_a)
        app = ok(
            c.post(
                "/api/v1/applications/",
                {"list_type": "factory", "report": report["uuid"]},
                format="json",
            ),
            201,
        )
        return ok(c.post(f"/api/v1/applications/{app['uuid']}/submit/"))


def recommended_application(w) -> dict:
    app = submitted_application(w)
    with clock.frozen("2026-04-15"):
        return ok(
            client_for(w.tianhe_official).post(
                f"/api/v1/applications/{app['uuid']}/review/",
                {"decision": "approve", "reason": "推荐"},
                format="json",
            )
        )


def noticed_application(w) -> tuple[dict, dict, dict]:
    """An application approved with 85 points and put in the notice from 2026-04-20."""
    app = recommended_application(w)
    with clock.frozen("2026-04-18"):
        ok(
            client_for(w.city_official).post(
                f"/api/v1/applications/{app['uuid']}/review/",
                {"decision": "approve", "score": "85"},
                format="json",
            )
        )
    campaign = client_for(w.city_official).get("/api/v1/campaigns/").json()["results"][0]
    with clock.frozen("2026-04-20"):
        notice = ok(
            client_for(w.city_official).post(
                f"/api/v1/campaigns/{campaign['uuid']}/notice/",
                {"start": "2026-04-20"},
                format="json",
            ),
            201,
        )
    return app, campaign, notice


# --- the whole cycle ---------------------------------------------------------------------------


def test_whole_guangzhou_cycle_through_the_api_004_3_9_10(world):
    """004 第九条 pool entry → 第十条 application, district recommendation by 04-30, city
    review (≥80 → 1 star, 第三条), 7-day notice, a real-name objection dismissed,
    publication after the notice, and the listing in the public register."""
    w = world
    # 004 第九条: register in January, district preliminary review, city conformity review
    reg = accepted_registration(w)
    assert reg["state"] == "accepted"
    assert (reg["valid_from"], reg["valid_until"]) == ("2026-01-10", "2029-01-09")
    assert reg["pending_step"] is None
    assert [e["to_state"] for e in reg["timeline"]] == [
        "draft",
        "submitted",
        "preliminary_approved",
        "accepted",
        "accepted",  # filed with the province (000 第七条; issue 15, item 5)
    ]
    assert any("004 第九条" in c for c in reg["timeline"][-2]["citations"])
    assert reg["timeline"][-1]["citations"][0].startswith("000 第七条")

    # evaluation report: create, fill every indicator, submit (locked)
    report = submitted_report(w)
    assert report["state"] == "submitted" and report["eligible"] is True
    assert {i["indicator_code"] for i in report["items"]} == {
        i.code for i in system(report["standard_code"]).indicators
    }

    # 004 第十条: the city opens the April round; the candidate applies with its report
    campaign = open_campaign(w)
    assert campaign["title"] == "2026年度广州市绿色制造名单遴选"
    with clock.frozen("2026-04-10"):
        app = ok(
            client_for(w.ent_a).post(
                "/api/v1/applications/",
                {"list_type": "factory", "report": report["uuid"]},
                format="json",
            ),
            201,
        )
        assert app["report"] == report["uuid"] and app["campaign_title"] == campaign["title"]
        app = ok(client_for(w.ent_a).post(f"/api/v1/applications/{app['uuid']}/submit/"))
    assert app["state"] == "submitted" and app["pending_step"] == "district_preliminary_review"
    url = f"/api/v1/applications/{app['uuid']}/"

    with clock.frozen("2026-04-15"):  # district recommends before 04-30
        app = ok(
            client_for(w.tianhe_official).post(
                url + "review/", {"decision": "approve", "reason": "同意推荐"}, format="json"
            )
        )
    assert app["state"] == "recommended" and app["pending_step"] == "city_review"
    with clock.frozen("2026-04-18"):  # city review: 85 ≥ 80 → 1 star (004 第三条)
        app = ok(
            client_for(w.city_official).post(
                url + "review/", {"decision": "approve", "score": "85"}, format="json"
            )
        )
    assert (app["state"], app["score"], app["star"]) == ("approved", "85.00", 1)
    assert any("004 第三条" in c for c in app["timeline"][-1]["citations"])

    detail = ok(client_for(w.city_official).get(f"/api/v1/campaigns/{campaign['uuid']}/"))
    assert detail["counts_by_state"] == {"approved": 1}

    # 7-day notice from 04-20; the last day falls on a Sunday and moves to Monday 04-27
    with clock.frozen("2026-04-20"):
        notice = ok(
            client_for(w.city_official).post(
                f"/api/v1/campaigns/{campaign['uuid']}/notice/",
                {"start": "2026-04-20"},
                format="json",
            ),
            201,
        )
    assert (notice["first_day"], notice["last_day"], notice["length"]) == (
        "2026-04-20",
        "2026-04-27",
        7,
    )
    assert notice["citation"].startswith("004 第十条")
    assert [u["application"] for u in notice["units"]] == [app["uuid"]]

    # anyone may object, by real name, during the notice
    with clock.frozen("2026-04-22"):
        receipt = ok(
            client_for().post(
                f"/api/v1/notices/{notice['uuid']}/objections/",
                {"application": app["uuid"], **OBJECTOR},
            ),
            201,
        )
    # a receipt, never the identity sent: the number and the check code to look it up
    assert set(receipt) == {"uuid", "receipt_number", "check_code", "state"}
    assert receipt["state"] == "open" and receipt["receipt_number"].startswith("YY-2026-")

    # publishing is refused while the notice runs and while an objection is open
    with clock.frozen("2026-04-28"):
        reasons = refusal_reasons(
            client_for(w.city_official).post(f"/api/v1/campaigns/{campaign['uuid']}/publish/")
        )
        assert reasons == [("publish.open_objections", "004 第十条")]
        handled = ok(
            client_for(w.city_official).post(
                f"/api/v1/objections/{receipt['uuid']}/handle/",
                {"outcome": "dismissed", "reason": "经核实无事故记录"},
                format="json",
            )
        )
        assert (
            handled["state"] == "dismissed" and handled["timeline"][-1]["to_state"] == "dismissed"
        )
        green_list = ok(
            client_for(w.city_official).post(f"/api/v1/campaigns/{campaign['uuid']}/publish/"), 201
        )
    assert green_list["title"] == "2026年度广州市绿色制造名单"

    # the listing is public, without signing in
    listings = ok(
        client_for().get(
            "/api/v1/listings/", {"region": "440100", "year": "2026", "level": "municipal"}
        )
    )
    assert listings["count"] == 1
    row = listings["results"][0]
    assert (row["unit_name"], row["star"], row["list_type"], row["green_list"]) == (
        w.unit_a.name,
        1,
        "factory",
        green_list["uuid"],
    )
    assert (row["region_code"], row["region_name"], row["listed_on"]) == (
        "440106",
        "广东省广州市天河区",
        "2026-04-28",
    )
    assert ok(client_for().get(f"/api/v1/green-lists/{green_list['uuid']}/"))["listings_count"] == 1
    assert ok(client_for(w.ent_a).get(url))["state"] == "listed"


# --- refusals carry their articles --------------------------------------------------------------


def test_registration_outside_january_refused_004_9(world):
    with clock.frozen("2026-03-02"):
        reg = ok(
            client_for(world.ent_a).post(
                "/api/v1/registrations/", REGISTRATION_FORM, format="json"
            ),
            201,
        )
        resp = client_for(world.ent_a).post(f"/api/v1/registrations/{reg['uuid']}/submit/")
    reasons = refusal_reasons(resp)
    assert reasons == [("pool.registration_window", "004 第九条（“每年1月”）")]
    reason = next(r for r in resp.json()["reasons"] if r["code"] == "pool.registration_window")
    assert "2026-03-02" in reason["message"]
    assert (
        ok(client_for(world.ent_a).get(f"/api/v1/registrations/{reg['uuid']}/"))["state"] == "draft"
    )


def test_registration_without_valid_clean_production_status_refused_004_7(world):
    form = {**REGISTRATION_FORM, "clean_production_valid_until": "2025-12-31"}
    with clock.frozen("2026-01-10"):
        reg = ok(client_for(world.ent_a).post("/api/v1/registrations/", form, format="json"), 201)
        reasons = refusal_reasons(
            client_for(world.ent_a).post(f"/api/v1/registrations/{reg['uuid']}/submit/")
        )
    assert reasons == [("entry.clean_production_certified", "004 第七条(一)2")]


def test_registration_edit_allowed_as_draft_and_locked_once_submitted(world):
    c = client_for(world.ent_a)
    with clock.frozen("2026-01-10"):
        reg = ok(c.post("/api/v1/registrations/", REGISTRATION_FORM, format="json"), 201)
        url = f"/api/v1/registrations/{reg['uuid']}/"
        patched = ok(
            c.patch(
                url, {"main_products": "新能源汽车零部件", "output_value": "15000"}, format="json"
            )
        )
        assert (patched["main_products"], patched["output_value"]) == (
            "新能源汽车零部件",
            "15000.00",
        )
        assert patched["contact_name"] == "张三"  # untouched fields stay
        assert c.put(url, REGISTRATION_FORM, format="json").status_code == 405
        ok(c.post(url + "submit/"))
        assert refusal_reasons(c.patch(url, {"main_products": "x"}, format="json")) == [
            ("registration.locked", "")
        ]


def test_registration_create_checks_field_types_and_own_unit(world):
    with clock.frozen("2026-01-10"):
        bad = client_for(world.ent_a).post(
            "/api/v1/registrations/",
            {**REGISTRATION_FORM, "output_value": "lots", "list_type": "rocket"},
            format="json",
        )
        assert bad.status_code == 400 and {"output_value", "list_type"} <= set(bad.json())
        # an official is not a unit: the service refuses the role
        assert (
            client_for(world.city_official)
            .post("/api/v1/registrations/", REGISTRATION_FORM, format="json")
            .status_code
            == 403
        )
        # a second open registration for the same list type is refused
        ok(
            client_for(world.ent_a).post(
                "/api/v1/registrations/", REGISTRATION_FORM, format="json"
            ),
            201,
        )
        assert refusal_reasons(
            client_for(world.ent_a).post("/api/v1/registrations/", REGISTRATION_FORM, format="json")
        ) == [("registration.duplicate", "")]


def test_return_without_reason_refused_and_with_reason_returns_004_9(world):
    with clock.frozen("2026-01-10"):
        reg = ok(
            client_for(world.ent_a).post(
                "/api/v1/registrations/", REGISTRATION_FORM, format="json"
            ),
            201,
        )
        url = f"/api/v1/registrations/{reg['uuid']}/"
        ok(client_for(world.ent_a).post(url + "submit/"))
        official = client_for(world.tianhe_official)
        assert refusal_reasons(
            official.post(url + "review/", {"decision": "return"}, format="json")
        ) == [("review.reason_required", "")]
        assert (
            official.post(url + "review/", {"decision": "maybe"}, format="json").status_code == 400
        )
        # the city cannot take the district's step: not yet its step, a state refusal
        # (409 with the state, issue 17 item 13)
        early = client_for(world.city_official).post(
            url + "review/", {"decision": "approve"}, format="json"
        )
        assert early.status_code == 409
        assert refusal_reasons(early) == [("registration.no_pending_review", "")]
        returned = ok(
            official.post(
                url + "review/",
                {"decision": "return", "reason": "请补充清洁生产证书"},
                format="json",
            )
        )
    assert returned["state"] == "returned" and returned["last_decision"] == "请补充清洁生产证书"
    assert returned["timeline"][-1]["reason"] == "请补充清洁生产证书"


def test_application_outside_april_refused_004_10(world):
    accepted_registration(world)
    report = submitted_report(world)
    open_campaign(world, on="2026-03-20")
    with clock.frozen("2026-03-20"):
        c = client_for(world.ent_a)
        app = ok(
            c.post(
                "/api/v1/applications/",
                {"list_type": "factory", "report": report["uuid"]},
                format="json",
            ),
            201,
        )
        reasons = refusal_reasons(c.post(f"/api/v1/applications/{app['uuid']}/submit/"))
    assert reasons == [("selection.application_window", "004 第十条（“每年4月”）")]


def test_application_without_pool_candidacy_refused_004_10(world):
    report = submitted_report(world)
    open_campaign(world)
    with clock.frozen("2026-04-10"):
        c = client_for(world.ent_a)
        app = ok(
            c.post(
                "/api/v1/applications/",
                {"list_type": "factory", "report": report["uuid"]},
                format="json",
            ),
            201,
        )
        reasons = refusal_reasons(c.post(f"/api/v1/applications/{app['uuid']}/submit/"))
    assert reasons == [
        (
            "pool.required_for_application",
            "004 第十条（“列为市级绿色制造名单培育对象的企业、工业园区”）",
        )
    ]


def test_application_report_can_be_attached_later(world):
    accepted_registration(world)
    report = submitted_report(world)
    open_campaign(world)
    with clock.frozen("2026-04-10"):
        c = client_for(world.ent_a)
        app = ok(c.post("/api/v1/applications/", {"list_type": "factory"}, format="json"), 201)
        assert app["report"] is None
        assert refusal_reasons(c.post(f"/api/v1/applications/{app['uuid']}/submit/")) == [
            ("report.missing", "")
        ]
        app = ok(
            c.post(
                f"/api/v1/applications/{app['uuid']}/report/",
                {"report": report["uuid"]},
                format="json",
            )
        )
        assert app["report"] == report["uuid"]
        assert ok(c.post(f"/api/v1/applications/{app['uuid']}/submit/"))["state"] == "submitted"


def test_district_recommendation_after_april_30_refused_004_10(world):
    app = submitted_application(world, on="2026-04-29")
    with clock.frozen("2026-05-06"):
        reasons = refusal_reasons(
            client_for(world.tianhe_official).post(
                f"/api/v1/applications/{app['uuid']}/review/",
                {"decision": "approve"},
                format="json",
            )
        )
    assert reasons == [("selection.recommendation_deadline", "004 第十条")]


def test_city_review_below_80_points_refused_004_3(world):
    app = recommended_application(world)
    url = f"/api/v1/applications/{app['uuid']}/review/"
    with clock.frozen("2026-04-18"):
        city = client_for(world.city_official)
        assert refusal_reasons(
            city.post(url, {"decision": "approve", "score": "75"}, format="json")
        ) == [("scoring.pass_mark", "004 第三条")]
        assert refusal_reasons(city.post(url, {"decision": "approve"}, format="json")) == [
            ("review.score_required", "")
        ]
        assert (
            city.post(url, {"decision": "approve", "score": "eighty"}, format="json").status_code
            == 400
        )
    assert ok(city.get(f"/api/v1/applications/{app['uuid']}/"))["state"] == "recommended"


def test_publish_while_notice_runs_refused_004_10(world):
    _app, campaign, notice = noticed_application(world)
    with clock.frozen(notice["last_day"]):
        reasons = refusal_reasons(
            client_for(world.city_official).post(f"/api/v1/campaigns/{campaign['uuid']}/publish/")
        )
    assert reasons == [("publish.notice_running", "004 第十条")]


def test_second_campaign_same_year_refused_and_units_cannot_open_one(world):
    open_campaign(world)
    with clock.frozen("2026-04-02"):
        assert refusal_reasons(
            client_for(world.city_official).post(
                "/api/v1/campaigns/", {"year": 2026}, format="json"
            )
        ) == [("campaign.duplicate", "")]
        assert (
            client_for(world.ent_a).post("/api/v1/campaigns/", {}, format="json").status_code == 403
        )


# --- scope --------------------------------------------------------------------------------------


def test_yuexiu_official_cannot_see_or_review_tianhe_registration_and_application(world):
    app = submitted_application(world)
    reg = client_for(world.ent_a).get("/api/v1/registrations/").json()["results"][0]
    yuexiu = client_for(world.yuexiu_official)
    with clock.frozen("2026-04-15"):
        assert yuexiu.get(f"/api/v1/registrations/{reg['uuid']}/").status_code == 404
        assert yuexiu.get(f"/api/v1/applications/{app['uuid']}/").status_code == 404
        assert (
            yuexiu.post(
                f"/api/v1/applications/{app['uuid']}/review/",
                {"decision": "approve"},
                format="json",
            ).status_code
            == 404
        )
        assert (
            yuexiu.post(
                f"/api/v1/registrations/{reg['uuid']}/review/",
                {"decision": "reject", "reason": "x"},
                format="json",
            ).status_code
            == 404
        )
    assert yuexiu.get("/api/v1/registrations/").json()["count"] == 0
    assert yuexiu.get("/api/v1/applications/").json()["count"] == 0
    assert (
        ok(client_for(world.tianhe_official).get(f"/api/v1/applications/{app['uuid']}/"))["state"]
        == "submitted"
    )


def test_enterprise_b_cannot_see_enterprise_a_report(world):
    report = submitted_report(world)
    b = client_for(world.ent_b)
    url = f"/api/v1/reports/{report['uuid']}/"
    assert b.get(url).status_code == 404
    assert b.get("/api/v1/reports/").json()["count"] == 0
    assert b.post(url + "revise/").status_code == 404
    assert b.patch(url + "items/", {"values": {"BR-01": True}}, format="json").status_code == 404
    # nor attach it to its own application
    open_campaign(world)
    with clock.frozen("2026-04-10"):
        resp = b.post(
            "/api/v1/applications/",
            {"list_type": "factory", "report": report["uuid"]},
            format="json",
        )
    assert resp.status_code == 400 and "report" in resp.json()
    # the Tianhe official sees it; the Yuexiu official does not
    assert client_for(world.tianhe_official).get(url).status_code == 200
    assert client_for(world.yuexiu_official).get(url).status_code == 404


def test_anonymous_is_refused_on_signed_in_endpoints(world):
    anon = client_for()
    for path in [
        "/api/v1/registrations/",
        "/api/v1/reports/",
        "/api/v1/applications/",
        "/api/v1/campaigns/",
        "/api/v1/objections/",
        "/api/v1/inbox/",
    ]:
        assert anon.get(path).status_code in (401, 403), path
    assert anon.post("/api/v1/registrations/", REGISTRATION_FORM, format="json").status_code in (
        401,
        403,
    )


def test_token_obtained_from_username_and_password_signs_api_calls_in(world):
    resp = client_for().post(
        "/api/v1/auth/token/",
        {"username": world.ent_a.username, "password": "correct-horse-battery"},
        format="json",
    )
    token = ok(resp)["token"]
    assert Token.objects.get(user=world.ent_a).key == token
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert ok(c.get("/api/v1/registrations/"))["count"] == 0
    assert (
        client_for()
        .post(
            "/api/v1/auth/token/",
            {"username": world.ent_a.username, "password": "wrong"},
            format="json",
        )
        .status_code
        == 400
    )


def test_no_integer_ids_in_answers(world):
    app, campaign, notice = noticed_application(world)

    def keys(data):
        if isinstance(data, dict):
            for k, v in data.items():
                yield k
                yield from keys(v)
        elif isinstance(data, list):
            for v in data:
                yield from keys(v)

    answers = [
        client_for(world.city_official).get(f"/api/v1/applications/{app['uuid']}/").json(),
        client_for(world.city_official).get(f"/api/v1/campaigns/{campaign['uuid']}/").json(),
        client_for(world.ent_a).get("/api/v1/registrations/").json(),
        client_for(world.ent_a).get("/api/v1/reports/").json(),
        client_for().get(f"/api/v1/notices/{notice['uuid']}/").json(),
    ]
    for data in answers:
        assert not {k for k in keys(data) if k == "id" or k.endswith("_id")}, data


# --- objections and the objector's identity -------------------------------------------------------


def test_objector_identity_never_appears_publicly_and_only_city_officials_see_it(world):
    app, _campaign, notice = noticed_application(world)
    with clock.frozen("2026-04-22"):
        resp = client_for().post(
            f"/api/v1/notices/{notice['uuid']}/objections/",
            {"application": app["uuid"], **OBJECTOR},
            format="json",
        )
    receipt = ok(resp, 201)
    public = [
        resp.content.decode(),
        client_for().get(f"/api/v1/notices/{notice['uuid']}/").content.decode(),
        client_for().get("/api/v1/notices/").content.decode(),
    ]
    for text in public:
        for secret in (
            OBJECTOR["objector_name"],
            OBJECTOR["objector_id_number"],
            OBJECTOR["objector_phone"],
            OBJECTOR["objector_email"],
            OBJECTOR["statement"],
        ):
            assert secret not in text
    detail = json.loads(public[1])
    assert set(detail["units"][0]) == {
        "application",
        "unit_name",
        "list_type",
        "district_name",
        "star",
        "state",
    }
    assert detail["units"][0]["district_name"] == "广东省广州市天河区"

    seen = ok(client_for(world.city_official).get(f"/api/v1/objections/{receipt['uuid']}/"))
    assert (seen["objector_name"], seen["objector_id_number"], seen["application"]) == (
        OBJECTOR["objector_name"],
        OBJECTOR["objector_id_number"],
        app["uuid"],
    )
    assert seen["timeline"][0]["actor_label"] == "public"
    for other in (world.tianhe_official, world.ent_a):
        assert client_for(other).get(f"/api/v1/objections/{receipt['uuid']}/").status_code == 404
        assert client_for(other).get("/api/v1/objections/").json()["count"] == 0
    # only city officials of the notice may handle it
    assert (
        client_for(world.tianhe_official)
        .post(
            f"/api/v1/objections/{receipt['uuid']}/handle/",
            {"outcome": "upheld", "reason": "x"},
            format="json",
        )
        .status_code
        == 404
    )


def test_objection_with_invalid_identity_or_outside_notice_refused_004_10(world):
    app, _campaign, notice = noticed_application(world)
    url = f"/api/v1/notices/{notice['uuid']}/objections/"
    with clock.frozen("2026-04-22"):
        reasons = refusal_reasons(
            client_for().post(
                url,
                {
                    **OBJECTOR,
                    "application": app["uuid"],
                    "objector_id_number": "123",
                    "statement": "短",
                },
            )
        )
        assert reasons == [("objection.id_number", ""), ("objection.statement", "")]
        # an application that is not in this notice is not found among its units
        assert (
            client_for()
            .post(url, {**OBJECTOR, "application": "00000000-0000-0000-0000-000000000000"})
            .status_code
            == 400
        )
        # the service's model validation (a malformed e-mail) answers 400 naming the field
        bad = client_for().post(
            url, {**OBJECTOR, "application": app["uuid"], "objector_email": "not-an-email"}
        )
        assert bad.status_code == 400 and "objector_email" in bad.json()["errors"]
    with clock.frozen("2026-04-28"):
        reasons = refusal_reasons(client_for().post(url, {**OBJECTOR, "application": app["uuid"]}))
    assert reasons == [("objection.period", "004 第十条")]


def test_upheld_objection_takes_the_unit_out_of_the_round(world):
    app, campaign, notice = noticed_application(world)
    with clock.frozen("2026-04-22"):
        files = {"application": app["uuid"], **OBJECTOR, "evidence": _upload("photo.png", PNG)}
        receipt = ok(
            client_for().post(
                f"/api/v1/notices/{notice['uuid']}/objections/", files, format="multipart"
            ),
            201,
        )
        seen = ok(client_for(world.city_official).get(f"/api/v1/objections/{receipt['uuid']}/"))
        assert seen["has_evidence"] is True
        assert refusal_reasons(
            client_for(world.city_official).post(
                f"/api/v1/objections/{receipt['uuid']}/handle/",
                {"outcome": "upheld"},
                format="json",
            )
        ) == [("objection.reason_required", "")]
        ok(
            client_for(world.city_official).post(
                f"/api/v1/objections/{receipt['uuid']}/handle/",
                {"outcome": "upheld", "reason": "核实存在环境事故"},
                format="json",
            )
        )
    assert (
        ok(client_for(world.ent_a).get(f"/api/v1/applications/{app['uuid']}/"))["state"]
        == "withdrawn"
    )
    assert ok(client_for(world.city_official).get(f"/api/v1/campaigns/{campaign['uuid']}/"))[
        "counts_by_state"
    ] == {"withdrawn": 1}


# --- reports and evidence ---------------------------------------------------------------------------


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_report_items_evidence_submit_and_revise(world):
    c = client_for(world.ent_a)
    report = ok(c.post("/api/v1/reports/", {"list_type": "factory"}, format="json"), 201)
    url = f"/api/v1/reports/{report['uuid']}/"
    assert report["route"] == "self" and report["report_version"] == 1 and report["indicators"]

    reasons = refusal_reasons(
        c.patch(url + "items/", {"values": {"C-04": 13, "NOPE": 1}}, format="json")
    )
    assert reasons == [("report.value", ""), ("report.indicator", "")]
    partial = ok(
        c.patch(
            url + "items/",
            {
                "values": {
                    "B25-BR-1": True,
                    "C-04": [1, 2, 3, 4, 5, 6, 7, 8],
                    "C-01": {"value": 0.82, "base": 1.0, "lead": 0.6},
                },
                "notes": {"C-04": "能碳管理平台已上线"},
            },
            format="json",
        )
    )
    items = {i["indicator_code"]: i for i in partial["items"]}
    assert {c: (i["value"], i["note"]) for c, i in items.items()} == {
        "B25-BR-1": ("true", ""),
        "C-04": ("f:1,2,3,4,5,6,7,8", "能碳管理平台已上线"),
        "C-01": ("0.82", ""),
    }
    assert (items["C-01"]["measured"], items["C-01"]["base_value"]) == ("0.820000", "1.000000")
    # C-04 at 引领值 8 → 6 points; C-01 45% of 8 → 3.6
    assert partial["total_score"] == "9.60" and partial["eligible"] is False
    assert refusal_reasons(c.post(url + "submit/")) == [("report.incomplete", "")]
    gap = ok(c.get(url + "gap/"))
    assert gap["target"]["value"] == "80" and gap["target"]["ref"] == "004 第三条"
    assert gap["steps"][-1]["total_after"] == "80" and gap["reached"] is False

    ev = ok(
        c.post(
            url + "evidence/",
            {"indicator_code": "C-04", "file": _upload("../../etc/照明.png", PNG)},
            format="multipart",
        ),
        201,
    )
    assert (ev["indicator_code"], ev["size"], ev["content_type"]) == (
        "C-04",
        len(PNG),
        "image/png",
    ) and len(ev["sha256"]) == 64
    assert refusal_reasons(
        c.post(
            url + "evidence/",
            {"indicator_code": "C-04", "file": _upload("x.pdf", b"MZ not a pdf")},
            format="multipart",
        )
    ) == [("upload.type", "")]
    assert ok(c.get(url))["evidence"][0]["uuid"] == ev["uuid"]

    ok(c.patch(url + "items/", {"values": full_values(report["standard_code"])}, format="json"))
    submitted = ok(c.post(url + "submit/"))
    assert submitted["state"] == "submitted" and submitted["eligible"] is True
    assert refusal_reasons(c.patch(url + "items/", {"values": {"C-04": 1}}, format="json")) == [
        ("report.locked", "")
    ]
    new = ok(c.post(url + "revise/"), 201)
    assert (new["report_version"], new["previous"], new["state"]) == (2, report["uuid"], "draft")
    assert len(new["items"]) == len(submitted["items"])
    assert ok(c.get("/api/v1/reports/", {"state": "draft"}))["count"] == 1


# --- inbox, campaigns, filters -----------------------------------------------------------------------


def test_inbox_shows_each_role_what_waits_for_it(world):
    with clock.frozen("2026-01-10"):
        reg = ok(
            client_for(world.ent_a).post(
                "/api/v1/registrations/", REGISTRATION_FORM, format="json"
            ),
            201,
        )
        assert [i["uuid"] for i in ok(client_for(world.ent_a).get("/api/v1/inbox/"))] == [
            reg["uuid"]
        ]
        ok(client_for(world.ent_a).post(f"/api/v1/registrations/{reg['uuid']}/submit/"))
        items = ok(client_for(world.tianhe_official).get("/api/v1/inbox/"))
        assert [(i["kind"], i["uuid"], i["url"]) for i in items] == [
            ("registration", reg["uuid"], f"/api/v1/registrations/{reg['uuid']}/")
        ]
        assert ok(client_for(world.yuexiu_official).get("/api/v1/inbox/")) == []
        assert ok(client_for(world.city_official).get("/api/v1/inbox/")) == []


def test_authenticated_lists_filter_by_state_and_reject_unknown_values(world):
    accepted_registration(world)
    c = client_for(world.tianhe_official)
    assert ok(c.get("/api/v1/registrations/", {"state": "accepted", "year": 2026}))["count"] == 1
    assert ok(c.get("/api/v1/registrations/", {"state": "draft"}))["count"] == 0
    assert "state" in c.get("/api/v1/registrations/", {"state": "bogus"}).json()


# --- public register ------------------------------------------------------------------------------------


def _listings(world, n: int, year: int = 2021) -> GreenList:
    gl = GreenList.objects.create(
        jurisdiction=world.gz,
        level=Level.MUNICIPAL,
        year=year,
        title=f"{year}年度广州市绿色制造名单{n}",
    )
    Listing.objects.bulk_create(
        [
            Listing(
                green_list=gl,
                unit_name=f"企业{year}-{i:03d}",
                list_type="factory",
                level=Level.MUNICIPAL,
                year=year,
                region=world.tianhe if i % 2 else None,
                region_text="广州市",
                star=1,
            )
            for i in range(n)
        ]
    )
    return gl


def test_listing_filters_are_validated_naming_the_field(world):
    anon = client_for()
    resp = anon.get("/api/v1/listings/", {"level": "xyz"})
    assert resp.status_code == 400
    assert resp.json() == {"level": ["未知层级 xyz：可选 municipal, provincial, national"]}
    resp = anon.get("/api/v1/listings/", {"list_type": "rocket", "year": "20x6"})
    assert resp.status_code == 400 and set(resp.json()) == {"list_type", "year"}
    assert resp.json()["list_type"][0].startswith("未知名单类型 rocket")
    assert resp.json()["year"][0].startswith("年度 20x6 无效")
    assert anon.get("/api/v1/listings/", {"region": "guangzhou"}).status_code == 400
    assert anon.get("/api/v1/listings/", {"level": "", "year": ""}).status_code == 200


def test_listing_search_filters_by_name_region_and_year(world):
    _listings(world, 4, year=2021)
    gl = _listings(world, 2, year=2022)
    anon = client_for()
    assert ok(anon.get("/api/v1/listings/"))["count"] == 6
    assert ok(anon.get("/api/v1/listings/", {"year": "2022"}))["count"] == 2
    assert ok(anon.get("/api/v1/listings/", {"region": "440106"}))["count"] == 3
    assert ok(anon.get("/api/v1/listings/", {"q": "企业2021-003"}))["count"] == 1
    assert ok(anon.get("/api/v1/listings/", {"region": "440104"}))["count"] == 0
    rows = ok(anon.get("/api/v1/listings/", {"year": "2022"}))["results"]
    assert {r["region_name"] for r in rows} == {"广东省广州市天河区", "广州市"}
    assert {r["green_list"] for r in rows} == {str(gl.uuid)}
    assert [g["uuid"] for g in ok(anon.get("/api/v1/green-lists/"))["results"]] == [
        str(gl.uuid),
        str(GreenList.objects.get(year=2021).uuid),
    ]


def test_listing_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    """5 or 50 rows on the page: the same budget (a count and one joined page query;
    a region filter adds the one lookup of the region's divisions, a 2-character name
    the test whether any listing carries its words; a name search on
    PostgreSQL up to three planner questions: the word statistics and two EXPLAINs)."""
    from django.db import connection

    extra = 3 if connection.vendor == "postgresql" else 0
    anon = client_for()
    _listings(world, 5, year=2021)
    for total in (5, 50):
        if total == 50:
            _listings(world, 45, year=2020)
        with django_assert_max_num_queries(2):
            data = ok(anon.get("/api/v1/listings/"))
        assert data["count"] == len(data["results"]) == total
        with django_assert_max_num_queries(4 + extra):
            data = ok(
                anon.get(
                    "/api/v1/listings/", {"region": "440100", "level": "municipal", "q": "企业"}
                )
            )
        assert data["count"] == Listing.objects.exclude(region=None).count()


def test_signed_in_lists_query_count_does_not_grow_with_rows(world):
    """Each scoped list costs the same queries with one unit's rows as with two."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import cycle

    app, _campaign, notice = noticed_application(world)

    def object_to(name):
        with clock.frozen("2026-04-22"):
            ok(
                client_for().post(
                    f"/api/v1/notices/{notice['uuid']}/objections/",
                    {"application": app["uuid"], **OBJECTOR, "objector_name": name},
                ),
                201,
            )

    city = client_for(world.city_official)
    grows = [
        "/api/v1/registrations/",
        "/api/v1/reports/",
        "/api/v1/applications/",
        "/api/v1/objections/",
    ]
    paths = [*grows, "/api/v1/campaigns/", "/api/v1/notices/", "/api/v1/inbox/"]

    def audit_append(sql: str) -> bool:
        # a handling official's list of objections shows the objectors' identities, and
        # that read appends one audit event per request (issue 17): a constant, not rows
        return "audit_" in sql or "SAVEPOINT" in sql

    def costs() -> dict[str, int]:
        out = {}
        for path in paths:
            with CaptureQueriesContext(connection) as ctx:
                ok(city.get(path))
            out[path] = sum(1 for q in ctx.captured_queries if not audit_append(q["sql"]))
        return out

    object_to("李四")
    one = costs()
    assert max(one[p] for p in grows) <= 2, one  # a count and one joined page query
    cycle.approved_application(
        world.ent_b,
        world.unit_b,
        world.yuexiu_official,
        world.city_official,
        on=dt.date(2026, 4, 8),
    )
    object_to("王六")
    assert {p: city.get(p).json()["count"] for p in grows} == dict.fromkeys(grows, 2)
    assert costs() == one


# --- OpenAPI ---------------------------------------------------------------------------------------


def test_openapi_schema_is_public_and_valid(db):
    resp = client_for().get("/api/schema/", {"format": "json"})
    assert resp.status_code == 200
    schema = resp.json()
    validate_schema(schema)
    for path in [
        "/api/v1/listings/",
        "/api/v1/registrations/{uuid}/review/",
        "/api/v1/notices/{uuid}/objections/",
        "/api/v1/auth/token/",
    ]:
        assert path in schema["paths"], path
    assert "409" in schema["paths"]["/api/v1/registrations/{uuid}/submit/"]["post"]["responses"]
    assert client_for().get("/api/docs/").status_code == 200
    assert client_for().get("/api/redoc/").status_code == 200


def test_site_links_to_the_api_resolve():
    from django.urls import reverse

    assert reverse("api-listings-list") == "/api/v1/listings/"
    assert reverse("swagger-ui") == "/api/docs/"
    assert reverse("api-token") == "/api/v1/auth/token/"
