"""The networks API (issue 14, item 6): the same services and scope as the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from greenmfg.parties.uscc import make_uscc
from tests.factories import OrganisationFactory, unit_user
from tests.networks.support import members
from tests.oversight import list_unit

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_invite_accept_and_progress_through_the_api(cast):
    member = OrganisationFactory(name="接口成员有限公司", district="440106")
    park = _api(cast.park_user)
    r = park.post(
        "/api/v1/network-memberships/", {"uscc": member.uscc, "name": member.name}, format="json"
    )
    assert r.status_code == 201, r.content
    uuid = r.json()["uuid"]
    assert (
        _api(cast.enterprise_user).post(f"/api/v1/network-memberships/{uuid}/accept/").status_code
        == 404
    )
    r = _api(unit_user(member)).post(f"/api/v1/network-memberships/{uuid}/accept/")
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    list_unit(member, "municipal", year=2025)
    r = _api(cast.guangzhou).get(f"/api/v1/network-progress/{cast.park.uuid}/")
    assert r.status_code == 200
    assert r.json()["counts"] == {"municipal": 1} and r.json()["green"] == 1
    overview = _api(cast.guangzhou).get("/api/v1/network-progress/").json()
    assert [(o["owner_name"], o["green"]) for o in overview] == [("广州天河绿色产业园", 1)]
    assert _api(cast.shenzhen).get(f"/api/v1/network-progress/{cast.park.uuid}/").status_code == 404


def test_roster_refused_through_the_api_answers_409_with_the_row_report(cast):
    text = f"统一社会信用代码,企业名称\n{make_uscc('350203')},外省企业有限公司\n"
    upload = SimpleUploadedFile("roster.csv", text.encode(), content_type="text/csv")
    r = _api(cast.park_user).post(
        "/api/v1/network-memberships/roster/", {"file": upload}, format="multipart"
    )
    assert r.status_code == 409
    assert r.json()["report"]["problems"][0]["row"] == 2
    assert r.json()["report"]["problems"][0]["code"] == "membership.other_province"


def test_plan_through_the_api_names_only_own_members(cast):
    own = members(cast.park_user, "park", 1)[0]
    body = {
        "title": "接口培育计划",
        "year_from": 2026,
        "year_to": 2027,
        "measures": "诊断",
        "targets": [{"year": 2026, "level": "municipal", "count": 1}],
        "members": [str(own.uuid)],
    }
    r = _api(cast.park_user).post("/api/v1/cultivation-plans/", body, format="json")
    assert r.status_code == 201, r.content
    r = _api(cast.park_user).post(f"/api/v1/cultivation-plans/{r.json()['uuid']}/publish/")
    assert r.status_code == 200 and r.json()["state"] == "published"
    body["members"] = [str(members(cast.enterprise_user, "supply_chain", 1)[0].uuid)]
    assert (
        _api(cast.park_user).post("/api/v1/cultivation-plans/", body, format="json").status_code
        == 400
    )
