"""Background jobs of the register: a published list rendered as PDF or XLSX and stored;
a list import run (the officials' page, greenmfg/register/import_views.py)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from greenmfg.jobs.registry import register_kind
from greenmfg.register.documents import document_render
from greenmfg.register.exports import green_list_pdf, green_list_xlsx
from greenmfg.register.imports.runs import execute_run
from greenmfg.register.models import GreenList
from greenmfg.register.search import settle_search_rows


def export_list_pdf(params: dict[str, Any]) -> dict[str, Any]:
    """``{"green_list": uuid}`` → the announcement PDF stored under ``exports/``;
    returns ``{"file", "size"}`` (bytes)."""
    green_list = GreenList.objects.get(uuid=params["green_list"])
    name = default_storage.save(
        f"exports/green-list-{green_list.uuid}.pdf", ContentFile(green_list_pdf(green_list))
    )
    return {"file": name, "size": default_storage.size(name)}


def export_list_xlsx(params: dict[str, Any]) -> dict[str, Any]:
    """``{"green_list": uuid}`` → the list as XLSX stored under ``exports/``;
    returns ``{"file", "size"}`` (bytes)."""
    green_list = GreenList.objects.get(uuid=params["green_list"])
    name = default_storage.save(
        f"exports/green-list-{green_list.uuid}.xlsx", ContentFile(green_list_xlsx(green_list))
    )
    return {"file": name, "size": default_storage.size(name)}


def render_list_document(params: dict[str, Any]) -> dict[str, Any]:
    """``{"green_list": uuid, "format": "pdf"|"xlsx"}`` → the list's document for its
    current content rendered and stored (greenmfg/register/documents.py); returns
    ``{"file", "size", "content_version"}``."""
    green_list = GreenList.objects.get(uuid=params["green_list"])
    doc = document_render(green_list=green_list, fmt=params.get("format", "pdf"))
    return {"file": doc.file, "size": doc.size, "content_version": doc.content_version}


register_kind("export_list_pdf", export_list_pdf)
register_kind("export_list_xlsx", export_list_xlsx)
register_kind("render_list_document", render_list_document)


def run_list_import(params: dict[str, Any]) -> dict[str, Any]:
    """``{"import": uuid, "resolutions": {row: "skip"|"keep"|"take"}}`` → the list import
    run of that record (greenmfg/register/imports/runs.py), its progress written on the
    record as it goes; returns the counts."""
    run = execute_run(params["import"], resolutions=params.get("resolutions") or {})
    return {"state": run.state, **run.counts}


register_kind("list_import", run_list_import)


@shared_task(name="greenmfg.settle_register")
def settle_register() -> dict:
    """Celery beat (``CELERY_BEAT_SCHEDULE["register-settle"]``, at 03:30): rewrite the
    register's search table in the register's order (PostgreSQL; see
    :func:`greenmfg.register.search.settle_search_rows`); returns its report."""
    return settle_search_rows()
