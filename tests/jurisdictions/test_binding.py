"""Parent rules that bind (issue 15, item 2) and lists that extend their parent's (item 5).

000 第十三条 has Guangdong's cities recommend to the province by 05-31; Guangzhou's draft
(004 第十一条) says 06-30. The province receives, so its deadline binds: a child may only
tighten a binding value, a looser one is set aside and reported with both articles."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from greenmfg.jurisdictions.rulesets import (
    RULESET_DIR,
    Rules,
    RulesetError,
    binding_conflicts,
    load_registry,
    rules_for_slug,
)

D = dt.date


def _copy_shipped(tmp_path):
    for f in RULESET_DIR.glob("*.yaml"):
        (tmp_path / f.name).write_bytes(f.read_bytes())


def test_guangzhou_cannot_extend_the_provinces_recommendation_deadline_000_13():
    param = rules_for_slug("guangzhou", D(2026, 5, 1)).param(
        "selection.provincial.recommendation_deadline"
    )
    assert (param.value, param.ref, param.source) == ("05-31", "000 第十三条", "guangdong")
    assert (param.loosened_value, param.loosened_ref, param.loosened_source) == (
        "06-30",
        "004 第十一条",
        "guangzhou",
    )


def test_before_000_took_effect_the_2024_call_set_06_30_and_nothing_binds():
    param = rules_for_slug("guangzhou", D(2024, 6, 1)).param(
        "selection.provincial.recommendation_deadline"
    )
    assert (param.value, param.source, param.overrides_a_child) == ("06-30", "guangzhou", False)


def test_a_city_may_tighten_a_binding_deadline_000_13(tmp_path):
    _copy_shipped(tmp_path)
    (tmp_path / "shenzhen.yaml").write_text(
        'slug: shenzhen\ndivision: "440300"\nname: 深圳市\nparent: guangdong\nparameters:\n'
        '  selection.provincial.recommendation_deadline:\n    value: "05-20"\n'
        "    ref: 深圳 第十条\n",
        encoding="utf-8",
    )
    reg = load_registry(tmp_path)
    param = Rules(reg.chain("shenzhen"), D(2026, 5, 1)).param(
        "selection.provincial.recommendation_deadline"
    )
    assert (param.value, param.ref, param.overrides_a_child) == ("05-20", "深圳 第十条", False)
    assert [c.slug for c in binding_conflicts(reg, D(2026, 5, 1))] == ["guangzhou"]


def test_a_city_cannot_shorten_the_national_look_back_13hao_15(tmp_path):
    _copy_shipped(tmp_path)
    (tmp_path / "shenzhen.yaml").write_text(
        'slug: shenzhen\ndivision: "440300"\nname: 深圳市\nparent: guangdong\nparameters:\n'
        "  disqualification.lookback_years:\n    value: 2\n    ref: 深圳 第九条\n",
        encoding="utf-8",
    )
    reg = load_registry(tmp_path)
    param = Rules(reg.chain("shenzhen"), D(2026, 5, 1)).param("disqualification.lookback_years")
    assert (param.value, param.source, param.loosened_value) == (3, "national", 2)
    assert param.ref == "工信部节〔2024〕13号 第十五条"


def test_only_a_bindable_key_can_bind(tmp_path):
    (tmp_path / "x.yaml").write_text(
        'slug: x\ndivision: "110000"\nname: x\nparameters:\n  list_types:\n'
        "    value: [factory]\n    ref: x 第一条\n    binding: true\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesetError, match="'list_types' cannot bind child rulesets"):
        load_registry(tmp_path)


def test_load_rulesets_reports_the_value_set_aside_with_both_articles_000_13(db):
    out = io.StringIO()
    call_command("load_rulesets", stdout=out, today="2026-05-01")
    text = out.getvalue()
    assert "binding: guangzhou.yaml: selection.provincial.recommendation_deadline '06-30'" in text
    assert "(004 第十一条)" in text and "(000 第十三条)" in text


def test_the_rules_pages_show_the_value_set_aside_beside_the_binding_one_000_13(client, db):
    page = client.get("/rules/compare/?a=guangzhou&b=guangdong&on=2026-05-01").content.decode()
    assert "004 第十一条" in page and "06-30" in page and "000 第十三条" in page
    index = client.get("/rules/").content.decode()
    assert (
        'data-testid="binding-conflicts"' in index
        and "《广州市绿色工厂梯度培育及管理暂行办法》第十一条" in index
    )


def test_removal_after_a_change_still_applies_in_guangzhou_000_23():
    param = rules_for_slug("guangzhou", D(2026, 5, 1)).param("removal.annual_causes")
    assert "no_longer_meets_standard_after_change" in param.value
    assert param.ref.startswith("000 第二十一条、第二十三条") and "004 第十六条" in param.ref


def test_guangzhou_units_are_spot_checked_by_the_province_and_the_district_000_20_004_14():
    param = rules_for_slug("guangzhou", D(2026, 5, 1)).param("dynamic.spot_checks_by")
    assert param.value == ["province", "district"]


def test_a_list_that_does_not_extend_replaces_its_parents_003_16():
    assert rules_for_slug("luoyang", D(2026, 5, 1)).get("dynamic.filing_levels") == [
        "national",
        "provincial",
    ]
