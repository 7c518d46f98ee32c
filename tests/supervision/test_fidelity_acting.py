"""Fidelity, round two (issue 15, item 6): when a province or the ministry acts on a
unit, the rules of the acting level apply and are cited (000 第二十一条 for Guangdong),
not the unit's city file (004 第十六条 for a Guangzhou unit)."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.core import clock
from greenmfg.supervision.incidents import services as incidents
from greenmfg.supervision.removals import services as removals
from tests.oversight import district_official, listed_unit, province_official

pytestmark = pytest.mark.django_db


def _incident(unit, district):
    with clock.frozen("2026-05-10"):
        return incidents.incident_record(
            actor=district_official(district),
            unit=unit,
            kind="safety_accident",
            occurred_on=dt.date(2026, 5, 10),
            description="车间爆燃，造成重大人员伤亡",
            source_document="应急管理部门事故认定",
        )


def test_province_removing_a_guangzhou_unit_applies_and_cites_000_21():
    unit, _ = listed_unit("440106", "municipal", "provincial")
    inc = _incident(unit, "440106")
    with clock.frozen("2026-05-11"):
        removal = incidents.immediate_removal(actor=province_official("440106"), incident=inc)
    assert removal.citation.startswith("000 第二十一条")
    assert "004" not in removal.citation
    assert removal.levels == ["municipal", "provincial"]  # 及时从各层面名单移出


def test_province_proposing_an_annual_removal_cites_its_own_rules_000_21():
    unit, _ = listed_unit("440106", "provincial")
    with clock.frozen("2026-05-11"):
        proposal = removals.removal_propose(
            actor=province_official("440106"),
            unit=unit,
            cause="falsified_data",
            reason="省级复核发现数据造假",
        )
    assert proposal.citation == "000 第二十一条、第二十三条"
