"""Removals at the annual publication (000 第二十一条, 002 第二十条, 003 第十八条,
004 第十六条), Luoyang's "not filing AND refusing the on-site check" (003 第十八条(二)),
the 3-year bars after a removal (third disqualifying condition) and after fraud
(000 第二十二条), changes (000 第二十三条, 002 第十七条, 003 第十九条, 004 第十五条) and the
public announcement pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from greenmfg.eligibility.disqualification import disqualifying_reasons
from greenmfg.eligibility.fraud import fraud_ban_reasons
from greenmfg.eligibility.models import CreditRecord
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.register.models import ListingStatus
from greenmfg.supervision.changes import services as changes
from greenmfg.supervision.dynamic import services as dynamic
from greenmfg.supervision.models import (
    ChangeState,
    ProposalState,
    RemovalKind,
    UpwardReport,
    UpwardState,
)
from greenmfg.supervision.removals import services as removals
from greenmfg.supervision.removals.selectors import removals_for_announcement
from tests.oversight import (
    city_official,
    district_official,
    listed_unit,
    province_official,
)

pytestmark = pytest.mark.django_db


NOT_FILING = [
    pytest.param(
        "440106", "04-01", "000 第二十一条、第二十三条; 004 第十六条", id="guangzhou-004-16-2"
    ),
    pytest.param("350203", "03-30", "002 第十七条、第二十条", id="xiamen-002-20-2"),
    pytest.param("440304", "04-15", "000 第二十一条、第二十三条", id="guangdong-000-21-2"),
]


@pytest.mark.parametrize("district,deadline,article", NOT_FILING)
def test_not_filing_is_proposed_for_removal_at_the_next_publication(district, deadline, article):
    unit, _ = listed_unit(district)
    city = city_official(district)
    due = dt.date.fromisoformat(f"2026-{deadline}")
    with clock.frozen(due):
        run = removals.propose_non_filers(actor=city, filing_year=2026)
    assert run.proposed == []
    with clock.frozen(due + dt.timedelta(days=1)):
        run = removals.propose_non_filers(actor=city, filing_year=2026)
        [proposal] = run.proposed
        assert proposal.cause == "not_filing"
        assert proposal.citation == article
        again = removals.propose_non_filers(actor=city, filing_year=2026)
        assert again.proposed == [] and again.already == 1
        removals.proposal_decide(actor=city, proposal=proposal, decision="confirm")
    # executed only when the city publishes its annual adjustment
    listing = unit.listings.get()
    assert listing.status == ListingStatus.ACTIVE
    with clock.frozen("2026-06-01"):
        ann = removals.annual_adjustment_publish(actor=city)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED
    assert listing.removed_on == dt.date(2026, 6, 1)
    [removal] = ann.removals.all()
    assert removal.kind == RemovalKind.ANNUAL
    assert removal.cause == "not_filing" and removal.citation == article
    assert removal.levels == ["municipal"]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.EXECUTED
    assert CreditRecord.objects.filter(uscc=unit.uscc, kind="green_list_removal").exists()


def test_luoyang_not_filing_alone_is_no_removal_cause_003_18_2():
    """003 第十八条(二): 拒不按时填报动态管理表且不配合现场复核 — both conditions."""
    unit, user = listed_unit("410305", "provincial", "municipal")
    city = city_official("410305")
    with clock.frozen("2026-04-16"):
        run = removals.propose_non_filers(actor=city, filing_year=2026)
        assert run.proposed == []
        assert [ob.unit for ob in run.needs_refused_check] == [unit]
        with pytest.raises(RuleViolation) as exc:
            removals.removal_propose(actor=city, unit=unit, cause="not_filing", reason="未填报")
        assert exc.value.reasons[0].citation == "003 第十八条、第十九条"
        check = dynamic.check_request(
            actor=city, unit=unit, list_type="factory", filing_year=2026, reason="未填报，现场复核"
        )
    # the unit cooperated: still no cause
    with clock.frozen("2026-04-20"):
        dynamic.check_outcome(actor=city, check=check, outcome="completed", note="已配合复核")
        assert removals.propose_non_filers(actor=city, filing_year=2026).proposed == []
        check2 = dynamic.check_request(
            actor=city, unit=unit, list_type="factory", filing_year=2026, reason="再次复核"
        )
        dynamic.check_outcome(actor=city, check=check2, outcome="refused", note="拒绝入厂")
        [proposal] = removals.propose_non_filers(actor=city, filing_year=2026).proposed
    assert proposal.cause == "not_filing_and_refusing_check"
    assert proposal.on_site_check == check2
    assert proposal.authority.code == "410300"


def test_luoyang_unit_that_filed_late_is_not_a_non_filer_after_refusal_only():
    unit, user = listed_unit("410305", "national")
    city = city_official("410305")
    with clock.frozen("2026-04-10"):
        check = dynamic.check_request(
            actor=city, unit=unit, list_type="factory", filing_year=2026, reason="抽查复核"
        )
        dynamic.check_outcome(actor=city, check=check, outcome="refused", note="拒绝入厂")
    from tests.oversight import filed_form

    filed_form(user, unit, on=dt.date(2026, 4, 15))
    with clock.frozen("2026-04-16"):
        assert removals.propose_non_filers(actor=city, filing_year=2026).proposed == []


def test_annual_removal_of_a_city_reports_upper_listings_upward():
    unit, _ = listed_unit("440304", "municipal", "provincial")
    city = city_official("440304")
    with clock.frozen("2026-04-20"):
        p = removals.removal_propose(
            actor=city, unit=unit, cause="falsified_data", reason="能耗数据造假"
        )
        removals.proposal_decide(actor=city, proposal=p, decision="confirm")
        removals.annual_adjustment_publish(actor=city)
    statuses = dict(unit.listings.values_list("level", "status"))
    assert statuses == {"municipal": "removed", "provincial": "active"}
    [up] = UpwardReport.objects.filter(unit=unit)
    assert up.to_jurisdiction.code == "440000" and up.to_level == "provincial"
    assert up.state == UpwardState.SUBMITTED


def test_only_one_annual_adjustment_per_year():
    city = city_official("440106")
    with clock.frozen("2026-06-01"):
        removals.annual_adjustment_publish(actor=city)
        with pytest.raises(RuleViolation) as exc:
            removals.annual_adjustment_publish(actor=city)
        assert [(r.code, r.citation) for r in exc.value.reasons] == [("announcement.duplicate", "")]


def test_dismissed_proposal_is_not_executed():
    unit, _ = listed_unit("440106")
    city = city_official("440106")
    with clock.frozen("2026-04-20"):
        p = removals.removal_propose(
            actor=city, unit=unit, cause="falsified_data", reason="疑似造假"
        )
        with pytest.raises(RuleViolation) as exc:
            removals.proposal_decide(actor=city, proposal=p, decision="dismiss")
        assert [(r.code, r.citation) for r in exc.value.reasons] == [("removal.note", "")]
        removals.proposal_decide(actor=city, proposal=p, decision="dismiss", note="核实无造假")
        removals.annual_adjustment_publish(actor=city)
    assert unit.listings.get().status == ListingStatus.ACTIVE


# --- the 3-year bars ---------------------------------------------------------------------------


def test_removal_bars_the_unit_for_3_years_to_the_day_004_12_3():
    """A removal on 2026-06-01 counts under the third disqualifying condition through
    2029-06-01 and no longer on 2029-06-02 (近三年, 004 第十二条)."""
    unit, _ = listed_unit("440106")
    city = city_official("440106")
    with clock.frozen("2026-04-20"):
        p = removals.removal_propose(actor=city, unit=unit, cause="falsified_data", reason="造假")
        removals.proposal_decide(actor=city, proposal=p, decision="confirm")
    with clock.frozen("2026-06-01"):
        removals.annual_adjustment_publish(actor=city)
    jur = unit.registered_division
    for day, barred in [
        ("2026-06-01", True),
        ("2029-06-01", True),
        ("2029-06-02", False),
    ]:
        on = dt.date.fromisoformat(day)
        reasons = disqualifying_reasons(unit.uscc, rules_for(jur, on), on)
        assert [r.code for r in reasons] == (["disqualification.3"] if barred else []), day


def test_fraud_bars_the_applicant_for_3_years_to_the_day_000_22():
    unit, _ = listed_unit("440106")
    city = city_official("440106")
    with clock.frozen("2026-05-10"):
        removals.fraud_record(
            actor=city,
            unit=unit,
            decided_on=dt.date(2026, 5, 10),
            article="000 第二十二条",
            description="评价报告能耗数据弄虚作假",
        )
    jur = unit.registered_division
    for day, barred in [("2026-05-10", True), ("2029-05-10", True), ("2029-05-11", False)]:
        on = dt.date.fromisoformat(day)
        reasons = fraud_ban_reasons(unit, rules_for(jur, on), on)
        assert bool(reasons) is barred, day
        if barred:
            assert reasons[0].citation == "000 第二十二条"
            assert "2029-05-10" in reasons[0].message


def test_fraud_bar_refuses_a_pool_registration_000_22():
    from greenmfg.cultivation import services as pool
    from tests.cycle import registration_data

    unit, user = listed_unit("440106")
    city = city_official("440106")
    with clock.frozen("2026-01-05"):
        removals.fraud_record(
            actor=city,
            unit=unit,
            decided_on=dt.date(2026, 1, 5),
            article="000 第二十二条",
            description="弄虚作假",
        )
    with clock.frozen("2026-01-12"):
        reg = pool.registration_create(
            actor=user, unit=unit, list_type="factory", data=registration_data()
        )
        with pytest.raises(RuleViolation) as exc:
            pool.registration_submit(actor=user, registration=reg)
    assert "fraud.applicant_ban" in [r.code for r in exc.value.reasons]


def test_fraud_of_a_listed_unit_is_proposed_for_removal_as_falsified_data():
    unit, _ = listed_unit("350203")
    city = city_official("350203")
    with clock.frozen("2026-05-10"):
        removals.fraud_record(
            actor=city,
            unit=unit,
            decided_on=dt.date(2026, 5, 10),
            article="002 第二十条(三)",
            description="提交材料造假",
        )
    assert unit.removal_proposals.get().cause == "falsified_data"


def test_no_fraud_ban_where_the_rules_set_none():
    """Xiamen's rules (002) and the national parent set no applicant ban."""
    unit, _ = listed_unit("350203")
    city = city_official("350203")
    with clock.frozen("2026-05-10"):
        removals.fraud_record(
            actor=city, unit=unit, decided_on=dt.date(2026, 5, 10), article="—", description="x"
        )
        on = dt.date(2026, 6, 1)
        assert fraud_ban_reasons(unit, rules_for(unit.registered_division, on), on) == []


