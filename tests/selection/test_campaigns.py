"""Campaigns (年度批次): list types and deadlines from the rules, or set by the year's
notice where the rules say so (001 三: the 2023 round by 09-05); what is overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.recommendation import services as rec
from greenmfg.register.models import GreenList, Listing
from greenmfg.selection import services
from tests.cycle import (
    candidate,
    consult_without_objection,
    submitted_application,
    submitted_report,
)
from tests.factories import OrganisationFactory, official

D = dt.date
pytestmark = pytest.mark.django_db


def _codes(exc):
    return [r.code for r in exc.value.reasons]


def test_2025_national_round_takes_factories_and_parks_only_390():
    miit = official("national", "000000")
    with clock.frozen(D(2025, 10, 1)):
        campaign = services.campaign_open(actor=miit)
    assert campaign.list_types == ["factory", "park"]


def test_national_deadline_is_set_by_the_years_notice_001_3():
    miit = official("national", "000000")
    with clock.frozen(D(2023, 7, 21)):
        campaign = services.campaign_open(
            actor=miit, deadline=D(2023, 9, 5), deadline_document="工信厅节函〔2023〕202号"
        )
    assert services.campaign_deadline(campaign, services.campaign_rules(campaign)) == (
        D(2023, 9, 5),
        "工信厅节函〔2023〕202号",
    )


def test_a_city_may_not_override_its_rules_deadline_004_10(city_official):
    with clock.frozen(D(2026, 4, 1)), pytest.raises(RuleViolation) as exc:
        services.campaign_open(actor=city_official, deadline=D(2026, 5, 15), deadline_document="x")
    assert _codes(exc) == ["campaign.deadline"]


def test_a_campaign_may_take_fewer_list_types_than_the_rules_run(
    city_official, enterprise_user, enterprise, tianhe_official
):
    with clock.frozen(D(2026, 4, 1)):
        campaign = services.campaign_open(actor=city_official, list_types=["park"])
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = submitted_report(enterprise_user, enterprise)
    with clock.frozen(D(2026, 4, 8)):
        app = services.application_create(
            actor=enterprise_user,
            unit=enterprise,
            list_type="factory",
            report=rep,
            campaign=campaign,
        )
        with pytest.raises(RuleViolation) as exc:
            services.application_submit(actor=enterprise_user, application=app)
    assert "list_types" in _codes(exc)


def test_campaign_page_shows_what_is_overdue_004_10(
    client, city_official, enterprise_user, enterprise, tianhe_official
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = submitted_report(enterprise_user, enterprise)
    app = submitted_application(enterprise_user, enterprise, city_official, rep)
    client.force_login(city_official)
    with clock.frozen(D(2026, 5, 2)):
        page = client.get(reverse("campaign_detail", args=[app.campaign.uuid])).content.decode()
    assert (
        "逾期未推荐" in page
        and enterprise.name in page
        and "《广州市绿色工厂梯度培育及管理暂行办法》第十条" in page
    )
    with clock.frozen(D(2026, 4, 20)):
        page = client.get(reverse("campaign_detail", args=[app.campaign.uuid])).content.decode()
    assert "逾期未推荐" not in page


def test_national_recommendation_after_the_notices_deadline_is_refused_001_3():
    miit = official("national", "000000")
    gd = official("province", "440000")
    with clock.frozen(D(2023, 7, 21)):
        campaign = services.campaign_open(
            actor=miit, deadline=D(2023, 9, 5), deadline_document="工信厅节函〔2023〕202号"
        )
    org = OrganisationFactory(
        name="国家截止测试园区管委会", kind="park", district="440106", park_level="national"
    )
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440000"),
        level="provincial",
        year=2022,
        title="2022年度广东省绿色制造名单",
    )
    listing = Listing.objects.create(
        green_list=gl,
        unit=org,
        unit_name=org.name,
        list_type="park",
        level="provincial",
        year=2022,
        grade="A",
    )
    consult_without_objection(gd, campaign, [listing], on=D(2023, 8, 1))
    with clock.frozen(D(2023, 9, 6)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=gd, listing=listing)
    # and no agency report: the 2023 round took third-party reports only (001 一; issue 15, item 9)
    assert _codes(exc) == ["selection.recommendation_deadline", "evaluation.routes"]
    assert exc.value.reasons[0].citation == "工信厅节函〔2023〕202号"
