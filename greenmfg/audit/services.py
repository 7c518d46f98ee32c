"""Writing, verifying and publishing the audit chain.

Every transition service calls :func:`record_event` inside its own transaction, so
the business change and its audit event commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.utils import timezone

from greenmfg.audit.models import GENESIS_HASH, AuditEvent, ChainHead, PublishedChainHead
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
    using: str = DEFAULT_DB_ALIAS,
) -> AuditEvent:
    """Append one event to the chain and return it.

    In: the acting user (``None`` = system, anonymous = public), a dotted ``action``
    such as ``application.recommend``, the object (or its type/uuid/label), the
    states before and after, the reason text and the articles cited; ``using`` the
    database (``greenmfg restore`` records into the database it restored).
    Appends are serialised by updating the chain head first (a row lock on
    PostgreSQL, the write lock on SQLite).
    """
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_uuid = object_uuid or str(getattr(obj, "uuid", obj.pk))
        object_label = object_label or str(obj)[:300]
        if not jurisdiction_path:
            jurisdiction_path = getattr(obj, "audit_jurisdiction_path", "") or ""
    heads = ChainHead.objects.using(using)
    with transaction.atomic(using=using):
        heads.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
        heads.filter(pk=1).update(seq=F("seq") + 1)
        head = heads.get(pk=1)
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
        event.save(force_insert=True, using=using)
        heads.filter(pk=1).update(hash=event.hash)
    if _LISTENERS:
        # after the outermost transaction commits (never when it rolls back); a
        # listener's failure is logged, not raised into the caller (robust)
        transaction.on_commit(lambda: _tell_listeners(event), using=using, robust=True)
    return event


#: functions called with each committed :class:`AuditEvent` (``event_listen``)
_LISTENERS: list = []


def event_listen(listener) -> None:
    """Register ``listener(event)`` to be called with each audit event that
    :func:`record_event` appended, after its transaction commits (and never when it
    rolls back). Higher apps subscribe here in their ``AppConfig.ready()`` (the
    notifications app), so the kernel imports none of them. Bulk appends
    (``audit.bulk``: imports) are not told. Registering the same function twice
    is a no-op."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def _tell_listeners(event: AuditEvent) -> None:
    for listener in list(_LISTENERS):
        listener(event)


