"""Third-party evaluation agencies (第三方评价机构), through the services: the cap per
legal representative (000 第二十四条, 003 第二十条, 001 二(四)), the third-party report
filled by the agency on the same form and scoring (000 第十一条; 004 第十条), the unit's
confirmation before it carries an application, distrust after a fraud finding
(不予采信: 000 第二十四条, 002 第二十一条, 003 第二十条, 004 第十九条, 001 二(四)), the annual
work report (001 三) and the quality figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from greenmfg.agencies import services as ag
from greenmfg.agencies.guards import distrust_reasons
from greenmfg.agencies.models import AgencyFraudFinding, AgencyProject, ProjectState
from greenmfg.agencies.quality import quality_for
from greenmfg.audit.services import record_event
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.parties.models import OrganisationKind
from greenmfg.parties.permissions import may
from greenmfg.selection import reports
from greenmfg.selection import services as sel
from greenmfg.selection.models import (
    Application,
    ApplicationState,
    EvaluationReport,
    ReportState,
)
from greenmfg.standards.systems import score, system
from tests.cycle import APRIL, campaign, candidate, full_values, submitted_report
from tests.factories import OrganisationFactory, official, unit_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = dt.date


def signed_pdf(name="评价报告（签章）.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_agency(name, rep="王立", district="440106"):
    org = OrganisationFactory(
        kind=OrganisationKind.AGENCY, name=name, legal_representative=rep, district=district
    )
    return org, unit_user(org)


def make_unit(district="440106", kind=OrganisationKind.ENTERPRISE, name=None):
    kw = {"name": name} if name else {}
    org = OrganisationFactory(kind=kind, district=district, **kw)
    return org, unit_user(org)


def commission(
    agency,
    *,
    district="440106",
    level="provincial",
    list_type="factory",
    year=None,
    on=APRIL,
    accept=True,
):
    """A new unit in ``district`` commissions ``agency`` (and the agency accepts)."""
    org, agency_user = agency
    kind = OrganisationKind.PARK if list_type == "park" else OrganisationKind.ENTERPRISE
    unit, user = make_unit(district, kind=kind)
    with clock.frozen(on):
        project = ag.project_propose(
            actor=user, unit=unit, agency=org, list_type=list_type, level=level, year=year
        )
        if accept:
            project = ag.project_accept(actor=agency_user, project=project)
    return project


def _cites(exc):
    return [r.citation for r in exc.value.reasons]


def _reasons(exc):
    """Which rules refused, and the articles they cite (LAYOUT.md E8)."""
    return [(r.code, r.citation) for r in exc.value.reasons]


def _codes(exc):
    return [r.code for r in exc.value.reasons]


# --- the cap per legal representative ---------------------------------------------------------


def test_guangdong_refuses_the_11th_provincial_project_of_one_legal_representative_000_24():
    """10 provincial projects a year per legal representative, counted over every
    agency he represents and every list type; municipal and national projects and
    another representative's agency do not count."""
    a1 = make_agency("粤评一号评价有限公司", rep="李评")
    a2 = make_agency("粤评二号检测有限公司", rep="李评", district="440304")  # Shenzhen
    other = make_agency("另一家评价机构", rep="赵某")
    types = ["factory", "park", "supply_chain"]
    for i in range(6):
        commission(a1, level="provincial", list_type=types[i % 3])
    for i in range(4):
        commission(a2, district="440304", level="provincial", list_type=types[i % 3])
    # other levels and other representatives are not counted
    commission(a1, level="municipal")
    commission(a2, level="national")
    for _ in range(3):
        commission(other, level="provincial")
    eleventh = commission(a2, level="provincial", accept=False)
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        ag.project_accept(actor=a2[1], project=eleventh)
    assert _codes(exc) == ["agency.project_cap"]
    assert _cites(exc) == ["000 第二十四条"]
    text = exc.value.reasons[0].message_in("zh-hans")
    assert "李评" in text and "10项" in text and "2026年度" in text and "省级" in text
    eleventh.refresh_from_db()
    assert eleventh.state == ProjectState.PROPOSED and eleventh.report_id is None
    # a municipal project of the same representative is still taken on
    assert commission(a1, level="municipal").state == ProjectState.ACCEPTED
    # next year the count starts again
    with clock.frozen(D(2027, 1, 5)):
        assert ag.project_accept(actor=a2[1], project=eleventh).state == ProjectState.ACCEPTED


