"""Compare-and-set transitions (STYLE.md: Django ignores select_for_update on SQLite).

A service function locks the row (``SELECT … FOR UPDATE`` on PostgreSQL), checks its
guards on the fresh row, then calls :func:`apply_transition`, which updates the row
only if its state and version are still what was read (0 rows → conflict) and writes
the audit event in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import F, Model
from django.utils import timezone

from greenmfg.audit.services import record_event
from greenmfg.core.decisions import Reason, TransitionConflict


def lock(model_or_instance, **lookup) -> Model:
    """Fetch a fresh copy of a row for a transition, locked on PostgreSQL.

    ``lock(obj)`` re-reads ``obj``; ``lock(Model, pk=…)`` reads by lookup. On SQLite the
    IMMEDIATE transaction (settings) already holds the database write lock.
    """
    if isinstance(model_or_instance, Model):
        model = type(model_or_instance)
        lookup = {"pk": model_or_instance.pk}
    else:
        model = model_or_instance
    qs = model.objects.filter(**lookup)
    if connection.features.has_select_for_update:
        qs = (
            qs.select_for_update(of=("self",))
            if connection.features.has_select_for_update_of
            else qs.select_for_update()
        )
    return qs.get()


def apply_transition(
    obj: Model,
    *,
    to: str,
    actor,
    action: str,
    allowed: dict[str, set[str]],
    field: str = "state",
    updates: dict[str, Any] | None = None,
    reason: str = "",
    reasons: list[Reason] | None = None,
    citations: list[str] | None = None,
    payload: dict[str, Any] | None = None,
) -> Model:
    """Move ``obj`` (freshly locked) from its state to ``to`` and audit it.

    ``allowed`` maps each state to the states it may move to (the model's explicit
    transition table); a move outside it raises :class:`TransitionConflict`, as does
    a row changed by someone else since it was read. ``updates`` are other fields
    written in the same UPDATE. Returns ``obj`` with the new values.
    """
    current = getattr(obj, field)
    if to not in allowed.get(current, set()):
        raise TransitionConflict(f"{type(obj).__name__} cannot go from {current} to {to}")
    values = dict(updates or {})
    values[field] = to
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        values["updated_at"] = timezone.now()
    model = type(obj)
    rows = model.objects.filter(pk=obj.pk, **{field: current}, version=obj.version).update(
        version=F("version") + 1, **values
    )
    if rows != 1:
        raise TransitionConflict(f"{model.__name__} {obj.pk} changed since it was read")
    for k, v in values.items():
        setattr(obj, k, v)
    obj.version += 1
    reason_texts = [r.message_in("zh-hans") for r in reasons or []]
    all_citations = list(
        dict.fromkeys(c for c in [*(citations or []), *(r.citation for r in reasons or [])] if c)
    )
    record_event(
        actor=actor,
        action=action,
        obj=obj,
        from_state=current,
        to_state=to,
        reason="；".join(x for x in [reason, *reason_texts] if x),
        citations=all_citations,
        payload=payload,
    )
    return obj
