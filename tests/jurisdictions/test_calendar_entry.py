"""A national administrator enters a year's holiday schedule (GLOSSARY 工作日): the
years chinese-calendar does not know (2027 here) become computable; bad lines are
refused naming the line; only national officials may enter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.jurisdictions.calendar import WorkingCalendar, period_end
from greenmfg.jurisdictions.services import calendar_year_enter
from tests.factories import official

D = dt.date
pytestmark = pytest.mark.django_db

LINES_2027 = "2027-01-01 休 元旦\n2027-02-06 班 春节调休\n2027-02-08 休 春节\n2027-02-09 休 春节"


def test_entered_2027_schedule_makes_2027_deadlines_computable():
    miit = official("national", "000000")
    calendar_year_enter(actor=miit, year=2027, document="国办发明电〔2026〕7号", text=LINES_2027)
    cal = WorkingCalendar()
    assert not cal.is_working_day(D(2027, 1, 1))
    assert cal.is_working_day(D(2027, 2, 6))  # a Saturday made a working day
    # 12/24, 25, 28, 29, 30, 31, then 1/1 off, 1/4, 5, 6, 7
    assert period_end(D(2026, 12, 24), 10, "working_days") == (D(2026, 12, 24), D(2027, 1, 7))


def test_bad_lines_are_refused_naming_the_line_and_nothing_is_stored():
    miit = official("national", "000000")
    text = "2027-01-01 休 元旦\n2027-01-04 班 x\n2027-13-01 休\n2026-12-31 休"
    with pytest.raises(RuleViolation) as exc:
        calendar_year_enter(actor=miit, year=2027, document="国办发明电〔2026〕7号", text=text)
    messages = " ".join(r.message for r in exc.value.reasons)
    assert "第2行" in messages and "第3行" in messages and "第4行" in messages
    from greenmfg.jurisdictions.models import CalendarYear

    assert not CalendarYear.objects.filter(year=2027).exists()


def test_only_national_officials_may_enter_a_schedule(city_official):
    with pytest.raises(NotPermitted):
        calendar_year_enter(actor=city_official, year=2027, document="x", text=LINES_2027)


def test_calendar_page_shows_entered_years_and_offers_the_form_to_national_officials(
    client, city_official
):
    miit = official("national", "000000")
    calendar_year_enter(actor=miit, year=2027, document="国办发明电〔2026〕7号", text=LINES_2027)
    page = client.get(reverse("calendar_index")).content.decode()
    assert "国办发明电〔2026〕7号" in page and "calendar-form" not in page
    client.force_login(city_official)
    assert "calendar-form" not in client.get(reverse("calendar_index")).content.decode()
    client.force_login(miit)
    resp = client.post(
        reverse("calendar_index"),
        {"year": 2028, "document": "国办发明电〔2027〕X号", "days": "2028-01-03 休 元旦"},
        follow=True,
    )
    assert "2028" in resp.content.decode()
