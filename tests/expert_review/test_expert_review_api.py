"""Expert review through the API, over the same services and blind selectors as the
pages: assigning (409 with the rule and its article when refused), the expert's own
tasks and score, the review hidden until every expert has submitted, the ranking."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from rest_framework.test import APIClient

from greenmfg.core import clock
from tests.cycle import APRIL
from tests.experts import (
    expert,
    panel,
    provincial_application,
    quick_application,
    recommended_application,
)

pytestmark = pytest.mark.django_db

NATIONAL_CONFLICT_REF = "平台约定（回避：与申报单位或其评价机构有关联的专家不得评审）"
EXPERTS_REF = "平台约定（各文本未规定评审专家人数；可在地方规则中改定）"


def _client(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def app(enterprise_user, enterprise, tianhe_official, city_official):
    return recommended_application(enterprise_user, enterprise, tianhe_official, city_official)


@pytest.fixture
def experts(db):
    return panel(3)


def _assign(city_official, app, experts):
    with clock.frozen(APRIL):
        return _client(city_official).post(
            f"/api/v1/applications/{app.uuid}/experts/",
            {"experts": [str(u.uuid) for u in experts]},
            format="json",
        )


def _score(user, assignment_uuid, score, comments=""):
    with clock.frozen(APRIL):
        return _client(user).post(
            f"/api/v1/expert/assignments/{assignment_uuid}/score/",
            {"score": score, "comments": comments},
            format="json",
        )


def _my_assignment(user) -> str:
    resp = _client(user).get("/api/v1/expert/assignments/")
    assert resp.status_code == 200, resp.content
    (row,) = resp.json()["results"]
    return row["uuid"]


def test_assign_through_the_api(app, city_official, experts):
    resp = _assign(city_official, app, experts)
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert (body["started"], body["completed"], body["required"]) == (True, False, 3)
    assert body["required_ref"] == EXPERTS_REF
    assert [a["expert"] for a in body["assignments"]] == ["专家1", "专家2", "专家3"]
    assert {a["state"] for a in body["assignments"]} == {"assigned"}


def test_wrong_number_of_experts_answers_409_with_the_rule(app, city_official, experts):
    resp = _assign(city_official, app, experts[:2])
    assert resp.status_code == 409
    (reason,) = resp.json()["reasons"]
    assert (reason["code"], reason["citation"]) == ("expert_review.experts", EXPERTS_REF)


def test_conflicted_expert_answers_409_naming_the_rule(app, city_official, enterprise):
    linked = expert("关联专家", affiliations=[enterprise])
    resp = _assign(city_official, app, [linked, *panel(2)])
    assert resp.status_code == 409
    (reason,) = resp.json()["reasons"]
    assert reason["code"] == "expert_review.conflict.linked_to_applicant"
    assert reason["citation"] == NATIONAL_CONFLICT_REF
    assert "关联专家" in reason["message"]


def test_evaluated_in_province_conflict_through_the_api_000_13(enterprise, province_official):
    app = provincial_application(enterprise, province_official)
    barred = expert("粤评专家", evaluated_in=["440000"])
    with clock.frozen(dt.date(2026, 7, 2)):
        resp = _client(province_official).post(
            f"/api/v1/applications/{app.uuid}/experts/",
            {"experts": [str(u.uuid) for u in [barred, *panel(2)]]},
            format="json",
        )
    assert resp.status_code == 409
    (reason,) = resp.json()["reasons"]
    assert reason["code"] == "expert_review.conflict.evaluated_in_province"
    assert reason["citation"].startswith("000 第十三条")


def test_unknown_expert_is_a_bad_request_and_others_may_not_assign(
    app, city_official, tianhe_official, experts
):
    with clock.frozen(APRIL):
        resp = _client(city_official).post(
            f"/api/v1/applications/{app.uuid}/experts/",
            {"experts": [str(uuid.uuid4())]},
            format="json",
        )
    assert resp.status_code == 400
    assert _assign(tianhe_official, app, experts).status_code == 403
    assert _assign(experts[0], app, experts).status_code == 404  # not in the expert's scope


def test_blind_until_every_expert_has_submitted(app, city_official, experts):
    assert _assign(city_official, app, experts).status_code == 201
    first = _my_assignment(experts[0])
    assert _score(experts[0], first, "93.75", "甲意见").status_code == 200
    # the second expert: only their own task, no one else's score
    second_list = _client(experts[1]).get("/api/v1/expert/assignments/").json()["results"]
    assert [r["score"] for r in second_list] == [None]
    detail = _client(experts[1]).get(f"/api/v1/expert/assignments/{second_list[0]['uuid']}/")
    review = detail.json()["review"]
    assert review["submitted"] == 1 and review["aggregate"] is None
    assert [a["own"] for a in review["assignments"]] == [True]
    assert "93.75" not in detail.content.decode()
    # another expert's task is not theirs to read or score
    assert _client(experts[1]).get(f"/api/v1/expert/assignments/{first}/").status_code == 404
    assert _score(experts[1], first, "10").status_code == 404
    assert (
        _client(experts[1]).get(f"/api/v1/applications/{app.uuid}/expert-review/").status_code
        == 404
    )
    # the first expert sees their own score
    mine = _client(experts[0]).get(f"/api/v1/expert/assignments/{first}/").json()
    assert (mine["score"], mine["comments"]) == ("93.75", "甲意见")
    # the official: who submitted, no score, no comment
    official_view = _client(city_official).get(f"/api/v1/applications/{app.uuid}/expert-review/")
    body = official_view.json()
    assert [a["state"] for a in body["assignments"]] == ["submitted", "assigned", "assigned"]
    assert [a["score"] for a in body["assignments"]] == [None, None, None]
    assert (
        "93.75" not in official_view.content.decode()
        and "甲意见" not in official_view.content.decode()
    )
    # completion opens the scores
    assert _score(experts[1], _my_assignment(experts[1]), "80.25").status_code == 200
    assert _score(experts[2], _my_assignment(experts[2]), 84).status_code == 200
    body = _client(city_official).get(f"/api/v1/applications/{app.uuid}/expert-review/").json()
    assert body["completed"] is True and body["aggregate"] == "86.00"
    assert [a["score"] for a in body["assignments"]] == ["93.75", "80.25", "84.00"]
    assert body["method"] == "mean"
    review = _client(experts[1]).get(f"/api/v1/expert/assignments/{_my_assignment(experts[1])}/")
    assert "93.75" in review.content.decode() and "专家1" not in review.content.decode()


def test_the_applicant_may_not_read_the_expert_review(app, enterprise_user, city_official, experts):
    _assign(city_official, app, experts)
    resp = _client(enterprise_user).get(f"/api/v1/applications/{app.uuid}/expert-review/")
    assert resp.status_code == 403


def test_a_score_out_of_range_is_refused_with_a_reason(app, city_official, experts):
    _assign(city_official, app, experts)
    resp = _score(experts[0], _my_assignment(experts[0]), "101")
    assert resp.status_code == 409
    assert resp.json()["reasons"][0]["code"] == "expert_review.score"


def test_approval_through_the_api_uses_the_aggregate(app, city_official, experts):
    _assign(city_official, app, experts)
    for user, score in zip(experts, ("85", "88", "90"), strict=True):
        assert _score(user, _my_assignment(user), score).status_code == 200
    with clock.frozen(APRIL):
        resp = _client(city_official).post(
            f"/api/v1/applications/{app.uuid}/review/",
            {"decision": "approve", "reason": "专家评审通过"},
            format="json",
        )
    assert resp.status_code == 200, resp.content
    assert (resp.json()["state"], resp.json()["score"], resp.json()["star"]) == (
        "approved",
        "87.66",
        1,
    )


def test_approval_through_the_api_refused_while_incomplete(app, city_official, experts):
    _assign(city_official, app, experts)
    with clock.frozen(APRIL):
        resp = _client(city_official).post(
            f"/api/v1/applications/{app.uuid}/review/",
            {"decision": "approve", "score": "90"},
            format="json",
        )
    assert resp.status_code == 409
    assert "expert_review.incomplete" in [r["code"] for r in resp.json()["reasons"]]


def test_ranking_through_the_api(city_official, tianhe_official, experts):
    low = quick_application(city_official, name="低分企业")
    high = quick_application(city_official, name="高分企业")
    for a, scores in ((low, ("81", "82", "83")), (high, ("90", "92", "94"))):
        _assign(city_official, a, experts)
        for user, score in zip(experts, scores, strict=True):
            row = next(
                r
                for r in _client(user).get("/api/v1/expert/assignments/").json()["results"]
                if r["application"]["uuid"] == str(a.uuid)
            )
            assert _score(user, row["uuid"], score).status_code == 200
    url = f"/api/v1/campaigns/{low.campaign.uuid}/ranking/"
    rows = _client(city_official).get(url).json()
    assert [(r["rank"], r["unit_name"], r["aggregate"]) for r in rows] == [
        (1, "高分企业", "92.00"),
        (2, "低分企业", "82.00"),
    ]
    assert _client(tianhe_official).get(url).status_code == 403


def test_expert_assignments_list_is_empty_for_other_roles(city_official):
    resp = _client(city_official).get("/api/v1/expert/assignments/")
    assert resp.status_code == 200 and resp.json()["results"] == []
