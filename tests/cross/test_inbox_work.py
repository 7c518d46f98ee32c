"""待办 that drives the work, 已办, one clock (issue 18 item 3): each role's inbox lists
what the platform expects of it now — overdue and due dynamic forms (officials and
units), the open registration window and campaign of a unit — each with its deadline
and a countdown from the platform date, the most urgent first; 已办 lists the user's own
acts from the audit record; the page and the API stay within a fixed query budget."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from greenmfg.audit.labels import action_label
from greenmfg.core import clock
from greenmfg.core import inbox as inbox_registry
from greenmfg.core.inbox import InboxItem, inbox_for
from greenmfg.cultivation import services as pool
from greenmfg.portal.services import platform_date_set
from greenmfg.selection import services as selection
from greenmfg.supervision.dynamic import obligations
from tests import cycle
from tests.oversight import filed_form, list_unit, listed_unit, officer

pytestmark = pytest.mark.django_db

#: the Guangzhou dynamic form deadline of filing year 2026 (004 第十三条: 04-01)
GZ_DEADLINE = dt.date(2026, 4, 1)


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def kinds(user) -> dict[str, list[InboxItem]]:
    """The user's inbox by kind; every kind shown has its label (never the raw code)."""
    out: dict[str, list[InboxItem]] = {}
    for item in inbox_for(user):
        assert item.kind_label != item.kind, f"{item.kind} has no label (register_kinds)"
        out.setdefault(item.kind, []).append(item)
    return out


def guangzhou_units(n: int, *, district: str = "440106", prefix: str = "广州逾期企业"):
    """``n`` units of Guangzhou on the 2024 municipal list (they file in 2026)."""
    return [listed_unit(district, name=f"{prefix}{i}") for i in range(n)]


# --- officials: overdue and due dynamic forms ----------------------------------------------------


def test_guangzhou_city_inbox_lists_overdue_dynamic_forms_with_count_and_countdown_004_13(
    cast,
):
    late = guangzhou_units(2) + guangzhou_units(1, district="440104", prefix="越秀逾期企业")
    on_time_unit, on_time_user = listed_unit("440106", name="按时填报企业")
    officer(on_time_user, on_time_unit)
    filed_form(on_time_user, on_time_unit, on=dt.date(2026, 3, 20))
    with clock.frozen("2026-04-06"):
        item = kinds(cast.guangzhou)["dynamic_forms_overdue"][0]
        # the number is the overdue page's: every unit overdue within Guangzhou
        overdue = obligations.overdue(2026, cast.guangzhou.authority.jurisdiction, clock.today())
        assert item.count == len({ob.unit.pk for ob in overdue}) == len(late) == 3
        assert item.due_on == GZ_DEADLINE  # 004 第十三条: 04-01
        assert item.href == reverse("overdue_list") + "?year=2026"
        page = client_for(cast.guangzhou).get(reverse("inbox")).content.decode()
        assert "3家单位逾期未填报2026年动态管理表" in page
        assert "已逾期 5 天" in page and "2026-04-01" in page
        # the district does not review Guangzhou's forms (the city does: 000 第十九条)
        assert "dynamic_forms_overdue" not in kinds(cast.tianhe)


def test_guangzhou_city_inbox_counts_units_not_yet_filed_before_the_deadline_004_13(cast):
    guangzhou_units(2)
    with clock.frozen("2026-03-10"):
        found = kinds(cast.guangzhou)
        assert "dynamic_forms_overdue" not in found
        due = found["dynamic_forms_due"][0]
        assert (due.count, due.due_on, due.days_left(clock.today())) == (2, GZ_DEADLINE, 22)
        page = client_for(cast.guangzhou).get(reverse("inbox")).content.decode()
        assert "2家单位尚未提交2026年动态管理表" in page and "剩余 22 天" in page
    with clock.frozen("2026-01-12"):  # more than the first reminder (30 days) ahead
        assert "dynamic_forms_due" not in kinds(cast.guangzhou)


# --- units: their own form, the window, the campaign ----------------------------------------------


