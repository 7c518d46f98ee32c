"""Sample values for an indicator system: a plausible, valid report that earns about a
given fraction of the points. Used by ``greenmfg simulate`` (the demo and load
generator) and by the tests; never by a real evaluation."""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from greenmfg.standards.systems import system


def _measured_value(ind, f: Decimal):
    """A measured value of ``ind`` earning the fraction ``f`` of its points (with the
    industry's 基准值/引领值 where the system leaves them to the evaluation)."""
    step = Decimal("0.0001")
    if ind.functions:  # C-04: the first n platform functions ticked
        x = ind.base_value + f * (ind.lead_value - ind.base_value)
        return list(range(1, int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP)) + 1))
    if ind.lead_value is not None and ind.base_value is None:  # ratio (parks): x / 引领值
        lead = ind.lead_value
        if ind.direction == "higher_better":
            return str((f * lead).quantize(step))
        x = lead / f if f else (ind.upper_bound or lead * 1000)
        return str(x.quantize(step, rounding=ROUND_FLOOR))
    if ind.lead_value is not None:
        return str((ind.base_value + f * (ind.lead_value - ind.base_value)).quantize(step))
    if ind.direction == "higher_better":
        base, lead = Decimal(50), Decimal(90)
    else:
        base, lead = Decimal("1.0"), Decimal("0.6")
    x = (base + f * (lead - base)).quantize(step)
    return {"value": str(x), "base": str(base), "lead": str(lead)}


def sample_values(code: str, *, scored_fraction: float = 0.9, fail: tuple[str, ...] = ()) -> dict:
    """Valid values for every indicator of system ``code``: basic requirements met
    (except ``fail``); points and measured indicators at ``scored_fraction`` of their
    maximum (measured ones scored against the industry's 基准值/引领值 where the system
    leaves them to the evaluation); qualitative items met when they are 必选 or the
    fraction is at least one half (so the total is about the fraction, not exactly)."""
    out: dict = {}
    f = Decimal(str(scored_fraction))
    for ind in system(code).indicators:
        if ind.kind == "basic":
            out[ind.code] = ind.code not in fail
        elif ind.entry == "met":
            out[ind.code] = ind.requirement == "必选" or f >= Decimal("0.5")
        elif ind.entry == "points":
            out[ind.code] = str((ind.max_points * f).quantize(Decimal("0.5")))
        else:
            out[ind.code] = _measured_value(ind, f)
    return out
