"""Background jobs of the 企业绿码: a yearly grading run (``green_code_grade``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from greenmfg.greencode.services import grading_run
from greenmfg.jobs.models import Job
from greenmfg.jobs.registry import register_kind
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.models import User


def grade(params: dict[str, Any]) -> dict[str, Any]:
    """``{"jurisdiction": code, "level", "year", "on": ISO date?, "actor": user uuid?,
    "job": job uuid?}`` → the run: ``{"run": uuid, "counts": {grade: n, "none": n}}``."""
    actor = User.objects.filter(uuid=params["actor"]).first() if params.get("actor") else None
    job = Job.objects.filter(uuid=params["job"]).first() if params.get("job") else None
    run = grading_run(
        actor=actor,
        jurisdiction=Jurisdiction.objects.get(code=params["jurisdiction"]),
        level=params["level"],
        year=int(params["year"]),
        on=dt.date.fromisoformat(params["on"]) if params.get("on") else None,
        job=job,
    )
    return {"run": str(run.uuid), "counts": run.counts}


register_kind("green_code_grade", grade)
