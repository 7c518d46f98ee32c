"""Indicator systems (评价指标体系) as data, and their scoring: the public interface.

Each system is a YAML file in ``greenmfg/standards/systems/`` (docs/standards.md):
indicators with a code, names, category, kind (``basic`` = pass/fail gate, ``scored``),
for scored ones a type (qualitative/quantitative), maximum points, unit, direction and
引领值/基准值, and ``verified`` flags saying whether each was seen in a public source.

- :func:`system`, :func:`all_systems` — the shipped systems (``loader``);
- :func:`coerce_value` — check one value (``values``);
- :func:`score` — total, per-category scores, eligibility, explained lines (``scoring``);
- :func:`gap_analysis` — the cheapest steps to a target total (``gap``).
"""

from __future__ import annotations

from greenmfg.standards.gap import GapStep, gap_analysis
from greenmfg.standards.loader import SYSTEMS_DIR, SystemFileError, all_systems, system
from greenmfg.standards.model import (
    Category,
    CategoryScore,
    Indicator,
    IndicatorSystem,
    Measured,
    PlatformFunction,
    ScoreInputError,
    ScoreResult,
)
from greenmfg.standards.scoring import (
    coerce_all,
    fraction,
    linear_fraction,
    ratio_fraction,
    score,
    total_of,
)
from greenmfg.standards.values import coerce_value, fmt

__all__ = [
    "SYSTEMS_DIR",
    "Category",
    "CategoryScore",
    "GapStep",
    "Indicator",
    "IndicatorSystem",
    "Measured",
    "PlatformFunction",
    "ScoreInputError",
    "ScoreResult",
    "SystemFileError",
    "all_systems",
    "coerce_all",
    "coerce_value",
    "fmt",
    "fraction",
    "gap_analysis",
    "linear_fraction",
    "ratio_fraction",
    "score",
    "system",
    "total_of",
]