# --- changes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "district,completed,due,article",
    [
        pytest.param(
            "410305",
            "2026-02-10",
            "2026-03-10",
            "003 第十九条（办理完相关手续后1个月内）",
            id="luoyang-003-19-1-month",
        ),
        pytest.param(
            "440106",
            "2026-02-10",
            None,
            "004 第十五条（办理完相关手续后及时报所在区，并在填报动态管理表时予以说明）",
            id="guangzhou-004-15-promptly-and-with-form",
        ),
        pytest.param(
            "350203",
            "2026-02-10",
            "2026-03-30",
            "002 第十七条（在填报动态管理表时予以说明）",
            id="xiamen-002-17",
        ),
        pytest.param(
            "440304",
            "2026-02-10",
            None,
            "000 第二十三条（应及时报送）",
            id="guangdong-000-23-promptly",
        ),
    ],
)
def test_change_report_period(district, completed, due, article):
    unit, user = listed_unit(district, "provincial")
    with clock.frozen("2026-05-20"):
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="name",
            new_value="新名称有限公司",
            formalities_completed_on=dt.date.fromisoformat(completed),
        )
    assert (change.due_on.isoformat() if change.due_on else None) == due
    assert change.due_ref == article
    assert change.reviewer.code == unit.registered_division.parent.code
    assert change.old_value == unit.name


