"""Every state change of supervision is a transition (issue 12, LAYOUT.md E1): listings
leave their lists through the register (one event per listing), matters reported upward
move one by one, a published spot-check result is not overwritten (a correction is its
own audited transition with a reason), a change of name goes through the register's and
the parties' services; who may act is one predicate per action (E4), shown on the pages
exactly when the service would accept; the timelines show labels, not codes (E5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.audit.models import AuditEvent
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict
from greenmfg.parties.permissions import may
from greenmfg.register.models import ListingStatus
from greenmfg.register.services import listing_remove
from greenmfg.supervision.changes import services as changes
from greenmfg.supervision.dynamic import services as dynamic
from greenmfg.supervision.models import SpotResult, UpwardReport, UpwardState
from greenmfg.supervision.removals import services as removals
from greenmfg.supervision.spot_checks import services as spot_checks
from tests.oversight import (
    city_official,
    district_official,
    expert,
    filed_form,
    listed_unit,
    officer,
    province_official,
)

pytestmark = pytest.mark.django_db


def events(action: str, obj=None) -> list[AuditEvent]:
    qs = AuditEvent.objects.filter(action=action)
    if obj is not None:
        qs = qs.filter(object_uuid=str(obj.uuid))
    return list(qs.order_by("seq"))


# --- listings leave their lists through the register ----------------------------------------


def test_an_annual_removal_moves_each_listing_with_its_own_event_000_21():
    unit, _ = listed_unit("440304", "municipal")
    second = unit.listings.get().green_list
    from tests.oversight import list_unit

    other = list_unit(unit, "municipal", year=2025)
    assert other.green_list != second
    city = city_official("440304")
    with clock.frozen("2026-04-20"):
        p = removals.removal_propose(
            actor=city, unit=unit, cause="falsified_data", reason="能耗数据造假"
        )
        removals.proposal_decide(actor=city, proposal=p, decision="confirm")
        removals.annual_adjustment_publish(actor=city)
    listings = list(unit.listings.order_by("pk"))
    assert [li.status for li in listings] == [ListingStatus.REMOVED] * 2
    assert all(li.removed_on == dt.date(2026, 4, 20) for li in listings)
    for li in listings:
        [event] = events("listing.remove", li)
        assert (event.from_state, event.to_state) == ("active", "removed")
        assert event.citations == [p.citation]


def test_a_removed_listing_cannot_be_removed_again():
    unit, _ = listed_unit("440304")
    li = unit.listings.get()
    city = city_official("440304")
    with clock.frozen("2026-04-20"):
        listing_remove(actor=city, listing=li, on=clock.today(), reason="移出")
        with pytest.raises(TransitionConflict):
            listing_remove(actor=city, listing=li, on=clock.today(), reason="移出")
    assert len(events("listing.remove", li)) == 1


def test_a_name_change_renames_through_the_register_and_parties_with_their_events_000_23():
    unit, user = listed_unit("440304", "municipal")
    city = city_official("440304")
    with clock.frozen("2026-03-01"):
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="name",
            new_value="深圳碧水蓝天环保科技有限公司",
            formalities_completed_on=dt.date(2026, 2, 20),
        )
        changes.change_review(actor=city, change=change, decision="accept", opinion="同意")
    li = unit.listings.get()
    assert li.unit_name == "深圳碧水蓝天环保科技有限公司"
    # the search words follow the new name, as Listing.save() keeps them
    assert "碧水" in li.search_text.split() or "碧水蓝天" in li.search_text
    assert li.changed_on == dt.date(2026, 3, 1)
    [renamed] = events("listing.rename", li)
    assert renamed.payload["to"] == "深圳碧水蓝天环保科技有限公司"
    unit.refresh_from_db()
    assert unit.name == "深圳碧水蓝天环保科技有限公司"
    [org] = events("organisation.rename", unit)
    assert org.payload["from"] != org.payload["to"]


def test_a_change_without_an_opinion_is_refused_by_the_review_helper():
    unit, user = listed_unit("440304")
    city = city_official("440304")
    with clock.frozen("2026-03-01"):
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="scope",
            new_value="新增涂装工序",
            formalities_completed_on=dt.date(2026, 2, 20),
        )
        with pytest.raises(RuleViolation) as exc:
            changes.change_review(actor=city, change=change, decision="accept", opinion=" ")
    assert [(r.code, r.citation) for r in exc.value.reasons] == [("review.reason_required", "")]


# --- matters reported upward move one by one ----------------------------------------------


def test_upward_reports_move_one_by_one_with_one_event_each_004_15():
    city = city_official("440304")
    province = province_official("440304")
    units = [listed_unit("440304", "municipal", "provincial") for _ in range(2)]
    with clock.frozen("2026-03-01"):
        for unit, user in units:
            change = changes.change_report(
                actor=user,
                unit=unit,
                kind="address",
                new_value="深圳市福田区新址",
                formalities_completed_on=dt.date(2026, 2, 20),
            )
            changes.change_review(actor=city, change=change, decision="accept", opinion="同意")
    reports = list(UpwardReport.objects.order_by("pk"))
    assert [r.state for r in reports] == [UpwardState.QUEUED] * 2
    with clock.frozen("2026-05-20"):
        assert removals.upward_reports_submit(actor=city) == 2
        removals.annual_adjustment_publish(actor=province)
    for r in reports:
        assert [(e.from_state, e.to_state) for e in events("upward.submit", r)] == [
            ("queued", "submitted")
        ]
        assert [(e.from_state, e.to_state) for e in events("upward.announce", r)] == [
            ("submitted", "announced")
        ]


def test_only_an_official_submits_upward_reports():
    _unit, user = listed_unit("440304")
    with clock.frozen("2026-05-20"), pytest.raises(NotPermitted):
        removals.upward_reports_submit(actor=user)


# --- a published spot-check result is not overwritten ---------------------------------------


def _drawn_item():
    listed_unit("350203")
    city = city_official("350203")
    person = expert(username="insp_guard")
    with clock.frozen("2026-06-01"):
        spot_checks.inspector_add(actor=city, user=person)
        draw = spot_checks.spot_check_draw(
            actor=city,
            authority=city.authority.jurisdiction,
            year=2026,
            count=1,
            seed=11,
            inspectors_per_unit=1,
        )
    return city, draw.items.get()


def test_a_recorded_result_is_not_overwritten_000_20():
    city, item = _drawn_item()
    with clock.frozen("2026-06-20"):
        spot_checks.spot_check_result(
            actor=city, item=item, result=SpotResult.CONFORMING, finding="符合要求"
        )
        with pytest.raises(RuleViolation) as exc:
            spot_checks.spot_check_result(
                actor=city, item=item, result=SpotResult.NONCONFORMING, finding="改判"
            )
    assert [(r.code, r.citation) for r in exc.value.reasons] == [
        ("spot_check.recorded", item.draw.citation)
    ]
    item.refresh_from_db()
    assert (item.result, item.finding) == (SpotResult.CONFORMING, "符合要求")


def test_a_correction_is_its_own_transition_with_a_reason():
    city, item = _drawn_item()
    with clock.frozen("2026-06-20"):
        with pytest.raises(RuleViolation) as early:
            spot_checks.spot_check_result_correct(
                actor=city, item=item, result=SpotResult.REFUSED, finding="拒检", reason="更正"
            )
        spot_checks.spot_check_result(
            actor=city, item=item, result=SpotResult.CONFORMING, finding="符合要求"
        )
        with pytest.raises(RuleViolation) as no_reason:
            spot_checks.spot_check_result_correct(
                actor=city, item=item, result=SpotResult.NONCONFORMING, finding="不符合", reason=""
            )
        spot_checks.spot_check_result_correct(
            actor=city,
            item=item,
            result=SpotResult.NONCONFORMING,
            finding="复核发现能源计量不足",
            reason="录入错误，按检查记录更正",
        )
        with pytest.raises(TransitionConflict):  # the same result again is no correction
            spot_checks.spot_check_result_correct(
                actor=city,
                item=item,
                result=SpotResult.NONCONFORMING,
                finding="复核发现能源计量不足",
                reason="重复",
            )
    assert [(r.code, r.citation) for r in early.value.reasons] == [("spot_check.pending", "")]
    assert [(r.code, r.citation) for r in no_reason.value.reasons] == [
        ("spot_check.correction_reason", "")
    ]
    [event] = events("spot_check.correct", item)
    assert (event.from_state, event.to_state) == ("conforming", "nonconforming")
    assert event.reason == "录入错误，按检查记录更正"
    item.refresh_from_db()
    assert item.result == SpotResult.NONCONFORMING


def test_the_result_form_is_shown_for_pending_items_of_the_drawing_authority_only():
    city, item = _drawn_item()
    url = reverse("spot_check_detail", args=[item.draw.uuid])
    action = reverse("spot_check_result", args=[item.uuid])
    client = Client()
    client.force_login(city)
    assert action in client.get(url).content.decode()
    assert may(city, "supervision.record_spot_check_result", item)
    other = district_official("350203")
    assert not may(other, "supervision.record_spot_check_result", item)
    with clock.frozen("2026-06-20"):
        spot_checks.spot_check_result(
            actor=city, item=item, result=SpotResult.CONFORMING, finding="符合要求"
        )
    assert action not in client.get(url).content.decode()


# --- predicates on the pages; labels on the timelines ----------------------------------------


def test_the_review_form_is_shown_to_the_reviewing_authority_only_and_the_timeline_is_labelled():
    unit, user = listed_unit("440106")
    officer(user, unit)
    form = filed_form(user, unit, on=dt.date(2026, 3, 1))
    city = city_official("440106")
    tianhe = district_official("440106")
    url = reverse("dynamic_form_detail", args=[form.uuid])
    assert may(city, "supervision.review_dynamic_form", form)
    assert not may(tianhe, "supervision.review_dynamic_form", form)
    for who, shown in ((city, True), (tianhe, False), (user, False)):
        client = Client()
        client.force_login(who)
        page = client.get(url).content.decode()
        assert ('data-testid="form-review"' in page) is shown, who.username
    with clock.frozen("2026-03-02"):
        dynamic.form_review(actor=city, form=form, decision="accept")
    client = Client()
    client.force_login(city)
    page = client.get(url).content.decode()
    assert 'data-testid="form-review"' not in page
    assert "动态管理表 · 审核通过" in page
    assert "已提交，待审核 → 审核通过" in page
    assert "dynamic · accept" not in page and "submitted → accepted" not in page


def test_the_change_timeline_shows_labels():
    unit, user = listed_unit("350203")
    city = city_official("350203")
    with clock.frozen("2026-03-01"):
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="boundary",
            new_value="剥离主要生产线",
            formalities_completed_on=dt.date(2026, 2, 20),
        )
        changes.change_review(actor=city, change=change, decision="remove", opinion="不再符合")
    client = Client()
    client.force_login(city)
    page = client.get(reverse("change_detail", args=[change.uuid])).content.decode()
    assert 'data-testid="change-review"' not in page
    assert "变更 · 变更后不再符合要求，拟移出" in page
    assert "change · remove" not in page and "submitted → removal_proposed" not in page
