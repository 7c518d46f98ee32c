"""Background jobs of eligibility: a credit-record file imported from storage."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from django.core.files.storage import default_storage

from greenmfg.eligibility.imports import import_credit_records
from greenmfg.jobs.registry import register_kind


def import_credit_records_job(params: dict[str, Any]) -> dict[str, Any]:
    """``{"file": storage name}`` (CSV or XLSX) → the records imported, all or nothing;
    returns the counts of rows, created, updated and unchanged records."""
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


register_kind("import_credit_records", import_credit_records_job)
