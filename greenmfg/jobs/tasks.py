"""Background work as Celery tasks; each app registers its kinds of job
(:mod:`greenmfg.jobs.registry`: exports, reminders, simulation, imports …). In
production they run on Celery workers over Redis; in the embedded default
``CELERY_TASK_ALWAYS_EAGER`` runs them in-process. Each task reads and writes its
:class:`~greenmfg.jobs.models.Job` row, so any app server sees its progress."""

from __future__ import annotations

import datetime as dt
import os
import socket
from typing import Any

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from greenmfg.jobs.models import Job, JobState
from greenmfg.jobs.registry import KINDS


@shared_task(name="greenmfg.run_job")
def run_job(job_id: int) -> str:
    """Run one queued job; its state, result and the worker's name are stored on the row."""
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        started_at=timezone.now(),
        worker=f"{socket.gethostname()}:{os.getpid()}",
    )
    if not claimed:
        return "not queued"
    job = Job.objects.get(pk=job_id)
    try:
        result = KINDS[job.kind](job.params)
    except Exception as exc:  # a failed job records why; the worker keeps running
        Job.objects.filter(pk=job_id).update(
            state=JobState.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return "failed"
    Job.objects.filter(pk=job_id).update(
        state=JobState.DONE, result=result, finished_at=timezone.now()
    )
    return "done"


def job_submit(*, actor, kind: str, params: dict[str, Any]) -> Job:
    """Queue a job (after the transaction commits, so a worker finds the row)."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        params=params,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


@shared_task(name="greenmfg.daily_reminders")
def daily_reminders() -> str:
    """Celery beat: the dynamic-form reminders due today (30, 7 and 1 days before)."""
    job = job_submit(
        actor=None, kind="send_reminders", params={"today": dt.date.today().isoformat()}
    )
    return str(job.uuid)
