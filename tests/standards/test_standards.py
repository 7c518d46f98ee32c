"""The indicator systems and their scoring engine (greenmfg/standards): the tables as
encoded (GB/T 36132-2018 with the MIIT scoring table, GB/T 36132-2025 Annex C, the 2016
green park requirements, the general supply-chain table), the linear rule of
GB/T 36132-2025 5.2, the unit checks, and the gap analysis."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenmfg.standards.systems import (
    ScoreInputError,
    all_systems,
    coerce_value,
    gap_analysis,
    linear_fraction,
    ratio_fraction,
    score,
    system,
)
from tests.cycle import full_values

D = Decimal
CODES = sorted(all_systems())
HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


# --- the tables ---------------------------------------------------------------------------


def test_every_system_file_loads_with_the_rulesets_codes():
    assert set(CODES) == {
        "design_product_template",
        "gbt36132_2018",
        "gbt36132_2025",
        "green_park_2016",
        "supply_chain_general",
    }
    assert not [c for c in CODES if "provisional" in c]


@pytest.mark.parametrize("code", CODES)
def test_weights_and_maxima_add_up_to_100(code):
    sys = system(code)
    assert sys.max_total == 100
    if sys.weighted:
        assert sum(sys.category(c).weight for c in sys.scored_by_category) == 1
        for cat in sys.scored_by_category:
            assert sys.category_max(cat) == 100, cat
    else:
        assert sum(i.max_points for i in sys.scored_indicators) == 100
        for cat in sys.category_list:
            if cat.points is not None:
                assert sys.category_max(cat.name) == cat.points, cat.name


def test_gbt36132_2025_is_annex_c_with_its_example_weights():
    sys = system("gbt36132_2025")
    assert [i.code for i in sys.basic_indicators] == ["B25-BR-1", "B25-BR-2", "B25-BR-3"]
    assert [int(i.max_points) for i in sys.scored_indicators] == [
        8, 8, 8, 6, 8, 8, 8, 6, 6, 4, 6, 8, 8, 8,
    ]  # fmt: skip
    assert {c: sys.category_max(c) for c in sys.scored_by_category} == {
        "能源低碳化": 30,
        "资源高效化": 30,
        "生产洁净化": 16,
        "产品绿色化": 16,
        "用地集约化": 8,
    }
    assert all(i.verified and i.points_verified for i in sys.indicators if i.kind == "scored")
    assert "仅作为示例提供参考" in sys.scoring.weights_note
    assert sys.in_force_from.isoformat() == "2025-12-31"
    c04 = sys.indicator("C-04")
    assert (c04.lead_value, c04.base_value, c04.integer) == (8, 0, True)
    assert [f.name for f in c04.functions][:2] == ["能耗查询", "能源消费量和强度计算"]
    assert len(c04.functions) == 12
    types = {i.code: (i.entry, i.direction) for i in sys.scored_indicators}
    assert types["C-01"] == ("measured", "lower_better")
    assert types["C-03"] == ("measured", "higher_better")
    assert types["C-09"][0] == types["C-12"][0] == types["C-13"][0] == "met"
    assert sys.indicator("C-01").industry_thresholds and not c04.industry_thresholds


def test_gbt36132_2018_has_8_basic_requirements_53_items_and_the_verified_numbers():
    sys = system("gbt36132_2018")
    assert len(sys.basic_indicators) == 8 and len(sys.scored_indicators) == 53
    assert sys.weighted and sys.scoring.required_items_gate
    weights = {c.name: (c.weight, c.weight_verified) for c in sys.category_list if c.weight}
    assert weights == {
        "基础设施": (D("0.2"), True),
        "管理体系": (D("0.15"), False),
        "能源与资源投入": (D("0.15"), False),
        "产品": (D("0.1"), False),
        "环境排放": (D("0.1"), False),
        "绩效": (D("0.3"), False),
    }
    verified_points = {i.code: i.max_points for i in sys.scored_indicators if i.points_verified}
    assert verified_points == {"INF-01": 8, "INF-02": 6, "INF-03": 3}
    performance = [i for i in sys.scored_indicators if i.category == "绩效"]
    assert len(performance) == 12
    assert all(i.entry == "measured" and i.industry_thresholds for i in performance)
    assert sys.indicator("PF-11").direction == "lower_better"
    assert sys.indicator("INF-01").requirement == "必选"


def test_green_park_2016_has_6_gates_2_encouraged_items_and_31_unverified_weights():
    sys = system("green_park_2016")
    gates = [i.code for i in sys.basic_indicators if i.gate]
    assert len(gates) == 6 and [i.gate for i in sys.basic_indicators][6:] == [False, False]
    assert len(sys.scored_indicators) == 31
    assert not any(i.points_verified for i in sys.scored_indicators)
    assert {c: sys.category_max(c) for c in sys.scored_by_category} == {
        "能源利用绿色化指标": 18,
        "资源利用绿色化指标": 20,
        "基础设施绿色化指标": 15,
        "产业绿色化指标": 16,
        "生态环境绿色化指标": 16,
        "运行管理绿色化指标": 15,
    }
    eg1 = sys.indicator("EG1")
    assert (eg1.unit, eg1.lead_value, eg1.thresholds_verified) == ("万元/tce", 3, False)
    assert sys.indicator("HG23").direction == "lower_better"
    assert sys.scoring.quantitative == "ratio" and not sys.scoring.quantitative_verified


def test_supply_chain_general_is_the_verified_table_entered_as_points():
    sys = system("supply_chain_general")
    assert len(sys.basic_indicators) == 7 and len(sys.scored_indicators) == 20
    assert all(i.verified for i in sys.indicators)
    assert {i.entry for i in sys.scored_indicators} == {"points"}
    assert sys.indicator("X26").type == "quantitative" and sys.indicator("X26").unit == "%"
    assert sys.indicator("X61").max_points == D("2.5")


# --- scoring ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_full_marks_give_the_maximum(code):
    result = score(system(code), full_values(code, scored_fraction=1.0))
    assert result.total == 100 and result.eligible and not result.missing


@pytest.mark.parametrize(
    "code, basic",
    [(c, i.code) for c in CODES for i in system(c).basic_indicators if i.gate],
)
def test_one_failed_basic_requirement_makes_any_score_ineligible(code, basic):
    result = score(system(code), full_values(code, scored_fraction=1.0, fail=(basic,)))
    assert result.total == 100 and not result.eligible
    assert result.failed_basic == [basic]
    line = next(ln for ln in result.lines if ln["code"] == basic)
    assert line["how"] == "不符合（一票否决）"


def test_an_unanswered_basic_requirement_also_makes_the_result_ineligible():
    values = full_values("gbt36132_2025", scored_fraction=1.0)
    del values["B25-BR-3"]
    result = score(system("gbt36132_2025"), values)
    assert not result.eligible and result.missing == ["B25-BR-3"] and result.failed_basic == []


def test_the_parks_encouraged_items_never_make_it_ineligible():
    values = full_values("green_park_2016", scored_fraction=1.0, fail=("P-BR-07", "P-BR-08"))
    result = score(system("green_park_2016"), values)
    assert result.eligible and result.failed_basic == []


def test_an_unmet_required_item_of_the_2018_table_makes_it_ineligible():
    values = full_values("gbt36132_2018", scored_fraction=1.0)
    values["INF-02"] = False  # 必选
    values["INF-05"] = False  # 可选
    result = score(system("gbt36132_2018"), values)
    assert not result.eligible and result.failed_required == ["INF-02"]
    assert result.failed_basic == []
    # 基础设施: (100 − 6 − 14) / 100 × 100 = 80 → × 20% = 16
    detail = result.category_details["基础设施"]
    assert (detail.points, detail.score, detail.contribution) == (80, 80, 16)
    assert result.total == 96


def test_the_2018_weighted_model_converts_item_points_by_category_weight():
    sys = system("gbt36132_2018")
    values = {i.code: False for i in sys.scored_indicators if i.entry == "met"}
    values["INF-01"] = True  # 8 points of 基础设施 (100) × 20% = 1.6
    values["MS-01"] = True  # 15 of 管理体系 (100) × 15% = 2.25
    result = score(sys, values)
    assert result.categories["基础设施"] == D("1.6")
    assert result.categories["管理体系"] == D("2.25")
    assert result.total == D("3.85")


@pytest.mark.parametrize(
    "x, base, lead, direction, expected",
    [
        # forward (正向定量): full at or above 引领值, 0 below 基准值, linear between
        ("20", "5", "20", "higher_better", "1"),
        ("25", "5", "20", "higher_better", "1"),
        ("5", "5", "20", "higher_better", "0"),
        ("4", "5", "20", "higher_better", "0"),
        ("12.5", "5", "20", "higher_better", "0.5"),
        # reverse (逆向定量): full at or below 引领值, 0 above 基准值
        ("0.6", "1.0", "0.6", "lower_better", "1"),
        ("0.5", "1.0", "0.6", "lower_better", "1"),
        ("1.0", "1.0", "0.6", "lower_better", "0"),
        ("1.2", "1.0", "0.6", "lower_better", "0"),
        ("0.8", "1.0", "0.6", "lower_better", "0.5"),
        ("0.82", "1.00", "0.60", "lower_better", "0.45"),
    ],
)
def test_the_linear_rule_of_5_2_at_its_ends_and_middle(x, base, lead, direction, expected):
    assert linear_fraction(D(x), D(base), D(lead), direction) == D(expected)


def test_a_measured_value_is_scored_and_explained():
    values = {"C-01": {"value": "0.82", "base": "1.00", "lead": "0.60"}}
    result = score(system("gbt36132_2025"), values)
    line = next(ln for ln in result.lines if ln["code"] == "C-01")
    assert line["points"] == D("3.6") and line["max_points"] == 8
    assert line["how"] == "实测 0.82 tce/产品单位 或 tce/万元，基准值 1，引领值 0.6 → 45% → 3.6分"
    assert result.total == D("3.6") and result.categories["能源低碳化"] == D("3.6")


def test_the_platform_functions_count_against_lead_8_and_base_0():
    sys = system("gbt36132_2025")
    result = score(sys, {"C-04": [1, 5, 9, 12]})
    line = next(ln for ln in result.lines if ln["code"] == "C-04")
    assert line["points"] == 3  # 4 of 8 → 50% of 6
    assert line["how"].startswith("符合 4 项功能（能耗查询、能流分析、碳足迹核算、碳资产管理）")
    assert score(sys, {"C-04": list(range(1, 13))}).total == 6  # beyond 引领值: full
    assert score(sys, {"C-04": 8}).total == 6
    assert score(sys, {"C-04": {"functions": []}}).missing == [
        i.code for i in sys.indicators if i.code != "C-04"
    ]


def test_the_park_ratio_method_is_value_over_lead_and_lead_over_value_for_reverse():
    sys = system("green_park_2016")
    result = score(sys, {"EG1": "1.5", "HG23": "10", "HG22": "-2"})
    points = {ln["code"]: ln["points"] for ln in result.lines if ln["kind"] == "scored"}
    assert points["EG1"] == 3  # 1.5 / 3 of 6
    assert points["HG23"] == 1  # 5 / 10 of 2
    assert points["HG22"] == 0  # a rising carbon intensity earns nothing
    assert ratio_fraction(D("0.2"), D("0.3"), "lower_better") == 1


# --- unit checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, raw, message",
    [
        ("C-03", {"value": "120", "base": "5", "lead": "20"}, "C-03 可再生能源利用率：实测值应在 0 到 100% 之间"),
        ("C-01", {"value": "-1", "base": "1", "lead": "0.6"}, "C-01 能源消耗强度：实测值不能小于 0 tce/产品单位 或 tce/万元"),
        ("C-04", 13, "C-04 能碳管理系统平台功能符合数量：实测值应在 0 到 12 项 之间"),
        ("C-04", "4.5", "C-04 能碳管理系统平台功能符合数量：实测值应为整数"),
        ("C-04", [0, 3], "C-04 能碳管理系统平台功能符合数量：功能编号应在 1 到 12 之间"),
        ("C-04", {"value": "4", "base": "0", "lead": "6"}, "C-04 能碳管理系统平台功能符合数量：基准值和引领值由标准规定（基准值 0，引领值 8），不能改动"),
        ("C-01", "0.9", "C-01 能源消耗强度：请同时填写实测值、基准值和引领值"),
        ("C-01", {"value": "0.9", "base": "1"}, "C-01 能源消耗强度：请同时填写实测值、基准值和引领值"),
        ("C-01", {"value": "0.9", "base": "0.6", "lead": "1"}, "C-01 能源消耗强度：逆向指标的引领值应低于基准值"),
        ("C-03", {"value": "9", "base": "20", "lead": "5"}, "C-03 可再生能源利用率：正向指标的引领值应高于基准值"),
        ("C-03", {"value": "abc", "base": "5", "lead": "20"}, "C-03 可再生能源利用率：实测值应为数字"),
        ("C-03", {"value": "1.1234567", "base": "5", "lead": "20"}, "C-03 可再生能源利用率：实测值数值过大或小数位超过 6 位"),
        ("C-12", "maybe", "C-12 绿色设计：只能填“达到”或“未达到”"),
        ("B25-BR-1", "maybe", "B25-BR-1 近三年未发生安全、质量、环保等违法违规行为：基本要求只能填“符合”或“不符合”"),
    ],
)  # fmt: skip
def test_unit_checks_refuse_bad_values_naming_the_indicator(code, raw, message):
    sys = system("gbt36132_2025")
    with pytest.raises(ScoreInputError) as exc:
        coerce_value(sys.indicator(code), raw, sys.scoring.quantitative)
    assert str(exc.value) == message and exc.value.code == code
    with pytest.raises(ScoreInputError):
        score(sys, {code: raw})


def test_points_are_checked_against_the_maximum():
    sys = system("supply_chain_general")
    with pytest.raises(ScoreInputError, match="X11 纳入公司发展规划：得分应在 0 到 8 分之间"):
        score(sys, {"X11": "9"})
    assert score(sys, {"X61": "2.5"}).total == D("2.5")


def test_a_percent_of_the_parks_reduction_rate_may_be_negative_but_not_below_minus_100():
    sys = system("green_park_2016")
    assert score(sys, {"HG22": "-5"}).total == 0
    with pytest.raises(ScoreInputError, match="HG22"):
        score(sys, {"HG22": "-101"})


def test_the_message_names_the_indicator_in_english_when_english_is_active():
    sys = system("gbt36132_2025")
    with translation.override("en"), pytest.raises(ScoreInputError) as exc:
        coerce_value(sys.indicator("C-03"), {"value": "120", "base": "5", "lead": "20"})
    assert str(exc.value).startswith("C-03 Renewable energy utilisation rate")


# --- properties ---------------------------------------------------------------------------------


def _number(low: Decimal, high: Decimal, places: int = 2):
    return st.decimals(min_value=low, max_value=high, places=places, allow_nan=False)


def _measured(ind):
    low = ind.lower_bound
    high = ind.upper_bound if ind.upper_bound is not None else D(1000)
    if ind.functions:
        return st.sets(st.integers(1, 12)).map(sorted)
    if not ind.industry_thresholds:
        return _number(low, high)
    pair = st.tuples(_number(low, high), _number(low, high)).filter(lambda p: p[0] != p[1])

    def build(p, x):
        a, b = sorted(p)
        base, lead = (a, b) if ind.direction == "higher_better" else (b, a)
        return {"value": x, "base": base, "lead": lead}

    return st.builds(build, pair, _number(low, high))


def _value(ind):
    if ind.kind == "basic" or ind.entry == "met":
        return st.booleans()
    if ind.entry == "points":
        return _number(D(0), ind.max_points)
    return _measured(ind)


def _values(sys):
    return st.fixed_dictionaries({i.code: _value(i) for i in sys.indicators})


def _improve(ind, value, data):
    """A value of ``ind`` at least as good as ``value``."""
    if ind.kind == "basic" or ind.entry == "met":
        return True
    if ind.entry == "points":
        return data.draw(_number(value, ind.max_points))
    if ind.functions:
        return sorted(set(value) | set(data.draw(st.sets(st.integers(1, 12)))))
    x = value["value"] if isinstance(value, dict) else value
    low = ind.lower_bound
    high = ind.upper_bound if ind.upper_bound is not None else D(1000)
    better = _number(x, high) if ind.direction == "higher_better" else _number(low, x)
    y = data.draw(better)
    return {**value, "value": y} if isinstance(value, dict) else y


@pytest.mark.parametrize("code", CODES)
@HYPOTHESIS
@given(data=st.data())
def test_raising_any_indicator_never_lowers_the_total_which_stays_within_0_and_100(code, data):
    sys = system(code)
    values = data.draw(_values(sys))
    before = score(sys, values)
    assert 0 <= before.total <= 100
    assert abs(sum(before.categories.values()) - before.total) <= D("0.005") * 8
    ind = data.draw(st.sampled_from(sys.scored_indicators))
    better = dict(values, **{ind.code: _improve(ind, values[ind.code], data)})
    after = score(sys, better)
    assert after.total >= before.total, (ind.code, values[ind.code], better[ind.code])
    assert after.total <= 100


# --- gap analysis ---------------------------------------------------------------------------------


def _apply(sys, values: dict, steps) -> dict:
    out = dict(values)
    for step in steps:
        ind = sys.indicator(step.code)
        old = values.get(step.code)
        if ind.entry == "met":
            out[step.code] = True
        elif ind.entry == "points":
            out[step.code] = step.to_value
        elif ind.functions:
            out[step.code] = list(range(1, int(step.to_value) + 1))
        elif isinstance(old, dict):
            out[step.code] = {**old, "value": step.to_value}
        else:
            out[step.code] = step.to_value
    return out


def _one_step_back(sys, step):
    ind = sys.indicator(step.code)
    if ind.entry == "met":
        return None
    if ind.entry == "points":
        return step.to_value - D("0.01")
    delta = ind.input_step
    return step.to_value - delta if ind.direction == "higher_better" else step.to_value + delta


def _check_minimal(sys, values, target, steps):
    """The stated sense of minimal (greenmfg/standards/gap.py)."""
    result = score(sys, _apply(sys, values, steps))
    assert result.exact_total >= target and result.total >= target
    assert steps[-1].total_after == result.total
    for step in steps:  # none can be dropped
        rest = [s for s in steps if s is not step]
        assert score(sys, _apply(sys, values, rest)).exact_total < target, step.code
    last = steps[-1]
    back = _one_step_back(sys, last)
    if back is not None and back > 0 and last.to_value != last.from_value:
        lowered = _apply(sys, values, steps)
        old = values.get(last.code)
        ind = sys.indicator(last.code)
        if ind.functions:
            lowered[last.code] = list(range(1, int(back) + 1))
        elif isinstance(old, dict):
            lowered[last.code] = {**old, "value": back}
        else:
            lowered[last.code] = back
        with contextlib.suppress(ScoreInputError):  # one step back may leave the range
            assert score(sys, lowered).exact_total < target, last.code


def test_the_gap_to_80_names_the_value_to_reach_cheapest_first():
    sys = system("gbt36132_2025")
    values = full_values("gbt36132_2025", scored_fraction=1.0)
    values["C-06"] = {"value": "3.2", "base": "3.5", "lead": "2.5"}  # 30% of 8 → 2.4
    values["C-12"] = False  # −8
    values["C-10"] = {"value": "0.5", "base": "0.5", "lead": "3"}  # 0 of 4
    start = score(sys, values).total
    assert start == D("82.4")
    assert gap_analysis(sys, values, D(80)) == []
    steps = gap_analysis(sys, values, start + 4)
    assert [s.text for s in steps] == ["取水强度：从 3.2 降到 2.7 m³/产品单位 或 m³/万元 → +4分"]
    assert (steps[0].from_value, steps[0].to_value, steps[0].total_after) == (
        D("3.2"),
        D("2.7"),
        D("86.4"),
    )
    # to full marks: everything; C-12 and C-06 cost 12.5 effort points a point (100/8),
    # the larger gain first; C-10 (4 points) costs 25
    steps = gap_analysis(sys, values, D(100))
    assert [s.code for s in steps] == ["C-12", "C-06", "C-10"]
    assert [s.cost_per_point for s in steps] == [D("12.5"), D("12.5"), D(25)]
    assert steps[-1].total_after == 100
    assert steps[0].text == "绿色设计：达到要求 → +8分"


def test_an_unreachable_target_lists_every_step_to_full_marks():
    sys = system("supply_chain_general")
    values = full_values("supply_chain_general", scored_fraction=0.5)
    steps = gap_analysis(sys, values, D(101))
    assert steps[-1].total_after == 100
    assert {s.code for s in steps} == {i.code for i in sys.scored_indicators}


def test_the_gap_of_an_empty_report_asks_to_enter_the_industry_values():
    sys = system("gbt36132_2025")
    steps = gap_analysis(sys, {}, D(80))
    assert steps[-1].total_after == 80
    assert "能源消耗强度：填报实测值、基准值和引领值，达到引领值 → +8分" in [s.text for s in steps]
    assert "能碳管理系统平台功能符合数量：填报实测值，达到 8 项 → +6分" in [s.text for s in steps]


def test_for_measured_indicators_in_range_the_gap_is_the_least_effort():
    """Within 基准值..引领值 every point costs 100 / max_points effort points: the
    least effort raises the heaviest indicators first (a fractional knapsack)."""
    sys = system("gbt36132_2025")
    values = full_values("gbt36132_2025", scored_fraction=0.5)  # all measured at 50%
    start = score(sys, values).total
    steps = gap_analysis(sys, values, start + 10)
    assert all(sys.indicator(s.code).max_points == 8 for s in steps)
    assert sum(s.gain for s in steps) == 10
    assert sum(s.effort for s in steps) == pytest.approx(D(10) / 8 * 100, abs=D("0.2"))


@pytest.mark.parametrize("code", CODES)
@HYPOTHESIS
@given(data=st.data())
def test_the_gap_analysis_reaches_the_target_and_is_minimal(code, data):
    sys = system(code)
    values = data.draw(_values(sys))
    start = score(sys, values).total
    target = data.draw(_number(D(0), D(100), places=1))
    steps = gap_analysis(sys, values, target)
    if start >= target:
        assert steps == []
        return
    assert steps and all(s.gain > 0 for s in steps)
    _check_minimal(sys, values, target, steps)
