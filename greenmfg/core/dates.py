"""Small date helpers (calendar years; working days live in jurisdictions.calendar)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus ``years`` calendar years (negative to go back); 29 February → 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_before(day: dt.date, years: int) -> dt.date:
    """``day`` minus ``years`` calendar years."""
    return add_years(day, -years)


class UnknownCalendarYear(Exception):
    """The holiday schedule of ``year`` is unknown: an administrator must enter it."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            str(
                _(
                    "{year}年的节假日安排尚未录入：请国家级管理员在“节假日安排”中录入国务院办公厅"
                    "公布的{year}年放假和调休日期后再计算期限。"
                )
            ).format(year=year)
        )


#: the platform's year range: the years a list, a filing, a report or any dated act of
#: green manufacturing can fall in (the first green lists are of 2016; imported history,
#: such as the 2017–2021 national lists, stays well inside). Dates and years outside are
#: refused at input and ignored in query strings (issue 17, items 8 and 11).
YEAR_MIN = 2000
YEAR_MAX = 2100


def plausible_year(value) -> int | None:
    """``value`` (an int or a query-string text) as a year within ``YEAR_MIN``–``YEAR_MAX``,
    else None (not a number, ``0``, negative, ``9999…``)."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if YEAR_MIN <= year <= YEAR_MAX else None


def year_query(params, default: int, name: str = "year") -> int:
    """The year ``params[name]`` (``request.GET`` or ``request.POST``) when plausible,
    else ``default``: a page's filter never fails on ``?year=0`` (issue 17, item 8)."""
    year = plausible_year(params.get(name))
    return default if year is None else year
