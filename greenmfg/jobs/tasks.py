"""Background work as Celery tasks (reminders, exports, PDF generation, simulation,
screening). In production they run on Celery workers over Redis; in the embedded
default ``CELERY_TASK_ALWAYS_EAGER`` runs them in-process. Each task reads and writes
its :class:`~greenmfg.jobs.models.Job` row, so any app server sees its progress."""

from __future__ import annotations

import datetime as dt
import os
import socket
import tempfile
from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from greenmfg.core import clock
from greenmfg.jobs.models import Job, JobState


def _export_list_pdf(params: dict[str, Any]) -> dict[str, Any]:
    from greenmfg.register.exports import green_list_pdf
    from greenmfg.register.models import GreenList

    green_list = GreenList.objects.get(uuid=params["green_list"])
    name = default_storage.save(
        f"exports/green-list-{green_list.uuid}.pdf", ContentFile(green_list_pdf(green_list))
    )
    return {"file": name, "size": default_storage.size(name)}


def _export_list_xlsx(params: dict[str, Any]) -> dict[str, Any]:
    from greenmfg.register.exports import green_list_xlsx
    from greenmfg.register.models import GreenList

    green_list = GreenList.objects.get(uuid=params["green_list"])
    name = default_storage.save(
        f"exports/green-list-{green_list.uuid}.xlsx", ContentFile(green_list_xlsx(green_list))
    )
    return {"file": name, "size": default_storage.size(name)}


def _render_list_document(params: dict[str, Any]) -> dict[str, Any]:
    from greenmfg.register.documents import document_render
    from greenmfg.register.models import GreenList

    green_list = GreenList.objects.get(uuid=params["green_list"])
    doc = document_render(green_list=green_list, fmt=params.get("format", "pdf"))
    return {"file": doc.file, "size": doc.size, "content_version": doc.content_version}


def _send_reminders(params: dict[str, Any]) -> dict[str, Any]:
    from greenmfg.supervision.obligations import reminders_send

    with clock.frozen(params.get("today")):
        run = reminders_send(clock.today())
    return {"sent": len(run.sent), "already": run.already, "no_address": len(run.no_address)}


def _simulate(params: dict[str, Any]) -> dict[str, Any]:
    from greenmfg.jurisdictions.models import Jurisdiction
    from greenmfg.selection.simulation import simulate

    result = simulate(
        jurisdiction=Jurisdiction.objects.get(code=params["jurisdiction"]),
        year=int(params["year"]),
        units=int(params["units"]),
        seed=int(params.get("seed", 1)),
    )
    return result.as_dict()


def _import_credit_records(params: dict[str, Any]) -> dict[str, Any]:
    from greenmfg.supervision.imports import import_credit_records

    with default_storage.open(params["file"], "rb") as fh:
        data = fh.read()
    suffix = os.path.splitext(params["file"])[1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(data)
        tmp.flush()
        report = import_credit_records(tmp.name)
    return {
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }


#: job kind -> function taking the job's params and returning a JSON result
KINDS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "export_list_pdf": _export_list_pdf,
    "export_list_xlsx": _export_list_xlsx,
    "render_list_document": _render_list_document,
    "send_reminders": _send_reminders,
    "simulate": _simulate,
    "import_credit_records": _import_credit_records,
}


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
