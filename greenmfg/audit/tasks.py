"""Celery tasks of the audit record (found by ``app.autodiscover_tasks()``)."""

from __future__ import annotations

from celery import shared_task

from greenmfg.audit.services import chain_head_publish


@shared_task(name="greenmfg.publish_chain_head")
def publish_chain_head() -> str:
    """Celery beat (``CELERY_BEAT_SCHEDULE["audit-chain-head"]``, hourly): publish the
    day's audit chain head. Idempotent per day, so the first run after midnight
    publishes it and the others return it unchanged (等保 8.1.4.3 c)."""
    head, created = chain_head_publish()
    return f"{head.date} #{head.seq} {head.hash} ({'published' if created else 'unchanged'})"
