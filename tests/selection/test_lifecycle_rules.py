"""The lifecycle's state groups, predicates and transitions (issue 12, LAYOUT.md E1, E3,
E4): one definition of each group of states, read by the database constraints; the page
offers an action exactly to whom the service accepts; a report chosen for an application
and a listing's star move by compare-and-set with one audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from greenmfg.audit.models import AuditEvent
from greenmfg.audit.services import verify_chain
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.permissions import may
from greenmfg.register.models import GreenList, Listing
from greenmfg.register.services import listing_star_raise
from greenmfg.selection import publication, services
from greenmfg.selection.models import Application, ApplicationState
from tests.cycle import (
    APRIL,
    approved_application,
    campaign,
    candidate,
    submitted_application,
    submitted_report,
)
from tests.factories import department_user

D = dt.date
A = ApplicationState
pytestmark = pytest.mark.django_db

OBJECTOR = {
    "objector_name": "王五",
    "objector_id_number": "11010519491231002X",
    "objector_phone": "13800138000",
    "objector_email": "",
    "statement": "该企业2025年发生环境污染事故，被处罚，附处罚决定书。",
}


def _reasons(exc) -> list[tuple[str, str]]:
    return [(r.code, r.citation) for r in exc.value.reasons]


def _condition_states(model, name: str) -> list[str]:
    """The states listed in the condition of the model's unique constraint ``name``."""
    constraint = next(c for c in model._meta.constraints if c.name == name)
    ((lookup, states),) = constraint.condition.children
    assert lookup == "state__in"
    return list(states)


# --- state groups (E3) --------------------------------------------------------------------


def test_an_active_application_is_every_state_but_not_approved_and_withdrawn():
    # and cancelled for fraud (000 第二十二条; issue 15, item 8)
    assert set(A.active_states()) == set(A.values) - {A.NOT_APPROVED, A.WITHDRAWN, A.CANCELLED}
    assert _condition_states(
        Application, "one_active_application_per_unit_list_type_level_year"
    ) == list(A.active_states())


def test_the_quota_counts_active_applications_out_of_the_units_hands():
    assert A.quota_states() == (A.SUBMITTED, A.RECOMMENDED, A.APPROVED, A.IN_NOTICE, A.LISTED)
    assert A.unit_todo_states() == A.editable_states() == (A.DRAFT, A.RETURNED)


def test_an_open_registration_is_editable_or_under_review():
    S = RegistrationState
    assert set(S.open_states()) == set(S.editable_states()) | set(S.review_states())
    assert _condition_states(Registration, "one_open_registration_per_unit_and_list_type") == list(
        S.open_states()
    )


# --- the report of an application: an audited change (E1) -------------------------------------


def test_choosing_another_report_is_audited_with_both_reports(
    enterprise_user, enterprise, city_official
):
    first = submitted_report(enterprise_user, enterprise)
    second = submitted_report(enterprise_user, enterprise)
    campaign(city_official)
    with clock.frozen(APRIL):
        app = services.application_create(
            actor=enterprise_user, unit=enterprise, list_type="factory", report=first
        )
        version = app.version
        app = services.application_set_report(actor=enterprise_user, application=app, report=second)
    app.refresh_from_db()
    assert (app.report_id, app.state, app.version) == (second.id, A.DRAFT, version + 1)
    event = AuditEvent.objects.get(object_uuid=str(app.uuid), action="application.set_report")
    assert (event.from_state, event.to_state) == ("draft", "draft")
    assert event.payload == {"from_report": str(first.uuid), "to_report": str(second.uuid)}
    assert verify_chain().ok


def test_the_report_of_a_submitted_application_is_locked(
    enterprise_user, enterprise, tianhe_official, city_official
):
    first = submitted_report(enterprise_user, enterprise)
    second = submitted_report(enterprise_user, enterprise)
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    app = submitted_application(enterprise_user, enterprise, city_official, first)
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        services.application_set_report(actor=enterprise_user, application=app, report=second)
    assert _reasons(exc) == [("application.locked", "")]
    assert not AuditEvent.objects.filter(action="application.set_report").exists()


def test_only_the_unit_chooses_its_report(
    enterprise_user, enterprise, other_enterprise_user, city_official
):
    report = submitted_report(enterprise_user, enterprise)
    campaign(city_official)
    with clock.frozen(APRIL):
        app = services.application_create(
            actor=enterprise_user, unit=enterprise, list_type="factory"
        )
        with pytest.raises(NotPermitted):
            services.application_set_report(
                actor=other_enterprise_user, application=app, report=report
            )
    assert Application.objects.get(pk=app.pk).report_id is None


# --- a listing's star only rises (004 第三条) --------------------------------------------------


