"""Loading the indicator systems from ``greenmfg/standards/systems/*.yaml``.

A malformed file is an error that names the file and the indicator (the files are
read once per process). The format is described in docs/standards.md.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from greenmfg.standards.model import (
    ENTRY_MEASURED,
    ENTRY_MET,
    ENTRY_POINTS,
    HIGHER_BETTER,
    LOWER_BETTER,
    METHOD_LINEAR,
    METHOD_RATIO,
    MODEL_POINTS,
    MODEL_WEIGHTED,
    Category,
    Indicator,
    IndicatorSystem,
    PlatformFunction,
    Scoring,
)

STANDARDS_DIR = Path(__file__).resolve().parent
SYSTEMS_DIR = STANDARDS_DIR / "systems"
DATA_DIR = STANDARDS_DIR / "data"


class SystemFileError(ValueError):
    """An indicator-system file does not follow the format (names the file and key)."""


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _functions(raw: dict, where: str) -> tuple[PlatformFunction, ...]:
    name = raw.get("functions_file")
    if not name:
        return ()
    path = DATA_DIR / name
    if not path.exists():
        raise SystemFileError(f"{where}: functions_file {name} not found in {DATA_DIR}")
    english = list(raw.get("functions_en") or [])
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("indicator_code") and row["indicator_code"] != raw["code"]:
                continue
            seq = int(row["seq"])
            out.append(
                PlatformFunction(
                    seq=seq,
                    name=row["function_zh"],
                    name_en=english[seq - 1] if seq - 1 < len(english) else "",
                )
            )
    return tuple(sorted(out, key=lambda f: f.seq))


def _indicator(raw: dict, scoring: Scoring, where: str) -> Indicator:
    for key in ("code", "name", "category", "kind"):
        if key not in raw:
            raise SystemFileError(f"{where}: an indicator lacks {key!r}")
    where = f"{where} {raw['code']}"
    kind = raw["kind"]
    if kind not in ("basic", "scored"):
        raise SystemFileError(f"{where}: kind must be basic or scored, not {kind!r}")
    typ = raw.get("type", "qualitative" if kind == "scored" else "")
    entry = raw.get("entry", "")
    if kind == "scored":
        if typ not in ("qualitative", "quantitative"):
            raise SystemFileError(f"{where}: type must be qualitative or quantitative")
        if not entry:
            entry = ENTRY_MEASURED if typ == "quantitative" else scoring.qualitative_entry
        if entry not in (ENTRY_MET, ENTRY_POINTS, ENTRY_MEASURED):
            raise SystemFileError(f"{where}: entry must be met, points or measured")
        if _dec(raw.get("max_points")) in (None, Decimal(0)):
            raise SystemFileError(f"{where}: a scored indicator needs max_points > 0")
    if entry == ENTRY_MEASURED:
        if raw.get("direction") not in (HIGHER_BETTER, LOWER_BETTER):
            raise SystemFileError(f"{where}: direction must be higher_better or lower_better")
        if "unit" not in raw:
            raise SystemFileError(f"{where}: a measured indicator needs a unit")
        lead, base = _dec(raw.get("lead_value")), _dec(raw.get("base_value"))
        if scoring.quantitative == METHOD_LINEAR and (lead is None) != (base is None):
            raise SystemFileError(f"{where}: linear scoring needs both lead_value and base_value")
        if lead is not None and base is not None and lead == base:
            raise SystemFileError(f"{where}: lead_value equals base_value")
    return Indicator(
        code=str(raw["code"]),
        name=raw["name"],
        category=raw["category"],
        kind=kind,
        max_points=_dec(raw.get("max_points")) or Decimal(0),
        verified=bool(raw.get("verified", False)),
        name_en=raw.get("name_en", ""),
        evidence=raw.get("evidence", ""),
        covers=tuple(raw.get("covers", ())),
        gate=bool(raw.get("gate", True)),
        type=typ if kind == "scored" else "",
        entry=entry if kind == "scored" else "",
        indicator_type=raw.get("indicator_type", ""),
        requirement=raw.get("requirement", ""),
        requirement_text=raw.get("requirement_text", ""),
        points_verified=bool(raw.get("points_verified", raw.get("verified", False))),
        unit=raw.get("unit", "") or "",
        direction=raw.get("direction", "") or "",
        lead_value=_dec(raw.get("lead_value")),
        base_value=_dec(raw.get("base_value")),
        thresholds_verified=bool(raw.get("thresholds_verified", False)),
        lead_note=raw.get("lead_note", "") or "",
        base_note=raw.get("base_note", "") or "",
        min_value=_dec(raw.get("min_value")),
        max_value=_dec(raw.get("max_value")),
        step=_dec(raw.get("step")),
        integer=bool(raw.get("integer", False)),
        functions=_functions(raw, where),
        subcategory=raw.get("subcategory", "") or "",
        clause=str(raw.get("clause", "") or ""),
        source=raw.get("source", "") or "",
        notes=raw.get("notes", "") or "",
    )


def load_file(path: Path) -> IndicatorSystem:
    """One system file, validated."""
    where = path.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("code", "name", "list_type", "indicators"):
        if key not in data:
            raise SystemFileError(f"{where}: missing {key!r}")
    if data["code"] != path.stem:
        raise SystemFileError(f"{where}: code {data['code']!r} differs from the file name")
    raw_scoring = data.get("scoring") or {}
    scoring = Scoring(
        model=raw_scoring.get("model", MODEL_POINTS),
        model_ref=raw_scoring.get("model_ref", ""),
        model_verified=bool(raw_scoring.get("model_verified", False)),
        quantitative=raw_scoring.get("quantitative", METHOD_LINEAR),
        quantitative_ref=raw_scoring.get("quantitative_ref", ""),
        quantitative_verified=bool(raw_scoring.get("quantitative_verified", False)),
        qualitative_entry=raw_scoring.get("qualitative_entry", ENTRY_MET),
        qualitative_ref=raw_scoring.get("qualitative_ref", ""),
        required_items_gate=bool(raw_scoring.get("required_items_gate", False)),
        required_items_ref=raw_scoring.get("required_items_ref", ""),
        weights_note=raw_scoring.get("weights_note", ""),
    )
    if scoring.model not in (MODEL_POINTS, MODEL_WEIGHTED):
        raise SystemFileError(f"{where}: scoring.model must be points or weighted_categories")
    if scoring.quantitative not in (METHOD_LINEAR, METHOD_RATIO):
        raise SystemFileError(f"{where}: scoring.quantitative must be linear or ratio")
    weights = data.get("category_weights") or {}
    categories = []
    for raw in data.get("categories") or []:
        w = weights.get(raw["name"]) or {}
        categories.append(
            Category(
                name=raw["name"],
                name_en=raw.get("name_en", ""),
                weight=_dec(w.get("weight")),
                weight_verified=bool(w.get("verified", False)),
                weight_source=w.get("source", ""),
                points=_dec(raw.get("points")),
                verified=bool(raw.get("verified", w.get("verified", False))),
            )
        )
    indicators = tuple(_indicator(raw, scoring, where) for raw in data["indicators"])
    codes = [i.code for i in indicators]
    if len(set(codes)) != len(codes):
        raise SystemFileError(f"{where}: duplicate indicator codes")
    known = {c.name for c in categories}
    for ind in indicators:
        if ind.category not in known:
            categories.append(Category(name=ind.category))
            known.add(ind.category)
    if scoring.model == MODEL_WEIGHTED:
        for cat in {i.category for i in indicators if i.kind == "scored"}:
            if cat not in weights:
                raise SystemFileError(f"{where}: category_weights lacks {cat}")
    return IndicatorSystem(
        code=data["code"],
        name=data["name"],
        name_en=data.get("name_en", ""),
        list_type=data["list_type"],
        status=data.get("status", ""),
        indicators=indicators,
        notes=data.get("notes", "") or "",
        standard=data.get("standard", "") or "",
        edition=str(data.get("edition", "") or ""),
        in_force_from=_date(data.get("in_force_from")),
        in_force_until=_date(data.get("in_force_until")),
        source=data.get("source", "") or "",
        scoring=scoring,
        category_list=tuple(categories),
    )


@lru_cache(maxsize=1)
def all_systems() -> dict[str, IndicatorSystem]:
    """Every shipped indicator system by code."""
    return {s.code: s for s in (load_file(p) for p in sorted(SYSTEMS_DIR.glob("*.yaml")))}


def system(code: str) -> IndicatorSystem:
    """The indicator system ``code``; KeyError if none."""
    return all_systems()[code]
