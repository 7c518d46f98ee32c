"""Indicator systems (评价指标体系) as data, and their scoring.

Each system is a YAML file in ``greenmfg/standards/systems/``: indicators with a
code, name, category, kind (``basic`` = pass/fail gate, ``scored`` = points up to
``max_points``) and a ``verified`` flag saying whether the value was seen in a
public source. The standards issue adds item-level tables and quantitative scoring;
this module's interface (``system(code)``, ``score(system, values)``) stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext

SYSTEMS_DIR = Path(__file__).resolve().parent / "systems"


@dataclass(frozen=True)
class Indicator:
    """One indicator: ``kind`` is ``basic`` (gate) or ``scored`` (0..max_points)."""

    code: str
    name: str
    category: str
    kind: str
    max_points: Decimal = Decimal(0)
    verified: bool = False
    name_en: str = ""
    evidence: str = ""
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorSystem:
    code: str
    name: str
    name_en: str
    list_type: str
    status: str
    indicators: tuple[Indicator, ...]
    notes: str = ""

    @property
    def max_total(self) -> Decimal:
        return sum((i.max_points for i in self.indicators if i.kind == "scored"), Decimal(0))

    def indicator(self, code: str) -> Indicator:
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(code)

    @property
    def categories(self) -> list[str]:
        seen: list[str] = []
        for ind in self.indicators:
            if ind.category not in seen:
                seen.append(ind.category)
        return seen


@dataclass
class ScoreResult:
    """Total, per-category scores, failed basic requirements; ``eligible`` when no
    basic requirement failed. Every point is explained in ``lines``."""

    total: Decimal
    eligible: bool
    categories: dict[str, Decimal] = field(default_factory=dict)
    failed_basic: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)


class ScoreInputError(ValueError):
    """A value does not fit its indicator (names the indicator and the rule)."""


def _load(path: Path) -> IndicatorSystem:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    inds = []
    for raw in data["indicators"]:
        inds.append(
            Indicator(
                code=raw["code"],
                name=raw["name"],
                category=raw["category"],
                kind=raw["kind"],
                max_points=Decimal(str(raw.get("max_points", 0))),
                verified=bool(raw.get("verified", False)),
                name_en=raw.get("name_en", ""),
                evidence=raw.get("evidence", ""),
                covers=tuple(raw.get("covers", ())),
            )
        )
    return IndicatorSystem(
        code=data["code"],
        name=data["name"],
        name_en=data.get("name_en", ""),
        list_type=data["list_type"],
        status=data.get("status", ""),
        indicators=tuple(inds),
        notes=data.get("notes", ""),
    )


@lru_cache(maxsize=1)
def all_systems() -> dict[str, IndicatorSystem]:
    """Every shipped indicator system by code."""
    return {s.code: s for s in (_load(p) for p in sorted(SYSTEMS_DIR.glob("*.yaml")))}


def system(code: str) -> IndicatorSystem:
    """The indicator system ``code``; KeyError if none."""
    return all_systems()[code]


def coerce_value(indicator: Indicator, raw: Any) -> bool | Decimal | None:
    """Check and convert one raw value (True/False for basic; points for scored).

    Raises :class:`ScoreInputError` naming the indicator when the value does not fit.
    """
    if raw is None or raw == "":
        return None
    if indicator.kind == "basic":
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in ("true", "1", "yes", "符合"):
            return True
        if str(raw).lower() in ("false", "0", "no", "不符合"):
            return False
        raise ScoreInputError(
            gettext("{code} {name}：基本要求只能填“符合”或“不符合”").format(
                code=indicator.code, name=indicator.name
            )
        )
    try:
        value = Decimal(str(raw))
    except Exception as exc:
        raise ScoreInputError(
            gettext("{code} {name}：得分应为数字").format(code=indicator.code, name=indicator.name)
        ) from exc
    if value < 0 or value > indicator.max_points:
        raise ScoreInputError(
            gettext("{code} {name}：得分应在 0 到 {max} 分之间").format(
                code=indicator.code, name=indicator.name, max=indicator.max_points
            )
        )
    return value


def score(sys: IndicatorSystem, values: dict[str, Any]) -> ScoreResult:
    """Score ``values`` ({indicator code: raw value}) against ``sys``.

    Out: :class:`ScoreResult`; a failed or unanswered basic requirement makes the
    report ineligible whatever the total. Raises :class:`ScoreInputError` on a bad value.
    """
    total = Decimal(0)
    cats: dict[str, Decimal] = {}
    failed: list[str] = []
    missing: list[str] = []
    lines = []
    for ind in sys.indicators:
        v = coerce_value(ind, values.get(ind.code))
        if ind.kind == "basic":
            if v is None:
                missing.append(ind.code)
            elif v is False:
                failed.append(ind.code)
            lines.append({"code": ind.code, "kind": "basic", "met": v, "points": None})
            continue
        pts = v if isinstance(v, Decimal) else Decimal(0)
        if v is None:
            missing.append(ind.code)
        total += pts
        cats[ind.category] = cats.get(ind.category, Decimal(0)) + pts
        lines.append(
            {"code": ind.code, "kind": "scored", "points": pts, "max_points": ind.max_points}
        )
    eligible = not failed and not any(c for c in missing if sys.indicator(c).kind == "basic")
    return ScoreResult(
        total=total,
        eligible=eligible,
        categories=cats,
        failed_basic=failed,
        missing=missing,
        lines=lines,
    )
