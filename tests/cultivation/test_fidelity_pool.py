"""Fidelity, round two (issue 15, items 1 and 10): who designates Guangdong's
培育对象 (000 第七条) and the 清洁生产企业 validity of a Guangzhou candidate (004
第七条(一)2)."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.audit.models import AuditEvent
from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from greenmfg.cultivation import services as pool
from tests.cycle import registration_data
from tests.factories import OrganisationFactory, official, unit_user

D = dt.date
pytestmark = pytest.mark.django_db


def test_guangdong_city_files_its_pool_and_the_province_designates_000_7():
    org = OrganisationFactory(name="深圳培育库测试电子有限公司", district="440304")
    user = unit_user(org)
    city, province = official("city", "440300"), official("province", "440000")
    with clock.frozen(D(2026, 3, 2)):
        reg = pool.registration_create(
            actor=user, unit=org, list_type="factory", data=registration_data()
        )
        reg = pool.registration_submit(actor=user, registration=reg)
        assert reg.pending_role == "city"
        reg = pool.registration_review(
            actor=city, registration=reg, decision="approve", reason="入市培育库，报省备案"
        )
        # the city's review builds its 培育库 and files it; it does not designate
        assert reg.state != "accepted" and reg.pending_role == "province"
        assert pool.pending_step(reg) == "province_designation"
        # the city has no review pending any more: a state refusal (409), not a role one
        with pytest.raises(RuleViolation) as exc:
            pool.registration_review(actor=city, registration=reg, decision="approve", reason="")
        assert [r.code for r in exc.value.reasons] == ["registration.no_pending_review"]
        reg = pool.registration_review(
            actor=province, registration=reg, decision="approve", reason="列为培育对象"
        )
    assert reg.state == "accepted"
    filed = AuditEvent.objects.filter(
        action="registration.city_filing.approve", object_uuid=str(reg.uuid)
    )
    cites = [c for e in filed for c in e.citations]
    assert any(c.startswith("000 第七条") for c in cites)


def test_guangzhou_candidates_are_designated_by_the_city_and_filed_with_the_province_000_7():
    """004 第九条 replaces the steps (the city lists its municipal candidates); the
    filing with the province of 000 第七条 still applies and is recorded."""
    from tests.cycle import candidate

    org = OrganisationFactory(name="广州备案测试制造有限公司", district="440106")
    reg = candidate(unit_user(org), org, official("district", "440106"), official("city", "440100"))
    assert reg.state == "accepted"
    filed = AuditEvent.objects.get(action="registration.file", object_uuid=str(reg.uuid))
    assert filed.citations == [
        "000 第七条（建立培育库，并报送省工业和信息化厅备案）"
    ] and filed.payload == {"filed_with": "province"}


# --- item 10: 清洁生产企业 validity is a condition of being a candidate ----------------


def _gz_candidate_lapsing(valid_until):
    from greenmfg.cultivation.models import Registration

    org = OrganisationFactory(name="广州清洁生产测试制造有限公司", district="440106")
    user = unit_user(org)
    district, city = official("district", "440106"), official("city", "440100")
    with clock.frozen(D(2026, 1, 12)):
        reg = pool.registration_create(
            actor=user,
            unit=org,
            list_type="factory",
            data=registration_data(clean_production_valid_until=valid_until),
        )
        reg = pool.registration_submit(actor=user, registration=reg)
        reg = pool.registration_review(
            actor=district, registration=reg, decision="approve", reason="符合"
        )
        reg = pool.registration_review(
            actor=city, registration=reg, decision="approve", reason="符合"
        )
    assert isinstance(reg, Registration) and reg.state == "accepted"
    return org, user, district, city, reg


def test_a_lapsed_clean_production_status_bars_applying_until_renewed_004_7_1_2():
    from greenmfg.selection import services
    from tests.cycle import campaign, submitted_report

    org, user, district, city, reg = _gz_candidate_lapsing(D(2026, 3, 31))
    report = submitted_report(user, org)
    campaign(city)
    with clock.frozen(D(2026, 4, 8)):
        app = services.application_create(actor=user, unit=org, list_type="factory", report=report)
        with pytest.raises(RuleViolation) as exc:
            services.application_submit(actor=user, application=app)
    assert ("entry.clean_production_certified", "004 第七条(一)2") in [
        (r.code, r.citation) for r in exc.value.reasons
    ]
    with clock.frozen(D(2026, 4, 9)):
        pool.clean_production_renew(
            actor=user,
            registration=reg,
            certificate_no="穗工信函〔2026〕8号",
            valid_until=D(2029, 3, 31),
        )
        app = services.application_submit(actor=user, application=app)
    assert app.state == "submitted"
    renewal = AuditEvent.objects.get(action="registration.renew", object_uuid=str(reg.uuid))
    assert renewal.citations == ["004 第七条(一)2"]


def test_a_lapse_is_flagged_to_the_unit_and_the_district_004_7_1_2():
    from greenmfg.cultivation.selectors import inbox_items

    org, user, district, city, reg = _gz_candidate_lapsing(D(2026, 3, 31))
    with clock.frozen(D(2026, 4, 1)):
        for who in (user, district):
            kinds = [(i.kind, i.uuid) for i in inbox_items(who)]
            assert ("clean_production_lapsed", str(reg.uuid)) in kinds, who.role
    with clock.frozen(D(2026, 3, 31)):  # the last valid day: nothing to flag
        assert not [i for i in inbox_items(user) if i.kind == "clean_production_lapsed"]


def test_the_candidate_renews_its_clean_production_status_on_its_page_004_7_1_2(client, settings):
    """The lapsed candidate sees the renewal form on its registration and renews there;
    the district sees no form and cannot post one (404)."""
    org, user, district, city, reg = _gz_candidate_lapsing(D(2026, 3, 31))
    settings.GREENMFG_TODAY = "2026-04-09"
    url = f"/pool/{reg.uuid}/"
    client.force_login(district)
    assert 'data-testid="renew-form"' not in client.get(url).content.decode()
    body = {"certificate_no": "穗工信函〔2026〕8号", "valid_until": "2029-03-31"}
    assert client.post(f"{url}renew/", body).status_code == 404
    client.force_login(user)
    assert 'data-testid="renew-form"' in client.get(url).content.decode()
    page = client.post(f"{url}renew/", body, follow=True).content.decode()
    assert "清洁生产企业认定已更新" in page and 'data-testid="renew-form"' not in page
    reg.refresh_from_db()
    assert reg.clean_production_valid_until == D(2029, 3, 31)
