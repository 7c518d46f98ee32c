"""Pages and API of dynamic management: the unit files its form and reports changes,
officials review within their scope, public pages need no sign-in, and every list page
and list endpoint runs a bounded number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenmfg.core import clock
from greenmfg.core.inbox import inbox_for
from greenmfg.supervision.complaints import services as complaints
from greenmfg.supervision.dynamic import services as dynamic
from greenmfg.supervision.incidents import services as incidents
from greenmfg.supervision.models import FormState
from greenmfg.supervision.removals import services as removals
from greenmfg.supervision.spot_checks import services as spot_checks
from tests.cast import official_of
from tests.oversight import (
    attend,
    city_official,
    district_official,
    expert,
    filed_form,
    listed_unit,
    officer,
    values,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
TODAY = "2026-06-10"
#: the most queries any list page or list endpoint may run (session, user, count, page, …)
BUDGET = 16


def client_for(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def make_rows(n: int, city, district="350203"):
    """n units, each with a filed form, a change, a complaint, a removal proposal and an
    incident removed at once (an announcement); n more listed units and one spot-check
    draw."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from greenmfg.supervision.changes import services as changes

    for _ in range(n):
        unit, user = listed_unit(district)
        filed_form(user, unit, on=dt.date(2026, 3, 1))
        with clock.frozen("2026-05-01"):
            changes.change_report(
                actor=user,
                unit=unit,
                kind="scope",
                new_value="新增产品",
                formalities_completed_on=dt.date(2026, 4, 1),
            )
            complaints.complaint_submit(
                actor=None,
                target=unit,
                data={
                    "complainant_name": "甲",
                    "complainant_id_number": "11010519491231002X",
                    "complainant_phone": "13800138000",
                    "statement": "数据不实，请核查处理。",
                },
                evidence=SimpleUploadedFile("a.pdf", PDF),
            )
            removals.removal_propose(actor=city, unit=unit, cause="falsified_data", reason="造假")
            inc = incidents.incident_record(
                actor=city,
                unit=unit,
                kind="quality_accident",
                occurred_on=dt.date(2026, 4, 30),
                description="重大质量事故",
            )
            incidents.immediate_removal(actor=city, incident=inc)
    if not city.authority.inspectors.exists():
        with clock.frozen("2026-05-01"):
            spot_checks.inspector_add(actor=city, user=expert(username="pool_expert"))
    others = [listed_unit(district)[0] for _ in range(n)]
    assert others
    with clock.frozen("2026-05-02"):
        spot_checks.spot_check_draw(
            actor=city,
            authority=city.authority.jurisdiction,
            year=2026,
            count=n,
            seed=n,
            inspectors_per_unit=1,
        )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200, (url, resp.status_code)
    return len(ctx.captured_queries)


LIST_PAGES = [
    ("dynamic_form_list", "?year=2026"),
    ("overdue_list", "?year=2026"),
    ("change_list", ""),
    ("incident_list", ""),
    ("complaint_list", ""),
    ("proposal_list", ""),
    ("upward_list", ""),
    ("spot_check_list", ""),
    ("oversight_home", ""),
]
PUBLIC_PAGES = [("announcement_index", ""), ("spot_check_public", "")]
API_LISTS = [
    "/api/v1/dynamic-forms/?filing_year=2026",
    "/api/v1/dynamic-forms/overdue/?year=2026",
    "/api/v1/change-reports/",
    "/api/v1/incidents/",
    "/api/v1/complaints/",
    "/api/v1/removal-proposals/",
    "/api/v1/announcements/",
    "/api/v1/removals/",
    "/api/v1/spot-checks/",
]


def test_list_pages_and_endpoints_do_not_grow_with_rows():
    city = city_official("350203")
    make_rows(2, city)
    official = client_for(city)
    anon = client_for()
    urls = [(official, reverse(n) + q) for n, q in LIST_PAGES]
    urls += [(anon, reverse(n) + q) for n, q in PUBLIC_PAGES]
    urls += [(official, u) for u in API_LISTS]
    small = {u: count_queries(c, u) for c, u in urls}
    make_rows(4, city)
    large = {u: count_queries(c, u) for c, u in urls}
    for _c, u in urls:
        assert large[u] == small[u], (u, small[u], large[u])
        assert small[u] <= BUDGET, (u, small[u])


def test_public_spot_check_pages_have_a_bounded_number_of_queries():
    from tests.factories import official

    tianhe = official("district", "440106")
    for _ in range(6):
        listed_unit("440106")
    people = [expert(username=f"p{i}") for i in range(3)]
    with clock.frozen(TODAY):
        for p in people:
            spot_checks.inspector_add(actor=tianhe, user=p)
        d = spot_checks.spot_check_draw(
            actor=tianhe, authority=tianhe.authority.jurisdiction, year=2026, count=5, seed=1
        )
    anon = client_for()
    n = count_queries(anon, reverse("spot_check_public_detail", args=[d.uuid]))
    assert n <= 6
    assert count_queries(client_for(tianhe), reverse("spot_check_detail", args=[d.uuid])) <= 20


# --- the unit's pages --------------------------------------------------------------------------