def test_unit_inbox_shows_its_dynamic_form_due_then_overdue_until_submitted_004_13():
    unit, user = listed_unit("440106", name="广州待填企业")
    officer(user, unit)
    with clock.frozen("2026-03-25"):
        (item,) = kinds(user)["dynamic_form_due"]
        assert (item.due_on, item.href) == (GZ_DEADLINE, reverse("oversight_home"))
        assert "2025年度动态管理表" in item.label
        assert "剩余 7 天" in client_for(user).get(reverse("inbox")).content.decode()
    with clock.frozen("2026-04-04"):
        page = client_for(user).get(reverse("inbox")).content.decode()
        assert "已逾期 3 天" in page
    form = filed_form(user, unit, on=dt.date(2026, 4, 4))
    with clock.frozen("2026-04-04"):
        assert not {"dynamic_form_due", "dynamic_form"} & set(kinds(user))
    assert form.first_submitted_on == dt.date(2026, 4, 4)


def test_unit_inbox_shows_a_draft_dynamic_form_with_the_deadline_004_13():
    from greenmfg.supervision.dynamic import services as dynamic

    unit, user = listed_unit("440106", name="广州草稿企业")
    with clock.frozen("2026-03-02"):
        form = dynamic.form_create(actor=user, unit=unit, list_type="factory", data_year=2025)
        found = kinds(user)
        assert "dynamic_form_due" not in found
        (item,) = found["dynamic_form"]
        assert (item.uuid, item.due_on) == (str(form.uuid), GZ_DEADLINE)


def test_unit_inbox_shows_the_open_registration_window_of_the_pool_004_9(cast):
    user = cast.enterprise_user
    with clock.frozen("2026-01-12"):
        (item,) = kinds(user)["registration_window"]
        assert (item.due_on, item.href) == (dt.date(2026, 1, 31), reverse("registration_new"))
        page = client_for(user).get(reverse("inbox")).content.decode()
        assert "培育入库登记开放" in page and "剩余 19 天" in page
        pool.registration_create(
            actor=user, unit=cast.enterprise, list_type="factory", data=cycle.registration_data()
        )
        found = kinds(user)
        assert "registration_window" not in found and "registration" in found
    with clock.frozen("2026-02-01"):  # after 每年1月
        assert "registration_window" not in kinds(cast.other_enterprise_user)


def test_unit_inbox_shows_the_open_campaign_to_a_candidate_until_it_applies_004_10(cast):
    user, unit = cast.enterprise_user, cast.enterprise
    cycle.candidate(user, unit, cast.tianhe, cast.guangzhou)
    campaign = cycle.campaign(cast.guangzhou)
    with clock.frozen(cycle.APRIL):
        (item,) = kinds(user)["campaign_open"]
        assert (item.label, item.href) == (campaign.title, reverse("application_new"))
        rules_end = None
        from greenmfg.jurisdictions.rulesets import rules_for

        rules = rules_for(campaign.jurisdiction)
        if rules.has("selection.municipal.application_window"):
            rules_end = rules.window("selection.municipal.application_window", 2026)[1]
        assert item.due_on == (campaign.deadline or rules_end)
        # a unit that is no candidate cannot apply in Guangzhou (004 第十条)
        assert "campaign_open" not in kinds(cast.other_enterprise_user)
    report = cycle.submitted_report(user, unit)
    with clock.frozen(cycle.APRIL):
        selection.application_create(actor=user, unit=unit, list_type="factory", report=report)
        assert "campaign_open" not in kinds(user)


# --- order, countdown, API -------------------------------------------------------------------------


def test_items_with_a_deadline_come_first_most_urgent_first(cast, monkeypatch):
    def provider(user, limit):
        return [
            InboxItem("x", "无期限", "registration_detail", "", "", None),
            InboxItem("x", "后天", "", "", "", None, due_on=dt.date(2026, 1, 14), url="/b/"),
            InboxItem("x", "已逾期", "", "", "", None, due_on=dt.date(2026, 1, 2), url="/a/"),
        ]

    monkeypatch.setitem(inbox_registry._PROVIDERS, "zz_test", (999, provider))
    with clock.frozen("2026-01-12"):
        mine = [i for i in inbox_for(cast.guangzhou) if i.kind == "x"]
        assert [i.label for i in mine] == ["已逾期", "后天", "无期限"]
        assert [i.days_left(clock.today()) for i in mine] == [-10, 2, None]


