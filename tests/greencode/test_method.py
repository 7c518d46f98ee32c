"""The 企业绿码 method (greenmfg/greencode/method.py) on known populations: the shares
of 工信厅节函〔2023〕384号 exactly, ties as documented, industry groups."""

from __future__ import annotations

from decimal import Decimal

import pytest

from greenmfg.greencode import method


def units(values, division="33", section="C"):
    return [
        method.UnitInput(
            key=i,
            division=division,
            section=section,
            values={
                "energy_intensity": Decimal(v),
                "co2_intensity": Decimal(1),
                "water_intensity": Decimal(1),
            },
        )
        for i, v in enumerate(values)
    ]


SHARES = {"A+": 5, "A": 35, "B": 60}


def test_100_distinct_units_grade_5_35_60_exactly_384():
    results = method.grade_population(
        units([str(i) for i in range(1, 101)]), shares=SHARES, min_group_units=10
    )
    grades = [r.grade for r in results]
    assert grades.count("A+") == 5 and grades.count("A") == 35 and grades.count("B") == 60
    # lowest energy intensity is best
    best = {r.key for r in results if r.grade == "A+"}
    assert best == {0, 1, 2, 3, 4}


def test_cuts_round_half_up_for_small_populations():
    assert method.cuts(100, SHARES) == (5, 40)
    assert method.cuts(20, SHARES) == (1, 8)
    assert method.cuts(10, SHARES) == (1, 4)  # 0.5 rounds up
    assert method.cuts(9, SHARES) == (0, 4)  # 0.45 → no A+


def test_a_tie_across_the_a_plus_cut_gets_the_better_grade_together():
    # 20 units → A+ cut 1; units 0 and 1 tie for the best score: both A+
    values = ["1", "1"] + [str(i) for i in range(3, 21)]
    results = {
        r.key: r for r in method.grade_population(units(values), shares=SHARES, min_group_units=1)
    }
    assert results[0].grade == results[1].grade == "A+"
    assert results[0].rank == results[1].rank == 1
    assert results[2].rank == 3
    assert sum(r.grade == "A+" for r in results.values()) == 2


def test_equal_scores_never_get_different_grades():
    results = method.grade_population(units(["5"] * 30), shares=SHARES, min_group_units=1)
    assert {r.grade for r in results} == {"A+"}


def test_a_small_division_falls_back_to_its_section_then_the_scope():
    big = units([str(i) for i in range(1, 13)], division="33")
    small = [
        method.UnitInput(key=100 + i, division="26", section="C", values=big[0].values)
        for i in range(3)
    ]
    other = [method.UnitInput(key=200, division="", section="", values=big[0].values)]
    groups = method.groups_for(big + small + other, min_group_units=10)
    assert {groups[u.key] for u in big} == {"33"}
    # the section C holds 15 units, but only 3 fell back to it: too few, so the scope
    assert {groups[u.key] for u in small} == {method.WHOLE_SCOPE}
    assert groups[200] == method.WHOLE_SCOPE


def test_scores_are_normalised_within_the_industry_group():
    # two divisions with the same ranks but very different absolute values
    a = units(["1", "2", "3"], division="33")
    b = [
        method.UnitInput(
            key=10 + u.key,
            division="26",
            section="C",
            values={**u.values, "energy_intensity": u.values["energy_intensity"] * 100},
        )
        for u in a
    ]
    results = {r.key: r for r in method.grade_population(a + b, shares=SHARES, min_group_units=3)}
    assert results[0].score == results[10].score
    assert results[2].score == results[12].score


def test_shares_must_add_up_to_100():
    with pytest.raises(ValueError):
        method.grade_population(units(["1"]), shares={"A+": 5, "A": 35, "B": 50}, min_group_units=1)


def test_a_unit_with_too_few_indicators_is_refused_by_the_method():
    u = method.UnitInput(key=1, division="33", section="C", values={"energy_intensity": Decimal(1)})
    with pytest.raises(ValueError):
        method.grade_population([u], shares=SHARES, min_group_units=1)