def test_unit_files_its_form_through_the_pages():
    unit, user = listed_unit("440106")
    officer(user, unit)
    client = client_for(user)
    with clock.frozen("2026-03-01"):
        home = client.get(reverse("oversight_home"))
        assert "2026-04-01" in home.content.decode() and "004 第十三条" in home.content.decode()
        resp = client.post(reverse("dynamic_form_new"), {"list_type": "factory", "data_year": 2025})
        form = unit.dynamic_forms.get()
        assert resp.url == reverse("dynamic_form_detail", args=[form.uuid])
        data = {k: str(v) for k, v in values().items()}
        client.post(reverse("dynamic_form_save", args=[form.uuid]), data)
        client.post(reverse("dynamic_form_submit", args=[form.uuid]))
    form.refresh_from_db()
    assert form.state == FormState.SUBMITTED
    gz = city_official("440106")
    reviewer = client_for(gz)
    with clock.frozen("2026-03-05"):
        page = reviewer.get(reverse("dynamic_form_detail", args=[form.uuid])).content.decode()
        assert 'data-testid="form-review"' in page
        reviewer.post(
            reverse("dynamic_form_review", args=[form.uuid]), {"decision": "accept", "note": ""}
        )
    form.refresh_from_db()
    assert form.state == FormState.ACCEPTED
    # another district's official does not see it
    other = client_for(district_official("440104"))
    assert other.get(reverse("dynamic_form_detail", args=[form.uuid])).status_code == 404


def test_refused_submission_shows_the_article():
    unit, user = listed_unit("440106")
    client = client_for(user)
    with clock.frozen("2026-03-01"):
        form = dynamic.form_create(actor=user, unit=unit, list_type="factory", data_year=2025)
        dynamic.form_update(actor=user, form=form, data=values())
        resp = client.post(reverse("dynamic_form_submit", args=[form.uuid]), follow=True)
    assert "004 第十三条" in resp.content.decode()


def test_unit_reports_a_change_and_sees_its_officer_form():
    unit, user = listed_unit("410305", "provincial")
    client = client_for(user)
    with clock.frozen("2026-03-20"):
        resp = client.post(
            reverse("change_new"),
            {
                "kind": "address",
                "new_value": "洛龙区开元大道1号",
                "formalities_completed_on": "2026-02-10",
            },
            follow=True,
        )
    page = resp.content.decode()
    assert 'data-testid="late"' in page and "003 第十九条" in page
    assert client.get(reverse("oversight_home")).status_code == 200


def test_inbox_lists_forms_changes_complaints_incidents_for_the_reviewer():
    city = city_official("350203")
    make_rows(1, city)
    kinds = {i.kind for i in inbox_for(city)}
    assert {"dynamic_form", "change_report", "complaint", "incident", "removal_proposal"} <= kinds
    page = client_for(city).get(reverse("inbox"))
    assert page.status_code == 200


# --- API actions --------------------------------------------------------------------------------