def test_luoyang_change_after_one_month_is_recorded_late_003_19():
    unit, user = listed_unit("410305", "provincial")
    with clock.frozen("2026-03-11"):
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="address",
            new_value="洛阳市洛龙区开元大道1号",
            formalities_completed_on=dt.date(2026, 2, 10),
        )
    assert change.late
    with clock.frozen("2026-03-10"):
        ok = changes.change_report(
            actor=user,
            unit=unit,
            kind="scope",
            new_value="增加精密铸件",
            formalities_completed_on=dt.date(2026, 2, 10),
        )
    assert not ok.late


def test_accepted_name_change_follows_own_lists_and_queues_the_upper_list_000_23():
    unit, user = listed_unit("440304", "municipal", "provincial")
    city = city_official("440304")
    province = province_official("440304")
    with clock.frozen("2026-03-01"):
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="name",
            new_value="深圳新名称科技有限公司",
            formalities_completed_on=dt.date(2026, 2, 20),
        )
        change = changes.change_review(
            actor=city, change=change, decision="accept", opinion="同意变更名称"
        )
    assert change.state == ChangeState.ACCEPTED
    municipal = unit.listings.get(level="municipal")
    provincial = unit.listings.get(level="provincial")
    assert municipal.unit_name == "深圳新名称科技有限公司"
    assert municipal.details["former_names"]
    assert provincial.unit_name != "深圳新名称科技有限公司"
    unit.refresh_from_db()
    assert unit.name == "深圳新名称科技有限公司"
    [up] = UpwardReport.objects.filter(change=change)
    assert (up.to_jurisdiction.code, up.to_level, up.state) == ("440000", "provincial", "queued")
    assert up.citation.startswith("000 第二十三条")
    # sent with the annual recommendation, announced at the province's publication
    with clock.frozen("2026-05-20"):
        assert removals.upward_reports_submit(actor=city) == 1
        ann = removals.annual_adjustment_publish(actor=province)
    up.refresh_from_db()
    assert up.state == UpwardState.ANNOUNCED and up.announcement == ann
    content = removals_for_announcement(province.authority.jurisdiction, "provincial", 2026)
    assert [u.unit for u in content.upward] == [unit]
    city_content = removals_for_announcement(city.authority.jurisdiction, "municipal", 2026)
    assert [c.unit for c in city_content.changes] == [unit]


