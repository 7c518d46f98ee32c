"""Background jobs of the demo: a simulated year of one jurisdiction."""

from __future__ import annotations

from typing import Any

from greenmfg.demo.simulation import simulate
from greenmfg.jobs.registry import register_kind
from greenmfg.jurisdictions.models import Jurisdiction


def simulate_job(params: dict[str, Any]) -> dict[str, Any]:
    """``{"jurisdiction", "year", "units", "seed"}`` → a year simulated through the
    services (``greenmfg simulate``); returns the simulation's counts."""
    result = simulate(
        jurisdiction=Jurisdiction.objects.get(code=params["jurisdiction"]),
        year=int(params["year"]),
        units=int(params["units"]),
        seed=int(params.get("seed", 1)),
    )
    return result.as_dict()


register_kind("simulate", simulate_job)
