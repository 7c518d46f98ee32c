"""The data model of an indicator system (评价指标体系): systems, categories,
indicators, the values a report holds and the result of scoring them.

Each field that carries a number from a standard also says whether the number was
seen in a public source (``verified``, ``points_verified``, ``thresholds_verified``,
a category weight's ``verified``); an unknown number is a value marked unverified,
never a silent constant. The files are described in docs/standards.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils.translation import get_language

#: how a value is entered for a scored indicator
ENTRY_MET = "met"  # qualitative: met (full points) or not met (0)
ENTRY_POINTS = "points"  # the evaluator enters points 0..max_points
ENTRY_MEASURED = "measured"  # quantitative: a measured value scored against 基准值/引领值

MODEL_POINTS = "points"  # total = Σ item points
MODEL_WEIGHTED = "weighted_categories"  # total = Σ (Σ item points / category max × 100) × weight

METHOD_LINEAR = "linear"  # GB/T 36132-2025 5.2: linear between 基准值 and 引领值
METHOD_RATIO = "ratio"  # park GI: value / 引领值 (reverse: 引领值 / value), capped at 1

HIGHER_BETTER = "higher_better"
LOWER_BETTER = "lower_better"


def _english() -> bool:
    return (get_language() or "").startswith("en")


class ScoreInputError(ValueError):
    """A value does not fit its indicator (the message names the indicator and the rule)."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class PlatformFunction:
    """One function of a management platform counted by an indicator (C-04: 12)."""

    seq: int
    name: str
    name_en: str = ""

    @property
    def label(self) -> str:
        return self.name_en if _english() and self.name_en else self.name


@dataclass(frozen=True)
class Indicator:
    """One indicator.

    ``kind``: ``basic`` (a pass/fail requirement; ``gate`` false = encouraged item that
    never makes the result ineligible) or ``scored`` (0..``max_points``). A scored
    indicator has a ``type`` (qualitative/quantitative) and an ``entry``: ``met``,
    ``points`` or ``measured`` (see module constants). A measured indicator has a
    ``unit``, a ``direction`` and ``lead_value``/``base_value`` (引领值/基准值) when the
    standard fixes them, else None: the values are supplied with each evaluation.
    """

    code: str
    name: str
    category: str
    kind: str
    max_points: Decimal = Decimal(0)
    verified: bool = False
    name_en: str = ""
    evidence: str = ""
    covers: tuple[str, ...] = ()
    gate: bool = True
    type: str = ""
    entry: str = ""
    indicator_type: str = ""
    requirement: str = ""
    requirement_text: str = ""
    points_verified: bool = False
    unit: str = ""
    direction: str = ""
    lead_value: Decimal | None = None
    base_value: Decimal | None = None
    thresholds_verified: bool = False
    lead_note: str = ""
    base_note: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    step: Decimal | None = None
    integer: bool = False
    functions: tuple[PlatformFunction, ...] = ()
    subcategory: str = ""
    clause: str = ""
    source: str = ""
    notes: str = ""

    @property
    def label(self) -> str:
        """The name in the active language (the Chinese name when no English one)."""
        return self.name_en if _english() and self.name_en else self.name

    @property
    def is_measured(self) -> bool:
        return self.kind == "scored" and self.entry == ENTRY_MEASURED

    @property
    def industry_thresholds(self) -> bool:
        """True when 基准值/引领值 are supplied with each evaluation (not fixed here)."""
        return self.is_measured and self.lead_value is None

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() == "%"

    @property
    def lower_bound(self) -> Decimal | None:
        """The lowest acceptable measured value (None = no bound)."""
        if self.min_value is not None:
            return self.min_value
        return Decimal(0)

    @property
    def upper_bound(self) -> Decimal | None:
        if self.max_value is not None:
            return self.max_value
        return Decimal(100) if self.is_percent else None

    @property
    def input_step(self) -> Decimal:
        """The step of the number input: 1 for counts, 0.01 for percentages, else 0.0001."""
        if self.step is not None:
            return self.step
        if self.integer:
            return Decimal(1)
        return Decimal("0.01") if self.is_percent else Decimal("0.0001")


@dataclass(frozen=True)
class Category:
    """A first-level indicator (一级指标): its name, and for the weighted model its
    ``weight`` (0..1) with a verified flag; ``points`` for the points model."""

    name: str
    name_en: str = ""
    weight: Decimal | None = None
    weight_verified: bool = False
    weight_source: str = ""
    points: Decimal | None = None
    verified: bool = False

    @property
    def label(self) -> str:
        return self.name_en if _english() and self.name_en else self.name


