"""Indicator systems and scores as plain data (JSON for the commands and the API)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from greenmfg.standards.model import Indicator, IndicatorSystem, ScoreResult


def plain(value: Any) -> Any:
    """``value`` with Decimals as JSON numbers (int when whole), recursively."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def indicator_dict(ind: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": ind.code,
        "name": ind.name,
        "name_en": ind.name_en,
        "category": ind.category,
        "kind": ind.kind,
        "max_points": ind.max_points if ind.kind == "scored" else None,
        "verified": ind.verified,
    }
    if ind.kind == "basic":
        out["gate"] = ind.gate
    else:
        out.update(
            {
                "type": ind.type,
                "entry": ind.entry,
                "points_verified": ind.points_verified,
            }
        )
        if ind.requirement:
            out["requirement"] = ind.requirement
        if ind.entry == "measured":
            out.update(
                {
                    "unit": ind.unit,
                    "direction": ind.direction,
                    "lead_value": ind.lead_value,
                    "base_value": ind.base_value,
                    "thresholds_from_evaluation": ind.industry_thresholds,
                    "thresholds_verified": ind.thresholds_verified,
                    "min": ind.lower_bound,
                    "max": ind.upper_bound,
                    "step": ind.input_step,
                }
            )
            if ind.functions:
                out["functions"] = [
                    {"seq": f.seq, "name": f.name, "name_en": f.name_en} for f in ind.functions
                ]
    for key in ("evidence", "clause", "source", "notes"):
        if getattr(ind, key):
            out[key] = getattr(ind, key)
    return plain(out)


def system_summary(sys: IndicatorSystem) -> dict[str, Any]:
    return plain(
        {
            "code": sys.code,
            "name": sys.name,
            "name_en": sys.name_en,
            "list_type": sys.list_type,
            "standard": sys.standard,
            "edition": sys.edition,
            "in_force_from": sys.in_force_from,
            "in_force_until": sys.in_force_until,
            "status": sys.status,
            "max_total": sys.max_total,
            "counts": sys.counts(),
        }
    )


def system_dict(sys: IndicatorSystem) -> dict[str, Any]:
    """Everything about one system: the fields of :func:`system_summary`, the scoring
    rules with their sources, the categories and every indicator."""
    s = sys.scoring
    out = system_summary(sys)
    out.update(
        {
            "source": sys.source,
            "notes": sys.notes,
            "scoring": {
                "model": s.model,
                "model_ref": s.model_ref,
                "model_verified": s.model_verified,
                "quantitative": s.quantitative,
                "quantitative_ref": s.quantitative_ref,
                "quantitative_verified": s.quantitative_verified,
                "qualitative_entry": s.qualitative_entry,
                "required_items_gate": s.required_items_gate,
                "weights_note": s.weights_note,
            },
            "categories": plain(
                [
                    {
                        "name": c.name,
                        "name_en": c.name_en,
                        "max_points": sys.category_max(c.name),
                        "weight": c.weight,
                        "weight_verified": c.weight_verified if c.weight is not None else None,
                    }
                    for c in sys.category_list
                ]
            ),
            "indicators": [indicator_dict(i) for i in sys.indicators],
        }
    )
    return out


def result_dict(sys: IndicatorSystem, result: ScoreResult) -> dict[str, Any]:
    return plain(
        {
            "code": sys.code,
            "total": result.total,
            "max_total": result.max_total,
            "eligible": result.eligible,
            "categories": result.categories,
            "category_details": {
                name: {
                    "points": d.points,
                    "max_points": d.max_points,
                    "score": d.score,
                    "weight": d.weight,
                    "contribution": d.contribution,
                    "max_contribution": d.max_contribution,
                }
                for name, d in result.category_details.items()
            },
            "failed_basic": result.failed_basic,
            "failed_required": result.failed_required,
            "missing": result.missing,
            "lines": result.lines,
        }
    )
