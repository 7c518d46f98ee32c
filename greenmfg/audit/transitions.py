"""Compare-and-set transitions (STYLE.md: Django ignores select_for_update on SQLite).

A service function locks the row (``SELECT … FOR UPDATE`` on PostgreSQL), checks its
guards on the fresh row, then calls :func:`apply_transition`, which updates the row
only if its state and version are still what was read (0 rows → conflict) and writes
the audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db import connection
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.core.decisions import Decision, Reason, TransitionConflict
from greenmfg.core.vocabulary import ReviewDecision


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
    written in the same UPDATE. A ``field`` holding numbers (a listing's star) is
    recorded in the audit event as text, like any state. Returns ``obj`` with the new
    values.
    """
    current = getattr(obj, field)
    if to not in allowed.get(current, set()):
        raise TransitionConflict(
            f"{type(obj).__name__} cannot go from {current} to {to}",
            state=current,
            label=_state_label(obj, field, current),
        )
    values = dict(updates or {})
    values[field] = to
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        values["updated_at"] = timezone.now()
    model = type(obj)
    rows = model.objects.filter(pk=obj.pk, **{field: current}, version=obj.version).update(
        version=F("version") + 1, **values
    )
    if rows != 1:
        now = model.objects.filter(pk=obj.pk).values_list(field, flat=True).first()
        raise TransitionConflict(
            f"{model.__name__} {obj.pk} changed since it was read",
            state=now,
            label=_state_label(obj, field, now),
        )
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
        from_state=_as_text(current),
        to_state=_as_text(to),
        reason="；".join(x for x in [reason, *reason_texts] if x),
        citations=all_citations,
        payload=payload,
    )
    return obj


def _state_label(obj: Model, field: str, state) -> str:
    """The label of ``state`` among the choices of ``obj``'s ``field`` (its value when
    the field has none)."""
    choices = dict(obj._meta.get_field(field).flatchoices or ())
    return str(choices.get(state, state))


def _as_text(state) -> str:
    """A state as the audit record stores it: text (``""`` for none)."""
    return "" if state is None else str(state)


# --- review steps (LAYOUT.md E2) -------------------------------------------------------


@dataclass(frozen=True)
class ReviewFlow:
    """How one kind of object is reviewed, as data: the first word of its audit actions
    (``noun``), its transition table, the states a return and a reject lead to, the
    decisions that need a written reason (and the refusal's message), and the fields
    cleared by a return or a reject (e.g. ``pending_role``). Used by the reviews of
    registrations, applications, dynamic forms and changes alike."""

    noun: str
    allowed: Mapping[str, set[str]]
    returned: str | None = None
    rejected: str | None = None
    field: str = "state"
    needs_reason: frozenset[str] = frozenset({ReviewDecision.RETURN, ReviewDecision.REJECT})
    reason_message: Any = _("退回或不通过须填写理由")
    cleared: Mapping[str, Any] = dataclass_field(default_factory=dict)


def review_reason_check(flow: ReviewFlow, decision: str, reason: str) -> None:
    """Refuse (``review.reason_required``) a decision of ``flow.needs_reason`` without a
    written reason; ``ValueError`` for a decision the flow has no state for."""
    known = {ReviewDecision.APPROVE}
    known |= {ReviewDecision.RETURN} if flow.returned else set()
    known |= {ReviewDecision.REJECT} if flow.rejected else set()
    if decision not in known and decision not in flow.needs_reason:
        raise ValueError(f"unknown decision {decision!r}")
    if decision in flow.needs_reason and not (reason or "").strip():
        Decision([Reason("review.reason_required", flow.reason_message)]).raise_if_refused()


def review_apply(
    obj: Model,
    *,
    flow: ReviewFlow,
    decision: str,
    actor,
    step: str = "",
    to: str | None = None,
    updates: dict[str, Any] | None = None,
    reason: str = "",
    reasons: list[Reason] | None = None,
    citations: list[str] | None = None,
    payload: dict[str, Any] | None = None,
) -> Model:
    """Apply one review ``decision`` to ``obj`` (freshly locked) through
    :func:`apply_transition`: the audit action is ``<noun>[.<step>].<decision>``; a
    return or a reject goes to the flow's state (``to`` overrides, e.g. an approval's
    next state) with ``flow.cleared`` written too. Returns ``obj``; raises
    :class:`TransitionConflict` like :func:`apply_transition`."""
    target = to or {ReviewDecision.RETURN: flow.returned, ReviewDecision.REJECT: flow.rejected}.get(
        decision
    )
    if target is None:
        raise ValueError(f"no state for decision {decision!r} of {flow.noun}")
    values = dict(updates or {})
    if decision in (ReviewDecision.RETURN, ReviewDecision.REJECT):
        values = {**flow.cleared, **values}
    return apply_transition(
        obj,
        field=flow.field,
        to=target,
        actor=actor,
        action=".".join(part for part in (flow.noun, step, decision) if part),
        allowed=dict(flow.allowed),
        updates=values,
        reason=reason,
        reasons=reasons,
        citations=citations,
        payload=payload,
    )
