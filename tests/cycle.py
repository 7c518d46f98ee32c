"""Helpers that carry a unit through the Guangzhou cycle (004) with the service
functions, so tests can start from any stage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from greenmfg.core import clock
from greenmfg.cultivation import services as pool
from greenmfg.selection import reports, services
from greenmfg.standards.samples import sample_values

YEAR = 2026
JANUARY = dt.date(YEAR, 1, 12)
APRIL = dt.date(YEAR, 4, 8)


def registration_data(**overrides) -> dict:
    """A complete, valid 梯度培育信息登记表 for a factory (004 第七条(一))."""
    data = {
        "unit_nature": "有限责任公司",
        "main_products": "精密五金件",
        "output_value": Decimal("52000.00"),
        "energy_consumption": Decimal("8600.00"),
        "is_manufacturer": True,
        "clean_production_certified": True,
        "clean_production_certificate_no": "穗工信函〔2025〕12号",
        "clean_production_valid_until": dt.date(YEAR + 2, 12, 31),
        "management_systems": ["quality", "environment", "energy"],
        "titles_held": "",
        "cultivation_plan": "三年内完成光伏与余热回收改造",
        "contact_name": "李四",
        "contact_phone": "020-88886666",
        "contact_email": "lisi@example.com",
        "commitment": True,
    }
    data.update(overrides)
    return data


def candidate(
    user,
    unit,
    district_official,
    city_official,
    *,
    on: dt.date = JANUARY,
    list_type: str = "factory",
):
    """A registration accepted into the pool (004 第九条)."""
    with clock.frozen(on):
        reg = pool.registration_create(
            actor=user, unit=unit, list_type=list_type, data=registration_data()
        )
        reg = pool.registration_submit(actor=user, registration=reg)
        reg = pool.registration_review(
            actor=district_official, registration=reg, decision="approve", reason="符合"
        )
        return pool.registration_review(
            actor=city_official, registration=reg, decision="approve", reason="符合"
        )


def full_values(code: str, *, scored_fraction: float = 0.9, fail: tuple[str, ...] = ()) -> dict:
    """Valid values for every indicator of system ``code`` (see
    :func:`greenmfg.standards.samples.sample_values`)."""
    return sample_values(code, scored_fraction=scored_fraction, fail=fail)


def submitted_report(
    user, unit, *, on: dt.date = APRIL, list_type: str = "factory", fraction: float = 0.9
):
    with clock.frozen(on):
        rep = reports.report_create(actor=user, unit=unit, list_type=list_type)
        rep = reports.report_save_items(
            actor=user, report=rep, values=full_values(rep.standard_code, scored_fraction=fraction)
        )
        return reports.report_submit(actor=user, report=rep)


def campaign(city_official, *, on: dt.date = APRIL):
    from greenmfg.selection.models import Campaign

    existing = Campaign.objects.filter(
        jurisdiction=city_official.authority.jurisdiction, year=on.year
    ).first()
    if existing:
        return existing
    with clock.frozen(on):
        return services.campaign_open(actor=city_official)


def submitted_application(user, unit, city_official, report, *, on: dt.date = APRIL):
    campaign(city_official, on=on)
    with clock.frozen(on):
        app = services.application_create(
            actor=user, unit=unit, list_type=report.list_type, report=report
        )
        return services.application_submit(actor=user, application=app)


def approved_application(
    user, unit, district_official, city_official, *, score: str = "86", on: dt.date = APRIL
):
    """A unit that is a candidate, applied, was recommended by its district and
    passed the city review (score ≥ 80 → 1 star, 004 第三条、第十条)."""
    candidate(user, unit, district_official, city_official)
    rep = submitted_report(user, unit, on=on)
    app = submitted_application(user, unit, city_official, rep, on=on)
    with clock.frozen(on):
        app = services.application_review(
            actor=district_official, application=app, decision="approve", reason="同意推荐"
        )
        return services.application_review(
            actor=city_official, application=app, decision="approve", score=score, reason="评审通过"
        )


def consult_without_objection(official, campaign, listings, *, on):
    """Consult every department the official's rules name and record “no objection”
    from each (004 第十一条; 000 第十三条)."""
    from greenmfg.recommendation import services as rec
    from tests.factories import department_user

    with clock.frozen(on):
        consultations = rec.consultation_open(actor=official, campaign=campaign, listings=listings)
        for cons in consultations:
            dept = department_user(official.authority.jurisdiction.code, cons.department)
            for opinion in cons.opinions.all():
                rec.opinion_record(actor=dept, opinion=opinion, kind="no_objection")
    return consultations
