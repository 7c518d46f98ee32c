"""`greenmfg simulate`: a full year through the service functions, deterministic for a
seed, and every unit it lists satisfies every rule it passed (checked over all units)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction

from greenmfg.audit.services import verify_chain
from greenmfg.demo.simulation import simulate
from greenmfg.eligibility.disqualification import disqualifying_reasons
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.register.models import Listing
from greenmfg.selection.models import ApplicationState

pytestmark = pytest.mark.django_db


def _run(code: str, year: int, units: int, seed: int):
    return simulate(
        jurisdiction=Jurisdiction.objects.get(code=code), year=year, units=units, seed=seed
    )


def test_simulation_is_deterministic_for_a_seed():
    results = []
    for _ in range(2):
        with transaction.atomic():
            result = _run("440100", 2025, 15, seed=7).as_dict()
            names = sorted(
                Listing.objects.filter(year=2025, level="municipal").values_list(
                    "unit_name", flat=True
                )
            )
            transaction.set_rollback(True)
        results.append(
            (result["stages"], result["refusals"], [lst["size"] for lst in result["lists"]], names)
        )
    assert results[0] == results[1]
    with transaction.atomic():
        other = _run("440100", 2025, 15, seed=8).as_dict()
        transaction.set_rollback(True)
    assert (other["stages"], other["refusals"]) != results[0][:2]


def test_every_unit_guangzhou_lists_satisfies_every_rule_004():
    result = _run("440100", 2025, 40, seed=11)
    listings = list(
        Listing.objects.filter(
            level="municipal", year=2025, application__isnull=False
        ).select_related(
            "application__unit__registered_division",
            "application__unit__production_division",
            "application__report",
            "application__notice",
            "green_list__jurisdiction",
        )
    )
    assert len(listings) == result.stages["listed_municipal"] > 0
    city = Jurisdiction.objects.get(code="440100")
    for lst in listings:
        app = lst.application
        rules = rules_for(city, app.submitted_on)
        unit = app.unit
        # 第七条(一)1: registered and producing in Guangzhou
        assert city.contains(unit.registered_division) and city.contains(unit.production_division)
        # 第七条(一)2 and 第十条: a valid candidate with a valid clean-production status
        reg = unit.registrations.get(list_type="factory", state="accepted")
        assert (
            reg.is_candidate_on(app.submitted_on)
            and reg.clean_production_valid_until >= app.submitted_on
        )
        # 第十条: applied in April, recommended by the district by 04-30
        start, end = rules.window("selection.municipal.application_window", 2025)
        assert start <= app.submitted_on <= end
        assert app.recommended_on <= rules.month_day(
            "selection.municipal.recommendation_deadline", 2025
        )
        # the report met every basic requirement
        assert app.report.eligible and app.report.state == "submitted"
        # 第三条: score ≥ 80 → 1 star
        assert app.score >= 80 and app.star == 1 == lst.star
        # 第十条: listed after a 7-day notice with no open or upheld objection
        assert app.notice.last_day < lst.listed_on
        assert (app.notice.last_day - app.notice.first_day).days >= 6
        assert not app.objections.filter(state__in=["open", "upheld"]).exists()
        # 第十二条: none of the six disqualifying conditions on the day of listing
        assert disqualifying_reasons(unit.uscc, rules, lst.listed_on) == []
        assert app.state == ApplicationState.LISTED
    assert verify_chain().ok


def test_national_year_runs_every_level_with_quotas_and_stars_001_000_004():
    result = _run("000000", 2026, 30, seed=5)
    levels = {lst["level"] for lst in result.lists}
    assert levels == {"municipal", "provincial", "national"}
    national = Listing.objects.filter(
        level="national", year=2026, green_list__campaign__isnull=False
    )
    for lst in national:
        municipal = Listing.objects.filter(
            unit=lst.unit, level="municipal", green_list__jurisdiction__code="440100"
        ).first()
        if municipal is not None:  # Guangzhou's units become 3-star (004 第三条)
            assert municipal.star == 3
        provincial = Listing.objects.get(unit=lst.unit, level="provincial")
        assert provincial.grade in ("A", "B")  # 000 第十四条: B or better to go national


def test_simulate_command_prints_json_and_refuses_a_repeated_seed():
    out = io.StringIO()
    call_command(
        "simulate",
        "--jurisdiction",
        "xiamen",
        "--year",
        "2026",
        "--units",
        "8",
        "--seed",
        "3",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["lists"][0]["title"] == "2026年度厦门市绿色制造名单"
    out = io.StringIO()
    call_command(
        "simulate",
        "--jurisdiction",
        "xiamen",
        "--year",
        "2026",
        "--units",
        "8",
        "--seed",
        "3",
        "--skip-if-done",
        stdout=out,
    )
    assert "skipped" in out.getvalue()
