"""Appending many audit events at once (set-based imports: one event per row written).

:func:`record_events_bulk` appends events to the same chain as
:func:`greenmfg.audit.services.record_event`, with the same hashed fields, in one
transaction: the chain head is advanced by the number of events first (the row lock on
PostgreSQL, the write lock on SQLite), the events are hashed in order in Python (as
plain dicts: no model instance per event) and inserted with ``COPY`` on PostgreSQL,
one ``executemany`` elsewhere (:func:`greenmfg.core.fastinsert.insert_rows`), then the
head takes the last hash. ``verify_chain`` checks
them like any other events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from greenmfg.audit.models import GENESIS_HASH, AuditEvent, ChainHead
from greenmfg.audit.services import HASHED_FIELDS, _actor_fields, canonical_json
from greenmfg.core import clock
from greenmfg.core.fastinsert import insert_rows


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
        occurred = now.astimezone(dt.UTC).isoformat(timespec="microseconds")
        business = str(today)
        rows: list[tuple] = []
        for item in items:
            seq += 1
            event_uuid = uuid_module.uuid4()
            body = {
                "seq": seq,
                "uuid": str(event_uuid),
                "occurred_at": occurred,
                "business_date": business,
                **actor_fields,
                "action": item.action,
                "object_type": item.object_type,
                "object_uuid": item.object_uuid,
                "object_label": (item.object_label or "")[:300],
                "jurisdiction_path": item.jurisdiction_path or "",
                "from_state": item.from_state or "",
                "to_state": item.to_state or "",
                "reason": item.reason or "",
                "citations": list(item.citations or []),
                "payload": json.loads(canonical_json(item.payload or {})),
                "prev_hash": prev,
            }
            # the same bytes as event_hash(event) of the stored row (HASHED_FIELDS)
            prev = hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
            body["uuid"], body["occurred_at"], body["business_date"] = event_uuid, now, today
            rows.append((*(body[name] for name in HASHED_FIELDS), prev))
        insert_rows(AuditEvent, [*HASHED_FIELDS, "hash"], rows, chunk=batch_size)
        heads.filter(pk=1).update(hash=prev)
    return len(items)
