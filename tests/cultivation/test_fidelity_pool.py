"""Fidelity, round two (issue 15, items 1 and 10): who designates Guangdong's
培育对象 (000 第七条) and the 清洁生产企业 validity of a Guangzhou candidate (004
第七条(一)2)."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.audit.models import AuditEvent
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted
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
        with pytest.raises(NotPermitted):
            pool.registration_review(actor=city, registration=reg, decision="approve", reason="")
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
