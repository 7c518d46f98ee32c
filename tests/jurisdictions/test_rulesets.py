"""Rulesets as data: inheritance, dated values, citations, validation (DESIGN.md decision 1)."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from greenmfg.jurisdictions.rulesets import (
    RULESET_DIR,
    Rules,
    RulesetError,
    load_registry,
    parse_file,
    registry,
    rules_for_slug,
)

D = dt.date


def test_every_value_of_every_ruleset_cites_its_article():
    for rf in load_registry().files.values():
        for key, values in rf.parameters.items():
            for v in values:
                assert v.ref.strip(), f"{rf.path.name}: {key} has no citation"


def test_guangzhou_values_come_from_004_and_the_rest_is_inherited():
    rules = rules_for_slug("guangzhou", D(2026, 4, 1))
    assert rules.param("public_notice.municipal.length").value == 7
    assert rules.param("public_notice.municipal.length").ref.startswith("004 第十条")
    assert not rules.param("public_notice.municipal.length").inherited
    grades = rules.param("scoring.provincial.grades")
    assert grades.inherited and grades.source == "guangdong" and grades.ref == "000 第十四条"
    count_start = rules.param("public_notice.count_start_day")
    assert count_start.inherited and count_start.source == "national"


def test_guangzhou_pool_registration_in_january_valid_3_years_004_9():
    rules = rules_for_slug("guangzhou", D(2026, 1, 5))
    assert rules.window("pool.registration_window", 2026) == (D(2026, 1, 1), D(2026, 1, 31))
    assert rules.get("pool.validity_years") == 3
    assert rules.get("pool.review_steps") == [
        "district_preliminary_review",
        "city_conformity_review",
    ]


def test_guangzhou_district_to_city_by_04_30_and_pass_mark_80_004_10_004_3():
    rules = rules_for_slug("guangzhou", D(2026, 4, 1))
    assert rules.month_day("selection.municipal.recommendation_deadline", 2026) == D(2026, 4, 30)
    assert rules.get("scoring.municipal.pass_mark") == 80
    assert rules.get("stars.municipal") == 1


def test_guangzhou_six_disqualifying_conditions_cite_004_12():
    conds = rules_for_slug("guangzhou", D(2026, 4, 1)).get("disqualification.conditions")
    assert [c["number"] for c in conds] == [1, 2, 3, 4, 5, 6]
    assert [c["ref"] for c in conds] == [f"004 第十二条({n})" for n in "一二三四五六"]


def test_guangdong_rules_apply_only_from_2024_07_19_000_32():
    """Before the 实施细则 took effect, the province inherits the national value."""
    before = rules_for_slug("guangdong", D(2024, 7, 18))
    after = rules_for_slug("guangdong", D(2024, 7, 19))
    assert not before.has("public_notice.provincial.length")
    assert after.get("public_notice.provincial.length") == 10
    assert after.get("public_notice.provincial.unit") == "working_days"


def test_national_round_changes_by_year_list_types_and_route():
    """2023 (001): three list types, third-party evaluation; 2025 (390号): factories
    and parks only, self-evaluation."""
    r2023 = rules_for_slug("national", D(2023, 8, 1))
    r2025 = rules_for_slug("national", D(2025, 10, 1))
    assert r2023.get("list_types") == ["factory", "park", "supply_chain"]
    assert r2023.get("evaluation.routes") == ["third_party"]
    assert r2023.month_day("selection.national.recommendation_deadline", 2023) == D(2023, 9, 5)
    assert r2025.get("list_types") == ["factory", "park"]
    assert r2025.get("evaluation.routes") == ["self"]
    assert r2025.month_day("selection.national.recommendation_deadline", 2025) == D(2025, 7, 31)


def _write(tmp_path: Path, name: str, body: str) -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


BASE = """slug: {slug}
division: "{division}"
name: 测试
parent: null
parameters:
{params}
"""


def test_unknown_key_is_an_error_naming_file_and_key(tmp_path):
    p = _write(
        tmp_path,
        "x.yaml",
        BASE.format(
            slug="x",
            division="110000",
            params="  public_notice.lenght:\n    value: 5\n    ref: 测试 第一条\n",
        ),
    )
    with pytest.raises(
        RulesetError, match=r"x\.yaml: parameter 'public_notice\.lenght': unknown key"
    ):
        parse_file(p)


def test_wrong_type_is_an_error_naming_file_and_key(tmp_path):
    p = _write(
        tmp_path,
        "x.yaml",
        BASE.format(
            slug="x",
            division="110000",
            params="  public_notice.municipal.length:\n    value: seven\n    ref: 测试 第一条\n",
        ),
    )
    with pytest.raises(
        RulesetError, match=r"x\.yaml: parameter 'public_notice\.municipal\.length'.*wrong type"
    ):
        parse_file(p)


def test_missing_citation_is_an_error(tmp_path):
    p = _write(
        tmp_path,
        "x.yaml",
        BASE.format(
            slug="x", division="110000", params="  public_notice.municipal.length:\n    value: 5\n"
        ),
    )
    with pytest.raises(RulesetError, match=r"missing citation 'ref'"):
        parse_file(p)


def test_two_values_in_force_on_the_same_day_is_an_error(tmp_path):
    params = (
        "  public_notice.municipal.length:\n"
        "    - {value: 5, ref: a, from: 2024-01-01, until: 2024-12-31}\n"
        "    - {value: 6, ref: b, from: 2024-06-01}\n"
    )
    p = _write(tmp_path, "x.yaml", BASE.format(slug="x", division="110000", params=params))
    with pytest.raises(RulesetError, match="two values are in force"):
        parse_file(p)


def test_a_new_city_is_one_data_file(tmp_path):
    """A sixth city needs a file, not code: it inherits its province's rules."""
    for f in RULESET_DIR.glob("*.yaml"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    _write(
        tmp_path,
        "foshan.yaml",
        'slug: foshan\ndivision: "440600"\nname: 佛山市\nparent: guangdong\nparameters:\n'
        "  public_notice.municipal.length:\n    value: 5\n    ref: 佛山 第十条\n"
        "  public_notice.municipal.unit:\n    value: working_days\n    ref: 佛山 第十条\n",
    )
    reg = load_registry(tmp_path)
    rules = Rules(reg.chain("foshan"), D(2026, 4, 1))
    assert rules.get("public_notice.municipal.length") == 5
    assert rules.param("selection.national.min_grade").source == "guangdong"


def test_unknown_parent_is_an_error(tmp_path):
    _write(
        tmp_path,
        "x.yaml",
        'slug: x\ndivision: "110000"\nname: x\nparent: nowhere\nparameters: {}\n',
    )
    with pytest.raises(RulesetError, match="parent 'nowhere' has no ruleset file"):
        load_registry(tmp_path)


CITY_WORDS = re.compile(
    r"广州|厦门|洛阳|广东|福建|河南|深圳|guangzhou|xiamen|luoyang|guangdong|fujian|henan|^4401|^3502|^4103|^44|^35|^41",
    re.I,
)


def _strings(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def test_no_code_tests_a_city_name():
    """Rules live in rulesets (DESIGN.md decision 1): no comparison or match in the
    product's Python code tests a jurisdiction's name, slug or division code."""
    root = Path(registry().files["national"].path).parent.parent
    offenders = []
    for py in root.rglob("*.py"):
        rel = py.relative_to(root).as_posix()
        if "/migrations/" in rel:
            continue
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare | ast.match_case):
                for text in _strings(node):
                    if CITY_WORDS.search(text):
                        offenders.append(
                            f"{rel}:{node.lineno if hasattr(node, 'lineno') else '?'}: {text}"
                        )
    assert offenders == []
