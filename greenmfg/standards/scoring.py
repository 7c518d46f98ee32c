"""Scoring a set of values against an indicator system (:func:`score`).

Per indicator, a *fraction* 0..1 of its maximum points:

- met/not met (qualitative, 2018 必选/可选 items, 2025 正向定性): 1 or 0;
- points entered: points / max_points;
- measured, ``linear`` (GB/T 36132-2025 5.2, STANDARDS_TABLES.md §2.2), with 引领值 L
  and 基准值 B::

      forward (higher_better):  1 if x ≥ L;  0 if x < B;  else (x − B) / (L − B)
      reverse (lower_better):   1 if x ≤ L;  0 if x > B;  else (B − x) / (B − L)

  (at x = B both branches give 0);
- measured, ``ratio`` (the park green index GI, STANDARDS_TABLES.md §4.3, unverified):
  forward x / L, reverse L / x, capped to 0..1.

Item points = fraction × max_points. Then, per the system's model:

- ``points``: category score = Σ item points; total = Σ category scores
  (GB/T 36132-2025 6.1; supply chain GSCI; park groups);
- ``weighted_categories`` (2018 MIIT table, inferred): category score =
  Σ item points / category max × 100 (0..100); total = Σ category score × weight.

Everything is computed exactly and only the total is rounded (to 0.01, half up);
item points and category scores are shown rounded to 0.01, so the shown parts can
differ from the total by a cent.

A gating basic requirement that is not met, or not answered, makes the result
ineligible whatever the total; so does an unmet 必选 item where the system says so
(``scoring.required_items_gate``, the 2018 table).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext

from greenmfg.standards.model import (
    ENTRY_MEASURED,
    ENTRY_MET,
    ENTRY_POINTS,
    HIGHER_BETTER,
    METHOD_RATIO,
    CategoryScore,
    Indicator,
    IndicatorSystem,
    Measured,
    ScoreResult,
)
from greenmfg.standards.values import coerce_value, fmt, with_unit

CENT = Decimal("0.01")
ONE = Decimal(1)
ZERO = Decimal(0)


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def linear_fraction(x: Decimal, base: Decimal, lead: Decimal, direction: str) -> Decimal:
    """GB/T 36132-2025 5.2 by the linear method: 1 at or better than 引领值, 0 worse
    than (or at) 基准值, linear in between; ``direction`` higher_better or lower_better."""
    if direction == HIGHER_BETTER:
        if x >= lead:
            return ONE
        if x <= base:
            return ZERO
        return (x - base) / (lead - base)
    if x <= lead:
        return ONE
    if x >= base:
        return ZERO
    return (base - x) / (base - lead)


def ratio_fraction(x: Decimal, lead: Decimal, direction: str) -> Decimal:
    """The GI ratio: x / 引领值 (reverse: 引领值 / x), capped to 0..1."""
    if direction == HIGHER_BETTER:
        if lead <= 0:
            return ONE if x >= lead else ZERO
        return max(ZERO, min(ONE, x / lead))
    if x <= lead:
        return ONE
    if x <= 0 or lead <= 0:
        return ZERO
    return max(ZERO, min(ONE, lead / x))


def fraction(sys: IndicatorSystem, ind: Indicator, value: Any) -> Decimal:
    """The fraction 0..1 of ``ind``'s points that a coerced ``value`` earns (0 when
    unanswered)."""
    if value is None:
        return ZERO
    if ind.entry == ENTRY_MET:
        return ONE if value is True else ZERO
    if ind.entry == ENTRY_POINTS:
        return value / ind.max_points
    m: Measured = value
    if sys.scoring.quantitative == METHOD_RATIO:
        return ratio_fraction(m.value, m.lead, ind.direction)
    return linear_fraction(m.value, m.base, m.lead, ind.direction)


def explain(sys: IndicatorSystem, ind: Indicator, value: Any, points: Decimal) -> str:
    """How ``points`` were earned, in the active language."""
    if value is None:
        return gettext("未填写 → 0分")
    if ind.entry == ENTRY_MET:
        if value:
            return gettext("达到 → {points}分").format(points=fmt(points))
        return gettext("未达到 → 0分")
    if ind.entry == ENTRY_POINTS:
        return gettext("填报得分 {points}分").format(points=fmt(points))
    m: Measured = value
    pct = fmt(round(fraction(sys, ind, value) * 100, 1))
    head = ""
    if m.functions:
        names = "、".join(f.label for f in ind.functions if f.seq in m.functions)
        head = gettext("符合 {n} 项功能（{names}）；").format(n=len(m.functions), names=names)
    if sys.scoring.quantitative == METHOD_RATIO:
        return head + gettext("实测 {x}，引领值 {lead} → {pct}% → {points}分").format(
            x=with_unit(m.value, ind.unit), lead=fmt(m.lead), pct=pct, points=fmt(points)
        )
    return head + gettext("实测 {x}，基准值 {base}，引领值 {lead} → {pct}% → {points}分").format(
        x=with_unit(m.value, ind.unit),
        base=fmt(m.base),
        lead=fmt(m.lead),
        pct=pct,
        points=fmt(points),
    )


def points_of(sys: IndicatorSystem, ind: Indicator, value: Any) -> Decimal:
    """The item points a coerced ``value`` earns: fraction × max, not rounded."""
    return fraction(sys, ind, value) * ind.max_points


def aggregate(
    sys: IndicatorSystem, item_points: dict[str, Decimal]
) -> tuple[dict[str, CategoryScore], Decimal]:
    """Category scores (rounded to 0.01 for display) and the exact, unrounded total
    from the exact item points, per the system's model."""
    details: dict[str, CategoryScore] = {}
    exact = ZERO
    for cat in sys.categories:
        inds = sys.scored_by_category.get(cat)
        if not inds:
            continue
        pts = sum((item_points.get(i.code, ZERO) for i in inds), ZERO)
        cmax = sys.category_max(cat)
        if sys.weighted:
            weight = sys.category(cat).weight or ZERO
            cat_score = pts / cmax * 100 if cmax else ZERO
            contribution = cat_score * weight
            details[cat] = CategoryScore(
                name=cat,
                points=round2(pts),
                max_points=cmax,
                contribution=round2(contribution),
                max_contribution=weight * 100,
                score=round2(cat_score),
                weight=weight,
            )
        else:
            contribution = pts
            details[cat] = CategoryScore(
                name=cat,
                points=round2(pts),
                max_points=cmax,
                contribution=round2(pts),
                max_contribution=cmax,
            )
        exact += contribution
    return details, exact


