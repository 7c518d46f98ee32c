"""Agencies from history (issue 13 item 5; greenmfg/agencies/history.py): spellings of
historical agency names grouped into proposals, confirmed by a national or provincial
official as one agency record (the listings then refer to it) or left as text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.agencies import history
from greenmfg.agencies.models import AgencyNameState, HistoricalAgencyName
from greenmfg.audit.models import AuditEvent
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict
from greenmfg.parties.models import OrganisationKind
from greenmfg.register.models import Listing
from tests.factories import jurisdiction
from tests.register.test_links import national_listing

pytestmark = pytest.mark.django_db


def listing_by(agency_name: str, **kw) -> Listing:
    listing = national_listing(f"某企业{Listing.objects.count()}有限公司", **kw)
    listing.agency_name = agency_name
    listing.save()
    return listing


def test_spellings_of_one_agency_become_one_proposal_with_the_agency_of_that_name(cast):
    a = listing_by("广州绿评检测技术有限责任公司")
    b = listing_by("广州绿评检测技术（有限公司）")
    listing_by("另一家评价中心")
    report = history.agency_names_propose()
    assert (report.names, report.groups, report.created, report.with_agency) == (3, 2, 2, 0)
    assert cast.agency  # the agency joins the platform: the next run proposes it
    report = history.agency_names_propose()
    assert (report.created, report.updated, report.with_agency) == (0, 2, 1)
    group = HistoricalAgencyName.objects.get(agency=cast.agency)
    assert sorted(group.spellings) == sorted([a.agency_name, b.agency_name])
    assert group.listing_count == 2
    assert AuditEvent.objects.filter(action="agency_history.propose").count() == 2


def test_provincial_official_confirms_and_the_listings_refer_to_the_agency(cast):
    a = listing_by("广州绿评检测技术有限责任公司")
    b = listing_by("广州绿评检测技术有限公司")
    assert cast.agency
    history.agency_names_propose()
    group = HistoricalAgencyName.objects.get(agency=cast.agency)
    with pytest.raises(NotPermitted):
        history.agency_name_confirm(actor=cast.guangzhou, group=group)
    with pytest.raises(RuleViolation) as refused:
        history.agency_name_confirm(actor=cast.fujian, group=group)
    assert [r.code for r in refused.value.reasons] == ["agency_history.out_of_area"]
    history.agency_name_confirm(actor=cast.guangdong, group=group)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.agency == b.agency == cast.agency
    assert set(history.past_listings(cast.agency, since=dt.date(2021, 1, 1))) == {a, b}
    assert not history.past_listings(cast.agency, since=dt.date(2022, 1, 1)).exists()
    event = AuditEvent.objects.get(action="agency_history.confirm")
    assert (event.from_state, event.to_state, event.payload["listings"]) == (
        "proposed",
        "confirmed",
        2,
    )
    with pytest.raises(TransitionConflict):
        history.agency_name_confirm(actor=cast.national, group=group)


def test_national_official_creates_the_agency_record_of_an_unknown_name(cast):
    listing = listing_by("宁夏清洁发展机制环保服务中心（有限责任公司）")
    history.agency_names_propose()
    group = HistoricalAgencyName.objects.get()
    with pytest.raises(RuleViolation) as refused:
        history.agency_name_confirm(actor=cast.national, group=group)
    assert [r.code for r in refused.value.reasons] == ["agency_history.no_agency"]
    history.agency_name_confirm(actor=cast.national, group=group, division=jurisdiction("640104"))
    listing.refresh_from_db()
    assert listing.agency.kind == OrganisationKind.AGENCY
    assert listing.agency.name == "宁夏清洁发展机制环保服务中心（有限责任公司）"


def test_rejected_names_stay_text_and_are_listed_for_review(cast):
    listing = listing_by("某某所")
    history.agency_names_propose()
    group = HistoricalAgencyName.objects.get()
    with pytest.raises(RuleViolation):
        history.agency_name_reject(actor=cast.guangdong, group=group, reason="")
    history.agency_name_reject(actor=cast.guangdong, group=group, reason="名称不全，无法认定")
    listing.refresh_from_db()
    assert listing.agency is None and listing.agency_name == "某某所"
    client = Client()
    client.force_login(cast.guangdong)
    page = client.get(reverse("agency_history"), {"state": AgencyNameState.REJECTED})
    assert [g.pk for g in page.context["page"]] == [group.pk]
    assert "名称不全，无法认定" in page.content.decode()


def test_history_page_is_for_national_and_provincial_officials_with_a_query_budget(
    cast, django_assert_max_num_queries
):
    for i in range(30):
        listing_by(f"评价机构{i}号")
    history.agency_names_propose()
    for user in (cast.guangzhou, cast.enterprise_user):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("agency_history")).status_code == 404
    client = Client()
    client.force_login(cast.national)
    client.get(reverse("agency_history"))
    with django_assert_max_num_queries(10):
        page = client.get(reverse("agency_history"))
    assert len(page.context["page"]) == 30
    group = HistoricalAgencyName.objects.first()
    client.post(
        reverse("agency_history_decide", args=[group.uuid]),
        {"decision": "confirm", "division": "110101"},
    )
    group.refresh_from_db()
    assert group.state == AgencyNameState.CONFIRMED


def test_agency_page_shows_its_past_listings_once_confirmed(cast):
    listing_by("广州绿评检测技术有限责任公司", year=2019)
    cast.agency.refresh_from_db()
    history.agency_names_propose()
    history.agency_name_confirm(
        actor=cast.guangdong, group=HistoricalAgencyName.objects.get(agency=cast.agency)
    )
    page = Client().get(reverse("agency_detail", args=[cast.agency.uuid]))
    assert page.context["past"] == [
        {
            "year": 2019,
            "level": "national",
            "list_type": "factory",
            "n": 1,
            "level_label": "国家级",
            "list_type_label": "绿色工厂",
        }
    ]
    assert 'data-testid="agency-past"' in page.content.decode()