@dataclass(frozen=True)
class Scoring:
    """How a system scores: ``model`` (points / weighted_categories), the method for
    measured indicators (linear / ratio), how qualitative items are entered, whether
    an unmet 必选 item makes the result ineligible; each with its source."""

    model: str = MODEL_POINTS
    model_ref: str = ""
    model_verified: bool = False
    quantitative: str = METHOD_LINEAR
    quantitative_ref: str = ""
    quantitative_verified: bool = False
    qualitative_entry: str = ENTRY_MET
    qualitative_ref: str = ""
    required_items_gate: bool = False
    required_items_ref: str = ""
    weights_note: str = ""


@dataclass(frozen=True)
class IndicatorSystem:
    code: str
    name: str
    name_en: str
    list_type: str
    status: str
    indicators: tuple[Indicator, ...]
    notes: str = ""
    standard: str = ""
    edition: str = ""
    in_force_from: dt.date | None = None
    in_force_until: dt.date | None = None
    source: str = ""
    scoring: Scoring = field(default_factory=Scoring)
    category_list: tuple[Category, ...] = ()

    @property
    def label(self) -> str:
        return self.name_en if _english() and self.name_en else self.name

    @property
    def weighted(self) -> bool:
        return self.scoring.model == MODEL_WEIGHTED

    @cached_property
    def scored_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.kind == "scored")

    @cached_property
    def basic_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.kind == "basic")

    @cached_property
    def _category_max(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for i in self.scored_indicators:
            out[i.category] = out.get(i.category, Decimal(0)) + i.max_points
        return out

    def category_max(self, category: str) -> Decimal:
        """Σ max points of the scored indicators of ``category``."""
        return self._category_max.get(category, Decimal(0))

    def category(self, name: str) -> Category:
        for c in self.category_list:
            if c.name == name:
                return c
        return Category(name=name)

    def factor(self, ind: Indicator) -> Decimal:
        """Total points per item point: 1 in the points model; weight × 100 / category
        max in the weighted model."""
        return self._factors.get(ind.category, Decimal(1))

    @cached_property
    def _factors(self) -> dict[str, Decimal]:
        if not self.weighted:
            return {}
        out = {}
        for cat, cmax in self._category_max.items():
            weight = self.category(cat).weight or Decimal(0)
            out[cat] = weight * 100 / cmax if cmax else Decimal(0)
        return out

    def category_contribution_max(self, category: str) -> Decimal:
        if self.weighted:
            return (self.category(category).weight or Decimal(0)) * 100
        return self.category_max(category)

    @property
    def max_total(self) -> Decimal:
        if self.weighted:
            cats = {i.category for i in self.scored_indicators}
            return sum((self.category_contribution_max(c) for c in cats), Decimal(0))
        return sum((i.max_points for i in self.scored_indicators), Decimal(0))

    def indicator(self, code: str) -> Indicator:
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(code)

    @cached_property
    def categories(self) -> list[str]:
        """Category names in the order of the indicators."""
        seen: list[str] = []
        for ind in self.indicators:
            if ind.category not in seen:
                seen.append(ind.category)
        return seen

    @cached_property
    def scored_by_category(self) -> dict[str, tuple[Indicator, ...]]:
        out: dict[str, list[Indicator]] = {}
        for i in self.scored_indicators:
            out.setdefault(i.category, []).append(i)
        return {c: tuple(v) for c, v in out.items()}

    def counts(self) -> dict[str, int]:
        """Indicator counts: basic, scored, verified, unverified."""
        return {
            "basic": len(self.basic_indicators),
            "scored": len(self.scored_indicators),
            "verified": sum(1 for i in self.indicators if i.verified),
            "unverified": sum(1 for i in self.indicators if not i.verified),
        }


@dataclass(frozen=True)
class Measured:
    """A measured value with the thresholds it is scored against; ``functions`` are the
    platform functions ticked when the value is their count (C-04)."""

    value: Decimal
    base: Decimal | None = None
    lead: Decimal | None = None
    functions: tuple[int, ...] = ()


@dataclass
class CategoryScore:
    """One category's result: item points out of the category maximum and, in the
    weighted model, the 0..100 category score times the weight."""

    name: str
    points: Decimal
    max_points: Decimal
    contribution: Decimal
    max_contribution: Decimal
    score: Decimal | None = None  # 0..100 (weighted model)
    weight: Decimal | None = None


@dataclass
class ScoreResult:
    """Total, per-category scores, failed basic requirements; ``eligible`` when no
    gating basic requirement failed or is unanswered (and, where the system says so,
    no 必选 item is unmet). Every point is explained in ``lines``."""

    total: Decimal
    eligible: bool
    categories: dict[str, Decimal] = field(default_factory=dict)
    failed_basic: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    failed_required: list[str] = field(default_factory=list)
    max_total: Decimal = Decimal(100)
    category_details: dict[str, CategoryScore] = field(default_factory=dict)
    exact_total: Decimal = Decimal(0)  # before rounding to 0.01
