"""Writing and verifying the audit chain.

Every transition service calls :func:`record_event` inside its own transaction, so
the business change and its audit event commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from greenmfg.audit.models import GENESIS_HASH, AuditEvent, ChainHead
from greenmfg.core import clock

HASHED_FIELDS = (
    "seq",
    "uuid",
    "occurred_at",
    "business_date",
    "actor_uuid",
    "actor_label",
    "actor_role",
    "action",
    "object_type",
    "object_uuid",
    "object_label",
    "jurisdiction_path",
    "from_state",
    "to_state",
    "reason",
    "citations",
    "payload",
    "prev_hash",
)


def canonical_json(data: dict[str, Any]) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 kept, dates as ISO strings."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_body(event: AuditEvent) -> dict[str, Any]:
    """The hashed fields of ``event`` as plain JSON values."""
    body: dict[str, Any] = {}
    for name in HASHED_FIELDS:
        value = getattr(event, name)
        if name == "occurred_at":
            value = value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        elif name in ("uuid", "business_date"):
            value = str(value)
        body[name] = value
    return body


def event_hash(event: AuditEvent) -> str:
    """SHA-256 (hex) of the canonical JSON of the event's hashed fields."""
    return hashlib.sha256(canonical_json(event_body(event)).encode("utf-8")).hexdigest()


def _actor_fields(actor) -> dict[str, str]:
    if actor is None:
        return {"actor_uuid": "", "actor_label": "system", "actor_role": "system"}
    if getattr(actor, "is_anonymous", False):
        return {"actor_uuid": "", "actor_label": "public", "actor_role": "public"}
    return {
        "actor_uuid": str(getattr(actor, "uuid", "")),
        "actor_label": getattr(actor, "audit_label", str(actor)),
        "actor_role": getattr(actor, "role", ""),
    }


@transaction.atomic
def record_event(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_uuid: str = "",
    object_label: str = "",
    jurisdiction_path: str = "",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    citations: list[str] | None = None,
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain and return it.

    In: the acting user (``None`` = system, anonymous = public), a dotted ``action``
    such as ``application.recommend``, the object (or its type/uuid/label), the
    states before and after, the reason text and the articles cited.
    Appends are serialised by updating the chain head first (a row lock on
    PostgreSQL, the write lock on SQLite).
    """
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_uuid = object_uuid or str(getattr(obj, "uuid", obj.pk))
        object_label = object_label or str(obj)[:300]
        if not jurisdiction_path:
            jurisdiction_path = getattr(obj, "audit_jurisdiction_path", "") or ""
    ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
    ChainHead.objects.filter(pk=1).update(seq=F("seq") + 1)
    head = ChainHead.objects.get(pk=1)
    event = AuditEvent(
        seq=head.seq,
        occurred_at=timezone.now(),
        business_date=clock.today(),
        action=action,
        object_type=object_type,
        object_uuid=object_uuid,
        object_label=object_label[:300],
        jurisdiction_path=jurisdiction_path,
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        citations=list(citations or []),
        payload=json.loads(canonical_json(payload or {})),
        prev_hash=head.hash,
        **_actor_fields(actor),
    )
    event.hash = event_hash(event)
    event.save(force_insert=True)
    ChainHead.objects.filter(pk=1).update(hash=event.hash)
    return event


@dataclass
class VerifyResult:
    """The outcome of :func:`verify_chain`: ``ok``, events checked, first broken event."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""


def verify_chain(batch_size: int = 5000) -> VerifyResult:
    """Walk the whole chain in order and name the first broken event.

    An event is broken when its stored hash differs from the recomputed one, when
    its ``prev_hash`` is not the hash of the event before it, or when a sequence
    number is missing. The chain head must match the last event.
    """
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.seq != expected_seq:
                return VerifyResult(
                    False, checked, expected_seq, f"event #{expected_seq} is missing"
                )
            if event.prev_hash != prev_hash:
                return VerifyResult(
                    False, checked, event.seq, "prev_hash does not match the event before"
                )
            if event_hash(event) != event.hash:
                return VerifyResult(
                    False, checked, event.seq, "stored hash does not match its content"
                )
            prev_hash = event.hash
            expected_seq += 1
            checked += 1
            last_seq = event.seq
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != last_seq or head.hash != prev_hash):
        return VerifyResult(
            False, checked, last_seq + 1, "chain head does not match the last event"
        )
    return VerifyResult(True, checked)
