"""Background work of open data: the snapshots that are due (Celery beat, hourly;
idempotent: a snapshot that exists is left as it is)."""

from __future__ import annotations

from celery import shared_task

from greenmfg.opendata.snapshots import snapshot_due


@shared_task(name="greenmfg.open_data_snapshots")
def open_data_snapshots() -> list[str]:
    """Write the due open-data snapshots (each ended year's end, each ended publication
    day); returns the days written now."""
    return [s.as_of.isoformat() for s, written in snapshot_due() if written]
