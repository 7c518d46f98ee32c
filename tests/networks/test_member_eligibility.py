"""Members' records in a park's eligibility (issue 14, item 4): "企业或园区（含园区内企业）"
(000 第十七条, 002 第十一条) — a member's disqualifying record within the look-back
window makes the park ineligible at registration, application, recommendation and in
the annual removal screen, with the article and the member named; not where the text
says only "企业或工业园区" (004 第十二条), not for other list types, not for a member
that has not confirmed or has left."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from greenmfg.cultivation import services as pool
from greenmfg.eligibility.disqualification import disqualifying_reasons
from greenmfg.eligibility.models import CreditRecord
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.networks import services as net
from greenmfg.recommendation import services as rec
from greenmfg.register.models import GreenList, Listing
from greenmfg.selection import services as selection
from greenmfg.selection.models import Application
from greenmfg.supervision.removals import services as removals
from tests.cycle import consult_without_objection, registration_data
from tests.factories import OrganisationFactory, official, unit_user
from tests.networks.support import member_of, published_plan

pytestmark = pytest.mark.django_db
D = dt.date


def _park(district: str, name: str = "测试绿色产业园管委会"):
    park = OrganisationFactory(kind="park", name=name, district=district, park_level="provincial")
    return park, unit_user(park)


RECORD_DAY = D(2025, 6, 1)


def _flagged_member(park_user, district: str, *, on=RECORD_DAY, name="问题成员有限公司"):
    member = OrganisationFactory(district=district, name=name)
    member_of(park_user, "park", member)
    CreditRecord.objects.create(
        uscc=member.uscc, kind="tax_evasion", occurred_on=on, description="某税务处罚决定书"
    )
    return member


def _member_reasons(reasons):
    return [r for r in reasons if r.code.startswith("disqualification.member.")]


@pytest.mark.parametrize(
    "code,included,article",
    [
        ("440000", True, "000 第十七条（含园区内企业）"),
        ("350200", True, "002 第十一条（含园区内企业）"),
        ("440100", False, None),
    ],
    ids=["guangdong-000-17", "xiamen-002-11", "guangzhou-004-12-not"],
)
def test_members_records_count_where_the_text_says_including_members(code, included, article):
    district = {"440000": "440106", "350200": "350203", "440100": "440106"}[code]
    park, park_user = _park(district)
    _flagged_member(park_user, district)
    rules = rules_for(Jurisdiction.objects.get(code=code), D(2026, 1, 12))
    found = _member_reasons(
        disqualifying_reasons(park.uscc, rules, D(2026, 1, 12), list_type="park")
    )
    if not included:
        assert found == []
        return
    [reason] = found
    assert "问题成员有限公司" in reason.message
    assert article in reason.citation
    assert "某税务处罚决定书" not in reason.message  # the record's details stay with the member
    # nowhere else: the same unit judged for another list type
    assert disqualifying_reasons(park.uscc, rules, D(2026, 1, 12), list_type="factory") == []


def test_member_outside_window_unconfirmed_or_gone_does_not_count_000_17():
    park, park_user = _park("440106")
    rules = rules_for(Jurisdiction.objects.get(code="440000"), D(2026, 1, 12))
    _flagged_member(park_user, "440106", on=D(2022, 6, 1), name="三年前有记录有限公司")
    invited = OrganisationFactory(district="440106")
    net.membership_invite(actor=park_user, kind="park", uscc=invited.uscc, name=invited.name)
    CreditRecord.objects.create(uscc=invited.uscc, kind="tax_evasion", occurred_on=D(2025, 6, 1))
    gone = _flagged_member(park_user, "440106", name="已退出有限公司")
    m = gone.memberships_held.get()
    net.membership_end(actor=park_user, membership=m, until=D(2025, 12, 31), reason="迁出园区")
    assert disqualifying_reasons(park.uscc, rules, D(2026, 1, 12), list_type="park") == []


def _registration(user, park, on):
    with clock.frozen(on):
        reg = pool.registration_create(
            actor=user,
            unit=park,
            list_type="park",
            data=registration_data(
                park_industrial_value_added_share="70.00",
                park_has_legal_boundary=True,
                park_has_management_body=True,
            ),
        )
        with pytest.raises(RuleViolation) as exc:
            pool.registration_submit(actor=user, registration=reg)
            raise RuleViolation([])
    return exc.value.reasons


def test_registration_of_a_xiamen_park_refused_for_a_members_record_002_11():
    park, user = _park("350203")
    published_plan(park, "park")
    _flagged_member(user, "350203")
    [reason] = _member_reasons(_registration(user, park, D(2026, 2, 2)))
    assert reason.citation.endswith("002 第十一条（含园区内企业）")


def test_registration_of_a_guangzhou_park_not_refused_for_a_members_record_004_12():
    park, user = _park("440106")
    published_plan(park, "park")
    _flagged_member(user, "440106")
    assert _member_reasons(_registration(user, park, D(2026, 1, 12))) == []


def test_application_of_a_xiamen_park_refused_for_a_members_record_002_11():
    park, user = _park("350203")
    _flagged_member(user, "350203")
    with clock.frozen(D(2026, 4, 8)):
        campaign = selection.campaign_open(actor=official("city", "350200"))
    app = Application(unit=park, campaign=campaign, list_type="park", level="municipal")
    rules = selection.campaign_rules(campaign)
    [reason] = _member_reasons(selection.application_reasons(app, rules, D(2026, 4, 8)))
    assert "问题成员有限公司" in reason.message


def _park_listing(park, code="440100"):
    j = Jurisdiction.objects.get(code=code)
    gl, _ = GreenList.objects.get_or_create(
        jurisdiction=j, level="municipal", year=2025, defaults={"title": "2025年度名单"}
    )
    return Listing.objects.create(
        green_list=gl,
        unit=park,
        unit_name=park.name,
        list_type="park",
        level="municipal",
        year=2025,
        region=park.registered_division,
    )


def test_recommending_a_guangzhou_park_to_guangdong_refused_for_a_members_record_000_17():
    """Guangzhou's own list does not include members (004 第十二条), the province's does."""
    park, user = _park("440106")
    _flagged_member(user, "440106")
    listing = _park_listing(park)
    city = official("city", "440100")
    with clock.frozen(D(2026, 5, 6)):
        campaign = selection.campaign_open(actor=official("province", "440000"))
    consult_without_objection(city, campaign, [listing], on=D(2026, 5, 7))
    with clock.frozen(D(2026, 5, 20)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=city, listing=listing)
    [reason] = _member_reasons(exc.value.reasons)
    assert "000 第十七条" in reason.citation and "问题成员有限公司" in reason.message


@pytest.mark.parametrize(
    "district,city,proposed", [("350203", "350200", True), ("440106", "440100", False)]
)
def test_annual_removal_screen_counts_members_only_where_the_rules_say_so(district, city, proposed):
    park, user = _park(district)
    _flagged_member(user, district)
    _park_listing(park, city)
    with clock.frozen("2026-05-01"):
        found = removals.propose_disqualified(actor=official("city", city))
    if proposed:
        [p] = found
        assert p.unit == park and "问题成员有限公司" in p.reason
    else:
        assert found == []


def test_check_eligibility_of_a_park_names_the_member_000_17():
    import io
    import json

    from django.core.management import call_command
    from django.core.management.base import CommandError

    park, user = _park("440106")
    _flagged_member(user, "440106")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "check_eligibility",
            park.uscc,
            "--jurisdiction",
            "guangdong",
            "--list-type",
            "park",
            "--on",
            "2026-01-12",
            "--json",
            stdout=out,
        )
    payload = json.loads(out.getvalue())
    [reason] = payload["reasons"]
    assert reason["code"] == "disqualification.member.2"
    assert "问题成员有限公司" in reason["message"] and "000 第十七条" in reason["citation"]
