"""The kinds of background job, registered by the app that owns each.

An app calls :func:`register_kind` in its ``AppConfig.ready()`` with a function that
takes the job's JSON ``params`` and returns a JSON result; :func:`greenmfg.jobs.tasks.run_job`
looks the kind up here. No central list is edited by a new app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

JobFunction = Callable[[dict[str, Any]], dict[str, Any]]

#: job kind -> function taking the job's params and returning a JSON result
KINDS: dict[str, JobFunction] = {}


def register_kind(kind: str, function: JobFunction) -> None:
    """Make ``kind`` runnable as a background job (``job_submit(kind=…)``)."""
    KINDS[kind] = function
