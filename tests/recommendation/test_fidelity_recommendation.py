"""Fidelity, round two (issue 15, items 8, 9 and 11): what a recommendation upward
checks besides the listing — the round's evaluation route (001 一、二(四)), a failed
unit's direct re-application only where a ruleset allows it (004 第十一条), and the
fraud ban (000 第二十二条)."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from greenmfg.eligibility.models import FraudFinding
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.recommendation import services as rec
from greenmfg.register.models import GreenList, Listing
from greenmfg.selection import services
from greenmfg.selection.models import Application
from tests.cycle import consult_without_objection, submitted_report
from tests.factories import OrganisationFactory, official, unit_user

D = dt.date
pytestmark = pytest.mark.django_db


def _listing(org, code, *, level="municipal", list_type="factory", grade="", year=2025):
    j = Jurisdiction.objects.get(code=code)
    gl, _ = GreenList.objects.get_or_create(
        jurisdiction=j, level=level, year=year, defaults={"title": f"{year}年度{j.name}名单"}
    )
    return Listing.objects.create(
        green_list=gl,
        unit=org,
        unit_name=org.name,
        list_type=list_type,
        level=level,
        year=year,
        region=org.registered_division,
        grade=grade,
    )


def _reasons(exc):
    return [(r.code, r.citation) for r in exc.value.reasons]


def _national_round(on: dt.date, province: str = "440000"):
    miit = official("national", "000000")
    with clock.frozen(on):
        national = services.campaign_open(actor=miit)
        rec.quota_set(
            actor=miit,
            campaign=national,
            jurisdiction=Jurisdiction.objects.get(code=province),
            list_type="factory",
            quota=5,
            basis="按规模以上工业企业数量测算",
        )
    return national


# --- item 9: the 2023 national round took third-party reports only --------------------


def test_2023_national_round_refuses_a_unit_without_an_agency_report_001_1():
    gd = official("province", "440000")
    national = _national_round(D(2023, 7, 25))
    org = OrganisationFactory(name="二〇二三国家推荐测试企业", district="440106")
    listing = _listing(org, "440000", level="provincial", grade="A", year=2023)
    consult_without_objection(gd, national, [listing], on=D(2023, 7, 26))
    with clock.frozen(D(2023, 8, 10)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=gd, listing=listing, campaign=national)
    assert ("evaluation.routes", "001 一、总体要求") in _reasons(exc)


def test_2024_round_accepts_self_evaluation_13hao_10():
    gd = official("province", "440000")
    national = _national_round(D(2024, 7, 1))
    org = OrganisationFactory(name="二〇二四国家推荐测试企业", district="440106")
    submitted_report(unit_user(org), org, on=D(2024, 6, 1))
    listing = _listing(org, "440000", level="provincial", grade="A", year=2024)
    consult_without_objection(gd, national, [listing], on=D(2024, 7, 2))
    with clock.frozen(D(2024, 7, 20)):
        app = rec.application_recommend(actor=gd, listing=listing, campaign=national)
    assert app.state == "submitted"


# --- item 11: direct re-application only where a ruleset says so -----------------------


def test_direct_reapplication_only_where_the_ruleset_allows_it_004_11():
    """Shenzhen (440300) follows Guangdong's 000, which does not let a unit that failed
    the provincial review be recommended again on its old municipal listing; only
    Guangzhou's 004 第十一条 does (with a new report)."""
    with clock.frozen(D(2026, 5, 6)):
        campaign = services.campaign_open(actor=official("province", "440000"))
    sz_city = official("city", "440300")
    org = OrganisationFactory(name="深圳重报测试制造有限公司", district="440304")
    listing = _listing(org, "440300")
    Application.objects.create(
        unit=org,
        campaign=campaign,
        list_type="factory",
        level="provincial",
        year=2025,
        state="not_approved",
        reviewed_on=D(2025, 8, 1),
    )
    consult_without_objection(sz_city, campaign, [listing], on=D(2026, 5, 7))
    submitted_report(unit_user(org), org, on=D(2026, 5, 10))
    with clock.frozen(D(2026, 5, 20)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=sz_city, listing=listing)
    assert [r.code for r in exc.value.reasons] == ["selection.direct_reapplication"]
    assert "重新列入" in str(exc.value.reasons[0].message)
    # a municipal listing after the failure is a new start (000 第十二条)
    relisted = _listing(org, "440300", year=2026)
    with clock.frozen(D(2026, 5, 20)):
        app = rec.application_recommend(actor=sz_city, listing=relisted)
    assert app.state == "submitted"


# --- item 8: the fraud ban at recommendation --------------------------------------------


def test_recommendation_refused_for_a_unit_found_falsifying_000_22():
    with clock.frozen(D(2026, 5, 6)):
        campaign = services.campaign_open(actor=official("province", "440000"))
    gz_city = official("city", "440100")
    org = OrganisationFactory(name="广州推荐造假测试有限公司", district="440106")
    listing = _listing(org, "440100")
    consult_without_objection(gz_city, campaign, [listing], on=D(2026, 5, 7))
    FraudFinding.objects.create(
        unit=org,
        decided_on=D(2026, 5, 8),
        article="000 第二十二条",
        description="评价报告数据造假",
        decided_by=Jurisdiction.objects.get(code="440100"),
    )
    with clock.frozen(D(2026, 5, 20)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=gz_city, listing=listing)
    assert _reasons(exc) == [("fraud.applicant_ban", "000 第二十二条")]
