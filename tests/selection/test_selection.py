"""Municipal selection under Guangzhou's rules: applications, reviews, the 7-day
notice with objections, and publication (004 第三条、第十条)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from greenmfg.audit.services import verify_chain
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.register.models import GreenList, Listing
from greenmfg.selection import publication, reports, services
from greenmfg.selection.models import Application, ApplicationState, ObjectionState
from tests.cycle import (
    APRIL,
    approved_application,
    campaign,
    candidate,
    full_values,
    submitted_application,
    submitted_report,
)

D = dt.date
pytestmark = pytest.mark.django_db
A = ApplicationState

OBJECTOR = {
    "objector_name": "王五",
    "objector_id_number": "11010519491231002X",
    "objector_phone": "13800138000",
    "objector_email": "wangwu@example.com",
    "statement": "该企业2025年发生环境污染事故，被处罚，附处罚决定书。",
}


def _reasons(exc) -> list[tuple[str, str]]:
    """(code, citation) of each reason of a refusal (LAYOUT.md E8)."""
    return [(r.code, r.citation) for r in exc.value.reasons]


# --- applications ---------------------------------------------------------------


def test_only_candidates_may_apply_004_10(enterprise_user, enterprise, city_official):
    rep = submitted_report(enterprise_user, enterprise)
    campaign(city_official)
    with clock.frozen(APRIL):
        app = services.application_create(
            actor=enterprise_user, unit=enterprise, list_type="factory", report=rep
        )
        with pytest.raises(RuleViolation) as exc:
            services.application_submit(actor=enterprise_user, application=app)
    assert _reasons(exc) == [
        (
            "pool.required_for_application",
            "004 第十条（“列为市级绿色制造名单培育对象的企业、工业园区”）",
        )
    ]


def test_applications_are_taken_in_april_004_10(
    enterprise_user, enterprise, tianhe_official, city_official
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = submitted_report(enterprise_user, enterprise)
    campaign(city_official)
    with clock.frozen(D(2026, 5, 6)):
        app = services.application_create(
            actor=enterprise_user, unit=enterprise, list_type="factory", report=rep
        )
        with pytest.raises(RuleViolation) as exc:
            services.application_submit(actor=enterprise_user, application=app)
    assert _reasons(exc) == [("selection.application_window", "004 第十条（“每年4月”）")]


def test_application_needs_a_campaign(enterprise_user, enterprise):
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        services.application_create(actor=enterprise_user, unit=enterprise, list_type="factory")
    assert _reasons(exc) == [("campaign.none", "")]


def test_report_with_failed_basic_requirement_cannot_carry_an_application(
    enterprise_user, enterprise, tianhe_official, city_official
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(APRIL):
        rep = reports.report_create(actor=enterprise_user, unit=enterprise, list_type="factory")
        reports.report_save_items(
            actor=enterprise_user,
            report=rep,
            values=full_values(rep.standard_code, fail=("B25-BR-2",)),
        )
        rep = reports.report_submit(actor=enterprise_user, report=rep)
    assert rep.eligible is False
    campaign(city_official)
    with clock.frozen(APRIL):
        app = services.application_create(
            actor=enterprise_user, unit=enterprise, list_type="factory", report=rep
        )
        with pytest.raises(RuleViolation) as exc:
            services.application_submit(actor=enterprise_user, application=app)
    assert _reasons(exc) == [("report.ineligible", "")]


def test_one_active_application_per_unit_list_type_level_and_year(
    enterprise_user, enterprise, tianhe_official, city_official
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    camp = campaign(city_official)
    with clock.frozen(APRIL):
        services.application_create(actor=enterprise_user, unit=enterprise, list_type="factory")
        with pytest.raises(RuleViolation) as exc:
            services.application_create(actor=enterprise_user, unit=enterprise, list_type="factory")
        assert _reasons(exc) == [("application.duplicate", "")]
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            unit=enterprise, campaign=camp, list_type="factory", level="municipal", year=2026
        )


def test_district_recommendation_refused_after_april_30_004_10(
    enterprise_user, enterprise, tianhe_official, city_official
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = submitted_report(enterprise_user, enterprise)
    app = submitted_application(enterprise_user, enterprise, city_official, rep)
    with clock.frozen(D(2026, 5, 1)), pytest.raises(RuleViolation) as exc:
        services.application_review(actor=tianhe_official, application=app, decision="approve")
    assert _reasons(exc) == [("selection.recommendation_deadline", "004 第十条")]
    with clock.frozen(D(2026, 4, 30)):
        app = services.application_review(
            actor=tianhe_official, application=app, decision="approve"
        )
    assert app.state == A.RECOMMENDED


def test_score_below_80_cannot_pass_004_3(
    enterprise_user, enterprise, tianhe_official, city_official
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = submitted_report(enterprise_user, enterprise)
    app = submitted_application(enterprise_user, enterprise, city_official, rep)
    with clock.frozen(APRIL):
        app = services.application_review(
            actor=tianhe_official, application=app, decision="approve"
        )
        with pytest.raises(RuleViolation) as exc:
            services.application_review(
                actor=city_official, application=app, decision="approve", score="79.5"
            )
        assert _reasons(exc) == [("scoring.pass_mark", "004 第三条")]
        app = services.application_review(
            actor=city_official,
            application=app,
            decision="reject",
            score="79.5",
            reason="综合评分未达80分",
        )
    assert app.state == A.NOT_APPROVED


def test_score_of_80_gives_one_star_004_3(
    enterprise_user, enterprise, tianhe_official, city_official
):
    app = approved_application(
        enterprise_user, enterprise, tianhe_official, city_official, score="80"
    )
    assert app.state == A.APPROVED
    assert app.score == Decimal("80")
    assert app.star == 1


def test_district_cannot_do_the_city_review(
    enterprise_user, enterprise, tianhe_official, city_official
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = submitted_report(enterprise_user, enterprise)
    app = submitted_application(enterprise_user, enterprise, city_official, rep)
    with clock.frozen(APRIL):
        app = services.application_review(
            actor=tianhe_official, application=app, decision="approve"
        )
        # the district already recommended: the step pending is the city's (a state
        # refusal, 409 with the state — issue 17, item 13)
        with pytest.raises(RuleViolation) as refused:
            services.application_review(
                actor=tianhe_official, application=app, decision="approve", score="90"
            )
    assert [r.code for r in refused.value.reasons] == ["application.no_pending_review"]


def test_disqualifying_record_found_at_recommendation_refuses_it_004_12(
    enterprise_user, enterprise, tianhe_official, city_official
):
    from greenmfg.eligibility.models import CreditRecord

    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = submitted_report(enterprise_user, enterprise)
    app = submitted_application(enterprise_user, enterprise, city_official, rep)
    CreditRecord.objects.create(
        uscc=enterprise.uscc,
        kind="safety_accident",
        occurred_on=D(2026, 4, 2),
        description="较大安全事故",
    )
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        services.application_review(actor=tianhe_official, application=app, decision="approve")
    assert _reasons(exc) == [("disqualification.2", "004 第十二条(二)")]


# --- reports --------------------------------------------------------------------


def test_submitted_report_is_locked_and_a_revision_is_a_new_version(enterprise_user, enterprise):
    rep = submitted_report(enterprise_user, enterprise)
    with clock.frozen(APRIL):
        with pytest.raises(RuleViolation) as exc:
            reports.report_save_items(actor=enterprise_user, report=rep, values={"C-04": 5})
        assert _reasons(exc) == [("report.locked", "")]
        new = reports.report_revise(actor=enterprise_user, report=rep)
    assert new.report_version == 2 and new.previous_id == rep.id
    assert reports.report_values(new) == reports.report_values(rep)


def test_score_out_of_range_is_refused_naming_the_indicator(enterprise_user, enterprise):
    with clock.frozen(APRIL):
        rep = reports.report_create(actor=enterprise_user, unit=enterprise, list_type="factory")
        with pytest.raises(RuleViolation) as exc:
            reports.report_save_items(actor=enterprise_user, report=rep, values={"C-04": 13})
    assert _reasons(exc) == [("report.value", "")]
    assert "C-04 能碳管理系统平台功能符合数量" in exc.value.reasons[0].message


def test_incomplete_report_cannot_be_submitted(enterprise_user, enterprise):
    with clock.frozen(APRIL):
        rep = reports.report_create(actor=enterprise_user, unit=enterprise, list_type="factory")
        reports.report_save_items(actor=enterprise_user, report=rep, values={"C-04": 6})
        with pytest.raises(RuleViolation) as exc:
            reports.report_submit(actor=enterprise_user, report=rep)
    assert _reasons(exc) == [("report.incomplete", "")]


def test_evidence_is_checked_by_content_not_name(enterprise_user, enterprise):
    with clock.frozen(APRIL):
        rep = reports.report_create(actor=enterprise_user, unit=enterprise, list_type="factory")
        fake = SimpleUploadedFile(
            "report.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf"
        )
        with pytest.raises(RuleViolation) as exc:
            reports.evidence_upload(
                actor=enterprise_user, report=rep, indicator_code="C-04", upload=fake
            )
        assert _reasons(exc) == [("upload.type", "")]
        pdf = SimpleUploadedFile(
            "证明.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", content_type="application/pdf"
        )
        ev = reports.evidence_upload(
            actor=enterprise_user, report=rep, indicator_code="C-04", upload=pdf
        )
    assert ev.original_name == "证明.pdf"
    assert ev.content_type == "application/pdf"
    assert "证明" not in ev.file.name and ev.file.name.endswith(".pdf")
    assert rep.evidence.count() == 1


# --- notice, objections, publication ----------------------------------------------


NOTICE_START = D(2026, 5, 6)


def _in_notice(enterprise_user, enterprise, tianhe_official, city_official, start=NOTICE_START):
    app = approved_application(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(start):
        notice = publication.notice_open(actor=city_official, campaign=app.campaign)
    app.refresh_from_db()
    return app, notice


def test_guangzhou_notice_lasts_7_days_004_10(
    enterprise_user, enterprise, tianhe_official, city_official
):
    app, notice = _in_notice(enterprise_user, enterprise, tianhe_official, city_official)
    assert (notice.first_day, notice.last_day) == (D(2026, 5, 6), D(2026, 5, 12))
    assert notice.citation == "004 第十条"
    assert app.state == A.IN_NOTICE and app.notice_id == notice.id


def test_notice_ending_on_a_holiday_runs_to_the_next_working_day(
    enterprise_user, enterprise, tianhe_official, city_official
):
    """7 days from 2026-09-28 end on 10-04, inside National Day (10-01..07): the notice
    runs to 10-08 (《民法典》第二百零三条, national default inherited)."""
    _app, notice = _in_notice(
        enterprise_user, enterprise, tianhe_official, city_official, start=D(2026, 9, 28)
    )
    assert notice.last_day == D(2026, 10, 8)


def test_objection_only_during_the_notice(
    enterprise_user, enterprise, tianhe_official, city_official, anonymous
):
    app, notice = _in_notice(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(D(2026, 5, 13)), pytest.raises(RuleViolation) as exc:
        publication.objection_submit(actor=anonymous, notice=notice, application=app, data=OBJECTOR)
    assert _reasons(exc) == [("objection.period", "004 第十条")]


def test_objection_must_be_real_name(
    enterprise_user, enterprise, tianhe_official, city_official, anonymous
):
    app, notice = _in_notice(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(D(2026, 5, 8)), pytest.raises(RuleViolation) as exc:
        publication.objection_submit(
            actor=anonymous,
            notice=notice,
            application=app,
            data={**OBJECTOR, "objector_id_number": "110105194912310021"},
        )
    assert _reasons(exc) == [("objection.id_number", "")]


def test_publication_refused_during_the_notice_004_10(
    enterprise_user, enterprise, tianhe_official, city_official
):
    app, _notice = _in_notice(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(D(2026, 5, 12)), pytest.raises(RuleViolation) as exc:
        publication.list_publish(actor=city_official, campaign=app.campaign)
    assert _reasons(exc) == [("publish.notice_running", "004 第十条")]


def test_publication_refused_with_an_open_objection_004_10(
    enterprise_user, enterprise, tianhe_official, city_official, anonymous
):
    app, notice = _in_notice(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(D(2026, 5, 8)):
        publication.objection_submit(actor=anonymous, notice=notice, application=app, data=OBJECTOR)
    with clock.frozen(D(2026, 5, 13)), pytest.raises(RuleViolation) as exc:
        publication.list_publish(actor=city_official, campaign=app.campaign)
    assert _reasons(exc) == [("publish.open_objections", "004 第十条")]


def test_upheld_objection_takes_the_unit_out_of_this_round(
    enterprise_user, enterprise, tianhe_official, city_official, anonymous
):
    app, notice = _in_notice(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(D(2026, 5, 8)):
        obj = publication.objection_submit(
            actor=anonymous, notice=notice, application=app, data=OBJECTOR
        )
        publication.objection_handle(
            actor=city_official,
            objection=obj,
            outcome=ObjectionState.UPHELD,
            reason="经核实，2025年确有环境污染事故",
        )
    app.refresh_from_db()
    assert app.state == A.WITHDRAWN
    with clock.frozen(D(2026, 5, 13)), pytest.raises(RuleViolation) as exc:
        publication.list_publish(actor=city_official, campaign=app.campaign)
    assert _reasons(exc) == [("publish.empty", "004 第十条")]


def test_only_the_notices_city_may_handle_its_objections(
    enterprise_user, enterprise, tianhe_official, city_official, province_official, anonymous
):
    app, notice = _in_notice(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(D(2026, 5, 8)):
        obj = publication.objection_submit(
            actor=anonymous, notice=notice, application=app, data=OBJECTOR
        )
        with pytest.raises(NotPermitted):
            publication.objection_handle(
                actor=province_official, objection=obj, outcome="dismissed", reason="x"
            )


def test_published_after_the_notice_as_1_star_municipal_green_factory_004_10(
    enterprise_user, enterprise, tianhe_official, city_official, anonymous
):
    app, notice = _in_notice(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(D(2026, 5, 8)):
        obj = publication.objection_submit(
            actor=anonymous, notice=notice, application=app, data=OBJECTOR
        )
        publication.objection_handle(
            actor=city_official,
            objection=obj,
            outcome=ObjectionState.DISMISSED,
            reason="处罚发生在2022年，不在近三年内",
        )
    with clock.frozen(D(2026, 5, 13)):
        green_list = publication.list_publish(actor=city_official, campaign=app.campaign)
    assert green_list.title == "2026年度广州市绿色制造名单"
    listing = Listing.objects.get(green_list=green_list)
    assert (listing.unit_id, listing.level, listing.list_type, listing.star, listing.year) == (
        enterprise.id,
        "municipal",
        "factory",
        1,
        2026,
    )
    app.refresh_from_db()
    assert app.state == A.LISTED and app.listed_on == D(2026, 5, 13)
    assert GreenList.objects.filter(campaign=app.campaign).count() == 1
    assert verify_chain().ok


def test_a_second_publication_is_refused(
    enterprise_user, enterprise, tianhe_official, city_official
):
    app, _notice = _in_notice(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(D(2026, 5, 13)):
        publication.list_publish(actor=city_official, campaign=app.campaign)
        with pytest.raises(RuleViolation) as exc:
            publication.list_publish(actor=city_official, campaign=app.campaign)
    assert _reasons(exc) == [("publish.already", "")]
