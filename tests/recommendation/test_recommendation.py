"""Recommending upward: department consultation (004 第十一条; 000 第十三条), national
quotas (001 三), park level (004 第七条(二)1) and the supply-chain lead's own listing
(000 第十六条); Xiamen's one-time reward per level (002 第二十三条)."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.audit.models import AuditEvent
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.permissions import may
from greenmfg.recommendation import services as rec
from greenmfg.recommendation.models import Consultation, Opinion, Reward
from greenmfg.register.models import GreenList, Listing
from greenmfg.selection import publication, services
from greenmfg.selection.signals import list_published
from tests.cycle import consult_without_objection, submitted_application, submitted_report
from tests.factories import OrganisationFactory, department_user, official, unit_user

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


@pytest.fixture
def gz():
    org = OrganisationFactory(name="广州协商测试制造有限公司", district="440106")
    with clock.frozen(D(2026, 5, 6)):
        campaign = services.campaign_open(actor=official("province", "440000"))
    return {
        "org": org,
        "listing": _listing(org, "440100"),
        "city": official("city", "440100"),
        "campaign": campaign,
    }


def _codes(exc):
    return [r.code for r in exc.value.reasons]


def _reasons(exc):
    """Which rules refused, and the articles they cite (LAYOUT.md E8)."""
    return [(r.code, r.citation) for r in exc.value.reasons]


def test_recommendation_waits_for_the_five_departments_004_11(gz):
    with clock.frozen(D(2026, 5, 20)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=gz["city"], listing=gz["listing"])
    assert _reasons(exc) == [("consultation.missing", "004 第十一条")] * 5
    assert [r.params["department"] for r in exc.value.reasons] == [
        "发改",
        "生态环境",
        "应急管理",
        "市场监管",
        "税务",
    ]


def test_a_department_objection_blocks_until_resolved_004_11(gz):
    with clock.frozen(D(2026, 5, 7)):
        consultations = rec.consultation_open(
            actor=gz["city"], campaign=gz["campaign"], listings=[gz["listing"]]
        )
    for cons in consultations:
        dept = department_user("440100", cons.department)
        kind = "objection" if cons.department == "生态环境" else "no_objection"
        with clock.frozen(D(2026, 5, 8)):
            rec.opinion_record(
                actor=dept,
                opinion=cons.opinions.get(),
                kind=kind,
                reason="2025年有环保处罚未整改" if kind == "objection" else "",
            )
    with clock.frozen(D(2026, 5, 20)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=gz["city"], listing=gz["listing"])
    assert _codes(exc) == ["consultation.objection"]
    assert "环保处罚" in exc.value.reasons[0].message
    objection = next(c for c in consultations if c.department == "生态环境").opinions.get()
    with clock.frozen(D(2026, 5, 21)):
        rec.opinion_resolve(
            actor=gz["city"], opinion=objection, resolution="已完成整改，生态环境局书面撤回意见"
        )
        app = rec.application_recommend(actor=gz["city"], listing=gz["listing"])
    assert app.state == "submitted"


def test_an_answer_awaited_blocks_before_the_due_date_but_not_after(gz):
    with clock.frozen(D(2026, 5, 7)):
        consultations = rec.consultation_open(
            actor=gz["city"], campaign=gz["campaign"], listings=[gz["listing"]]
        )
    due = consultations[0].due_on
    # 5 working days from the next day: 5/8, 5/9 (make-up Saturday), 5/11, 5/12, 5/13
    assert due == D(2026, 5, 13)
    with clock.frozen(due), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=gz["city"], listing=gz["listing"])
    assert _reasons(exc) == [("consultation.pending", "004 第十一条")] * 5
    with clock.frozen(due + dt.timedelta(days=1)):
        assert (
            rec.application_recommend(actor=gz["city"], listing=gz["listing"]).state == "submitted"
        )


ANSWER_DAY = D(2026, 5, 8)


def _answer_all(consultations, *, objecting: str = "", on=ANSWER_DAY):
    for cons in consultations:
        dept = department_user("440100", cons.department)
        for opinion in cons.opinions.filter(kind="pending"):
            kind = "objection" if cons.department == objecting else "no_objection"
            with clock.frozen(on):
                rec.opinion_record(
                    actor=dept,
                    opinion=opinion,
                    kind=kind,
                    reason="未整改" if kind == "objection" else "",
                )


def test_a_consultation_closes_when_every_opinion_is_in_and_objections_resolved_004_11(gz):
    with clock.frozen(D(2026, 5, 7)):
        consultations = rec.consultation_open(
            actor=gz["city"], campaign=gz["campaign"], listings=[gz["listing"]]
        )
    _answer_all(consultations, objecting="税务")
    states = {c.department: c.state for c in Consultation.objects.all()}
    assert states == {
        **dict.fromkeys(["发改", "生态环境", "应急管理", "市场监管"], "closed"),
        "税务": "open",
    }
    tax = Consultation.objects.get(department="税务")
    with clock.frozen(D(2026, 5, 9)):
        opinion = rec.opinion_resolve(
            actor=gz["city"], opinion=tax.opinions.get(), resolution="已补缴，税务局撤回意见"
        )
    tax.refresh_from_db()
    assert (opinion.kind, opinion.resolved, tax.state) == ("objection", True, "closed")
    events = AuditEvent.objects.filter(object_uuid=str(tax.uuid)).values_list(
        "action", "from_state", "to_state"
    )
    assert list(events.order_by("seq")) == [
        ("consultation.open", "", "open"),
        ("consultation.close", "open", "closed"),
    ]
    assert list(
        AuditEvent.objects.filter(object_uuid=str(opinion.uuid))
        .order_by("seq")
        .values_list("action", "from_state", "to_state")
    ) == [
        ("opinion.objection", "pending", "objection"),
        ("opinion.resolve", "objection", "objection"),
    ]


def test_units_consulted_again_are_not_asked_twice_and_new_ones_get_a_new_consultation(gz):
    with clock.frozen(D(2026, 5, 7)):
        first = rec.consultation_open(
            actor=gz["city"], campaign=gz["campaign"], listings=[gz["listing"]]
        )
    _answer_all(first)
    with clock.frozen(D(2026, 5, 11)), pytest.raises(RuleViolation) as exc:
        rec.consultation_open(actor=gz["city"], campaign=gz["campaign"], listings=[gz["listing"]])
    assert [(r.code, r.citation) for r in exc.value.reasons] == [
        ("consultation.already_answered", "004 第十一条")
    ]
    other = OrganisationFactory(name="广州第二批征求意见测试有限公司", district="440106")
    with clock.frozen(D(2026, 5, 11)):
        second = rec.consultation_open(
            actor=gz["city"],
            campaign=gz["campaign"],
            listings=[gz["listing"], _listing(other, "440100")],
        )
    assert {c.pk for c in second}.isdisjoint({c.pk for c in first})
    assert [list(c.opinions.values_list("unit__name", flat=True)) for c in second] == [
        [other.name]
    ] * 5
    assert {(c.state, c.sent_on) for c in second} == {("open", D(2026, 5, 11))}


def test_an_opinion_answered_meanwhile_is_refused_not_answered_twice(gz):
    with clock.frozen(D(2026, 5, 7)):
        cons = rec.consultation_open(
            actor=gz["city"], campaign=gz["campaign"], listings=[gz["listing"]]
        )[0]
    dept = department_user("440100", cons.department)
    stale = cons.opinions.get()
    with clock.frozen(D(2026, 5, 8)):
        rec.opinion_record(actor=dept, opinion=stale, kind="no_objection")
        # the row is re-read under lock: the answer given is refused by its rule
        with pytest.raises(RuleViolation) as exc:
            rec.opinion_record(actor=dept, opinion=stale, kind="objection", reason="迟到的意见")
    assert [(r.code, r.citation) for r in exc.value.reasons] == [("opinion.answered", "")]
    assert Opinion.objects.get(pk=stale.pk).kind == "no_objection"


def test_one_predicate_per_action_decides_the_service_and_the_page(gz):
    """recommendation.rules: the consulted department answers, the consulting city
    resolves, the province sets quotas of its own campaign; the page shows each form to
    those only."""
    from django.test import Client
    from django.urls import reverse

    with clock.frozen(D(2026, 5, 7)):
        cons = rec.consultation_open(
            actor=gz["city"], campaign=gz["campaign"], listings=[gz["listing"]]
        )[0]
    opinion = cons.opinions.get()
    users = {
        "department": department_user("440100", cons.department),
        "other department": department_user(
            "440100", "发改" if cons.department != "发改" else "税务"
        ),
        "city": gz["city"],
        "province": official("province", "440000"),
        "other city": official("city", "440300"),
    }
    rules = ("recommendation.answer_opinion", "recommendation.resolve_opinion")
    table = {who: [may(u, r, opinion) for r in rules] for who, u in users.items()}
    assert table == {
        "department": [True, False],
        "other department": [False, False],
        "city": [False, True],
        "province": [False, False],
        "other city": [False, False],
    }
    assert [
        may(users[w], "recommendation.set_quota", gz["campaign"]) for w in ("province", "city")
    ] == [True, False]
    assert may(gz["city"], "recommendation.recommend", gz["listing"])
    assert not may(users["other city"], "recommendation.recommend", gz["listing"])
    client = Client()
    client.force_login(users["department"])
    page = client.get(reverse("consultation_detail", args=[cons.uuid])).content.decode()
    assert 'data-testid="opinion-form-1"' in page


def test_only_the_consulted_department_may_answer(gz):
    with clock.frozen(D(2026, 5, 7)):
        consultations = rec.consultation_open(
            actor=gz["city"], campaign=gz["campaign"], listings=[gz["listing"]]
        )
    tax = next(c for c in consultations if c.department == "税务")
    wrong = department_user("440100", "生态环境")
    other_city = department_user("440300", "税务")
    for actor in (wrong, other_city, gz["city"]):
        with pytest.raises(NotPermitted):
            rec.opinion_record(actor=actor, opinion=tax.opinions.get(), kind="no_objection")


def test_national_factory_quota_per_province_001_3():
    miit = official("national", "000000")
    gd = official("province", "440000")
    with clock.frozen(D(2026, 7, 1)):
        national = services.campaign_open(actor=miit)
    orgs = [OrganisationFactory(name=f"国家名额测试企业{i}", district="440106") for i in range(2)]
    listings = [_listing(o, "440000", level="provincial", grade="A") for o in orgs]
    consult_without_objection(gd, national, listings, on=D(2026, 7, 2))
    with clock.frozen(D(2026, 7, 20)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=gd, listing=listings[0])
    assert _codes(exc) == ["quota.not_allocated"]
    assert exc.value.reasons[0].citation.startswith("001 三")
    with clock.frozen(D(2026, 7, 10)):
        rec.quota_set(
            actor=miit,
            campaign=national,
            jurisdiction=Jurisdiction.objects.get(code="440000"),
            list_type="factory",
            quota=1,
            basis="按规模以上工业企业数量测算",
        )
        rec.application_recommend(actor=gd, listing=listings[0])
        with pytest.raises(RuleViolation) as exc:
            rec.application_recommend(actor=gd, listing=listings[1])
    assert _codes(exc) == ["quota.exhausted"]


def test_parks_take_no_quota_001_3():
    miit = official("national", "000000")
    with clock.frozen(D(2026, 7, 1)):
        national = services.campaign_open(actor=miit)
        with pytest.raises(RuleViolation) as exc:
            rec.quota_set(
                actor=miit,
                campaign=national,
                jurisdiction=Jurisdiction.objects.get(code="440000"),
                list_type="park",
                quota=3,
            )
    assert _codes(exc) == ["quota.unlimited"]


def test_only_provincial_level_parks_go_up_004_7_2_1(gz):
    park = OrganisationFactory(
        kind="park", name="广州某区级产业园管委会", district="440106", park_level="other"
    )
    listing = _listing(park, "440100", list_type="park")
    consult_without_objection(gz["city"], gz["campaign"], [listing], on=D(2026, 5, 7))
    with clock.frozen(D(2026, 5, 20)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=gz["city"], listing=listing)
    assert _codes(exc) == ["entry.park.min_park_level_for_upper_lists"]
    assert exc.value.reasons[0].citation == "004 第七条(二)1"


def test_a_supply_chain_lead_should_itself_be_a_green_factory_000_16(gz):
    lead = OrganisationFactory(name="广州链主汽车有限公司", district="440106")
    listing = _listing(lead, "440100", list_type="supply_chain")
    consult_without_objection(gz["city"], gz["campaign"], [listing], on=D(2026, 5, 7))
    with clock.frozen(D(2026, 5, 20)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=gz["city"], listing=listing)
    assert _codes(exc) == ["entry.supply_chain.green_factory_expected"]
    assert exc.value.reasons[0].citation.startswith("000 第十六条")
    _listing(lead, "440100", list_type="factory", year=2024)
    with clock.frozen(D(2026, 5, 20)):
        assert rec.application_recommend(actor=gz["city"], listing=listing).state == "submitted"


def test_xiamen_records_a_one_time_reward_per_level_002_23():
    from greenmfg.recommendation.services import record_rewards

    xm = OrganisationFactory(name="厦门奖励测试有限公司", district="350206")
    gzo = OrganisationFactory(name="广州无奖励测试有限公司", district="440106")
    xm_listing = _listing(xm, "350200")
    _listing(gzo, "440100")
    assert record_rewards(green_list=xm_listing.green_list, on=D(2026, 6, 1)) == 1
    reward = Reward.objects.get(listing=xm_listing)
    assert (
        reward.level,
        reward.jurisdiction.code,
        reward.citation.startswith("002 第二十三条"),
    ) == ("municipal", "350200", True)
    gz_list = GreenList.objects.get(jurisdiction__code="440100", year=2025)
    assert record_rewards(green_list=gz_list, on=D(2026, 6, 1)) == 0


def _xiamen_list_in_notice():
    """A Xiamen unit approved by the city and in the 5-working-day notice (002 第十五条)."""
    org = OrganisationFactory(name="厦门公布奖励测试有限公司", district="350206")
    user, city = unit_user(org), official("city", "350200")
    rep = submitted_report(user, org, on=D(2026, 4, 2))
    app = submitted_application(user, org, city, rep, on=D(2026, 4, 2))
    with clock.frozen(D(2026, 4, 2)):
        app = services.application_review(
            actor=city, application=app, decision="approve", score="72", reason="择优"
        )
    with clock.frozen(D(2026, 4, 30)):
        publication.notice_open(actor=city, campaign=app.campaign)
    return city, app.campaign


def test_publishing_a_xiamen_list_records_the_one_time_rewards_002_23():
    city, campaign = _xiamen_list_in_notice()
    with clock.frozen(D(2026, 5, 11)):
        green_list = publication.list_publish(actor=city, campaign=campaign)
    reward = Reward.objects.get(listing__green_list=green_list)
    assert (reward.level, reward.jurisdiction.code, reward.state) == ("municipal", "350200", "due")
    assert reward.citation.startswith("002 第二十三条")


def test_rewards_are_recorded_in_the_publication_transaction():
    """selection announces the publication (``list_published``) inside its transaction:
    when anything after the rewards fails, the rewards are rolled back with the list."""
    city, campaign = _xiamen_list_in_notice()

    def fail(sender, **kwargs):
        raise RuntimeError("a later receiver fails")

    list_published.connect(fail, dispatch_uid="test-fails-after-rewards")
    try:
        with clock.frozen(D(2026, 5, 11)), pytest.raises(RuntimeError):
            publication.list_publish(actor=city, campaign=campaign)
    finally:
        list_published.disconnect(dispatch_uid="test-fails-after-rewards")
    campaign.refresh_from_db()
    assert (campaign.state, Reward.objects.count(), GreenList.objects.count()) == ("open", 0, 0)


def test_department_answers_on_its_page_and_the_city_consults_from_the_campaign_page(client, gz):
    from django.urls import reverse

    client.force_login(gz["city"])
    with clock.frozen(D(2026, 5, 7)):
        page = client.get(reverse("campaign_detail", args=[gz["campaign"].uuid])).content.decode()
        assert "就以下单位征求部门意见" in page
        client.post(
            reverse("campaign_consult", args=[gz["campaign"].uuid]),
            {"listing": [str(gz["listing"].uuid)]},
        )
    tax = department_user("440100", "税务")
    client.force_login(tax)
    inbox = client.get(reverse("inbox")).content.decode()
    assert "税务" in inbox and gz["org"].name in inbox
    from greenmfg.recommendation.models import Opinion

    opinion = Opinion.objects.get(consultation__department="税务")
    with clock.frozen(D(2026, 5, 8)):
        client.post(reverse("opinion_answer", args=[opinion.uuid]), {"kind": "no_objection"})
    opinion.refresh_from_db()
    assert opinion.kind == "no_objection" and opinion.answered_on == D(2026, 5, 8)
    # another department's user sees nothing of this consultation
    client.force_login(department_user("440100", "发改"))
    assert (
        client.get(reverse("consultation_detail", args=[opinion.consultation.uuid])).status_code
        == 404
    )


def test_consultation_and_quota_through_the_api_001_3(gz):
    from rest_framework.test import APIClient

    city = APIClient()
    city.force_authenticate(gz["city"])
    with clock.frozen(D(2026, 5, 7)):
        resp = city.post(
            f"/api/v1/campaigns/{gz['campaign'].uuid}/consult/",
            {"listings": [str(gz["listing"].uuid)]},
            format="json",
        )
    assert resp.status_code == 201 and len(resp.json()) == 5
    opinion = resp.json()[0]["opinions"][0]["uuid"]
    dept = APIClient()
    dept.force_authenticate(department_user("440100", resp.json()[0]["department"]))
    with clock.frozen(D(2026, 5, 8)):
        answered = dept.post(
            f"/api/v1/opinions/{opinion}/answer/",
            {"kind": "objection", "reason": "存在欠税"},
            format="json",
        )
    assert answered.status_code == 200 and answered.json()["kind"] == "objection"
    miit = APIClient()
    miit.force_authenticate(official("national", "000000"))
    with clock.frozen(D(2026, 7, 1)):
        national = miit.post("/api/v1/campaigns/", {}, format="json").json()["uuid"]
        quota = miit.post(
            f"/api/v1/campaigns/{national}/quotas/",
            {"jurisdiction": "440000", "list_type": "factory", "quota": 12, "basis": "测算"},
            format="json",
        )
    assert quota.status_code == 201 and quota.json()["quota"] == 12


def test_a_unit_that_failed_provincial_review_needs_a_new_report_to_go_again_004_11(gz):
    from greenmfg.selection.models import Application
    from tests.cycle import submitted_report
    from tests.factories import unit_user

    consult_without_objection(gz["city"], gz["campaign"], [gz["listing"]], on=D(2026, 5, 7))
    old = Application.objects.create(
        unit=gz["org"],
        campaign=gz["campaign"],
        list_type="factory",
        level="provincial",
        year=2025,
        state="not_approved",
        reviewed_on=D(2025, 8, 1),
    )
    with clock.frozen(D(2026, 5, 20)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=gz["city"], listing=gz["listing"])
    assert _codes(exc) == ["selection.direct_reapplication"]
    assert exc.value.reasons[0].citation.startswith("004 第十一条")
    report = submitted_report(unit_user(gz["org"]), gz["org"], on=D(2026, 5, 10))
    with clock.frozen(D(2026, 5, 20)):
        app = rec.application_recommend(actor=gz["city"], listing=gz["listing"])
    assert app.report_id == report.id and old.state == "not_approved"