def test_luoyang_refuses_the_16th_national_level_project_003_20():
    a1 = make_agency("洛评一号", rep="孙评", district="410305")
    a2 = make_agency("洛评二号", rep="孙评", district="410305")
    types = ["factory", "supply_chain"]
    for i in range(8):
        commission(a1, district="410305", level="national", list_type=types[i % 2])
    for i in range(7):
        commission(a2, district="410302", level="national", list_type=types[i % 2])
    for _ in range(2):  # provincial and municipal projects are not counted
        commission(a1, district="410305", level="provincial")
        commission(a2, district="410305", level="municipal")
    sixteenth = commission(a1, district="410305", level="national", accept=False)
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        ag.project_accept(actor=a1[1], project=sixteenth)
    assert _codes(exc) == ["agency.project_cap"]
    assert _cites(exc) == ["003 第二十条"]
    assert "15项" in exc.value.reasons[0].message_in("zh-hans")


def test_2023_national_cap_counts_per_batch_001_2_4():
    """2023: at most 15 projects of one legal person in this batch (本批次); a project
    for the next batch, taken on in the same year, is another batch."""
    agency = make_agency("闽评机构", rep="陈评", district="350203")
    on = D(2023, 6, 1)
    for i in range(15):
        commission(
            agency,
            district="350203",
            level="national",
            year=2023,
            on=on,
            list_type=["factory", "park", "supply_chain"][i % 3],
        )
    extra = commission(agency, district="350203", level="national", year=2023, on=on, accept=False)
    with clock.frozen(on), pytest.raises(RuleViolation) as exc:
        ag.project_accept(actor=agency[1], project=extra)
    assert _codes(exc) == ["agency.project_cap"]
    assert "001 二(四)" in _cites(exc)[0]
    assert "2023年批次" in exc.value.reasons[0].message_in("zh-hans")
    # the 2024 batch, taken on in December 2023, counts apart
    nxt = commission(agency, district="350203", level="national", year=2024, on=D(2023, 12, 1))
    assert nxt.state == ProjectState.ACCEPTED


def test_cap_usage_for_officials_counts_per_legal_representative():
    a1 = make_agency("粤评一号评价有限公司", rep="李评")
    a2 = make_agency("粤评二号检测有限公司", rep="李评")
    lone = make_agency("无代表人机构", rep="")
    for agency in (a1, a1, a2, lone):
        commission(agency, level="provincial")
    city = official("city", "440100")
    with clock.frozen(APRIL):
        usage = ag.cap_usage(city.authority.jurisdiction, APRIL)
    assert usage.rule.cap == 10 and usage.rule.level == "provincial"
    assert usage.for_agency(a1[0]) == usage.for_agency(a2[0]) == 3
    assert usage.for_agency(lone[0]) == 1


# --- the third-party report -------------------------------------------------------------------


@pytest.fixture
def accepted(enterprise, enterprise_user):
    agency, agency_user = make_agency("广州中绿认证评价有限公司")
    with clock.frozen(APRIL):
        project = ag.project_propose(
            actor=enterprise_user,
            unit=enterprise,
            agency=agency,
            list_type="factory",
            level="municipal",
        )
        project = ag.project_accept(actor=agency_user, project=project)
    return project, agency, agency_user


def _fill_and_submit(project, agency_user, fraction=0.9):
    report = project.report
    with clock.frozen(APRIL):
        reports.report_save_items(
            actor=agency_user,
            report=report,
            values=full_values(report.standard_code, scored_fraction=fraction),
        )
        ag.signed_report_upload(actor=agency_user, project=project, upload=signed_pdf())
        return ag.project_submit(actor=agency_user, project=project)


def test_third_party_report_is_scored_like_a_self_evaluation_and_locked_on_submit_000_11(
    accepted, enterprise, enterprise_user, other_enterprise, other_enterprise_user
):
    project, agency, agency_user = accepted
    report = project.report
    assert report.route == "third_party" and report.agency_id == agency.id
    assert report.unit_id == enterprise.id and report.standard_code == "gbt36132_2025"
    project = _fill_and_submit(project, agency_user)
    assert project.state == ProjectState.REPORT_SUBMITTED
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.eligible
    # the same values on a self-evaluation give the same total
    values = full_values(report.standard_code, scored_fraction=0.9)
    assert report.total_score == score(system(report.standard_code), values).total
    own = submitted_report(other_enterprise_user, other_enterprise)
    assert own.total_score == report.total_score
    # locked: the agency cannot change it any more
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        reports.report_save_items(actor=agency_user, report=report, values={"C-12": False})
    assert _codes(exc) == ["report.locked"]
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        reports.report_revise(actor=agency_user, report=report)
    assert _codes(exc) == ["report.third_party_final"]


