"""The self-evaluation form (评价报告填报): reading a posted section and laying out the
rows of each section with their inputs.

Field names per indicator ``CODE``: ``v_CODE`` the value (符合/不符合, 达到/未达到,
points or the measured value), ``b_CODE``/``l_CODE`` the 基准值/引领值 where they come
with the evaluation, ``f_CODE`` the platform functions ticked (C-04, with the marker
``f_CODE__present`` so that none ticked still counts as answered), ``n_CODE`` the note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from greenmfg.standards.systems import (
    Indicator,
    IndicatorSystem,
    Measured,
    ScoreInputError,
    ScoreResult,
    coerce_value,
    fmt,
)


def posted_values(sys: IndicatorSystem, data) -> tuple[dict[str, Any], dict[str, str]]:
    """({code: raw value}, {code: note}) of the indicators present in a posted form
    (a QueryDict): only those whose inputs were posted, so one section at a time."""
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for ind in sys.indicators:
        code = ind.code
        present = True
        if ind.functions and f"f_{code}__present" in data:
            values[code] = {"functions": data.getlist(f"f_{code}")}
        elif ind.industry_thresholds and any(
            k in data for k in (f"v_{code}", f"b_{code}", f"l_{code}")
        ):
            values[code] = {
                "value": data.get(f"v_{code}", ""),
                "base": data.get(f"b_{code}", ""),
                "lead": data.get(f"l_{code}", ""),
            }
        elif f"v_{code}" in data:
            values[code] = data.get(f"v_{code}", "")
        else:
            present = False
        if present:
            notes[code] = data.get(f"n_{code}", "")
    return values, notes


@dataclass
class Row:
    """One indicator on the form: its stored value split for the inputs."""

    ind: Indicator
    value: str = ""  # "true"/"false", points, or the measured value
    base: str = ""
    lead: str = ""
    functions: set[int] = field(default_factory=set)
    note: str = ""
    evidence: list = field(default_factory=list)
    line: dict[str, Any] = field(default_factory=dict)

    @property
    def min(self) -> str:
        if self.ind.entry == "points":
            return "0"
        low = self.ind.lower_bound
        return fmt(low) if low is not None else ""

    @property
    def max(self) -> str:
        if self.ind.entry == "points":
            return fmt(self.ind.max_points)
        high = self.ind.upper_bound
        return fmt(high) if high is not None else ""

    @property
    def step(self) -> str:
        if self.ind.entry == "points":
            return "0.01"
        return fmt(self.ind.input_step)

    @property
    def unit(self) -> str:
        return "" if self.ind.unit in ("", "-", "–") else self.ind.unit


def _split(sys: IndicatorSystem, ind: Indicator, raw: Any) -> dict[str, Any]:
    """The input values of one stored (or posted) raw value."""
    if raw in (None, ""):
        return {}
    try:
        v = coerce_value(ind, raw, sys.scoring.quantitative)
    except ScoreInputError:  # a stored value the system no longer accepts: show it as is
        if isinstance(raw, dict):
            return {
                "value": str(raw.get("value", "") or ""),
                "base": str(raw.get("base", "") or ""),
                "lead": str(raw.get("lead", "") or ""),
            }
        return {"value": str(raw)}
    if v is None:
        return {}
    if isinstance(v, bool):
        return {"value": "true" if v else "false"}
    if isinstance(v, Measured):
        out = {"value": fmt(v.value), "functions": set(v.functions)}
        if ind.industry_thresholds:
            out.update(base=fmt(v.base) if v.base is not None else "", lead=fmt(v.lead))
        return out
    return {"value": fmt(v)}


def sections(
    sys: IndicatorSystem,
    values: dict[str, Any],
    notes: dict[str, str],
    evidence: dict[str, list],
    result: ScoreResult,
) -> list[dict[str, Any]]:
    """The form's sections (one per category) with their rows and category score."""
    lines = {line["code"]: line for line in result.lines}
    out = []
    for cat in sys.categories:
        rows = []
        for ind in sys.indicators:
            if ind.category != cat:
                continue
            parts = _split(sys, ind, values.get(ind.code))
            rows.append(
                Row(
                    ind=ind,
                    value=parts.get("value", ""),
                    base=parts.get("base", ""),
                    lead=parts.get("lead", ""),
                    functions=parts.get("functions", set()),
                    note=notes.get(ind.code, ""),
                    evidence=evidence.get(ind.code, []),
                    line=lines.get(ind.code, {}),
                )
            )
        out.append(
            {
                "title": cat,
                "label": sys.category(cat).label,
                "rows": rows,
                "detail": result.category_details.get(cat),
            }
        )
    return out