def test_api_inbox_gives_due_on_days_left_and_count(cast):
    guangzhou_units(2)
    c = client_for(cast.guangzhou)
    with clock.frozen("2026-04-06"):
        rows = c.get("/api/v1/inbox/").json()
    (row,) = [r for r in rows if r["kind"] == "dynamic_forms_overdue"]
    assert (row["due_on"], row["days_left"], row["count"]) == ("2026-04-01", -5, 2)
    assert row["page"] == "/oversight/overdue/?year=2026"
    with clock.frozen("2026-01-12"):
        rows = client_for(cast.enterprise_user).get("/api/v1/inbox/").json()
    assert {r["kind"]: r["due_on"] for r in rows}["registration_window"] == "2026-01-31"


# --- 已办 ------------------------------------------------------------------------------------------


def test_done_lists_ones_own_acts_newest_first_and_not_another_users(cast):
    user, other = cast.enterprise_user, cast.other_enterprise_user
    with clock.frozen("2026-01-12"):
        reg = pool.registration_create(
            actor=user, unit=cast.enterprise, list_type="factory", data=cycle.registration_data()
        )
        pool.registration_submit(actor=user, registration=reg)
        pool.registration_create(
            actor=other,
            unit=cast.other_enterprise,
            list_type="factory",
            data=cycle.registration_data(),
        )
    resp = client_for(user).get(reverse("inbox") + "?tab=done")
    page = resp.content.decode()
    rows = resp.context["done"]
    assert len(rows) == 2
    assert [r["action"] for r in rows] == [
        action_label("registration.submit"),  # 登记表 · 提交, the newest first
        action_label("registration.create"),
    ]
    assert rows[0]["date"] == dt.date(2026, 1, 12)  # the platform date of the act
    assert rows[0]["url"] == reverse("registration_detail", args=[reg.uuid])
    assert str(cast.enterprise) in page and str(cast.other_enterprise) not in page
    assert "2026-01-12" in page
    assert (
        client_for(other).get(reverse("inbox") + "?tab=done").context["done"][0]["label"]
        != (rows[0]["label"])
    )


def test_done_is_paginated(cast, monkeypatch):
    from greenmfg.portal import views

    monkeypatch.setattr(views, "DONE_PAGE", 1)
    user = cast.enterprise_user
    with clock.frozen("2026-01-12"):
        reg = pool.registration_create(
            actor=user, unit=cast.enterprise, list_type="factory", data=cycle.registration_data()
        )
        pool.registration_submit(actor=user, registration=reg)
    c = client_for(user)
    first = c.get(reverse("inbox") + "?tab=done")
    second = c.get(reverse("inbox") + "?tab=done&page=2")
    assert first.context["page"].paginator.num_pages == 2
    assert first.context["done"][0]["action"] != second.context["done"][0]["action"]


# --- one clock -------------------------------------------------------------------------------------


def test_inbox_shows_only_the_platform_date_not_the_servers_time(cast):
    user = cast.enterprise_user
    with clock.frozen("2026-01-12"):
        pool.registration_create(
            actor=user, unit=cast.enterprise, list_type="factory", data=cycle.registration_data()
        )
        page = client_for(user).get(reverse("inbox")).content.decode()
    real = timezone.localtime()
    assert real.strftime("%H:%M") not in page.split('data-testid="inbox"')[1]
    if real.date() != dt.date(2026, 1, 12):
        assert real.date().isoformat() not in page


# --- query budgets -------------------------------------------------------------------------------

#: the inbox page and the API (session, user, authority, jurisdiction, one query per
#: kind of every provider, the obligations' listings, units, ancestors and forms): 19
#: measured for a city with 30 overdue units, the same whatever the number of units
PAGE_BUDGET = 19
API_BUDGET = 19
#: a unit's inbox: its own kinds plus the pool's window and the city's campaign (the
#: pool jurisdiction's ancestors are read a few times): 20 measured, whatever the rows
UNIT_BUDGET = 20


@pytest.mark.parametrize("n", [0, 30])
def test_city_inbox_with_0_or_30_overdue_units_runs_the_same_query_budget(
    cast, django_assert_max_num_queries, n
):
    guangzhou_units(n)
    c = client_for(cast.guangzhou)
    with clock.frozen("2026-04-06"):
        c.get(reverse("inbox"))  # warm the session
        with django_assert_max_num_queries(PAGE_BUDGET):
            page = c.get(reverse("inbox")).content.decode()
        with django_assert_max_num_queries(API_BUDGET):
            c.get("/api/v1/inbox/")
    assert (f"{n}家单位逾期未填报" in page) == bool(n)


