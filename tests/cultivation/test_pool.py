"""The cultivation pool (培育库) under Guangzhou's rules, 004 第七条、第九条、第十二条."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.audit.models import AuditEvent
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict
from greenmfg.cultivation import services as pool
from greenmfg.cultivation.models import RegistrationState
from greenmfg.jurisdictions.models import Jurisdiction
from tests.cycle import JANUARY, candidate, registration_data

D = dt.date
pytestmark = pytest.mark.django_db


def _draft(user, unit, **overrides):
    with clock.frozen(JANUARY):
        return pool.registration_create(
            actor=user, unit=unit, list_type="factory", data=registration_data(**overrides)
        )


def _reasons(exc) -> list[tuple[str, str]]:
    """(code, citation) of each reason of a refusal (LAYOUT.md E8)."""
    return [(r.code, r.citation) for r in exc.value.reasons]


def test_registration_goes_to_guangzhou_pool(enterprise_user, enterprise):
    reg = _draft(enterprise_user, enterprise)
    assert reg.jurisdiction.code == "440100"
    assert reg.state == RegistrationState.DRAFT


def test_registration_only_in_january_004_9(enterprise_user, enterprise):
    reg = _draft(enterprise_user, enterprise)
    with clock.frozen(D(2026, 3, 2)), pytest.raises(RuleViolation) as exc:
        pool.registration_submit(actor=enterprise_user, registration=reg)
    assert _reasons(exc) == [("pool.registration_window", "004 第九条（“每年1月”）")]


def test_district_then_city_review_makes_candidate_for_3_years_004_9(
    enterprise_user, enterprise, tianhe_official, city_official
):
    reg = candidate(enterprise_user, enterprise, tianhe_official, city_official)
    assert reg.state == RegistrationState.ACCEPTED
    assert reg.valid_from == JANUARY
    assert reg.valid_until == D(2029, 1, 11)
    assert reg.is_candidate_on(D(2029, 1, 11))
    assert not reg.is_candidate_on(D(2029, 1, 12))


def test_city_cannot_skip_the_district_preliminary_review_004_9(
    enterprise_user, enterprise, city_official
):
    reg = _draft(enterprise_user, enterprise)
    with clock.frozen(JANUARY):
        reg = pool.registration_submit(actor=enterprise_user, registration=reg)
        # the city reviews in this pool, but not yet: the step pending is the district's
        # (a state refusal, 409 with the state — issue 17, item 13 — not a 403)
        with pytest.raises(RuleViolation) as refused:
            pool.registration_review(actor=city_official, registration=reg, decision="approve")
    assert [r.code for r in refused.value.reasons] == ["registration.no_pending_review"]


def test_yuexiu_official_cannot_review_a_tianhe_registration(
    enterprise_user, enterprise, yuexiu_official
):
    reg = _draft(enterprise_user, enterprise)
    with clock.frozen(JANUARY):
        reg = pool.registration_submit(actor=enterprise_user, registration=reg)
        with pytest.raises(NotPermitted):
            pool.registration_review(actor=yuexiu_official, registration=reg, decision="approve")


def test_returned_registration_can_be_corrected_and_resubmitted(
    enterprise_user, enterprise, tianhe_official
):
    reg = _draft(enterprise_user, enterprise)
    with clock.frozen(JANUARY):
        reg = pool.registration_submit(actor=enterprise_user, registration=reg)
        with pytest.raises(RuleViolation) as exc:
            pool.registration_review(
                actor=tianhe_official, registration=reg, decision="return", reason=" "
            )
        assert _reasons(exc) == [("review.reason_required", "")]
        reg = pool.registration_review(
            actor=tianhe_official, registration=reg, decision="return", reason="请补充主要产品"
        )
        assert reg.state == RegistrationState.RETURNED
        reg = pool.registration_update(
            actor=enterprise_user, registration=reg, data={"main_products": "精密五金件、紧固件"}
        )
        reg = pool.registration_submit(actor=enterprise_user, registration=reg)
    assert reg.state == RegistrationState.SUBMITTED


def test_production_site_outside_guangzhou_refused_004_7_1(enterprise_user, enterprise):
    enterprise.production_division = Jurisdiction.objects.get(code="440604")  # 佛山市禅城区
    enterprise.save()
    reg = _draft(enterprise_user, enterprise)
    with clock.frozen(JANUARY), pytest.raises(RuleViolation) as exc:
        pool.registration_submit(actor=enterprise_user, registration=reg)
    assert _reasons(exc) == [("entry.location", "004 第七条(一)1")]


def test_expired_clean_production_status_refused_004_7_1_2(enterprise_user, enterprise):
    reg = _draft(enterprise_user, enterprise, clean_production_valid_until=D(2025, 12, 31))
    with clock.frozen(JANUARY), pytest.raises(RuleViolation) as exc:
        pool.registration_submit(actor=enterprise_user, registration=reg)
    assert _reasons(exc) == [("entry.clean_production_certified", "004 第七条(一)2")]


def test_non_manufacturer_refused_004_7_1(enterprise_user, enterprise):
    reg = _draft(enterprise_user, enterprise, is_manufacturer=False)
    with clock.frozen(JANUARY), pytest.raises(RuleViolation) as exc:
        pool.registration_submit(actor=enterprise_user, registration=reg)
    assert _reasons(exc) == [("entry.manufacturing_enterprise", "004 第七条(一)1")]


def test_commitment_is_required(enterprise_user, enterprise):
    reg = _draft(enterprise_user, enterprise, commitment=False)
    with clock.frozen(JANUARY), pytest.raises(RuleViolation) as exc:
        pool.registration_submit(actor=enterprise_user, registration=reg)
    assert _reasons(exc) == [("commitment", "")]


def test_second_open_registration_for_same_list_type_refused(enterprise_user, enterprise):
    _draft(enterprise_user, enterprise)
    with pytest.raises(RuleViolation) as exc:
        _draft(enterprise_user, enterprise)
    assert _reasons(exc) == [("registration.duplicate", "")]


def test_only_the_units_own_users_may_register_it(other_enterprise_user, enterprise):
    with clock.frozen(JANUARY), pytest.raises(NotPermitted):
        pool.registration_create(
            actor=other_enterprise_user,
            unit=enterprise,
            list_type="factory",
            data=registration_data(),
        )


def test_park_may_not_register_as_factory(db):
    from greenmfg.parties.models import OrganisationKind
    from tests.factories import OrganisationFactory, unit_user

    park = OrganisationFactory(kind=OrganisationKind.PARK, name="广州测试产业园管理委员会")
    user = unit_user(park)
    with clock.frozen(JANUARY), pytest.raises(RuleViolation) as exc:
        pool.registration_create(
            actor=user, unit=park, list_type="factory", data=registration_data()
        )
    assert _reasons(exc) == [("list_types", "004 第二条")]


def test_park_below_half_industrial_value_added_refused_004_7_2(db):
    from greenmfg.parties.models import OrganisationKind
    from tests.factories import OrganisationFactory, unit_user
    from tests.networks.support import published_plan

    park = OrganisationFactory(kind=OrganisationKind.PARK, name="广州测试产业园管理委员会")
    user = unit_user(park)
    published_plan(park, "park")  # 004 第七条(二)2: the plan is a record (greenmfg.networks)
    data = registration_data(
        park_industrial_value_added_share="50.00",
        park_has_legal_boundary=True,
        park_has_management_body=True,
    )
    with clock.frozen(JANUARY):
        reg = pool.registration_create(actor=user, unit=park, list_type="park", data=data)
        with pytest.raises(RuleViolation) as exc:
            pool.registration_submit(actor=user, registration=reg)
    assert _reasons(exc) == [("entry.park.industrial_value_added_share_min", "004 第七条(二)1")]


def test_double_submission_acts_once(enterprise_user, enterprise):
    reg = _draft(enterprise_user, enterprise)
    with clock.frozen(JANUARY):
        pool.registration_submit(actor=enterprise_user, registration=reg)
        with pytest.raises(TransitionConflict):
            pool.registration_submit(actor=enterprise_user, registration=reg)
    assert (
        AuditEvent.objects.filter(object_uuid=str(reg.uuid), action="registration.submit").count()
        == 1
    )


def test_every_transition_writes_an_audit_event_with_its_article(
    enterprise_user, enterprise, tianhe_official, city_official
):
    reg = candidate(enterprise_user, enterprise, tianhe_official, city_official)
    events = list(AuditEvent.objects.filter(object_uuid=str(reg.uuid)).order_by("seq"))
    assert [e.action for e in events] == [
        "registration.create",
        "registration.submit",
        "registration.district_preliminary_review.approve",
        "registration.city_conformity_review.approve",
        "registration.file",  # filed with the province (000 第七条; issue 15, item 5)
    ]
    assert [e.to_state for e in events[1:-1]] == ["submitted", "preliminary_approved", "accepted"]
    assert "004 第九条" in events[-2].citations
    assert events[-2].actor_label.startswith("测试用户") or events[-2].actor_role == "city"
