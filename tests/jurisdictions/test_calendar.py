"""Working days and notice periods (GLOSSARY 工作日; 《民法典》第二百零一条、第二百零三条)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from greenmfg.core.dates import UnknownCalendarYear
from greenmfg.jurisdictions.calendar import WorkingCalendar, period_end
from greenmfg.jurisdictions.models import CalendarDay, CalendarYear

D = dt.date
HOLIDAYS_CN = Path(__file__).parents[1] / "data" / "holidays_cn"

pytestmark = pytest.mark.django_db


def test_ten_working_days_across_2025_national_day_start_day_counts():
    """Fri 2025-09-26 is day 1; 09-28 (Sunday) is a make-up working day; 10-01..08 are off."""
    assert WorkingCalendar().add_working_days(D(2025, 9, 26), 10) == D(2025, 10, 15)


def test_ten_working_days_across_2025_national_day_counting_from_next_day():
    """《民法典》第二百零一条: counting from the next day moves the end one working day."""
    assert WorkingCalendar().add_working_days(D(2025, 9, 26), 10, count_start=False) == D(
        2025, 10, 16
    )


def test_make_up_saturday_2026_02_28_is_a_working_day():
    cal = WorkingCalendar()
    assert cal.is_working_day(D(2026, 2, 28))
    assert not cal.is_working_day(D(2026, 2, 16))  # 春节
    assert cal.add_working_days(D(2026, 2, 10), 10) == D(2026, 2, 28)


def test_guangdong_10_working_day_notice_over_national_day_000_13():
    first, last = period_end(D(2025, 9, 26), 10, "working_days")
    assert (first, last) == (D(2025, 9, 26), D(2025, 10, 15))


def test_working_day_notice_starting_on_a_holiday_starts_on_next_working_day():
    first, last = period_end(D(2025, 10, 3), 5, "working_days")
    assert first == D(2025, 10, 9)
    assert last == D(2025, 10, 14)  # 9, 10, 11 (make-up Saturday), 13, 14
    cal = WorkingCalendar()
    counted = [
        d
        for d in (first + dt.timedelta(n) for n in range((last - first).days + 1))
        if cal.is_working_day(d)
    ]
    assert len(counted) == 5


def test_calendar_day_notice_ending_on_holiday_extends_civil_code_203():
    """7 calendar days from 2025-09-26 end on 10-02, a holiday: the period ends on the
    next working day, 10-09 (《民法典》第二百零三条)."""
    assert period_end(D(2025, 9, 26), 7, "calendar_days") == (D(2025, 9, 26), D(2025, 10, 9))
    assert period_end(D(2025, 9, 26), 7, "calendar_days", extend_past_holiday=False) == (
        D(2025, 9, 26),
        D(2025, 10, 2),
    )


def test_national_15_day_notice_2023_11_08_to_11_22_inclusive():
    """MIIT's 2023 notice ran 11-08 to 11-22: 15 calendar days, day 1 = publication day."""
    assert period_end(D(2023, 11, 8), 15, "calendar_days") == (D(2023, 11, 8), D(2023, 11, 22))


def test_unknown_year_is_a_clear_error_naming_what_to_enter():
    with pytest.raises(UnknownCalendarYear) as exc:
        WorkingCalendar().is_working_day(D(2027, 3, 1))
    assert "2027" in str(exc.value)
    assert "节假日安排" in str(exc.value)


def test_notice_crossing_into_unknown_year_fails_closed():
    with pytest.raises(UnknownCalendarYear):
        period_end(D(2026, 12, 24), 10, "working_days")


def test_administrator_entered_year_is_used():
    year = CalendarYear.objects.create(year=2027, document="国办发明电〔2026〕X号")
    CalendarDay.objects.create(year=year, date=D(2027, 1, 1), is_working_day=False, name="元旦")
    CalendarDay.objects.create(
        year=year, date=D(2027, 1, 2), is_working_day=True, name="元旦调休"
    )  # a Saturday
    cal = WorkingCalendar()
    assert not cal.is_working_day(D(2027, 1, 1))
    assert cal.is_working_day(D(2027, 1, 2))
    assert cal.is_working_day(D(2027, 1, 4))
    assert not cal.is_working_day(D(2027, 1, 3))  # plain Sunday


@pytest.mark.parametrize("year", range(2019, 2027))
def test_chinese_calendar_agrees_with_holiday_cn_schedule(year):
    """The library's data match the State Council schedules as published by holiday-cn."""
    data = json.loads((HOLIDAYS_CN / f"{year}.json").read_text(encoding="utf-8"))
    cal = WorkingCalendar()
    for day in data["days"]:
        d = D.fromisoformat(day["date"])
        assert cal.is_working_day(d) is (not day["isOffDay"]), (d, day["name"])