def test_the_unit_cannot_edit_the_agencys_report(accepted, enterprise_user):
    project, _agency, _user = accepted
    with clock.frozen(APRIL), pytest.raises(NotPermitted):
        reports.report_save_items(actor=enterprise_user, report=project.report, values={})
    with clock.frozen(APRIL), pytest.raises(NotPermitted):
        reports.evidence_upload(
            actor=enterprise_user,
            report=project.report,
            indicator_code="C-01",
            upload=signed_pdf("证明.pdf"),
        )
    with clock.frozen(APRIL), pytest.raises(NotPermitted):
        reports.report_submit(actor=enterprise_user, report=project.report)
    assert not may(enterprise_user, "selection.edit_report", project.report)


def test_another_agency_cannot_edit_or_take_on_the_project(accepted):
    project, _agency, _user = accepted
    _other, other_user = make_agency("另一家评价机构", rep="赵某")
    with clock.frozen(APRIL), pytest.raises(NotPermitted):
        reports.report_save_items(actor=other_user, report=project.report, values={})
    with clock.frozen(APRIL), pytest.raises(NotPermitted):
        ag.project_submit(actor=other_user, project=project)


def test_a_unit_cannot_start_a_third_party_report_itself(enterprise, enterprise_user):
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        reports.report_create(
            actor=enterprise_user, unit=enterprise, list_type="factory", route="third_party"
        )
    assert _codes(exc) == ["evaluation.third_party_commission"]
    assert _cites(exc) == ["004 第十条"]


def test_submit_needs_the_signed_pdf_and_a_complete_report(accepted):
    project, _agency, agency_user = accepted
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        ag.project_submit(actor=agency_user, project=project)
    assert _codes(exc) == ["agency.signed_report"]
    png = SimpleUploadedFile("签章.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        ag.signed_report_upload(actor=agency_user, project=project, upload=png)
    assert _reasons(exc) == [("upload.extension", "")]
    with clock.frozen(APRIL):
        ag.signed_report_upload(actor=agency_user, project=project, upload=signed_pdf())
        with pytest.raises(RuleViolation) as exc:
            ag.project_submit(actor=agency_user, project=project)
    assert _codes(exc) == ["report.incomplete"]
    project.refresh_from_db()
    assert project.state == ProjectState.ACCEPTED and project.signed_report_sha256


def test_only_a_pdf_is_accepted_as_the_signed_report(accepted):
    from io import BytesIO

    from PIL import Image

    project, _agency, agency_user = accepted
    buf = BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, "PNG")
    png = SimpleUploadedFile("签章.png", buf.getvalue(), content_type="image/png")
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        ag.signed_report_upload(actor=agency_user, project=project, upload=png)
    assert _codes(exc) == ["upload.type"]


def test_design_products_cannot_be_commissioned_in_luoyang_003_11():
    agency, _u = make_agency("洛评机构", district="410305")
    unit, user = make_unit("410305")
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        ag.project_propose(
            actor=user, unit=unit, agency=agency, list_type="design_product", level="municipal"
        )
    assert _reasons(exc) == [("evaluation.routes", "003 第十一条（绿色设计产品…开展自评价）")]


# --- applications ------------------------------------------------------------------------------


def _candidate_with_project(enterprise, enterprise_user, tianhe_official, city_official, accepted):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    project, agency, agency_user = accepted
    project = _fill_and_submit(project, agency_user)
    campaign(city_official)
    with clock.frozen(APRIL):
        app = sel.application_create(
            actor=enterprise_user, unit=enterprise, list_type="factory", report=project.report
        )
    return project, app


def test_an_unconfirmed_third_party_report_cannot_carry_an_application(
    enterprise, enterprise_user, tianhe_official, city_official, accepted
):
    project, app = _candidate_with_project(
        enterprise, enterprise_user, tianhe_official, city_official, accepted
    )
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        sel.application_submit(actor=enterprise_user, application=app)
    assert _codes(exc) == ["agency.project_not_confirmed"]
    assert _cites(exc) == ["004 第十条"]
    with clock.frozen(APRIL):
        ag.project_confirm(actor=enterprise_user, project=project)
        app = sel.application_submit(actor=enterprise_user, application=app)
    assert app.state == ApplicationState.SUBMITTED


