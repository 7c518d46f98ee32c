"""The six disqualifying conditions of the last three years, 004 第十二条."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from greenmfg.cultivation import services as pool
from greenmfg.eligibility.disqualification import disqualifying_reasons
from greenmfg.eligibility.models import CreditRecord
from greenmfg.jurisdictions.rulesets import rules_for_slug
from tests.cycle import JANUARY, registration_data

D = dt.date
pytestmark = pytest.mark.django_db
RULES = rules_for_slug("guangzhou", JANUARY)


def _record(uscc, kind, occurred, ended=None):
    return CreditRecord.objects.create(
        uscc=uscc, kind=kind, occurred_on=occurred, ended_on=ended, description="测试记录"
    )


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        ("deregistered", 1),
        ("production_stopped", 1),
        ("abnormal_operation_list", 1),
        ("safety_accident", 2),
        ("environmental_accident", 2),
        ("cyber_data_security_incident", 2),
        ("tax_evasion", 2),
        ("green_list_removal", 3),
        ("inspection_serious_problem", 4),
        ("energy_supervision_rectification", 5),
        ("dishonest_judgment_debtor", 6),
    ],
)
def test_each_condition_disqualifies_and_cites_004_12(enterprise, kind, number):
    _record(enterprise.uscc, kind, D(2025, 6, 1))
    reasons = disqualifying_reasons(enterprise.uscc, RULES, JANUARY)
    assert [r.code for r in reasons] == [f"disqualification.{number}"]
    assert reasons[0].citation == f"004 第十二条({'一二三四五六'[number - 1]})"


def test_accident_more_than_three_years_ago_does_not_count_004_12(enterprise):
    _record(enterprise.uscc, "safety_accident", D(2023, 1, 11))
    assert disqualifying_reasons(enterprise.uscc, RULES, JANUARY) == []
    _record(enterprise.uscc, "quality_accident", D(2023, 1, 12))
    assert len(disqualifying_reasons(enterprise.uscc, RULES, JANUARY)) == 1


def test_abnormal_operation_list_counts_only_until_removed_004_12_1(enterprise):
    """“列入经营异常名单且未被移出”: once removed it no longer disqualifies."""
    _record(enterprise.uscc, "abnormal_operation_list", D(2025, 3, 1), ended=D(2025, 9, 1))
    assert disqualifying_reasons(enterprise.uscc, RULES, JANUARY) == []


def test_rectification_completed_no_longer_disqualifies_004_12_5(enterprise):
    _record(
        enterprise.uscc, "energy_supervision_rectification", D(2025, 3, 1), ended=D(2025, 12, 1)
    )
    assert disqualifying_reasons(enterprise.uscc, RULES, JANUARY) == []
    _record(enterprise.uscc, "energy_supervision_rectification", D(2025, 3, 1))
    assert [r.code for r in disqualifying_reasons(enterprise.uscc, RULES, JANUARY)] == [
        "disqualification.5"
    ]


def test_debtor_listing_that_ended_within_three_years_still_counts_004_12_6(enterprise):
    _record(enterprise.uscc, "dishonest_judgment_debtor", D(2020, 1, 1), ended=D(2024, 1, 1))
    assert [r.code for r in disqualifying_reasons(enterprise.uscc, RULES, JANUARY)] == [
        "disqualification.6"
    ]


def test_future_record_does_not_count(enterprise):
    _record(enterprise.uscc, "tax_evasion", D(2026, 6, 1))
    assert disqualifying_reasons(enterprise.uscc, RULES, JANUARY) == []


def test_disqualified_enterprise_cannot_register_and_is_told_why_004_12(
    enterprise_user, enterprise
):
    _record(enterprise.uscc, "dishonest_judgment_debtor", D(2025, 11, 1))
    with clock.frozen(JANUARY):
        reg = pool.registration_create(
            actor=enterprise_user, unit=enterprise, list_type="factory", data=registration_data()
        )
        with pytest.raises(RuleViolation) as exc:
            pool.registration_submit(actor=enterprise_user, registration=reg)
    reason = exc.value.reasons[0]
    assert reason.citation == "004 第十二条(六)"
    assert "失信被执行人" in reason.message
