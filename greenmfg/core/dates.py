"""Small date helpers (calendar years; working days live in jurisdictions.calendar)."""

from __future__ import annotations

import datetime as dt


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus ``years`` calendar years (negative to go back); 29 February → 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def years_before(day: dt.date, years: int) -> dt.date:
    """``day`` minus ``years`` calendar years."""
    return add_years(day, -years)