#: Guangzhou's removal causes extend Guangdong's (000 第二十三条 still applies; issue 15, item 5)
GZ_CAUSES = "000 第二十一条、第二十三条; 004 第十六条"


def test_no_longer_meeting_the_standard_after_a_change_xiamen_002_17():
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
        change = changes.change_review(
            actor=city, change=change, decision="remove", opinion="剥离后不再符合绿色工厂要求"
        )
    assert change.state == ChangeState.REMOVAL_PROPOSED
    assert unit.removal_proposals.get().cause == "no_longer_meets_standard_after_change"


def test_removal_after_a_change_still_applies_to_guangzhou_units_000_23():
    """004 第十六条 does not repeat it, but Guangdong's 000 第二十三条 (变更后不再符合相关标准的
    从本层面名单中移出) governs Guangzhou's lists too: Guangzhou's causes extend the
    province's (issue 15, item 5)."""
    unit, user = listed_unit("440106")
    city = city_official("440106")
    with clock.frozen("2026-03-01"):
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="boundary",
            new_value="剥离主要生产线",
            formalities_completed_on=dt.date(2026, 2, 20),
        )
        change = changes.change_review(
            actor=city, change=change, decision="remove", opinion="剥离后不再符合绿色工厂要求"
        )
    assert change.state == ChangeState.REMOVAL_PROPOSED
    proposal = unit.removal_proposals.get()
    assert proposal.cause == "no_longer_meets_standard_after_change"
    assert proposal.citation == GZ_CAUSES


def test_district_cannot_review_a_change_the_city_reviews_004_15():
    from greenmfg.core.decisions import NotPermitted

    unit, user = listed_unit("440106")
    with clock.frozen("2026-03-01"):
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="scope",
            new_value="新增产品",
            formalities_completed_on=dt.date(2026, 2, 20),
        )
        with pytest.raises(NotPermitted):
            changes.change_review(
                actor=district_official("440106"), change=change, decision="accept", opinion="同意"
            )


# --- public announcement pages --------------------------------------------------------------------


