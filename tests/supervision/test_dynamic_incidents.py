"""Major incidents: reported upward in real time (000 第十九条, 002 第十九条, 004 第十四条)
or within 3 days in Luoyang (003 第十七条), overdue reports flagged; removed at once from
every level's list (000 第二十一条, 002 第二十条) or, in Guangzhou, from the municipal list
with a report to the province (004 第十六条); announced publicly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.eligibility.models import CreditRecord
from greenmfg.register.models import ListingStatus
from greenmfg.supervision.incidents import services as incidents
from greenmfg.supervision.models import (
    AnnouncementKind,
    IncidentState,
    RemovalKind,
    UpwardReport,
    UpwardState,
)
from tests.oversight import city_official, district_official, listed_unit

pytestmark = pytest.mark.django_db


def record(official, unit, *, occurred, found=None, kind="safety_accident", on=None):
    with clock.frozen(on or found or occurred):
        return incidents.incident_record(
            actor=official,
            unit=unit,
            kind=kind,
            occurred_on=dt.date.fromisoformat(occurred),
            found_on=dt.date.fromisoformat(found) if found else None,
            description="车间爆燃，造成重大人员伤亡",
            source_document="应急管理部门事故认定",
        )


@pytest.mark.parametrize(
    "report_on,overdue",
    [("2026-05-13", False), ("2026-05-14", True)],
    ids=["day-3-in-time", "day-4-overdue"],
)
def test_luoyang_incident_reported_within_3_days_003_17(report_on, overdue):
    unit, _ = listed_unit("410305", "provincial")
    county = district_official("410305")
    inc = record(county, unit, occurred="2026-05-10", found="2026-05-11")
    assert inc.report_due_on == dt.date(2026, 5, 13)
    assert inc.report_due_ref.startswith("003 第十七条")
    assert not inc.report_overdue_on(dt.date(2026, 5, 13))
    assert inc.report_overdue_on(dt.date(2026, 5, 14))
    with clock.frozen(report_on):
        inc = incidents.incident_report(actor=county, incident=inc)
    assert inc.state == IncidentState.REPORTED
    assert inc.reported_to.code == "410300"
    assert inc.report_overdue_on(dt.date(2026, 12, 31)) is overdue


@pytest.mark.parametrize(
    "district,article",
    [
        ("440106", "004 第十四条（实时上报）"),
        ("350203", "002 第十九条（实时上报）"),
        ("440304", "000 第十九条（实时上报）"),
    ],
    ids=["guangzhou-004-14", "xiamen-002-19", "guangdong-000-19"],
)
def test_real_time_report_is_due_the_day_the_incident_is_found(district, article):
    unit, _ = listed_unit(district)
    official = district_official(district)
    inc = record(official, unit, occurred="2026-05-10", found="2026-05-12")
    assert inc.report_due_on == dt.date(2026, 5, 12)
    assert inc.report_due_ref == article
    with clock.frozen("2026-05-13"):
        inc = incidents.incident_report(actor=official, incident=inc)
    assert inc.report_overdue_on(dt.date(2026, 5, 13))


def test_only_the_recording_authority_reports_it_and_a_credit_record_is_written():
    unit, _ = listed_unit("440106")
    inc = record(district_official("440106"), unit, occurred="2026-05-10")
    with clock.frozen("2026-05-10"), pytest.raises(NotPermitted):
        incidents.incident_report(actor=district_official("440104"), incident=inc)
    assert CreditRecord.objects.filter(uscc=unit.uscc, kind="safety_accident").exists()


def test_incident_of_an_unlisted_unit_is_refused():
    from tests.factories import OrganisationFactory

    unit = OrganisationFactory(district="440106")
    with clock.frozen("2026-05-10"), pytest.raises(RuleViolation) as exc:
        incidents.incident_record(
            actor=district_official("440106"),
            unit=unit,
            kind="safety_accident",
            occurred_on=dt.date(2026, 5, 10),
            description="事故",
        )
    assert [(r.code, r.citation) for r in exc.value.reasons] == [("incident.not_listed", "")]


@pytest.mark.parametrize(
    "district",
    ["440304", "410305"],
    # Xiamen adjusts its municipal list and reports the upper ones (002 第二十条; see
    # tests/supervision/test_fidelity_reporting.py)
    ids=["guangdong-000-21", "luoyang-003-18-4"],
)
def test_immediate_removal_from_every_level_000_21(district):
    unit, _ = listed_unit(district, "municipal", "provincial", "national")
    city = city_official(district)
    inc = record(
        district_official(district), unit, occurred="2026-05-10", kind="environmental_event"
    )
    with clock.frozen("2026-05-11"):
        removal = incidents.immediate_removal(actor=city, incident=inc)
    assert removal.kind == RemovalKind.IMMEDIATE
    assert removal.cause == "grade_ii_environmental_event"
    assert removal.levels == ["municipal", "national", "provincial"]
    assert set(unit.listings.values_list("status", flat=True)) == {ListingStatus.REMOVED}
    assert removal.announcement.kind == AnnouncementKind.IMMEDIATE
    assert not UpwardReport.objects.filter(removal=removal).exists()
    assert CreditRecord.objects.filter(uscc=unit.uscc, kind="green_list_removal").exists()


def test_guangzhou_removes_from_the_municipal_list_and_reports_to_the_province_004_16():
    unit, _ = listed_unit("440106", "municipal", "provincial", "national")
    city = city_official("440106")
    inc = record(district_official("440106"), unit, occurred="2026-05-10")
    with clock.frozen("2026-05-11"):
        removal = incidents.immediate_removal(actor=city, incident=inc)
    statuses = dict(unit.listings.values_list("level", "status"))
    assert statuses == {"municipal": "removed", "provincial": "active", "national": "active"}
    assert removal.levels == ["municipal"]
    assert "004 第十六条" in removal.citation
    reports = UpwardReport.objects.filter(removal=removal).order_by("to_level")
    assert [(r.to_level, r.to_jurisdiction.code, r.state) for r in reports] == [
        ("national", "440000", UpwardState.SUBMITTED),
        ("provincial", "440000", UpwardState.SUBMITTED),
    ]
    assert reports[0].submitted_on == dt.date(2026, 5, 11)


def test_district_official_cannot_remove():
    unit, _ = listed_unit("440106")
    tianhe = district_official("440106")
    inc = record(tianhe, unit, occurred="2026-05-10")
    with clock.frozen("2026-05-11"), pytest.raises(NotPermitted):
        incidents.immediate_removal(actor=tianhe, incident=inc)


def test_removal_is_announced_on_the_public_page():
    unit, _ = listed_unit("350203")
    city = city_official("350203")
    inc = record(district_official("350203"), unit, occurred="2026-05-10")
    with clock.frozen("2026-05-11"):
        removal = incidents.immediate_removal(actor=city, incident=inc)
        with pytest.raises(RuleViolation) as exc:
            incidents.immediate_removal(actor=city, incident=inc)
        assert [(r.code, r.citation) for r in exc.value.reasons] == [
            ("removal.done", ""),
            ("removal.not_listed", ""),
        ]
    client = Client()
    index = client.get(reverse("announcement_index")).content.decode()
    assert removal.announcement.title in index
    detail = client.get(reverse("announcement_detail", args=[removal.announcement.uuid]))
    assert unit.name in detail.content.decode()
    assert "002 第二十条" in detail.content.decode()