def _listing(star):
    gz = Jurisdiction.objects.get(code="440100")
    green_list = GreenList.objects.create(
        jurisdiction=gz, level="municipal", year=2025, title="2025年度广州市绿色制造名单"
    )
    return Listing.objects.create(
        green_list=green_list,
        unit_name="广州星级测试有限公司",
        list_type="factory",
        level="municipal",
        year=2025,
        star=star,
        region=Jurisdiction.objects.get(code="440106"),
    )


def test_a_star_rises_by_one_audited_transition(city_official):
    listing = _listing(1)
    raised = listing_star_raise(
        actor=city_official,
        listing=listing,
        star=2,
        citations=["004 第三条、第十一条"],
        payload={"level": "provincial"},
    )
    assert (raised.star, raised.version) == (2, listing.version + 1)
    event = AuditEvent.objects.get(action="listing.star_raise", object_uuid=str(listing.uuid))
    assert (event.from_state, event.to_state, event.citations, event.payload) == (
        "1",
        "2",
        ["004 第三条、第十一条"],
        {"level": "provincial"},
    )
    assert verify_chain().ok


@pytest.mark.parametrize("before,after", [(2, 1), (2, 2), (3, 3)])
def test_a_star_never_falls_or_stays(city_official, before, after):
    listing = _listing(before)
    with pytest.raises(TransitionConflict):
        listing_star_raise(
            actor=city_official, listing=listing, star=after, citations=[], payload={}
        )
    listing.refresh_from_db()
    assert (listing.star, listing.version) == (before, 1)
    assert not AuditEvent.objects.filter(action="listing.star_raise").exists()


# --- one predicate per action (E4): the page offers what the service accepts ------------------


def test_review_predicate_follows_the_pending_step(
    enterprise_user, enterprise, tianhe_official, yuexiu_official, city_official
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    report = submitted_report(enterprise_user, enterprise)
    app = submitted_application(enterprise_user, enterprise, city_official, report)
    # the page's predicate (the review form) follows the pending step; the service's
    # (who reviews) holds for every step's official, the state is the service's (409)
    rule = "selection.review_application_now"
    assert may(city_official, "selection.review_application", app)
    assert may(tianhe_official, rule, app)
    assert not may(yuexiu_official, rule, app)  # another district
    assert not may(city_official, rule, app)  # not the city's step yet
    with clock.frozen(APRIL):
        app = services.application_review(
            actor=tianhe_official, application=app, decision="approve", reason="同意推荐"
        )
    assert may(city_official, rule, app) and not may(tianhe_official, rule, app)


def test_the_notice_is_offered_to_the_city_not_to_a_department_of_its_authority(
    client, enterprise_user, enterprise, tianhe_official, city_official
):
    app = approved_application(enterprise_user, enterprise, tianhe_official, city_official)
    department = department_user("440100", "生态环境")
    url = reverse("campaign_detail", args=[app.campaign.uuid])
    assert may(city_official, "selection.open_notice", app.campaign)
    assert not may(department, "selection.open_notice", app.campaign)
    with clock.frozen(D(2026, 5, 6)):
        client.force_login(city_official)
        assert 'data-testid="notice-open"' in client.get(url).content.decode()
        client.force_login(department)
        page = client.get(url)
        assert page.status_code == 200
        assert 'data-testid="notice-open"' not in page.content.decode()
        with pytest.raises(NotPermitted):
            publication.notice_open(actor=department, campaign=app.campaign)


def test_objections_are_handled_and_seen_only_by_the_notices_city(
    enterprise_user, enterprise, tianhe_official, city_official, province_official, anonymous
):
    app = approved_application(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(D(2026, 5, 6)):
        notice = publication.notice_open(actor=city_official, campaign=app.campaign)
    app.refresh_from_db()
    with clock.frozen(D(2026, 5, 8)):
        obj = publication.objection_submit(
            actor=anonymous, notice=notice, application=app, data=OBJECTOR
        )
    for rule in ("selection.handle_objection", "selection.see_objector"):
        assert may(city_official, rule, obj)
        assert not may(province_official, rule, obj)
        assert not may(enterprise_user, rule, obj)
        assert not may(anonymous, rule, obj)
    assert publication.objector_identity(obj, city_official)["objector_name"] == "王五"
    assert publication.objector_identity(obj, province_official)["objector_name"] != "王五"


def test_the_unit_writes_its_self_evaluation_and_no_one_else(
    enterprise_user, enterprise, other_enterprise_user, city_official
):
    report = submitted_report(enterprise_user, enterprise)
    for rule in ("selection.edit_report", "selection.submit_report", "selection.revise_report"):
        assert may(enterprise_user, rule, report)
        assert not may(other_enterprise_user, rule, report)
        assert not may(city_official, rule, report)
    assert report.is_revisable and not report.is_draft
