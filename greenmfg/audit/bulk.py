"""Appending many audit events at once (set-based imports: one event per row written).

:func:`record_events_bulk` appends events to the same chain as
:func:`greenmfg.audit.services.record_event`, with the same hashed fields, in one
transaction: the chain head is advanced by the number of events first (the row lock on
PostgreSQL, the write lock on SQLite), the events are hashed in order in Python and
inserted with one ``executemany`` (:func:`greenmfg.core.fastinsert.insert_many`), then the head takes the last hash. ``verify_chain`` checks
them like any other events.
"""

from __future__ import annotations

import json
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from greenmfg.audit.models import GENESIS_HASH, AuditEvent, ChainHead
from greenmfg.audit.services import _actor_fields, canonical_json, event_hash
from greenmfg.core import clock
from greenmfg.core.fastinsert import insert_many


@dataclass
class BulkEvent:
    """One event of a bulk append: the action, the object (its type, uuid, label and
    jurisdiction path) and the states and payload."""

    action: str
    object_type: str
    object_uuid: str
    object_label: str = ""
    jurisdiction_path: str = ""
    from_state: str = ""
    to_state: str = ""
    reason: str = ""
    citations: list[str] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)


def record_events_bulk(*, actor, events: Iterable[BulkEvent], batch_size: int = 5000) -> int:
    """Append ``events`` to the audit chain, in order, in one transaction.

    In: the acting user (``None`` = system) and the events. Out: the number appended.
    The events share one ``occurred_at`` and business date. Raises what the database
    raises (the caller's transaction rolls back with it).
    """
    items = list(events)
    if not items:
        return 0
    now = timezone.now()
    today = clock.today()
    actor_fields = _actor_fields(actor)
    heads = ChainHead.objects
    with transaction.atomic():
        heads.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
        heads.filter(pk=1).update(seq=F("seq") + len(items))
        head = heads.get(pk=1)
        seq = head.seq - len(items)
        prev = head.hash
        rows: list[AuditEvent] = []
        for item in items:
            seq += 1
            event = AuditEvent(
                seq=seq,
                uuid=uuid_module.uuid4(),
                occurred_at=now,
                business_date=today,
                action=item.action,
                object_type=item.object_type,
                object_uuid=item.object_uuid,
                object_label=(item.object_label or "")[:300],
                jurisdiction_path=item.jurisdiction_path or "",
                from_state=item.from_state or "",
                to_state=item.to_state or "",
                reason=item.reason or "",
                citations=list(item.citations or []),
                payload=json.loads(canonical_json(item.payload or {})),
                prev_hash=prev,
                **actor_fields,
            )
            event.hash = event_hash(event)
            prev = event.hash
            rows.append(event)
        insert_many(AuditEvent, rows, chunk=batch_size)
        heads.filter(pk=1).update(hash=prev)
    return len(items)
