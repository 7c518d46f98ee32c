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