def test_only_the_unit_confirms(accepted, enterprise, enterprise_user, other_enterprise_user):
    project, _agency, agency_user = accepted
    project = _fill_and_submit(project, agency_user)
    for actor in (agency_user, other_enterprise_user):
        with clock.frozen(APRIL), pytest.raises(NotPermitted):
            ag.project_confirm(actor=actor, project=project)


#: the predicate of each project action, and whose it is
PROJECT_RULES = {
    "agencies.accept_project": "agency",
    "agencies.decline_project": "agency",
    "agencies.upload_signed_report": "agency",
    "agencies.submit_project": "agency",
    "agencies.withdraw_project": "unit",
    "agencies.confirm_project": "unit",
}
PROJECT_BUTTONS = ("accept", "decline", "submit", "confirm", "withdraw")


def test_each_project_action_has_one_predicate_for_the_service_and_the_page(
    accepted, enterprise_user, other_enterprise_user, city_official
):
    """agencies.rules: who may act on a project; the page offers an action when the
    predicate holds and the state allows it (accepted: the agency works on the report,
    the unit may withdraw)."""
    project, _agency, agency_user = accepted
    users = {
        "agency": agency_user,
        "other agency": make_agency("另一家评价机构有限公司", rep="李四")[1],
        "unit": enterprise_user,
        "other unit": other_enterprise_user,
        "city": city_official,
    }
    for who, user in users.items():
        allowed = {rule: may(user, rule, project) for rule in PROJECT_RULES}
        assert allowed == {rule: owner == who for rule, owner in PROJECT_RULES.items()}, who
    offered = {
        who: [b for b in PROJECT_BUTTONS if f'data-testid="project-{b}"' in _page(user, project)]
        for who, user in users.items()
        if who in ("agency", "unit", "city")
    }
    assert offered == {"agency": ["submit"], "unit": ["withdraw"], "city": []}


def _page(user, project) -> str:
    client = Client()
    client.force_login(user)
    with clock.frozen(APRIL):
        return client.get(reverse("agency_project_detail", args=[project.uuid])).content.decode()


def test_a_distrusted_agencys_report_is_refused_at_application_004_19(
    enterprise, enterprise_user, tianhe_official, city_official, accepted
):
    project, app = _candidate_with_project(
        enterprise, enterprise_user, tianhe_official, city_official, accepted
    )
    with clock.frozen(APRIL):
        ag.project_confirm(actor=enterprise_user, project=project)
        ag.fraud_finding_record(
            actor=city_official,
            agency=project.agency,
            decided_on=APRIL,
            description="该机构在评价过程中伪造现场核查记录，隐瞒企业能耗数据问题。",
            project=project,
        )
        with pytest.raises(RuleViolation) as exc:
            sel.application_submit(actor=enterprise_user, application=app)
    assert _codes(exc) == ["agency.distrusted"]
    assert _cites(exc) == ["004 第十九条"]
    text = exc.value.reasons[0].message_in("zh-hans")
    assert "不予采信" in text and "2029-04-08" in text


def test_a_distrusted_agencys_report_is_refused_at_recommendation(
    enterprise, enterprise_user, tianhe_official, city_official, accepted
):
    project, app = _candidate_with_project(
        enterprise, enterprise_user, tianhe_official, city_official, accepted
    )
    with clock.frozen(APRIL):
        ag.project_confirm(actor=enterprise_user, project=project)
        app = sel.application_submit(actor=enterprise_user, application=app)
        ag.fraud_finding_record(
            actor=city_official,
            agency=project.agency,
            decided_on=APRIL,
            description="该机构在评价过程中伪造现场核查记录，隐瞒企业能耗数据问题。",
        )
        with pytest.raises(RuleViolation) as exc:
            sel.application_review(
                actor=tianhe_official, application=app, decision="approve", reason="同意"
            )
    assert _reasons(exc) == [("agency.distrusted", "004 第十九条")]
    assert Application.objects.get(pk=app.pk).state == ApplicationState.SUBMITTED


def test_the_distrust_ends_on_the_right_day_004_19(city_official):
    agency, _u = make_agency("广州某评价机构")
    unit, _uu = make_unit()
    commission((agency, _u), level="municipal")  # it worked in Guangzhou
    with clock.frozen(D(2026, 6, 1)):
        finding = ag.fraud_finding_record(
            actor=city_official,
            agency=agency,
            decided_on=D(2026, 6, 1),
            description="评价报告与企业实际情况严重不符，故意隐瞒评价对象问题。",
        )
    assert finding.distrusted_until == D(2029, 6, 1)
    assert finding.article == "004 第十九条" and finding.distrust_years == 3
    assert [r.citation for r in distrust_reasons(agency, unit, D(2029, 6, 1))] == ["004 第十九条"]
    assert distrust_reasons(agency, unit, D(2029, 6, 2)) == []
    assert distrust_reasons(agency, unit, D(2026, 5, 31)) == []


