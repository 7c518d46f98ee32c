"""Pages and API of the agencies app: the public registry and sanctions notice (000
第二十四条: 在管理平台中进行通报), projects for units and agencies (the agency fills the
report on the same report page), officials' oversight, the annual work report, and the
query budgets of the list pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from greenmfg.agencies import services as ag
from greenmfg.agencies.models import AgencyFraudFinding, AgencyProfile, ProjectState
from greenmfg.core import clock
from greenmfg.selection import reports
from greenmfg.selection.models import ApplicationState
from tests.agencies.test_agencies import (
    PDF,
    _application,
    _third_party_report,
    commission,
    make_agency,
    make_unit,
)
from tests.cycle import APRIL, full_values
from tests.factories import official

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def api_for(user=None) -> APIClient:
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


# --- public pages -----------------------------------------------------------------------------


def test_public_registry_lists_agencies_with_status_and_quality(city_official):
    good = make_agency("诚信评价有限公司", rep="钱正")
    bad = make_agency("失信评价有限公司", rep="孙假")
    commission(bad, level="municipal")
    AgencyProfile.objects.create(organisation=good[0], qualifications="中级职称以上专职人员12人")
    with clock.frozen(APRIL):
        ag.fraud_finding_record(
            actor=city_official,
            agency=bad[0],
            decided_on=APRIL,
            description="伪造现场核查记录，故意隐瞒评价对象问题。",
        )
        page = client_for().get(reverse("agency_index")).content.decode()
        detail = client_for().get(reverse("agency_detail", args=[good[0].uuid])).content.decode()
        notice = client_for().get(reverse("agency_sanctions")).content.decode()
    assert "诚信评价有限公司" in page and "钱正" in page and "孙假" in page
    assert "不予采信（至2029-04-08）" in page and "正常" in page
    assert "中级职称以上专职人员12人" in detail
    assert "失信评价有限公司" in notice and "2029-04-08" in notice and "004 第十九条" in notice


def _agencies_with_reports(n: int):
    city = official("city", "440100", username=f"city{n}")
    for i in range(n):
        org, user = make_agency(f"评价机构{n:02d}-{i:02d}", rep=f"代表{i}")
        AgencyProfile.objects.create(organisation=org, qualifications="资质")
        unit = make_unit()[0]
        report = _third_party_report(org, unit)
        _application(unit, report, ApplicationState.NOT_APPROVED)
        if i % 3 == 0:
            commission((org, user), level="municipal")
            with clock.frozen(APRIL):
                ag.fraud_finding_record(
                    actor=city,
                    agency=org,
                    decided_on=APRIL,
                    description="故意隐瞒评价对象问题的事实",
                )
    return city


@pytest.mark.parametrize("n", [3, 12])
def test_agency_list_pages_stay_within_their_query_budget(django_assert_max_num_queries, n):
    city = _agencies_with_reports(n)
    anon, off = client_for(), client_for(city)
    with clock.frozen(APRIL):
        with django_assert_max_num_queries(6):
            page = anon.get(reverse("agency_index"))
        assert page.status_code == 200 and page.content.decode().count("评价机构") >= n
        with django_assert_max_num_queries(2):
            assert anon.get(reverse("agency_sanctions")).status_code == 200
        with django_assert_max_num_queries(6):
            assert len(api_for().get("/api/v1/agencies/").json()["results"]) == n
        # 13: the caps also count the agencies' confirmed past listings (issue 13 item 5)
        with django_assert_max_num_queries(13):
            assert off.get(reverse("agency_oversight")).status_code == 200
        with django_assert_max_num_queries(8):
            assert off.get(reverse("agency_work_reports")).status_code == 200


# --- projects through the pages ----------------------------------------------------------------


def test_unit_commissions_agency_accepts_fills_the_report_page_and_unit_confirms(
    enterprise, enterprise_user
):
    agency, agency_user = make_agency("广州中绿认证评价有限公司")
    unit_c, agency_c = client_for(enterprise_user), client_for(agency_user)
    with clock.frozen(APRIL):
        resp = unit_c.post(
            reverse("agency_project_new"),
            {
                "agency": str(agency.uuid),
                "list_type": "factory",
                "level": "municipal",
                "year": 2026,
                "note": "请于4月中旬前完成",
            },
        )
        assert resp.status_code == 302
        project = enterprise.commissioned_projects.get()
        url = reverse("agency_project_detail", args=[project.uuid])
        assert 'data-testid="project-accept"' in agency_c.get(url).content.decode()
        agency_c.post(reverse("agency_project_action", args=[project.uuid, "accept"]))
        project.refresh_from_db()
        assert project.state == ProjectState.ACCEPTED
        report_url = reverse("report_detail", args=[project.report.uuid])
        # the agency fills the SAME report page; the unit sees it read-only
        agency_page = agency_c.get(report_url).content.decode()
        assert (
            'data-testid="section-1"' in agency_page
            and 'data-testid="report-project"' in agency_page
        )
        unit_page = unit_c.get(report_url).content.decode()
        assert 'data-testid="section-1"' not in unit_page
        assert 'data-testid="report-agency"' in unit_page
        reports.report_save_items(
            actor=agency_user,
            report=project.report,
            values=full_values(project.report.standard_code),
        )
        agency_c.post(
            reverse("agency_project_upload", args=[project.uuid]),
            {"file": SimpleUploadedFile("签章报告.pdf", PDF, content_type="application/pdf")},
        )
        agency_c.post(reverse("agency_project_action", args=[project.uuid, "submit"]))
        project.refresh_from_db()
        assert project.state == ProjectState.REPORT_SUBMITTED
        download = unit_c.get(reverse("agency_signed_report", args=[project.uuid]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        assert 'data-testid="project-confirm"' in unit_c.get(url).content.decode()
        unit_c.post(reverse("agency_project_action", args=[project.uuid, "confirm"]))
        project.refresh_from_db()
        assert project.state == ProjectState.CONFIRMED
        inbox = agency_c.get(reverse("inbox")).content.decode()
    assert str(project.uuid) not in inbox


def test_another_agency_gets_404_for_the_report_and_the_project(accepted_project):
    project = accepted_project
    _other, other_user = make_agency("另一家评价机构", rep="赵某")
    c = client_for(other_user)
    with clock.frozen(APRIL):
        assert c.get(reverse("report_detail", args=[project.report.uuid])).status_code == 404
        assert c.get(reverse("agency_project_detail", args=[project.uuid])).status_code == 404
        assert c.post(reverse("report_save", args=[project.report.uuid]), {}).status_code == 404
        assert api_for(other_user).get(f"/api/v1/reports/{project.report.uuid}/").status_code == 404
        assert (
            api_for(other_user).get(f"/api/v1/agency-projects/{project.uuid}/").status_code == 404
        )


@pytest.fixture
def accepted_project(enterprise, enterprise_user):
    agency = make_agency("广州中绿认证评价有限公司")
    with clock.frozen(APRIL):
        project = ag.project_propose(
            actor=enterprise_user,
            unit=enterprise,
            agency=agency[0],
            list_type="factory",
            level="municipal",
        )
        return ag.project_accept(actor=agency[1], project=project)


def test_agency_nav_and_inbox(accepted_project, enterprise_user):
    agency_user = accepted_project.agency.users.get()
    with clock.frozen(APRIL):
        page = client_for(agency_user).get(reverse("inbox")).content.decode()
    assert 'data-testid="nav-agency-projects"' in page
    assert 'data-testid="nav-agency-work-reports"' in page
    assert str(accepted_project.uuid) in page


def test_official_records_a_finding_on_the_page(accepted_project, city_official):
    agency = accepted_project.agency
    c = client_for(city_official)
    with clock.frozen(APRIL):
        oversight = c.get(reverse("agency_oversight")).content.decode()
        assert agency.name in oversight and "1 / 10" not in oversight  # municipal: not counted
        assert 'data-testid="cap-rule"' in oversight and "000 第二十四条" in oversight
        resp = c.post(
            reverse("agency_finding_new", args=[agency.uuid]),
            {
                "decided_on": "2026-04-08",
                "description": "伪造现场核查记录，故意隐瞒评价对象问题。",
                "article": "",
                "project": str(accepted_project.uuid),
            },
        )
    assert resp.status_code == 302
    finding = AgencyFraudFinding.objects.get(agency=agency)
    assert finding.project_id == accepted_project.id and finding.article == "004 第十九条"


def test_work_report_page_for_agencies_and_the_overdue_list_for_officials():
    filed = make_agency("已填报机构")
    silent = make_agency("未填报机构")
    with clock.frozen(dt.date(2023, 8, 1)):
        page = client_for(filed[1]).get(reverse("agency_work_reports")).content.decode()
        assert "2023-08-15" in page and "001 三" in page
        resp = client_for(filed[1]).post(
            reverse("agency_work_reports"),
            {
                "year": 2023,
                "projects_done": 4,
                "staff": 11,
                "quality_self_assessment": "全部项目经内部技术复核。",
            },
        )
        assert resp.status_code == 302
    city = official("city", "440100")
    with clock.frozen(dt.date(2023, 8, 16)):
        page = client_for(city).get(reverse("agency_work_reports")).content.decode()
        rows = api_for(city).get("/api/v1/agency-work-reports/overdue/?year=2023").json()
    assert silent[0].name in page and "全部项目经内部技术复核。" in page
    assert [r["agency_name"] for r in rows] == [silent[0].name]


# --- API ---------------------------------------------------------------------------------------


def test_api_project_flow_and_cap_refusal_000_24(enterprise_user, enterprise):
    agency = make_agency("粤评一号评价有限公司", rep="李评")
    for _ in range(10):
        commission(agency, level="provincial")
    with clock.frozen(APRIL):
        resp = api_for(enterprise_user).post(
            "/api/v1/agency-projects/",
            {"agency": str(agency[0].uuid), "list_type": "factory", "level": "provincial"},
            format="json",
        )
        assert resp.status_code == 201, resp.content
        uuid = resp.json()["uuid"]
        assert resp.json()["state"] == "proposed"
        refused = api_for(agency[1]).post(f"/api/v1/agency-projects/{uuid}/accept/")
        assert refused.status_code == 409
        assert refused.json()["reasons"][0]["citation"] == "000 第二十四条"
        assert (
            api_for(enterprise_user).post(f"/api/v1/agency-projects/{uuid}/accept/").status_code
            == 403
        )
        declined = api_for(agency[1]).post(
            f"/api/v1/agency-projects/{uuid}/decline/", {"reason": "本年度项目已满"}, format="json"
        )
        assert declined.status_code == 200 and declined.json()["state"] == "declined"


def test_api_agency_submit_and_unit_confirm(accepted_project, enterprise_user):
    project = accepted_project
    agency_user = project.agency.users.get()
    api = api_for(agency_user)
    with clock.frozen(APRIL):
        resp = api.patch(
            f"/api/v1/reports/{project.report.uuid}/items/",
            {"values": full_values(project.report.standard_code)},
            format="json",
        )
        assert resp.status_code == 200, resp.content
        assert (
            api_for(enterprise_user)
            .patch(f"/api/v1/reports/{project.report.uuid}/items/", {"values": {}}, format="json")
            .status_code
            == 403
        )
        up = api.post(
            f"/api/v1/agency-projects/{project.uuid}/signed-report/",
            {"file": SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")},
            format="multipart",
        )
        assert up.status_code == 200 and up.json()["signed_report"]["name"] == "signed.pdf"
        assert api.post(f"/api/v1/agency-projects/{project.uuid}/submit/").json()["state"] == (
            "report_submitted"
        )
        ok = api_for(enterprise_user).post(f"/api/v1/agency-projects/{project.uuid}/confirm/")
    assert ok.status_code == 200 and ok.json()["state"] == "confirmed"


def test_api_findings_are_public_and_recorded_by_officials(accepted_project, city_official):
    agency = accepted_project.agency
    with clock.frozen(APRIL):
        assert api_for(agency.users.get()).post(
            "/api/v1/agency-fraud-findings/",
            {"agency": str(agency.uuid), "decided_on": "2026-04-08", "description": "x" * 12},
            format="json",
        ).status_code in (403, 404)
        resp = api_for(city_official).post(
            "/api/v1/agency-fraud-findings/",
            {
                "agency": str(agency.uuid),
                "decided_on": "2026-04-08",
                "description": "伪造现场核查记录，故意隐瞒评价对象问题。",
            },
            format="json",
        )
        assert resp.status_code == 201, resp.content
        assert resp.json()["distrusted_until"] == "2029-04-08"
        public = api_for().get("/api/v1/agency-fraud-findings/").json()
        registry = api_for().get(f"/api/v1/agencies/{agency.uuid}/").json()
    assert public["results"][0]["agency_name"] == agency.name
    assert registry["status"] == "distrusted" and registry["distrusted_until"] == "2029-04-08"
    assert registry["quality"]["findings"] == 1
