"""Helpers of the dynamic-management tests: listed units on published lists (created
directly, without walking the selection cycle), their users, officials, filed forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from greenmfg.core import clock
from greenmfg.duties import services as duties
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import GreenList, Listing
from greenmfg.supervision.dynamic import services as dynamic
from tests.cast import official_of
from tests.factories import OrganisationFactory, UserFactory, official, unit_user

#: district of a unit -> (city, province) codes
PLACES = {
    "440106": ("440100", "440000"),  # 广州 天河 (004)
    "440104": ("440100", "440000"),  # 广州 越秀
    "440304": ("440300", "440000"),  # 深圳 福田 (000 governs)
    "350203": ("350200", "350000"),  # 厦门 思明 (002)
    "410305": ("410300", "410000"),  # 洛阳 涧西 (003)
    "410311": ("410300", "410000"),  # 洛阳 洛龙
}
LEVEL_CODE = {"municipal": 0, "provincial": 1}


def green_list(code: str, level: str, year: int) -> GreenList:
    jur = Jurisdiction.objects.get(code=code)
    gl, _ = GreenList.objects.get_or_create(
        jurisdiction=jur,
        level=level,
        year=year,
        source_key="",
        campaign=None,
        defaults={
            "title": f"{year}年度{jur.name}{level}绿色制造名单",
            "published_on": dt.date(year, 6, 1),
        },
    )
    return gl


def list_unit(unit, level: str, *, year: int = 2024, list_type: str = "factory") -> Listing:
    """Put ``unit`` on the ``level`` list of ``year`` of the jurisdiction that publishes it."""
    city, province = PLACES[unit.registered_division.code]
    code = {"municipal": city, "provincial": province, "national": "000000"}[level]
    gl = green_list(code, level, year)
    return Listing.objects.create(
        green_list=gl,
        unit=unit,
        unit_name=unit.name,
        uscc=unit.uscc or "",
        list_type=list_type,
        level=level,
        year=year,
        region=unit.registered_division,
        listed_on=dt.date(year, 6, 1),
    )


def listed_unit(
    district: str = "440106",
    *levels: str,
    year: int = 2024,
    list_type: str = "factory",
    name: str | None = None,
    industry: str | None = None,
    email: str = "",
):
    """A unit of ``district`` listed at ``levels`` (default municipal) and a user of it."""
    kw = {"district": district}
    if name:
        kw["name"] = name
    unit = OrganisationFactory(**kw)
    if industry:
        from greenmfg.jurisdictions.models import IndustryCode

        unit.industry = IndustryCode.objects.get(code=industry)
        unit.save(update_fields=["industry"])
    for level in levels or ("municipal",):
        list_unit(unit, level, year=year, list_type=list_type)
    user = unit_user(unit, email=email)
    return unit, user


def city_official(district: str, **kw):
    """The cast's official of the city of ``district`` (a new one when ``kw`` asks for it)."""
    if kw:
        return official("city", PLACES[district][0], **kw)
    return official_of("city", PLACES[district][0])


def district_official(district: str, **kw):
    """The cast's official of ``district`` (a new one when ``kw`` asks for it)."""
    if kw:
        return official("district", district, **kw)
    return official_of("district", district)


def province_official(district: str, **kw):
    """The cast's official of the province of ``district`` (a new one when ``kw`` asks)."""
    if kw:
        return official("province", PLACES[district][1], **kw)
    return official_of("province", PLACES[district][1])


def expert(**kw):
    return UserFactory(role="expert", **kw)


VALUES = {
    "output_value": Decimal("50000"),
    "energy_total": Decimal("8000"),
    "energy_intensity": Decimal("0.16"),
    "renewable_share": Decimal("12.5"),
    "water_withdrawal": Decimal("100000"),
    "water_intensity": Decimal("2"),
    "water_reuse_rate": Decimal("91"),
    "solid_waste_generated": Decimal("1200"),
    "solid_waste_utilised": Decimal("1100"),
    "solid_waste_utilisation_rate": Decimal("91.7"),
    "pollutant_emissions": Decimal("12"),
    "pollutant_permit_limit": Decimal("20"),
    "co2_total": Decimal("20000"),
    "co2_intensity": Decimal("0.4"),
    "retrofit_projects": 2,
    "retrofit_investment": Decimal("800"),
}


def values(**overrides) -> dict:
    out = dict(VALUES)
    out.update(overrides)
    return out


def officer(user, unit, *, trained_on=dt.date(2026, 1, 20)):
    """The unit's filing officer; with ``trained_on``, the unit's city held a
    filing-officer course that day and recorded the officer's attendance (004 第十三条)."""
    with clock.frozen(trained_on or dt.date(2026, 1, 20)):
        result = dynamic.filing_officer_set(
            actor=user, unit=unit, name="王专员", email="officer@example.com", trained_on=trained_on
        )
        if trained_on:
            city = unit.registered_division.ancestor_at("city")
            if city is not None:
                attend(official_of("city", city.code), unit, "王专员", trained_on)
    return result


def attend(city_official, unit, person_name: str, held_on: dt.date):
    """``person_name`` of ``unit`` attended a filing-officer course of the city on
    ``held_on``, recorded by the city (004 第十三条)."""
    with clock.frozen(held_on):
        course = duties.course_create(
            actor=city_official,
            title="动态管理填报专员培训",
            held_on=held_on,
            for_filing_officers=True,
        )
        return duties.attendance_record(
            actor=city_official, course=course, unit=unit, person_name=person_name
        )


def filed_form(
    user, unit, *, on: dt.date, data_year: int | None = None, list_type="factory", **overrides
):
    """A dynamic form created, filled and submitted on ``on``."""
    with clock.frozen(on):
        form = dynamic.form_create(
            actor=user, unit=unit, list_type=list_type, data_year=data_year or on.year - 1
        )
        dynamic.form_update(actor=user, form=form, data=values(**overrides))
        return dynamic.form_submit(actor=user, form=form)
