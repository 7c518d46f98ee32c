"""Fidelity, round two (issue 15, item 7's done-when): ``greenmfg simulate`` carries
Xiamen's and Luoyang's lists up through their province's round (Fujian and Henan on the
national defaults) to a national list (002 第五条、第十六条; 003 第四条、第二十二条)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "slug,province", [("xiamen", "350000"), ("luoyang", "410000")], ids=["002-16", "003-22"]
)
def test_simulate_runs_a_city_up_to_a_national_list_002_16_003_22(slug, province):
    out = io.StringIO()
    call_command(
        "simulate",
        "--jurisdiction",
        slug,
        "--year",
        "2025",
        "--units",
        "8",
        "--seed",
        "15",
        "--up-to",
        "national",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    levels = [lst.get("level") for lst in result["lists"]]
    assert result["stages"].get("recommended_provincial", 0) > 0, result
    assert result["stages"].get("recommended_national", 0) > 0, result
    assert len(result["lists"]) == 3, result["lists"]
    assert levels == ["municipal", "provincial", "national"] or None not in levels
