"""Fidelity, round two (issue 15, item 5): a child ruleset's list replaces its parent's
only where the child's text says so; elsewhere it ``extends`` it (000 第二十三条 still
applies to Guangzhou's units). Every list a child sets that drops an item of its
parent's is reviewed here, with the child's own article."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import Rules, registry, rules_for

ON = dt.date(2026, 5, 1)

#: (child, key) -> items of the parent's list the child's own text leaves out, and why
REVIEWED = {
    # a city publishes its own list only; a province not the national one
    ("fujian", "levels_published"): ["national"],
    ("guangdong", "levels_published"): ["national"],
    ("henan", "levels_published"): ["national"],
    ("guangzhou", "levels_published"): ["provincial"],  # 004 第五条、第十条
    ("luoyang", "levels_published"): ["provincial"],  # 003 第四条
    ("xiamen", "levels_published"): ["provincial"],  # 002 第五条
    # 004 第九条: the city designates the municipal list's candidates itself; the filing
    # with the province (000 第七条) is still recorded (pool.filed_with)
    ("guangzhou", "pool.review_steps"): ["city_filing", "province_designation"],
    # 003 第十六条: only national and provincial units file the dynamic form
    ("luoyang", "dynamic.filing_levels"): ["municipal"],
    # 003 第十八条(二): Luoyang's own cause (拒不按时填报且不配合现场复核) for its list;
    # the ministry acting on a national unit applies its own causes (issue 15, item 6)
    ("luoyang", "removal.annual_causes"): ["not_filing"],
    # 000 第十六条 names the supply-chain leads with many green-factory suppliers only; the
    # parks' priority of 001 二(二) is the national round's
    ("guangdong", "priority.network_green_factories"): ["park"],
    # Guangdong's pilot grades its provincial factories; the national codes are the
    # ministry's run at the national scope (384号), not a province's
    ("guangdong", "green_code.levels"): ["national"],
}


def _drops() -> dict[tuple[str, str], list]:
    reg = registry()
    out = {}
    for slug, rf in reg.files.items():
        if not rf.parent:
            continue
        parent = Rules(reg.chain(slug)[1:], ON)
        for key, dvs in rf.parameters.items():
            dv = next((v for v in dvs if v.in_force(ON)), None)
            if dv is None or dv.extends or not isinstance(dv.value, list):
                continue
            if key == "disqualification.conditions" or not parent.has(key):
                continue  # each text lists its own six conditions
            dropped = [x for x in parent.get(key) if x not in dv.value]
            if dropped:
                out[(slug, key)] = dropped
    return out


@pytest.mark.django_db
def test_every_list_a_child_replaces_is_replaced_by_its_own_text_000_23():
    assert _drops() == REVIEWED


@pytest.mark.django_db
def test_guangzhou_still_removes_a_unit_no_longer_meeting_the_standard_after_a_change_000_23():
    rules = rules_for(Jurisdiction.objects.get(code="440106"), ON)
    causes = rules.get("removal.annual_causes")
    assert "no_longer_meets_standard_after_change" in causes
    assert rules.ref("removal.annual_causes").startswith("000 第二十一条、第二十三条")