@pytest.mark.parametrize("n", [1, 8])
def test_unit_inbox_and_done_stay_within_budget(cast, django_assert_max_num_queries, n):
    """A listed unit with its form due and n acts of its own in the audit record."""
    from greenmfg.audit.services import record_event

    user = cast.enterprise_user
    list_unit(cast.enterprise, "municipal")
    with clock.frozen("2026-01-12"):
        for _i in range(n):
            record_event(actor=user, action="registration.create", obj=cast.enterprise)
    c = client_for(user)
    with clock.frozen("2026-01-12"):
        c.get(reverse("inbox"))
        with django_assert_max_num_queries(UNIT_BUDGET):
            assert "dynamic_form_due" in c.get(reverse("inbox")).content.decode()
        with django_assert_max_num_queries(8):
            resp = c.get(reverse("inbox") + "?tab=done")
    assert len(resp.context["done"]) == n


# --- consultations (004 第十一条) ---------------------------------------------------------------


def test_consultation_opinions_due_for_departments_and_objections_to_resolve_for_the_city_004_11():
    from greenmfg.recommendation import services as rec
    from greenmfg.selection import services as selection_services
    from tests.factories import department_user, official

    unit, _user = listed_unit("440106", name="广州协商待办企业")
    listing = unit.listings.get()
    city = official("city", "440100")
    with clock.frozen("2026-05-06"):
        campaign = selection_services.campaign_open(actor=official("province", "440000"))
    with clock.frozen("2026-05-07"):
        (eco,) = [
            c
            for c in rec.consultation_open(actor=city, campaign=campaign, listings=[listing])
            if c.department == "生态环境"
        ]
    dept = department_user("440100", "生态环境")
    with clock.frozen("2026-05-08"):
        (item,) = kinds(dept)["opinion"]
        assert item.due_on == eco.due_on and item.href == reverse(
            "consultation_detail", args=[eco.uuid]
        )
        assert "opinion_objection" not in kinds(city)
        rec.opinion_record(
            actor=dept, opinion=eco.opinions.get(), kind="objection", reason="有环保处罚未整改"
        )
        assert "opinion" not in kinds(dept)
        (todo,) = kinds(city)["opinion_objection"]
        assert todo.label == f"生态环境 · {unit}"
        rec.opinion_resolve(actor=city, opinion=eco.opinions.get(), resolution="已整改并撤回")
        assert "opinion_objection" not in kinds(city)


def test_candidate_sees_its_clean_production_renewal_due_then_lapsed_004_7_1_2():
    from tests.cultivation.test_fidelity_pool import _gz_candidate_lapsing

    _org, user, district, _city, reg = _gz_candidate_lapsing(dt.date(2026, 3, 31))
    with clock.frozen("2026-02-28"):  # 31 days ahead: nothing yet
        assert "clean_production_expiring" not in kinds(user)
    with clock.frozen("2026-03-21"):
        (item,) = kinds(user)["clean_production_expiring"]
        assert (item.uuid, item.due_on) == (str(reg.uuid), dt.date(2026, 3, 31))
        assert "剩余 10 天" in client_for(user).get(reverse("inbox")).content.decode()
        assert "clean_production_expiring" in kinds(district)
    with clock.frozen("2026-04-03"):
        found = kinds(user)
        assert "clean_production_expiring" not in found
        assert found["clean_production_lapsed"][0].due_on == dt.date(2026, 3, 31)
        assert "已逾期 3 天" in client_for(user).get(reverse("inbox")).content.decode()


def test_done_names_a_moved_platform_date_in_chinese(cast, settings):
    """已办 of a user who moved the demo platform date reads 平台日期, not an English
    object label (issue 18 item 4: no raw English in the Chinese UI)."""
    settings.GREENMFG_DEMO_CLOCK = True
    settings.GREENMFG_TODAY = ""
    platform_date_set(actor=cast.guangzhou, day=dt.date(2026, 4, 6))
    page = client_for(cast.guangzhou).get(reverse("inbox") + "?tab=done").content.decode()
    assert "平台日期" in page and "platform date" not in page