@pytest.mark.parametrize(
    "district,on,article",
    [
        ("440304", D(2026, 6, 1), "000 第二十四条"),  # Shenzhen: Guangdong's rule
        ("350203", D(2026, 6, 1), "002 第二十一条"),
        ("410305", D(2026, 6, 1), "003 第二十条"),
        ("440106", D(2026, 6, 1), "004 第十九条"),
        ("350102", D(2023, 9, 1), "001 二(四)"),  # Fuzhou in 2023: the national notice
    ],
    ids=["guangdong-000-24", "xiamen-002-21", "luoyang-003-20", "guangzhou-004-19", "2023-001"],
)
def test_distrust_cites_the_article_of_the_units_jurisdiction(district, on, article):
    agency, _u = make_agency("某评价机构")
    unit, _uu = make_unit(district)
    AgencyFraudFinding.objects.create(
        agency=agency,
        decided_on=on,
        description="x" * 12,
        article="—",
        distrust_years=3,
        distrusted_until=on.replace(year=on.year + 3),
        decided_by=unit.registered_division,
        recorded_by=_u,
    )
    (reason,) = distrust_reasons(agency, unit, on)
    assert reason.citation.startswith(article)


def test_a_distrusted_agency_cannot_take_on_new_projects(
    city_official, enterprise, enterprise_user
):
    agency = make_agency("广州某评价机构")
    commission(agency, level="municipal")
    with clock.frozen(APRIL):
        ag.fraud_finding_record(
            actor=city_official,
            agency=agency[0],
            decided_on=APRIL,
            description="评价报告与企业实际情况严重不符，故意隐瞒评价对象问题。",
        )
        with pytest.raises(RuleViolation) as exc:
            ag.project_propose(
                actor=enterprise_user,
                unit=enterprise,
                agency=agency[0],
                list_type="factory",
                level="municipal",
            )
    assert _codes(exc) == ["agency.distrusted"]


def test_findings_are_recorded_by_officials_where_the_agency_worked(tianhe_official):
    agency = make_agency("洛阳某评价机构", district="410305")
    commission(agency, district="410305", level="municipal")
    gz_city = official("city", "440100")
    ly_city = official("city", "410300")
    kw = {
        "agency": agency[0],
        "decided_on": APRIL,
        "description": "故意隐瞒评价对象问题，情节严重。",
    }
    with clock.frozen(APRIL):
        for actor in (tianhe_official, gz_city, agency[1]):  # a district, elsewhere, the agency
            with pytest.raises(NotPermitted):
                ag.fraud_finding_record(actor=actor, **kw)
        finding = ag.fraud_finding_record(actor=ly_city, **kw)
    assert finding.article == "003 第二十条" and finding.decided_by.code == "410300"


# --- the complaint outcome "agency sanction" ---------------------------------------------------


def test_a_confirmed_complaint_against_an_agency_records_the_finding_000_25():
    from django.contrib.auth.models import AnonymousUser

    from greenmfg.supervision.complaints import services as complaints

    agency = make_agency("被举报的评价机构")
    commission(agency, level="municipal")
    data = {
        "complainant_name": "举报人甲",
        "complainant_id_number": "11010519491231002X",
        "complainant_phone": "13800138000",
        "complainant_email": "",
        "statement": "该机构出具的评价报告与企业实际情况严重不符，附现场照片。",
    }
    with clock.frozen(APRIL):
        complaint = complaints.complaint_submit(
            actor=AnonymousUser(), target=agency[0], data=data, evidence=signed_pdf("照片.pdf")
        )
    city = official("city", complaint.handler.code)
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        complaints.complaint_handle(
            actor=city, complaint=complaint, outcome="dismissed", reason="不属实", agency_fraud=True
        )
    assert _reasons(exc) == [("complaint.agency_fraud", "")]
    with clock.frozen(APRIL):
        complaints.complaint_handle(
            actor=city,
            complaint=complaint,
            outcome="agency_sanction",
            reason="经核实，该机构伪造现场核查记录，属弄虚作假。",
            agency_fraud=True,
        )
    finding = AgencyFraudFinding.objects.get(agency=agency[0])
    assert finding.complaint_id == complaint.id
    assert finding.decided_on == APRIL and finding.distrusted_until == D(2029, 4, 8)
    assert finding.article == "004 第十九条"


