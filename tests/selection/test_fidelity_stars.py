"""Fidelity, round two (issue 15, item 3): Guangzhou's star grading (004 第三条、第十一条)
is for green factories: a provincial listing raises only the unit's municipal factory
listing, and a Guangzhou enterprise on a provincial or national green-factory list is a
2★/3★ Guangzhou green factory even without a municipal listing (the star register)."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import GreenList, Listing
from greenmfg.selection.models import Application
from greenmfg.selection.publication import raise_municipal_stars
from tests.factories import OrganisationFactory, official

D = dt.date
pytestmark = pytest.mark.django_db


def _listing(org, code, *, level, list_type="factory", year=2025, star=None):
    j = Jurisdiction.objects.get(code=code)
    gl, _ = GreenList.objects.get_or_create(
        jurisdiction=j, level=level, year=year, defaults={"title": f"{year}年度{j.name}名单"}
    )
    return Listing.objects.create(
        green_list=gl,
        unit=org,
        unit_name=org.name,
        uscc=org.uscc,
        list_type=list_type,
        level=level,
        year=year,
        region=org.registered_division,
        star=star,
    )


def test_provincial_factory_listing_raises_only_the_factory_star_004_3():
    org = OrganisationFactory(name="广州星级测试制造有限公司", district="440106")
    factory = _listing(org, "440100", level="municipal", star=1)
    chain = _listing(org, "440100", level="municipal", list_type="supply_chain", star=1)
    app = Application(unit=org, list_type="factory", level="provincial", year=2026)
    raised = raise_municipal_stars(
        actor=official("province", "440000"),
        applications=[app],
        level="provincial",
        on=D(2026, 9, 1),
    )
    factory.refresh_from_db()
    chain.refresh_from_db()
    assert (raised, factory.star, chain.star) == (1, 2, 1)


def test_a_supply_chain_listing_upward_raises_no_star_004_3():
    org = OrganisationFactory(name="广州链主星级测试有限公司", district="440106")
    factory = _listing(org, "440100", level="municipal", star=1)
    chain = _listing(org, "440100", level="municipal", list_type="supply_chain", star=1)
    app = Application(unit=org, list_type="supply_chain", level="national", year=2026)
    raise_municipal_stars(
        actor=official("national", "000000"),
        applications=[app],
        level="national",
        on=D(2026, 12, 1),
    )
    factory.refresh_from_db()
    chain.refresh_from_db()
    assert (factory.star, chain.star) == (1, 1)


def test_guangzhou_factories_on_upper_lists_are_on_the_star_register_004_3_11():
    from greenmfg.register.stars import star_register

    municipal = OrganisationFactory(name="广州一星工厂有限公司", district="440106")
    provincial = OrganisationFactory(name="广州省级工厂有限公司", district="440106")
    national = OrganisationFactory(name="广州国家级工厂有限公司", district="440111")
    chain_only = OrganisationFactory(name="广州省级供应链有限公司", district="440106")
    shenzhen = OrganisationFactory(name="深圳省级工厂有限公司", district="440304")
    _listing(municipal, "440100", level="municipal", star=1)
    _listing(provincial, "440000", level="provincial")
    _listing(national, "000000", level="national")
    _listing(national, "440000", level="provincial")
    _listing(chain_only, "440000", level="provincial", list_type="supply_chain")
    _listing(shenzhen, "440000", level="provincial")
    rows = star_register(Jurisdiction.objects.get(code="440100"), D(2026, 5, 1))
    got = {r.unit_name: (r.star, r.basis_level) for r in rows}
    assert got == {
        "广州一星工厂有限公司": (1, "municipal"),
        "广州省级工厂有限公司": (2, "provincial"),
        "广州国家级工厂有限公司": (3, "national"),
    }
    assert {r.ref for r in rows} >= {"004 第三条", "004 第三条、第十一条"}


def test_star_register_page_lists_a_provincial_factory_without_municipal_listing_004_11(
    client, django_assert_max_num_queries
):
    org = OrganisationFactory(name="广州页面省级工厂有限公司", district="440106")
    _listing(org, "440000", level="provincial")
    with django_assert_max_num_queries(12):
        resp = client.get("/register/stars/?city=440100")
    assert resp.status_code == 200
    text = resp.content.decode()
    assert "广州页面省级工厂有限公司" in text and "2★" in text
