"""Real-name complaints (实名举报): routed per complaints.to (000 第二十五条 the city;
002 第二十二条 the city; 003 第二十一条 the county or the city), verified by the platform's
deadline, closed with an outcome; the complainant's identity is shown only to the
handling officials — in pages and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.supervision.complaints import services as complaints
from greenmfg.supervision.models import ComplaintState
from tests.factories import OrganisationFactory, official
from tests.oversight import city_official, district_official, listed_unit, province_official

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ID_NUMBER = "11010519491231002X"
IDENTITY = {
    "complainant_name": "举报人甲",
    "complainant_id_number": ID_NUMBER,
    "complainant_phone": "13800138000",
    "complainant_email": "whistle@example.com",
    "statement": "该单位动态管理表填报的能耗数据与实际严重不符，附电费单据。",
}


def evidence():
    return SimpleUploadedFile("电费单.pdf", PDF, content_type="application/pdf")


def submit(target, *, on="2026-05-06", level=None, **overrides):
    data = dict(IDENTITY, **overrides)
    with clock.frozen(on):
        from django.contrib.auth.models import AnonymousUser

        return complaints.complaint_submit(
            actor=AnonymousUser(),
            target=target,
            data=data,
            evidence=evidence(),
            handler_level=level,
        )


@pytest.mark.parametrize(
    "district,handler,article",
    [
        ("440106", "440100", "000 第二十五条"),  # Guangzhou inherits Guangdong's rule
        ("440304", "440300", "000 第二十五条"),
        ("350203", "350200", "002 第二十二条"),
        ("410305", "410305", "003 第二十一条"),  # first of [district, city]
    ],
    ids=["guangzhou", "shenzhen-000-25", "xiamen-002-22", "luoyang-003-21-county"],
)
def test_routed_to_the_authority_the_rules_name(district, handler, article):
    unit, _ = listed_unit(district)
    c = submit(unit)
    assert c.handler.code == handler
    assert c.handler_ref == article
    assert c.due_on == dt.date(2026, 6, 5)  # complaints.verification_days: 30
    assert "平台约定" in c.due_ref


def test_luoyang_complainant_may_choose_the_city_003_21():
    unit, _ = listed_unit("410305")
    assert submit(unit, level="city").handler.code == "410300"
    with pytest.raises(RuleViolation) as exc:
        submit(unit, level="province")
    assert [(r.code, r.citation) for r in exc.value.reasons] == [
        ("complaint.route", "003 第二十一条")
    ]


@pytest.mark.parametrize(
    "overrides,code",
    [
        ({"complainant_name": ""}, "complaint.name"),
        ({"complainant_id_number": "123"}, "complaint.id_number"),
        ({"complainant_phone": "call me"}, "complaint.phone"),
        ({"statement": "造假"}, "complaint.statement"),
    ],
)
def test_complaints_are_real_name_with_contact_000_25(overrides, code):
    unit, _ = listed_unit("440106")
    with pytest.raises(RuleViolation) as exc:
        submit(unit, **overrides)
    assert code in [r.code for r in exc.value.reasons]


def test_evidence_is_required_and_checked_by_content():
    unit, _ = listed_unit("440106")
    with clock.frozen("2026-05-06"), pytest.raises(RuleViolation) as exc:
        complaints.complaint_submit(actor=None, target=unit, data=IDENTITY, evidence=None)
    assert "complaint.evidence" in [r.code for r in exc.value.reasons]
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with clock.frozen("2026-05-06"), pytest.raises(RuleViolation) as exc:
        complaints.complaint_submit(actor=None, target=unit, data=IDENTITY, evidence=fake)
    assert exc.value.reasons[0].code == "upload.type"


def test_only_listed_units_and_agencies_can_be_complained_about():
    stranger = OrganisationFactory(district="440106")
    with pytest.raises(RuleViolation) as exc:
        submit(stranger)
    assert [(r.code, r.citation) for r in exc.value.reasons] == [("complaint.target", "")]
    agency = OrganisationFactory(district="440106", kind="agency", name="某评价机构")
    assert submit(agency).handler.code == "440100"


def test_outcomes_dismissed_rectification_removal():
    unit, _ = listed_unit("440106")
    city = city_official("440106")
    a, b, c = submit(unit), submit(unit), submit(unit)
    with clock.frozen("2026-05-20"):
        with pytest.raises(RuleViolation) as exc:
            complaints.complaint_handle(actor=city, complaint=a, outcome="dismissed", reason="")
        assert [(r.code, r.citation) for r in exc.value.reasons] == [("complaint.reason", "")]
        a = complaints.complaint_handle(
            actor=city, complaint=a, outcome="dismissed", reason="经核实数据与统计报表一致"
        )
        with pytest.raises(RuleViolation) as exc:
            complaints.complaint_handle(
                actor=city, complaint=b, outcome="rectification", reason="需整改"
            )
        assert [(r.code, r.citation) for r in exc.value.reasons] == [
            ("complaint.rectification_due", "")
        ]
        b = complaints.complaint_handle(
            actor=city,
            complaint=b,
            outcome="rectification",
            reason="计量器具不全，限期整改",
            rectification_due=dt.date(2026, 7, 31),
        )
        c = complaints.complaint_handle(
            actor=city,
            complaint=c,
            outcome="removal",
            reason="经核实数据造假",
            removal_cause="falsified_data",
        )
        with pytest.raises(RuleViolation) as exc:
            complaints.complaint_handle(
                actor=city,
                complaint=submit(unit, on="2026-05-20"),
                outcome="agency_sanction",
                reason="x",
            )
        assert [(r.code, r.citation) for r in exc.value.reasons] == [("complaint.outcome", "")]
    assert (a.state, b.state, c.state) == (
        ComplaintState.DISMISSED,
        ComplaintState.RECTIFICATION,
        ComplaintState.REMOVAL,
    )
    proposal = unit.removal_proposals.get()
    assert proposal.cause == "falsified_data" and proposal.complaint == c
    assert proposal.authority.code == "440100"


def test_luoyang_county_verifies_and_the_city_removes_003_21():
    unit, _ = listed_unit("410305")
    county = district_official("410305")
    c = submit(unit)
    with clock.frozen("2026-05-20"):
        complaints.complaint_handle(
            actor=county,
            complaint=c,
            outcome="removal",
            reason="材料造假属实",
            removal_cause="falsified_data",
        )
    assert unit.removal_proposals.get().authority.code == "410300"


def test_agency_complaint_records_the_sanction_outcome_only():
    agency = OrganisationFactory(district="440106", kind="agency", name="某评价机构")
    city = city_official("440106")
    c = submit(agency)
    with clock.frozen("2026-05-20"):
        with pytest.raises(RuleViolation) as exc:
            complaints.complaint_handle(
                actor=city,
                complaint=c,
                outcome="rectification",
                reason="x",
                rectification_due=dt.date(2026, 7, 1),
            )
        assert [(r.code, r.citation) for r in exc.value.reasons] == [("complaint.outcome", "")]
        c = complaints.complaint_handle(
            actor=city,
            complaint=c,
            outcome="agency_sanction",
            reason="评价报告失实，按第二十四条处理",
        )
    assert c.state == ComplaintState.AGENCY_SANCTION


def test_only_the_handling_authority_handles_it():
    unit, _ = listed_unit("440106")
    c = submit(unit)
    with clock.frozen("2026-05-20"), pytest.raises(NotPermitted):
        complaints.complaint_handle(
            actor=district_official("440106"), complaint=c, outcome="dismissed", reason="不属实"
        )


# --- who sees the complainant --------------------------------------------------------------------


def test_identity_only_for_the_handling_officials_in_pages():
    unit, unit_user = listed_unit("440106")
    c = submit(unit)
    handler = city_official("440106")
    province = province_official("440106")
    tianhe = district_official("440106")
    client = Client()
    client.force_login(handler)
    page = client.get(reverse("complaint_detail", args=[c.uuid])).content.decode()
    assert "举报人甲" in page and ID_NUMBER in page and "13800138000" in page
    listing = client.get(reverse("complaint_list")).content.decode()
    assert "举报人甲" in listing
    assert client.get(reverse("complaint_evidence", args=[c.uuid])).status_code == 200
    client.force_login(province)
    page = client.get(reverse("complaint_detail", args=[c.uuid])).content.decode()
    assert c.statement in page
    assert "举报人甲" not in page and ID_NUMBER not in page and "13800138000" not in page
    assert "举报人甲" not in client.get(reverse("complaint_list")).content.decode()
    assert client.get(reverse("complaint_evidence", args=[c.uuid])).status_code == 404
    for other in (tianhe, unit_user):
        client.force_login(other)
        assert client.get(reverse("complaint_detail", args=[c.uuid])).status_code == 404
    client.logout()
    assert client.get(reverse("complaint_detail", args=[c.uuid])).status_code == 302


def test_identity_only_for_the_handling_officials_in_the_api():
    unit, unit_user = listed_unit("440106")
    c = submit(unit)
    client = Client()
    client.force_login(city_official("440106"))
    data = client.get(f"/api/v1/complaints/{c.uuid}/").json()
    assert data["complainant_name"] == "举报人甲"
    assert data["complainant_id_number"] == ID_NUMBER
    client.force_login(province_official("440106"))
    data = client.get(f"/api/v1/complaints/{c.uuid}/").json()
    assert data["complainant_name"] == "举***" and data["complainant_phone"] == "138****8000"
    listed = client.get("/api/v1/complaints/").json()["results"]
    assert [r["complainant_id_number"] for r in listed] == [
        ID_NUMBER[:6] + "*" * 8 + ID_NUMBER[-4:]
    ]
    client.force_login(unit_user)
    assert client.get(f"/api/v1/complaints/{c.uuid}/").status_code == 404
    assert client.get("/api/v1/complaints/").json()["count"] == 0
    national = official("national", "000000")
    client.force_login(national)
    assert client.get(f"/api/v1/complaints/{c.uuid}/").json()["complainant_name"] == "举***"


def test_public_form_and_api_take_a_complaint_without_sign_in():
    unit, _ = listed_unit("440106")
    client = Client()
    with clock.frozen("2026-05-06"):
        page = client.post(
            reverse("complaint_new"),
            {**IDENTITY, "target_uscc": unit.uscc, "evidence": evidence()},
        )
    assert page.status_code == 200
    assert "2026-06-05" in page.content.decode()
    assert "举报人甲" not in page.content.decode()
    with clock.frozen("2026-05-06"):
        resp = client.post(
            "/api/v1/complaints/",
            {**IDENTITY, "target": str(unit.uuid), "evidence": evidence()},
        )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["handler"] == "广东省广州市" or body["handler"].endswith("广州市")
    assert "complainant_name" not in body
    assert unit.complaints.count() == 2
    with clock.frozen("2026-05-06"):
        bad = client.post("/api/v1/complaints/", {**IDENTITY, "target": str(unit.uuid)})
    assert bad.status_code == 409