# --- annual work report (001 三) ----------------------------------------------------------------


def test_annual_work_report_overdue_after_08_15_in_2023_001_3():
    on_time = make_agency("按时填报机构")
    late = make_agency("逾期填报机构")
    silent = make_agency("未填报机构")
    data = {
        "projects_done": 3,
        "staff": 12,
        "quality_self_assessment": "严格执行内部技术复核制度。",
    }
    with clock.frozen(D(2023, 8, 10)):
        r = ag.work_report_submit(actor=on_time[1], year=2023, data=data)
    assert r.due_on == D(2023, 8, 15) and not r.late and "001 三" in r.due_ref
    with clock.frozen(D(2023, 8, 20)):
        r = ag.work_report_submit(actor=late[1], year=2023, data=data)
        assert r.late
        with pytest.raises(RuleViolation) as exc:
            ag.work_report_submit(actor=late[1], year=2023, data=data)
        assert _reasons(exc) == [("agency.work_report_duplicate", "")]
    from greenmfg.parties.models import Organisation

    agencies = Organisation.objects.filter(kind=OrganisationKind.AGENCY)
    overdue = ag.overdue_work_reports(agencies, 2023, D(2023, 8, 16))
    assert [(o.agency, o.due_on) for o in overdue] == [(silent[0], D(2023, 8, 15))]
    assert "001 三" in overdue[0].ref
    assert ag.overdue_work_reports(agencies, 2023, D(2023, 8, 15)) == []
    # no rule sets a deadline for 2026
    assert ag.overdue_work_reports(agencies, 2026, D(2026, 12, 1)) == []
    assert ag.work_report_due(silent[0], 2026, D(2026, 12, 1)) == (None, "")


# --- quality figures ---------------------------------------------------------------------------


def _third_party_report(agency, unit, state=ReportState.SUBMITTED):
    return EvaluationReport.objects.create(
        unit=unit,
        list_type="factory",
        standard_code="gbt36132_2025",
        route="third_party",
        agency=agency,
        year=2026,
        state=state,
    )


def _application(unit, report, state):
    from greenmfg.selection.models import Campaign

    camp = Campaign.objects.get_or_create(
        jurisdiction=unit.registered_division.ancestor_at("city"),
        level="municipal",
        year=2026,
        defaults={"title": "t", "opened_on": APRIL},
    )[0]
    return Application.objects.create(
        unit=unit,
        campaign=camp,
        list_type="factory",
        level="municipal",
        year=2026,
        report=report,
        state=state,
    )


def test_quality_figures_returned_failed_and_false(city_official):
    agency, agency_user = make_agency("质量统计机构")
    clean = make_agency("无问题机构")[0]
    units = [make_unit()[0] for _ in range(4)]
    r_returned, r_failed, r_false, _r_ok = (_third_party_report(agency, u) for u in units)
    _third_party_report(agency, make_unit()[0], state=ReportState.DRAFT)  # not counted
    app = _application(units[0], r_returned, ApplicationState.SUBMITTED)  # returned, resubmitted
    with clock.frozen(APRIL):
        record_event(actor=None, action="application.district_preliminary_review.return", obj=app)
    _application(units[1], r_failed, ApplicationState.NOT_APPROVED)
    project = AgencyProject.objects.create(
        unit=units[2],
        agency=agency,
        list_type="factory",
        level="municipal",
        year=2026,
        state=ProjectState.CONFIRMED,
        report=r_false,
        proposed_on=APRIL,
    )
    with clock.frozen(APRIL):
        ag.fraud_finding_record(
            actor=city_official,
            agency=agency,
            decided_on=APRIL,
            project=project,
            description="评价报告与企业实际情况严重不符，故意隐瞒评价对象问题。",
        )
    q = quality_for([agency.id, clean.id])
    assert (q[agency.id].reports, q[agency.id].returned, q[agency.id].failed) == (4, 1, 1)
    assert q[agency.id].found_false == 1 and q[agency.id].findings == 1
    assert [
        str(q[agency.id].returned_share),
        str(q[agency.id].failed_share),
        str(q[agency.id].false_share),
    ] == ["25.0", "25.0", "25.0"]
    assert q[clean.id].reports == 0 and q[clean.id].returned_share is None