def test_announcement_pages_list_removals_and_changes_publicly():
    unit, _ = listed_unit("440106")
    city = city_official("440106")
    with clock.frozen("2026-04-20"):
        p = removals.removal_propose(actor=city, unit=unit, cause="falsified_data", reason="造假")
        removals.proposal_decide(actor=city, proposal=p, decision="confirm")
    with clock.frozen("2026-06-01"):
        ann = removals.annual_adjustment_publish(actor=city)
    client = Client()
    page = client.get(reverse("announcement_detail", args=[ann.uuid]))
    assert page.status_code == 200
    html = page.content.decode()
    assert unit.name in html and "004 第十六条" in html
    year = client.get(reverse("announcement_year", args=["440100", 2026]))
    assert unit.name in year.content.decode()
    index = client.get(reverse("announcement_index"))
    assert ann.title in index.content.decode()
    api = client.get("/api/v1/announcements/?jurisdiction=440100&year=2026").json()
    assert api["results"][0]["removals"][0]["cause"] == "falsified_data"
    assert client.get("/api/v1/removals/").json()["count"] == 1


# --- every annual cause, by jurisdiction -------------------------------------------------------

CAUSES = [
    # (district, cause, allowed, article of removal.annual_causes)
    ("440106", "disqualifying_condition", True, GZ_CAUSES),
    ("440106", "falsified_data", True, GZ_CAUSES),
    ("440106", "not_filing", True, GZ_CAUSES),
    ("440106", "no_longer_meets_standard_after_change", True, GZ_CAUSES),
    ("440106", "not_filing_and_refusing_check", False, GZ_CAUSES),
    ("350203", "disqualifying_condition", True, "002 第十七条、第二十条"),
    ("350203", "falsified_data", True, "002 第十七条、第二十条"),
    ("350203", "not_filing", True, "002 第十七条、第二十条"),
    ("350203", "no_longer_meets_standard_after_change", True, "002 第十七条、第二十条"),
    ("410305", "disqualifying_condition", True, "003 第十八条、第十九条"),
    ("410305", "falsified_data", True, "003 第十八条、第十九条"),
    ("410305", "not_filing", False, "003 第十八条、第十九条"),
    ("410305", "not_filing_and_refusing_check", True, "003 第十八条、第十九条"),
    ("410305", "no_longer_meets_standard_after_change", True, "003 第十八条、第十九条"),
    ("440304", "disqualifying_condition", True, "000 第二十一条、第二十三条"),
    ("440304", "falsified_data", True, "000 第二十一条、第二十三条"),
    ("440304", "not_filing", True, "000 第二十一条、第二十三条"),
    ("440304", "no_longer_meets_standard_after_change", True, "000 第二十一条、第二十三条"),
    ("440304", "bottom_five_percent_three_years", False, "000 第二十一条、第二十三条"),
]


@pytest.mark.parametrize(
    "district,cause,allowed,article", CAUSES, ids=[f"{d}-{c}" for d, c, _a, _r in CAUSES]
)
def test_annual_removal_causes_by_jurisdiction(district, cause, allowed, article):
    unit, _ = listed_unit(district)
    city = city_official(district)
    with clock.frozen("2026-05-01"):
        if allowed:
            p = removals.removal_propose(actor=city, unit=unit, cause=cause, reason="核实属实")
            assert p.citation == article
        else:
            with pytest.raises(RuleViolation) as exc:
                removals.removal_propose(actor=city, unit=unit, cause=cause, reason="核实属实")
            assert exc.value.reasons[0].code == "removal.cause"
            assert exc.value.reasons[0].citation == article


@pytest.mark.parametrize(
    "district,article",
    [("440106", "004 第十二条"), ("350203", "002 第十一条"), ("410305", "003 第十五条")],
    ids=["guangzhou-004-16-1", "xiamen-002-20-1", "luoyang-003-18-1"],
)
def test_listed_units_meeting_a_disqualifying_condition_are_proposed(district, article):
    from greenmfg.eligibility.models import CreditRecord

    flagged, _ = listed_unit(district)
    clean, _ = listed_unit(district)
    CreditRecord.objects.create(
        uscc=flagged.uscc, kind="dishonest_judgment_debtor", occurred_on=dt.date(2026, 1, 5)
    )
    city = city_official(district)
    with clock.frozen("2026-05-01"):
        [p] = removals.propose_disqualified(actor=city)
        assert removals.propose_disqualified(actor=city) == []
    assert p.unit == flagged and p.cause == "disqualifying_condition"
    # the reason people read names the article by its document's title (issue 18 item 4)
    from greenmfg.core.decisions import citation_text

    assert citation_text(article, "zh-hans") in p.reason and article not in p.reason
    assert not clean.removal_proposals.exists()
