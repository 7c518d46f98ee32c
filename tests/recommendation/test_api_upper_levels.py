"""The API carries the upper levels too: a Guangzhou municipal listing recommended to
Guangdong (000 第十三条; 004 第十一条), graded A/B/C by the province (000 第十四条);
Luoyang's county confirms the paper copy before recommending (003 第十一条)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from greenmfg.core import clock
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import GreenList, Listing
from tests.factories import official

D = dt.date
pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def gz_listing(enterprise):
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440100"),
        level="municipal",
        year=2025,
        title="2025年度广州市绿色制造名单",
    )
    return Listing.objects.create(
        green_list=gl,
        unit=enterprise,
        unit_name=enterprise.name,
        list_type="factory",
        level="municipal",
        year=2025,
        star=1,
    )


def test_city_recommends_and_province_grades_through_the_api_000_13_000_14(
    gz_listing, city_official, province_official
):
    province = _client(province_official)
    with clock.frozen(D(2026, 5, 6)):
        resp = province.post("/api/v1/campaigns/", {}, format="json")
    assert resp.status_code == 201, resp.content
    campaign = resp.json()["uuid"]
    from greenmfg.selection.models import Campaign
    from tests.cycle import consult_without_objection

    consult_without_objection(
        city_official, Campaign.objects.get(uuid=campaign), [gz_listing], on=D(2026, 5, 7)
    )
    with clock.frozen(D(2026, 5, 20)):  # before Guangdong's binding 05-31 (000 第十三条)
        resp = _client(city_official).post(
            f"/api/v1/campaigns/{campaign}/recommend/",
            {"listing": str(gz_listing.uuid)},
            format="json",
        )
    assert resp.status_code == 201, resp.content
    app = resp.json()
    assert (app["level"], app["state"], app["pending_step"]) == (
        "provincial",
        "submitted",
        "province_review",
    )
    assert app["source_listing"] == str(gz_listing.uuid)
    with clock.frozen(D(2026, 7, 2)):
        refused = province.post(
            f"/api/v1/applications/{app['uuid']}/review/",
            {"decision": "approve", "score": "90"},
            format="json",
        )
        assert refused.status_code == 409
        assert refused.json()["reasons"][0]["citation"] == "000 第十四条"
        ok = province.post(
            f"/api/v1/applications/{app['uuid']}/review/",
            {"decision": "approve", "score": "90", "grade": "A"},
            format="json",
        )
    assert ok.status_code == 200 and ok.json()["grade"] == "A"


def test_recommending_a_listing_of_another_city_is_404(gz_listing, province_official):
    sz_city = official("city", "440300")
    with clock.frozen(D(2026, 5, 6)):
        campaign = (
            _client(province_official).post("/api/v1/campaigns/", {}, format="json").json()["uuid"]
        )
        resp = _client(sz_city).post(
            f"/api/v1/campaigns/{campaign}/recommend/",
            {"listing": str(gz_listing.uuid)},
            format="json",
        )
    assert resp.status_code == 404


def test_luoyang_county_confirms_the_paper_copy_through_the_api_003_11(db):
    from greenmfg.cultivation import services as pool
    from greenmfg.selection import reports, services
    from tests.cycle import full_values, registration_data
    from tests.factories import OrganisationFactory, unit_user

    org = OrganisationFactory(name="洛阳新安机械有限公司", district="410323")
    user, county, city = unit_user(org), official("district", "410323"), official("city", "410300")
    with clock.frozen(D(2026, 6, 1)):
        reg = pool.registration_create(
            actor=user,
            unit=org,
            list_type="factory",
            data=registration_data(energy_efficiency_level="quota_advanced"),
        )
        pool.registration_review(
            actor=county,
            registration=pool.registration_submit(actor=user, registration=reg),
            decision="approve",
        )
        services.campaign_open(actor=city)
        rep = reports.report_create(actor=user, unit=org, list_type="factory")
        reports.report_save_items(actor=user, report=rep, values=full_values(rep.standard_code))
        rep = reports.report_submit(actor=user, report=rep)
    c = _client(user)
    with clock.frozen(D(2026, 6, 2)):
        app = c.post(
            "/api/v1/applications/",
            {"list_type": "factory", "report": str(rep.uuid)},
            format="json",
        ).json()
        assert c.post(f"/api/v1/applications/{app['uuid']}/submit/").status_code == 200
        county_client = _client(county)
        refused = county_client.post(
            f"/api/v1/applications/{app['uuid']}/review/", {"decision": "approve"}, format="json"
        )
        assert (
            refused.status_code == 409
            and refused.json()["reasons"][0]["code"] == "evaluation.paper_copy_to"
        )
        ok = county_client.post(
            f"/api/v1/applications/{app['uuid']}/review/",
            {"decision": "approve", "paper_copy_received": True},
            format="json",
        )
    assert ok.status_code == 200
    assert (
        ok.json()["paper_copy_received_on"] == "2026-06-02" and ok.json()["state"] == "recommended"
    )