@dataclass
class VerifyResult:
    """The outcome of :func:`verify_chain`: ``ok``, events checked, the first broken
    event (``broken_seq``) and why; ``heads_checked`` published heads compared with the
    chain, ``head_date`` the date of the published head that failed, if one did."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    heads_checked: int = 0
    head_date: str | None = None


@dataclass(frozen=True)
class HeadCopy:
    """A published chain head as some party holds it: the database row, or a copy of
    ``/audit/heads.json`` kept outside the platform (``source`` names which)."""

    date: str
    seq: int
    hash: str
    source: str


def heads_from_json(data: Any, source: str) -> list[HeadCopy]:
    """The published heads of a saved ``/audit/heads.json`` (``{"heads": [...]}`` or the
    bare list), each ``{"date", "seq", "hash"}``. Raises ``ValueError`` naming the entry
    that is not a head."""
    rows = data.get("heads") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise ValueError(f"{source}: expected {{'heads': [...]}} or a list of heads")
    heads = []
    for i, row in enumerate(rows, start=1):
        try:
            date = dt.date.fromisoformat(str(row["date"])).isoformat()
            seq, digest = int(row["seq"]), str(row["hash"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{source}: head {i} is not {{date, seq, hash}}: {row!r}") from exc
        if len(digest) != 64:
            raise ValueError(f"{source}: head {i} ({date}) has no SHA-256 hash")
        heads.append(HeadCopy(date, seq, digest, source))
    return heads


def verify_chain(
    batch_size: int = 5000,
    *,
    using: str = DEFAULT_DB_ALIAS,
    outside_heads: list[HeadCopy] | None = None,
) -> VerifyResult:
    """Walk the whole chain in order and name the first broken event.

    In: the database alias (``restore`` checks the database it restored into) and,
    optionally, copies of the published heads kept outside the platform
    (:func:`heads_from_json`).
    An event is broken when its stored hash differs from the recomputed one, when
    its ``prev_hash`` is not the hash of the event before it, or when a sequence
    number is missing. The chain head must match the last event. Every published
    head (:class:`~greenmfg.audit.models.PublishedChainHead`, and each outside copy)
    must name an event of the chain with that hash: a rewrite that re-hashed every
    later event, which the walk alone cannot see, fails here naming the head's date
    (等保 8.1.4.3 c; ASVS 5.0 16.4.2). Finally every outside copy must still be in the
    database unchanged.
    """
    stored = [
        HeadCopy(h.date.isoformat(), h.seq, h.hash, "database")
        for h in PublishedChainHead.objects.using(using).order_by("date")
    ]
    outside = list(outside_heads or [])
    by_seq: dict[int, list[HeadCopy]] = {}
    for head in stored + outside:
        by_seq.setdefault(head.seq, []).append(head)
    heads_checked = 0
    last_good = 0

    def head_failure(head: HeadCopy, checked: int, problem: str) -> VerifyResult:
        return VerifyResult(False, checked, head.seq, problem, heads_checked, head.date)

    for head in by_seq.pop(0, []):
        if head.hash != GENESIS_HASH:
            return head_failure(head, 0, f"published head of {head.date} (#0) is not the genesis")
        heads_checked += 1

    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    events = AuditEvent.objects.using(using)
    while True:
        batch = list(events.filter(seq__gte=expected_seq).order_by("seq")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.seq != expected_seq:
                return VerifyResult(
                    False, checked, expected_seq, f"event #{expected_seq} is missing", heads_checked
                )
            if event.prev_hash != prev_hash:
                return VerifyResult(
                    False,
                    checked,
                    event.seq,
                    "prev_hash does not match the event before",
                    heads_checked,
                )
            if event_hash(event) != event.hash:
                return VerifyResult(
                    False,
                    checked,
                    event.seq,
                    "stored hash does not match its content",
                    heads_checked,
                )
            for head in by_seq.pop(event.seq, []):
                if head.hash != event.hash:
                    return head_failure(
                        head,
                        checked,
                        f"published head of {head.date} (#{head.seq}, {head.source}) does not "
                        f"match the chain: an event from #{last_good + 1} to #{head.seq} "
                        "was rewritten and the chain re-hashed",
                    )
                heads_checked += 1
                last_good = head.seq
            prev_hash = event.hash
            expected_seq += 1
            checked += 1
            last_seq = event.seq
    if by_seq:
        seq = min(by_seq)
        head = by_seq[seq][0]
        return head_failure(
            head,
            checked,
            f"published head of {head.date} (#{seq}, {head.source}) names an event the "
            f"chain does not have (it ends at #{last_seq})",
        )
    head = ChainHead.objects.using(using).filter(pk=1).first()
    if head is not None and (head.seq != last_seq or head.hash != prev_hash):
        return VerifyResult(
            False,
            checked,
            last_seq + 1,
            "chain head does not match the last event",
            heads_checked,
        )
    in_database = {(h.date, h.seq, h.hash) for h in stored}
    for copy in outside:
        if (copy.date, copy.seq, copy.hash) not in in_database:
            return head_failure(
                copy,
                checked,
                f"published head of {copy.date} (#{copy.seq}) in {copy.source} is missing "
                "from the database or differs there",
            )
    return VerifyResult(True, checked, heads_checked=heads_checked)


def chain_head_publish(*, on: dt.date | None = None, actor=None) -> tuple[PublishedChainHead, bool]:
    """Publish the head of the audit chain for the day ``on`` (default: the platform
    date); returns ``(head, created)``.

    Idempotent per day: when the day's head is already published it is returned
    unchanged (``created`` False) and nothing is written. Otherwise the last event's
    ``seq`` and ``hash`` (``0`` and the genesis hash on an empty chain) are stored as
    the day's :class:`PublishedChainHead`, shown at ``/audit/heads/``, and an
    ``audit.head_publish`` event is appended (it is covered by the next day's head).
    Run daily by Celery beat (``greenmfg.publish_chain_head``) and by
    ``greenmfg audit publish-head``. Raises ``ValueError`` when a head is already
    published for a later day (heads follow the chain's order).
    Source: 等保 GB/T 22239-2019 8.1.4.3 c (审计记录保护); ASVS 5.0 16.4.2.
    """
    on = on or clock.today()
    with transaction.atomic():
        ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
        # the chain head's row lock keeps appends out while the head is read
        ChainHead.objects.select_for_update().get(pk=1)
        existing = PublishedChainHead.objects.filter(date=on).first()
        if existing is not None:
            return existing, False
        later = PublishedChainHead.objects.filter(date__gt=on).order_by("-date").first()
        if later is not None:
            raise ValueError(
                f"a chain head is already published for {later.date}, after {on} "
                f"(已公示更晚日期的审计链头)"
            )
        last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
        seq, digest = (last.seq, last.hash) if last else (0, GENESIS_HASH)
        head = PublishedChainHead.objects.create(
            date=on, seq=seq, hash=digest, published_at=timezone.now()
        )
        record_event(
            actor=actor,
            action="audit.head_publish",
            object_type="audit.publishedchainhead",
            object_uuid=str(head.pk),
            object_label=f"{on} #{seq}",
            to_state="published",
            citations=["GB/T 22239-2019 8.1.4.3 c)"],
            payload={"date": on.isoformat(), "seq": seq, "hash": digest},
        )
    return head, True
