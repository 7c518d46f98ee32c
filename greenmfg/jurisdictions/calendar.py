"""Working days in mainland China (GLOSSARY: 工作日), and period counting.

A working day is Monday–Friday unless the State Council's schedule makes it a
holiday, plus the weekend days it makes working days (调休上班). Years that
``chinese-calendar`` knows (2004–2026 in 1.11) come from it; later years come from
the :class:`~greenmfg.jurisdictions.models.CalendarYear` table that a national
administrator fills in. A date in a year known to neither raises
:class:`UnknownCalendarYear`: deadlines are never guessed (fail closed).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar

from greenmfg.core.dates import UnknownCalendarYear
from greenmfg.jurisdictions.models import CalendarDay, CalendarYear

ONE_DAY = dt.timedelta(days=1)


def _chinese_calendar_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=64)
def _library_year(year: int) -> bool:
    return _chinese_calendar_knows(year)


def _admin_year(year: int) -> dict[dt.date, bool] | None:
    if not CalendarYear.objects.filter(year=year).exists():
        return None
    return dict(CalendarDay.objects.filter(year__year=year).values_list("date", "is_working_day"))


def known_years() -> list[int]:
    """Years whose schedule is known, from either source."""
    years = {y for y in range(2004, 2100) if _library_year(y)}
    years.update(CalendarYear.objects.values_list("year", flat=True))
    return sorted(years)


class WorkingCalendar:
    """Answers ``is_working_day`` for any known date; caches administrator years.

    Use one instance per computation (it caches the database table per year).
    """

    def __init__(self) -> None:
        self._admin_cache: dict[int, dict[dt.date, bool] | None] = {}

    def _admin(self, year: int) -> dict[dt.date, bool] | None:
        if year not in self._admin_cache:
            self._admin_cache[year] = _admin_year(year)
        return self._admin_cache[year]

    def is_working_day(self, day: dt.date) -> bool:
        """True on a working day; raises :class:`UnknownCalendarYear` if unknown."""
        admin = self._admin(day.year)
        if admin is not None:
            if day in admin:
                return admin[day]
            return day.weekday() < 5
        if _library_year(day.year):
            return chinese_calendar.is_workday(day)
        raise UnknownCalendarYear(day.year)

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the next working day."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: dt.date, n: int, *, count_start: bool = True) -> dt.date:
        """The date of the ``n``-th working day from ``start``.

        ``count_start=True``: ``start`` is day 1 when it is a working day (the
        publication day counts, as in MIIT's 2023 notice 11-08 → 11-22);
        ``count_start=False``: counting begins the next day (《民法典》第二百零一条).
        """
        if n < 1:
            raise ValueError("n must be at least 1")
        day = start if count_start else start + ONE_DAY
        counted = 0
        while True:
            if self.is_working_day(day):
                counted += 1
                if counted == n:
                    return day
            day += ONE_DAY


def period_end(
    start: dt.date,
    length: int,
    unit: str,
    *,
    count_start: bool = True,
    extend_past_holiday: bool = True,
    calendar: WorkingCalendar | None = None,
) -> tuple[dt.date, dt.date]:
    """First and last day of a period of ``length`` days that starts on ``start``.

    ``unit`` is ``working_days`` or ``calendar_days``. With ``count_start`` the start
    date is day 1 (for working days: when it is a working day); otherwise day 1 is the
    next day (《民法典》第二百零一条). For calendar days, ``extend_past_holiday`` moves a
    last day that falls on a rest day to the next working day (《民法典》第二百零三条).
    Returns ``(first_day, last_day)``; raises :class:`UnknownCalendarYear` when a
    needed year is not known.
    """
    cal = calendar or WorkingCalendar()
    if unit == "working_days":
        first = cal.next_working_day(start if count_start else start + ONE_DAY)
        last = cal.add_working_days(first, length, count_start=True)
        return first, last
    if unit == "calendar_days":
        first = start if count_start else start + ONE_DAY
        last = first + dt.timedelta(days=length - 1)
        if extend_past_holiday:
            last = cal.next_working_day(last)
        return first, last
    raise ValueError(f"unknown period unit {unit!r}")
