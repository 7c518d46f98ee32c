"""The standards commands (docs/cli.md "Standards and scoring"): `standards list`,
`standards show CODE` and `score CODE FILE`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from greenmfg.cli import translate_argv
from tests.cycle import full_values


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _json(*args):
    return json.loads(_run(*args, "--json"))


def _file(tmp_path, data) -> str:
    path = tmp_path / "values.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_the_two_word_commands_map_to_the_management_commands():
    assert translate_argv(["standards", "list", "--json"]) == ["standards_list", "--json"]
    assert translate_argv(["standards", "show", "gbt36132_2025"]) == [
        "standards_show",
        "gbt36132_2025",
    ]
    assert translate_argv(["score", "gbt36132_2025", "v.json"]) == [
        "score",
        "gbt36132_2025",
        "v.json",
    ]


def test_standards_list_names_every_system_with_its_verified_counts():
    data = {s["code"]: s for s in _json("standards_list")}
    assert set(data) == {
        "design_product_template",
        "gbt36132_2018",
        "gbt36132_2025",
        "green_park_2016",
        "supply_chain_general",
    }
    assert data["gbt36132_2025"]["counts"] == {
        "basic": 3,
        "scored": 14,
        "verified": 17,
        "unverified": 0,
    }
    assert data["gbt36132_2025"]["in_force_from"] == "2025-12-31"
    assert data["gbt36132_2018"]["in_force_until"] == "2025-12-30"
    assert all(s["max_total"] == 100 for s in data.values())
    text = _run("standards_list")
    assert "gbt36132_2025  绿色工厂评价通则（GB/T 36132-2025，附录C示例表）（factory）" in text


def test_standards_show_prints_every_indicator_as_json():
    data = _json("standards_show", "gbt36132_2025")
    assert (data["code"], data["name"]) == (
        "gbt36132_2025",
        "绿色工厂评价通则（GB/T 36132-2025，附录C示例表）",
    )
    inds = {i["code"]: i for i in data["indicators"]}
    assert len(inds) == 17
    assert inds["B25-BR-1"]["kind"] == "basic" and inds["B25-BR-1"]["max_points"] is None
    c01 = inds["C-01"]
    assert {k: c01[k] for k in ("name", "category", "kind", "max_points", "type")} == {
        "name": "能源消耗强度",
        "category": "能源低碳化",
        "kind": "scored",
        "max_points": 8,
        "type": "quantitative",
    }
    assert (c01["direction"], c01["lead_value"], c01["thresholds_from_evaluation"]) == (
        "lower_better",
        None,
        True,
    )
    assert inds["C-04"]["lead_value"] == 8 and len(inds["C-04"]["functions"]) == 12
    assert data["scoring"]["quantitative"] == "linear"
    text = _run("standards_show", "gbt36132_2018")
    assert "[基础设施] 权重 20%" in text and "[管理体系] 权重 15% [未核实]" in text
    assert "INF-01  工厂的建筑满足国家或地方相关法律法规及标准的要求 · 8分 必选" in text


def test_standards_show_refuses_an_unknown_code_naming_the_known_ones():
    with pytest.raises(CommandError, match="gbt36132_2018_provisional.*gbt36132_2025"):
        _run("standards_show", "gbt36132_2018_provisional")


def test_score_prints_total_categories_failed_basic_and_lines(tmp_path):
    values = {
        "B25-BR-1": True,
        "B25-BR-2": False,
        "B25-BR-3": True,
        "C-01": {"value": 0.82, "base": 1.00, "lead": 0.60},
        "C-04": [1, 2, 3, 4],
        "C-12": True,
    }
    data = _json("score", "gbt36132_2025", _file(tmp_path, values))
    assert data["total"] == 14.6 and data["eligible"] is False
    assert data["failed_basic"] == ["B25-BR-2"]
    assert data["categories"] == {
        "能源低碳化": 6.6,
        "资源高效化": 0,
        "生产洁净化": 0,
        "产品绿色化": 8,
        "用地集约化": 0,
    }
    lines = {ln["code"]: ln for ln in data["lines"]}
    assert lines["C-01"]["points"] == 3.6 and lines["C-01"]["value"] == 0.82
    assert lines["C-01"]["how"].endswith("→ 45% → 3.6分")
    text = _run("score", "gbt36132_2025", _file(tmp_path, values))
    assert "总分 total 14.6 / 100 · 不满足基本要求 not eligible" in text


def test_score_full_marks_of_every_system(tmp_path):
    for code in ("gbt36132_2018", "gbt36132_2025", "green_park_2016", "supply_chain_general"):
        data = _json("score", code, _file(tmp_path, full_values(code, scored_fraction=1.0)))
        assert (data["total"], data["eligible"], data["missing"]) == (100, True, []), code


def test_score_with_a_target_adds_the_gap_analysis(tmp_path):
    values = full_values("gbt36132_2025", scored_fraction=1.0)
    values["C-06"] = {"value": 3.2, "base": 3.5, "lead": 2.5}
    data = _json("score", "gbt36132_2025", _file(tmp_path, values), "--target", "98")
    assert data["total"] == 94.4
    assert [s["text"] for s in data["gap"]["steps"]] == [
        "取水强度：从 3.2 降到 2.75 m³/产品单位 或 m³/万元 → +3.6分"
    ]


def test_score_refuses_bad_values_and_unknown_indicators(tmp_path):
    with pytest.raises(CommandError, match="C-03 可再生能源利用率：实测值应在 0 到 100% 之间"):
        _run(
            "score",
            "gbt36132_2025",
            _file(tmp_path, {"C-03": {"value": 120, "base": 5, "lead": 20}}),
        )
    with pytest.raises(CommandError, match="has no indicators: INF"):
        _run("score", "gbt36132_2025", _file(tmp_path, {"INF": 18}))
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CommandError, match="expected an object"):
        _run("score", "gbt36132_2025", str(bad))
    with pytest.raises(CommandError, match="cannot read"):
        _run("score", "gbt36132_2025", str(tmp_path / "missing.json"))
