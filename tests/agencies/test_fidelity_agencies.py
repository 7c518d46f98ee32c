"""Fidelity, round two (issue 15, item 4): Luoyang's cap (003 第二十条) counts every
national-level project of one legal representative in the year, wherever the units
are, not only those of Luoyang's units."""

from __future__ import annotations

import pytest

from greenmfg.agencies import services as ag
from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from tests.agencies.test_agencies import commission, make_agency
from tests.cycle import APRIL

pytestmark = pytest.mark.django_db


def test_luoyang_cap_counts_national_projects_of_units_anywhere_003_20():
    a1 = make_agency("洛评全国一号", rep="钱评", district="410305")
    a2 = make_agency("粤评全国二号", rep="钱评", district="440106")
    for _ in range(8):
        commission(a1, district="410305", level="national")
    for _ in range(3):  # units in Shenzhen, outside Luoyang
        commission(a1, district="440304", level="national")
    for _ in range(4):  # units in Guangzhou, another agency of the same representative
        commission(a2, district="440106", level="national")
    sixteenth = commission(a1, district="410305", level="national", accept=False)
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        ag.project_accept(actor=a1[1], project=sixteenth)
    assert [(r.code, r.citation) for r in exc.value.reasons] == [
        ("agency.project_cap", "003 第二十条")
    ]
    assert "15项" in exc.value.reasons[0].message_in("zh-hans")