def test_api_unit_files_and_city_reviews():
    unit, user = listed_unit("440106")
    api = client_for(user)
    with clock.frozen("2026-03-01"):
        r = api.put(
            "/api/v1/dynamic-forms/officer/",
            {"name": "王专员", "trained_on": "2026-01-20"},
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
    # the city records the officer's attendance (004 第十三条: the unit's date is no proof)
    attend(official_of("city", "440100"), unit, "王专员", dt.date(2026, 1, 20))
    with clock.frozen("2026-03-01"):
        obligations = api.get("/api/v1/dynamic-forms/obligations/").json()
        assert obligations[0]["deadline"] == "2026-04-01"
        r = api.post(
            "/api/v1/dynamic-forms/",
            {"list_type": "factory", "data_year": 2025},
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        uuid = r.json()["uuid"]
        bad = api.patch(
            f"/api/v1/dynamic-forms/{uuid}/",
            {**{k: str(v) for k, v in values().items()}, "renewable_share": "120"},
            content_type="application/json",
        )
        assert bad.status_code == 200
        refused = api.post(f"/api/v1/dynamic-forms/{uuid}/submit/")
        assert refused.status_code == 409
        assert refused.json()["reasons"][0]["code"] == "dynamic.percent"
        api.patch(
            f"/api/v1/dynamic-forms/{uuid}/",
            {"renewable_share": "20"},
            content_type="application/json",
        )
        ok = api.post(f"/api/v1/dynamic-forms/{uuid}/submit/")
        assert ok.status_code == 200 and ok.json()["state"] == "submitted"
        assert ok.json()["flags"] == []
    gz = client_for(city_official("440106"))
    with clock.frozen("2026-03-02"):
        r = gz.post(
            f"/api/v1/dynamic-forms/{uuid}/review/",
            {"decision": "accept"},
            content_type="application/json",
        )
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    tianhe = client_for(district_official("440106"))
    assert tianhe.get(f"/api/v1/dynamic-forms/{uuid}/").status_code == 200
    assert (
        client_for(district_official("440104")).get(f"/api/v1/dynamic-forms/{uuid}/").status_code
        == 404
    )


def test_api_incident_removal_and_annual_publication():
    unit, _ = listed_unit("350203", "municipal", "provincial")
    other, _ = listed_unit("350203")
    city = city_official("350203")
    api = client_for(city)
    with clock.frozen("2026-05-10"):
        r = api.post(
            "/api/v1/incidents/",
            {
                "unit": str(unit.uuid),
                "kind": "safety_accident",
                "occurred_on": "2026-05-10",
                "description": "重大生产安全事故",
            },
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        inc = r.json()["uuid"]
        assert api.post(f"/api/v1/incidents/{inc}/report/").json()["state"] == "reported"
        removed = api.post(f"/api/v1/incidents/{inc}/remove/", {}, content_type="application/json")
        assert removed.status_code == 201
        # 002 第二十条: Xiamen adjusts its own list and reports the provincial one to Fujian
        assert removed.json()["levels"] == ["municipal"]
        p = api.post(
            "/api/v1/removal-proposals/",
            {"unit": str(other.uuid), "cause": "falsified_data", "reason": "造假"},
            content_type="application/json",
        )
        assert p.status_code == 201
        api.post(
            f"/api/v1/removal-proposals/{p.json()['uuid']}/decide/",
            {"decision": "confirm"},
            content_type="application/json",
        )
        ann = api.post("/api/v1/removal-proposals/publish/")
    assert ann.status_code == 201
    assert [r["cause"] for r in ann.json()["removals"]] == ["falsified_data"]


def test_api_spot_check_draw_and_result():
    for _ in range(3):
        listed_unit("350203")
    city = city_official("350203")
    expert(username="inspector_a")
    api = client_for(city)
    with clock.frozen(TODAY):
        assert (
            api.post(
                "/api/v1/spot-checks/inspectors/",
                {"username": "inspector_a"},
                content_type="application/json",
            ).status_code
            == 200
        )
        r = api.post(
            "/api/v1/spot-checks/",
            {"year": 2026, "count": 2, "seed": 9, "inspectors_per_unit": 1},
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        d = r.json()
        item = d["items"][0]["uuid"]
        r = api.post(
            f"/api/v1/spot-checks/{d['uuid']}/result/",
            {"item": item, "result": "conforming", "finding": "符合要求"},
            content_type="application/json",
        )
    assert r.status_code == 200
    assert r.json()["items"][0]["result"] == "conforming"
    assert client_for().get("/api/v1/spot-checks/").json()["count"] == 1
    assert client_for().post("/api/v1/spot-checks/", {}).status_code in (401, 403)


def test_api_change_report_and_review_and_fraud():
    unit, user = listed_unit("350203")
    city = city_official("350203")
    with clock.frozen("2026-03-01"):
        r = client_for(user).post(
            "/api/v1/change-reports/",
            {
                "kind": "name",
                "new_value": "厦门新名称有限公司",
                "formalities_completed_on": "2026-02-01",
            },
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        assert r.json()["due_on"] == "2026-03-30"
        r = client_for(city).post(
            f"/api/v1/change-reports/{r.json()['uuid']}/review/",
            {"decision": "accept", "opinion": "同意"},
            content_type="application/json",
        )
        assert r.json()["state"] == "accepted"
        f = client_for(city).post(
            "/api/v1/fraud-findings/",
            {
                "unit": str(unit.uuid),
                "decided_on": "2026-03-01",
                "article": "002 第二十条(三)",
                "description": "材料造假",
            },
            content_type="application/json",
        )
    assert f.status_code == 201
    assert client_for(user).get("/api/v1/fraud-findings/").json()["count"] == 0


def test_official_pages_render():
    city = city_official("350203")
    make_rows(1, city)
    client = client_for(city)
    from greenmfg.supervision.models import Complaint, Incident, RemovalProposal

    for url in [
        reverse("incident_detail", args=[Incident.objects.first().uuid]),
        reverse("proposal_detail", args=[RemovalProposal.objects.first().uuid]),
        reverse("complaint_detail", args=[Complaint.objects.first().uuid]),
        reverse("spot_check_method"),
        reverse("complaint_new"),
    ]:
        assert client.get(url).status_code == 200, url
    assert client_for().get(reverse("incident_list")).status_code == 302


def test_overdue_page_requests_a_check_and_proposes_removals():
    unit, _ = listed_unit("410305", "provincial")
    city = city_official("410305")
    client = client_for(city)
    with clock.frozen("2026-04-16"):
        page = client.get(reverse("overdue_list") + "?year=2026").content.decode()
        assert unit.name in page and "003 第十六条" in page
        resp = client.post(
            reverse("check_new"),
            {
                "unit": str(unit.uuid),
                "list_type": "factory",
                "filing_year": 2026,
                "reason": "未按时填报动态管理表，组织现场复核",
            },
        )
        check = unit.on_site_checks.get()
        assert resp.url == reverse("check_detail", args=[check.uuid])
        client.post(
            reverse("check_detail", args=[check.uuid]), {"outcome": "refused", "note": "拒绝入厂"}
        )
        resp = client.post(reverse("overdue_propose"), {"year": 2026}, follow=True)
    assert resp.status_code == 200
    assert unit.removal_proposals.get().cause == "not_filing_and_refusing_check"