def exact_total_of(sys: IndicatorSystem, coerced: dict[str, Any]) -> Decimal:
    """The unrounded total of already coerced values (no checks, no explanations)."""
    pts = {i.code: points_of(sys, i, coerced.get(i.code)) for i in sys.scored_indicators}
    return aggregate(sys, pts)[1]


def total_of(sys: IndicatorSystem, coerced: dict[str, Any]) -> Decimal:
    """The total (rounded to 0.01) of already coerced values."""
    return round2(exact_total_of(sys, coerced))


def coerce_all(sys: IndicatorSystem, values: dict[str, Any]) -> dict[str, Any]:
    """{code: coerced value} for every indicator of ``sys`` (None when unanswered);
    codes ``sys`` does not have are ignored. Raises ScoreInputError on a bad value."""
    method = sys.scoring.quantitative
    return {ind.code: coerce_value(ind, values.get(ind.code), method) for ind in sys.indicators}


def score(sys: IndicatorSystem, values: dict[str, Any]) -> ScoreResult:
    """Score ``values`` ({indicator code: raw value}, see
    :mod:`greenmfg.standards.values`) against ``sys``.

    Out: :class:`ScoreResult` with the total, per-category scores (``categories``:
    each category's contribution to the total; ``category_details``), the failed and
    unanswered requirements, and one line per indicator explaining its points. A
    failed or unanswered gating basic requirement makes the result ineligible whatever
    the total. Raises :class:`ScoreInputError` on a value that does not fit.
    """
    coerced = coerce_all(sys, values)
    failed: list[str] = []
    failed_required: list[str] = []
    missing: list[str] = []
    lines: list[dict[str, Any]] = []
    item_points: dict[str, Decimal] = {}
    ineligible = False
    for ind in sys.indicators:
        v = coerced[ind.code]
        if v is None:
            missing.append(ind.code)
        if ind.kind == "basic":
            if v is False and ind.gate:
                failed.append(ind.code)
            if v is not True and ind.gate:
                ineligible = True
            if v is None:
                how = gettext("未填写")
            elif v:
                how = gettext("符合")
            elif ind.gate:
                how = gettext("不符合（一票否决）")
            else:
                how = gettext("不符合（鼓励项，不否决）")
            lines.append(
                {
                    "code": ind.code,
                    "name": ind.label,
                    "category": ind.category,
                    "kind": "basic",
                    "gate": ind.gate,
                    "met": v,
                    "points": None,
                    "max_points": None,
                    "how": how,
                }
            )
            continue
        exact = points_of(sys, ind, v)
        item_points[ind.code] = exact
        pts = round2(exact)
        if sys.scoring.required_items_gate and ind.requirement == "必选" and ind.entry == ENTRY_MET:
            if v is False:
                failed_required.append(ind.code)
            if v is not True:
                ineligible = True
        line: dict[str, Any] = {
            "code": ind.code,
            "name": ind.label,
            "category": ind.category,
            "kind": "scored",
            "entry": ind.entry,
            "points": pts,
            "max_points": ind.max_points,
            "contribution": round2(exact * sys.factor(ind)),
            "how": explain(sys, ind, v, pts),
        }
        if ind.entry == ENTRY_MET:
            line["met"] = v
        elif ind.entry == ENTRY_MEASURED and v is not None:
            line.update({"value": v.value, "base": v.base, "lead": v.lead, "unit": ind.unit})
            if v.functions:
                line["functions"] = list(v.functions)
        lines.append(line)
    details, exact_total = aggregate(sys, item_points)
    return ScoreResult(
        total=round2(exact_total),
        exact_total=exact_total,
        eligible=not ineligible,
        categories={c: d.contribution for c, d in details.items()},
        failed_basic=failed,
        missing=missing,
        lines=lines,
        failed_required=failed_required,
        max_total=sys.max_total,
        category_details=details,
    )
