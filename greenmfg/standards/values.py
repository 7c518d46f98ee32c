"""Checking and converting the value of one indicator (:func:`coerce_value`).

Value shapes, by indicator:

- basic requirement, or a qualitative item entered as met/not met: ``True``/``False``
  (also ``"true"``/``"false"``, ``符合``/``不符合``, ``达到``/``未达到``);
- an indicator entered as points: a number 0..max_points;
- a measured (quantitative) indicator: the measured number when the system fixes
  基准值 and 引领值, else ``{"value": x, "base": B, "lead": L}`` with the industry's
  values; an indicator that counts platform functions (C-04) also takes the list of
  the function numbers ticked (``[1, 2, 5]``) or ``{"functions": [...]}``.

Empty values (``None``, ``""``, an all-empty dict) mean "not answered". Anything else
that does not fit raises :class:`ScoreInputError` naming the indicator.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext

from greenmfg.standards.model import (
    ENTRY_MEASURED,
    ENTRY_MET,
    ENTRY_POINTS,
    HIGHER_BETTER,
    METHOD_RATIO,
    Indicator,
    Measured,
    ScoreInputError,
)

TRUE_WORDS = {"true", "1", "yes", "y", "on", "符合", "达到", "met", "是"}
FALSE_WORDS = {"false", "0", "no", "n", "off", "不符合", "未达到", "not_met", "否"}
#: the most decimal places and the largest magnitude a measured value may have
MAX_PLACES = 6
MAX_MAGNITUDE = Decimal(10) ** 12


def fmt(value: Decimal | int | float | None) -> str:
    """A number without exponent or trailing zeros (``Decimal("1.500")`` → ``1.5``)."""
    if value is None:
        return "—"
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def with_unit(value: Decimal | int | float | None, unit: str) -> str:
    """``fmt(value)`` followed by the unit: ``45%``, ``0.82 tce/万元``, ``3`` (unit ``-``)."""
    unit = (unit or "").strip()
    if unit in ("", "-", "–"):
        return fmt(value)
    return f"{fmt(value)}{unit}" if unit in ("%", "‰") else f"{fmt(value)} {unit}"


def _fail(ind: Indicator, template: str, **params: Any) -> ScoreInputError:
    head = gettext("{code} {name}：").format(code=ind.code, name=ind.label)
    return ScoreInputError(head + template.format(**params), code=ind.code)


def _empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, dict):
        return all(_empty(v) for v in raw.values())
    return False


def _bool(ind: Indicator, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    if ind.kind == "basic":
        raise _fail(ind, gettext("基本要求只能填“符合”或“不符合”"))
    raise _fail(ind, gettext("只能填“达到”或“未达到”"))


def _number(ind: Indicator, raw: Any, what: str) -> Decimal:
    if isinstance(raw, bool):
        raise _fail(ind, gettext("{what}应为数字"), what=what)
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise _fail(ind, gettext("{what}应为数字"), what=what) from exc
    if not value.is_finite():
        raise _fail(ind, gettext("{what}应为数字"), what=what)
    if abs(value) >= MAX_MAGNITUDE or value.as_tuple().exponent < -MAX_PLACES:
        raise _fail(
            ind, gettext("{what}数值过大或小数位超过 {places} 位"), what=what, places=MAX_PLACES
        )
    return value


def _in_range(ind: Indicator, value: Decimal, what: str) -> Decimal:
    low, high = ind.lower_bound, ind.upper_bound
    if ind.integer and value != value.to_integral_value():
        raise _fail(ind, gettext("{what}应为整数"), what=what)
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            raise _fail(
                ind, gettext("{what}不能小于 {min}"), what=what, min=with_unit(low, ind.unit)
            )
        raise _fail(
            ind,
            gettext("{what}应在 {min} 到 {max} 之间"),
            what=what,
            min=fmt(low) if low is not None else "—",
            max=with_unit(high, ind.unit),
        )
    return value


def _functions(ind: Indicator, raw: Iterable[Any]) -> tuple[int, ...]:
    seqs = set()
    valid = {f.seq for f in ind.functions}
    for item in raw:
        if _empty(item):
            continue
        try:
            seq = int(str(item).strip())
        except ValueError as exc:
            raise _fail(ind, gettext("功能编号应在 1 到 {n} 之间"), n=len(ind.functions)) from exc
        if seq not in valid:
            raise _fail(ind, gettext("功能编号应在 1 到 {n} 之间"), n=len(ind.functions))
        seqs.add(seq)
    return tuple(sorted(seqs))


def _measured(ind: Indicator, raw: Any, method: str) -> Measured | None:
    functions: tuple[int, ...] = ()
    base_raw = lead_raw = None
    if isinstance(raw, Measured):
        raw = {"value": raw.value, "base": raw.base, "lead": raw.lead, "functions": raw.functions}
    if isinstance(raw, (list, tuple, set)):
        if not ind.functions:
            raise _fail(ind, gettext("{what}应为数字"), what=gettext("实测值"))
        functions = _functions(ind, raw)
        value_raw: Any = len(functions)
    elif isinstance(raw, dict):
        unknown = set(raw) - {"value", "base", "lead", "functions"}
        if unknown:
            raise _fail(ind, gettext("只能填写实测值、基准值和引领值"))
        if raw.get("functions") not in (None, "", [], ()):
            if not ind.functions:
                raise _fail(ind, gettext("只能填写实测值、基准值和引领值"))
            functions = _functions(ind, raw["functions"])
            value_raw = len(functions)
        else:
            value_raw = raw.get("value")
            if raw.get("functions") is not None and _empty(value_raw) and ind.functions:
                value_raw = 0  # a functions list that is present but empty: none met
        base_raw, lead_raw = raw.get("base"), raw.get("lead")
    else:
        value_raw = raw
    if _empty(value_raw) and _empty(base_raw) and _empty(lead_raw):
        return None
    needs_both = method != METHOD_RATIO
    if _empty(value_raw):
        raise _fail(ind, gettext("请同时填写实测值、基准值和引领值"))
    value = _in_range(ind, _number(ind, value_raw, gettext("实测值")), gettext("实测值"))
    given_base = None if _empty(base_raw) else _number(ind, base_raw, gettext("基准值"))
    given_lead = None if _empty(lead_raw) else _number(ind, lead_raw, gettext("引领值"))
    if not ind.industry_thresholds:
        fixed = (ind.base_value, ind.lead_value)
        if (given_base is not None and given_base != ind.base_value) or (
            given_lead is not None and given_lead != ind.lead_value
        ):
            raise _fail(
                ind,
                gettext("基准值和引领值由标准规定（基准值 {base}，引领值 {lead}），不能改动"),
                base=fmt(fixed[0]),
                lead=fmt(fixed[1]),
            )
        return Measured(value=value, base=ind.base_value, lead=ind.lead_value, functions=functions)
    if given_lead is None or (needs_both and given_base is None):
        raise _fail(ind, gettext("请同时填写实测值、基准值和引领值"))
    _in_range(ind, given_lead, gettext("引领值"))
    if given_base is not None:
        _in_range(ind, given_base, gettext("基准值"))
        if ind.direction == HIGHER_BETTER and given_lead <= given_base:
            raise _fail(ind, gettext("正向指标的引领值应高于基准值"))
        if ind.direction != HIGHER_BETTER and given_lead >= given_base:
            raise _fail(ind, gettext("逆向指标的引领值应低于基准值"))
    elif given_lead == 0:
        raise _fail(ind, gettext("引领值不能为 0"))
    return Measured(value=value, base=given_base, lead=given_lead, functions=functions)


def coerce_value(indicator: Indicator, raw: Any, method: str = "linear") -> Any:
    """Check and convert one raw value of ``indicator``.

    Returns None (not answered), a bool (basic requirement, met/not met), a Decimal
    (points) or a :class:`Measured`. ``method`` is the system's method for measured
    indicators (``linear`` needs 基准值 and 引领值, ``ratio`` only 引领值). Raises
    :class:`ScoreInputError` naming the indicator when the value does not fit.
    """
    if _empty(raw) and not (isinstance(raw, dict) and "functions" in raw):
        return None
    if isinstance(raw, (list, tuple)) and not raw and indicator.functions:
        return Measured(value=Decimal(0), base=indicator.base_value, lead=indicator.lead_value)
    if indicator.kind == "basic" or indicator.entry == ENTRY_MET:
        return _bool(indicator, raw)
    if indicator.entry == ENTRY_POINTS:
        value = _number(indicator, raw, gettext("得分"))
        if value < 0 or value > indicator.max_points:
            raise _fail(
                indicator,
                gettext("得分应在 0 到 {max} 分之间"),
                max=fmt(indicator.max_points),
            )
        return value
    if indicator.entry == ENTRY_MEASURED:
        return _measured(indicator, raw, method)
    raise _fail(indicator, gettext("未知的取值方式"))  # pragma: no cover - loader refuses it
