"""Gap analysis (差距分析): which indicators, raised by how much, lift the total to a
target (the pass mark, the next grade, or full marks), cheapest first.

**Effort.** Raising an indicator costs *effort points*: 100 effort points move one
indicator across its whole scale —

- a measured indicator (linear): the distance from 基准值 to 引领值; moving the value
  by Δx costs 100·|Δx| / |引领值 − 基准值|, including any distance still to cover
  below 基准值, where points are not yet earned;
- a measured indicator (ratio, parks): 100·|Δx| / 引领值;
- an indicator entered as points: 100·Δpoints / max_points;
- a qualitative item: meeting it costs 100 (it is met or not).

An unanswered measured indicator is taken to start at 基准值 (no dead distance).

**Rule.** Repeatedly take the step with the fewest effort points per point of total
gained, counting only the points still needed (so a large item that would overshoot
is compared by the points it actually contributes); a measured or points indicator is
raised only as far as needed, a qualitative item is met whole. Stop when the total
reaches the target. Then drop every step the target no longer needs (most expensive
first) and lower any raised value to the least that still reaches the target.

**Minimal** in this sense: the steps reach the target (when it is reachable); none can
be dropped; no raised value can be lowered by one input step (the unit's ``step``)
and still reach it; each step was the cheapest per point when taken. For measured and
points indicators alone (no all-or-nothing items, no distance below 基准值) this is the
least total effort (a fractional knapsack); with all-or-nothing items it is a greedy
approximation.

Gains are points of the total (in the weighted 2018 model an item point is worth
weight × 100 / category max). Totals are compared before rounding (the recorded
total, rounded to 0.01, then reaches a target of whole cents too), so the values to
reach are the plain ones (2.7, not 2.7006 that rounding would let through).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from django.utils.translation import gettext

from greenmfg.standards.model import (
    ENTRY_MEASURED,
    ENTRY_MET,
    ENTRY_POINTS,
    HIGHER_BETTER,
    METHOD_RATIO,
    Indicator,
    IndicatorSystem,
    Measured,
)
from greenmfg.standards.scoring import coerce_all, exact_total_of, fraction, round2
from greenmfg.standards.values import fmt, with_unit

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)


@dataclass
class GapStep:
    """One step of a gap analysis: raise ``code`` from ``from_value`` to ``to_value``
    (True = meet the item); ``gain`` points of the total (exact; shown to the cent),
    ``total_after`` the recorded total once this and the earlier steps are
    done; ``effort`` in effort points."""

    code: str
    name: str
    category: str
    entry: str
    unit: str
    direction: str
    from_value: Any
    to_value: Any
    points_before: Decimal
    points_after: Decimal
    gain: Decimal
    effort: Decimal
    total_after: Decimal
    text: str = ""

    @property
    def cost_per_point(self) -> Decimal:
        return self.effort / self.gain if self.gain else Decimal("Infinity")

    def as_dict(self) -> dict[str, Any]:
        def plain(v):
            return fmt(v) if isinstance(v, Decimal) else v

        return {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "entry": self.entry,
            "unit": self.unit,
            "direction": self.direction,
            "from": plain(self.from_value),
            "to": plain(self.to_value),
            "points_before": fmt(self.points_before),
            "points_after": fmt(self.points_after),
            "gain": fmt(cents(self.gain)),
            "effort": fmt(self.effort.quantize(Decimal("0.1"))),
            "total_after": fmt(self.total_after),
            "text": self.text,
        }


class _Option:
    """One indicator that can still gain points: its value as a function of the
    fraction f of its maximum it is raised to, and the effort that costs."""

    def __init__(self, sys: IndicatorSystem, ind: Indicator, value: Any, order: int):
        self.sys, self.ind, self.value, self.order = sys, ind, value, order
        self.f0 = fraction(sys, ind, value)
        self.scale = ind.max_points * sys.factor(ind)  # total points per unit fraction

    @property
    def ratio(self) -> bool:
        return self.sys.scoring.quantitative == METHOD_RATIO

    @property
    def known(self) -> bool:
        """The measured scale is known (thresholds and a measured value given)."""
        return isinstance(self.value, Measured)

    def measured_at(self, f: Decimal) -> Decimal | None:
        """The measured value that earns fraction ``f`` (None when the scale is unknown)."""
        ind = self.ind
        if isinstance(self.value, Measured):
            base, lead = self.value.base, self.value.lead
        else:
            base, lead = ind.base_value, ind.lead_value
        if lead is None:
            return None
        if self.ratio:
            if ind.direction == HIGHER_BETTER:
                return f * lead
            return lead / f if f > 0 else None
        if base is None:
            return None
        return base + f * (lead - base)

    def rounded(self, x: Decimal) -> Decimal:
        """``x`` rounded to the input step in the direction that keeps the points."""
        step = self.ind.input_step
        mode = ROUND_CEILING if self.ind.direction == HIGHER_BETTER else ROUND_FLOOR
        y = ((x / step).quantize(FINE)).to_integral_value(rounding=mode) * step
        low, high = self.ind.lower_bound, self.ind.upper_bound
        if low is not None:
            y = max(y, low)
        if high is not None:
            y = min(y, high)
        return y

    def effort(self, f: Decimal) -> Decimal:
        ind = self.ind
        if ind.entry == ENTRY_MET:
            return HUNDRED
        if ind.entry == ENTRY_POINTS or not self.known:
            return (f - self.f0) * HUNDRED
        m: Measured = self.value
        x1 = self.measured_at(f)
        if self.ratio:
            return abs(x1 - m.value) / abs(m.lead) * HUNDRED
        return abs(x1 - m.value) / abs(m.lead - m.base) * HUNDRED

    def full_gain(self) -> Decimal:
        return (ONE - self.f0) * self.scale

    def fraction_for(self, gain: Decimal) -> Decimal:
        """The least fraction giving ``gain`` more total points (capped at 1)."""
        if self.ind.entry == ENTRY_MET:
            return ONE
        return min(ONE, self.f0 + gain / self.scale)

    def new_value(self, f: Decimal) -> Any:
        """The value of the indicator raised to fraction ``f``."""
        ind = self.ind
        if ind.entry == ENTRY_MET:
            return True
        if ind.entry == ENTRY_POINTS:
            return min(
                ind.max_points,
                (f * ind.max_points).quantize(FINE).quantize(Decimal("0.01"), ROUND_CEILING),
            )
        x = self.measured_at(f)
        if x is not None:
            base = self.value.base if self.known else ind.base_value
            lead = self.value.lead if self.known else ind.lead_value
            return Measured(value=self.rounded(x), base=base, lead=lead)
        # the thresholds come with the evaluation and none are entered yet: a unit scale
        fq = min(ONE, f.quantize(FINE).quantize(Decimal("0.000001"), ROUND_CEILING))
        if ind.direction == HIGHER_BETTER:
            return Measured(value=fq, base=ZERO, lead=ONE)
        return Measured(value=ONE - fq, base=ONE, lead=ZERO)


def _total(sys: IndicatorSystem, values: dict[str, Any]) -> Decimal:
    return exact_total_of(sys, values)


FINE = Decimal("1e-12")
CENT = Decimal("0.01")


def cents(gain: Decimal) -> Decimal:
    """A gain for display: to the cent (half up), at least 0.01 when positive."""
    shown = round2(gain)
    return CENT if gain > 0 and shown == 0 else shown


def _describe(opt: _Option, new: Any, gain: Decimal) -> tuple[Any, Any, str]:
    """(from, to, text) of one step."""
    ind = opt.ind
    g = fmt(cents(gain))
    if ind.entry == ENTRY_MET:
        return (
            opt.value,
            True,
            gettext("{name}：达到要求 → +{gain}分").format(name=ind.label, gain=g),
        )
    if ind.entry == ENTRY_POINTS:
        before = opt.value if opt.value is not None else ZERO
        return (
            opt.value,
            new,
            gettext("{name}：得分从 {a} 提高到 {b} → +{gain}分").format(
                name=ind.label, a=fmt(before), b=fmt(new), gain=g
            ),
        )
    x1 = new.value
    if not opt.known:
        if opt.measured_at(ONE) is None:
            f_new = fraction(opt.sys, ind, new)
            if f_new >= ONE:
                return (
                    None,
                    None,
                    gettext("{name}：填报实测值、基准值和引领值，达到引领值 → +{gain}分").format(
                        name=ind.label, gain=g
                    ),
                )
            pct = fmt(round(f_new * 100, 1))
            return (
                None,
                None,
                gettext(
                    "{name}：填报实测值、基准值和引领值，达到基准值至引领值的 {pct}% → +{gain}分"
                ).format(name=ind.label, pct=pct, gain=g),
            )
        return (
            None,
            x1,
            gettext("{name}：填报实测值，达到 {x} → +{gain}分").format(
                name=ind.label, x=with_unit(x1, ind.unit), gain=g
            ),
        )
    x0 = opt.value.value
    template = (
        gettext("{name}：从 {a} 提高到 {b} → +{gain}分")
        if ind.direction == HIGHER_BETTER
        else gettext("{name}：从 {a} 降到 {b} → +{gain}分")
    )
    return x0, x1, template.format(name=ind.label, a=fmt(x0), b=with_unit(x1, ind.unit), gain=g)


def gap_analysis(sys: IndicatorSystem, values: dict[str, Any], target: Decimal) -> list[GapStep]:
    """The steps that lift the total of ``values`` to ``target`` at the least effort,
    by the rule of this module's docstring; [] when the total already reaches it.
    When the target cannot be reached, every step to full marks is returned (the last
    ``total_after`` is then below the target). Raises ScoreInputError on a bad value."""
    target = Decimal(str(target))
    current = coerce_all(sys, values)
    start = _total(sys, current)
    if round2(start) >= target:  # the recorded total reaches it already
        return []
    options = {
        ind.code: _Option(sys, ind, current[ind.code], n)
        for n, ind in enumerate(sys.scored_indicators)
        if fraction(sys, ind, current[ind.code]) < ONE
    }
    chosen: dict[str, Decimal] = {}  # code -> fraction, in the order taken
    need = target - start
    while need > 0:
        best = None
        for code, opt in options.items():
            if code in chosen:
                continue
            full = opt.full_gain()
            if full <= 0:
                continue
            usable = min(full, need)
            f = ONE if opt.ind.entry == ENTRY_MET or full <= need else opt.fraction_for(need)
            cost = opt.effort(f) / usable
            key = (cost, -usable, opt.order)
            if best is None or key < best[0]:
                best = (key, code, f, min(full, (f - opt.f0) * opt.scale))
        if best is None:
            break
        _key, code, f, gain = best
        chosen[code] = f
        need -= gain

    def hypothetical(plan: dict[str, Decimal]) -> dict[str, Any]:
        vals = dict(current)
        for code, f in plan.items():
            vals[code] = options[code].new_value(f)
        return vals

    # make sure the rounded values reach the target (rounding can leave it a cent short)
    order = list(chosen)
    for code in reversed(order):
        opt = options[code]
        if opt.ind.entry == ENTRY_MET:
            continue
        for _ in range(200):
            if _total(sys, hypothetical(chosen)) >= target or chosen[code] >= ONE:
                break
            chosen[code] = min(ONE, chosen[code] + max(opt.ind.input_step / 100, Decimal("0.001")))
        break
    reached = _total(sys, hypothetical(chosen)) >= target
    if reached:
        # drop what is not needed, most expensive (last taken) first
        for code in reversed(order):
            trial = {c: f for c, f in chosen.items() if c != code}
            if _total(sys, hypothetical(trial)) >= target:
                chosen = trial
        # lower each raised value to the least that still reaches the target: the last
        # step always; an earlier one only when that saves at least one effort point
        # (not for the cent a rounded last step leaves over)
        kept = [c for c in order if c in chosen]
        for code in reversed(kept):
            opt = options[code]
            if opt.ind.entry == ENTRY_MET:
                continue
            before = chosen[code]
            lo, hi = opt.f0, before
            for _ in range(60):
                mid = (lo + hi) / 2
                if _total(sys, hypothetical({**chosen, code: mid})) >= target:
                    hi = mid
                else:
                    lo = mid
                if hi - lo < Decimal("1e-9"):
                    break
            trial = {**chosen, code: hi}
            trial[code] = _snap(sys, opt, trial, code, hypothetical, target)
            if code == kept[-1] or opt.effort(before) - opt.effort(trial[code]) >= ONE:
                chosen = trial
        chosen = {c: chosen[c] for c in order if c in chosen and chosen[c] > options[c].f0}
    steps: list[GapStep] = []
    plan: dict[str, Decimal] = {}
    running = start
    for code in [c for c in order if c in chosen]:
        opt = options[code]
        plan[code] = chosen[code]
        vals = hypothetical(plan)
        after = _total(sys, vals)
        new = vals[code]
        gain = after - running
        f_new = fraction(sys, opt.ind, new)
        points_after = round2(f_new * opt.ind.max_points)
        frm, to, text = _describe(opt, new, gain)
        steps.append(
            GapStep(
                code=code,
                name=opt.ind.label,
                category=opt.ind.category,
                entry=opt.ind.entry,
                unit=opt.ind.unit,
                direction=opt.ind.direction,
                from_value=frm,
                to_value=to,
                points_before=round2(opt.f0 * opt.ind.max_points),
                points_after=points_after,
                gain=gain,
                effort=opt.effort(f_new),
                total_after=round2(after),
                text=text,
            )
        )
        running = after
    return steps


def _snap(sys, opt: _Option, chosen, code, hypothetical, target) -> Decimal:
    """The fraction of the least input-stepped value of ``code`` (given the other
    steps) that still reaches ``target``."""
    f = chosen[code]
    if opt.ind.entry == ENTRY_POINTS or opt.ind.entry == ENTRY_MEASURED and opt.known:
        # new_value rounds towards the better side: walk back one step while it still reaches
        best = f
        for _ in range(1000):
            value = opt.new_value(best)
            prev = _step_back(opt, value)
            if prev is None:
                break
            f_prev = fraction(sys, opt.ind, prev)
            if f_prev <= opt.f0:
                break
            if _total(sys, {**hypothetical({**chosen, code: best}), code: prev}) < target:
                break
            best = f_prev
        return best
    return f


def _step_back(opt: _Option, value: Any) -> Any:
    """The value one input step worse than ``value`` (None at the bottom)."""
    if opt.ind.entry == ENTRY_POINTS:
        prev = value - Decimal("0.01")
        return prev if prev >= 0 else None
    step = opt.ind.input_step
    x = value.value - step if opt.ind.direction == HIGHER_BETTER else value.value + step
    return Measured(value=x, base=value.base, lead=value.lead, functions=value.functions)
