"""Reads of unmasked identities are audit events (issue 17, item 6).

An objector's or complainant's identity is shown in full only to the officials handling
the objection or complaint (``greenmfg/core/masking.py``); every time it is, the read is
recorded: who read whose identity (object type and UUID), which fields, on which page.
The selectors that decide between the full and the masked identity
(``selection.publication.objector_identity``, ``supervision.complaints.masked``) call
:func:`identity_read`; within a web request the reads are collected and written by
:class:`IdentityReadMiddleware` as **one** ``identity.read`` event per reader and kind
of record when the answer is ready — a list of 50 complaints costs one event, not 50
(the page's queries stay bounded). Outside a request (a command, a test calling a
selector) the read is recorded at once. The event names the records, never the identity.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from greenmfg.audit.services import record_event

ACTION = "identity.read"

_pending: ContextVar[list[_Read] | None] = ContextVar("greenmfg_identity_reads", default=None)


@dataclass(frozen=True)
class _Read:
    actor: object
    object_type: str
    object_uuid: str
    fields: tuple[str, ...]


def _jurisdiction(actor) -> str:
    authority = getattr(actor, "authority", None)
    return authority.jurisdiction.path if authority is not None else ""


def _record(reads: list[_Read], *, path: str = "") -> None:
    groups: dict[tuple[int | None, str], list[_Read]] = {}
    for read in reads:
        groups.setdefault((getattr(read.actor, "pk", None), read.object_type), []).append(read)
    for (_actor_pk, object_type), items in groups.items():
        uuids = sorted({r.object_uuid for r in items})
        fields = sorted({f for r in items for f in r.fields})
        actor = items[0].actor
        record_event(
            actor=actor,
            action=ACTION,
            object_type=object_type,
            object_uuid=uuids[0] if len(uuids) == 1 else "",
            object_label=f"{len(uuids)} 条记录的身份信息",
            jurisdiction_path=_jurisdiction(actor),
            citations=["个人信息保护法 第五十一条"],
            payload={"objects": uuids, "fields": fields, "path": path},
        )


def identity_read(*, actor, obj, fields) -> None:
    """Note that ``actor`` was shown ``obj``'s identity ``fields`` unmasked: collected
    for the current request (one event at its end), else recorded at once."""
    read = _Read(
        actor=actor,
        object_type=f"{obj._meta.app_label}.{obj._meta.model_name}",
        object_uuid=str(obj.uuid),
        fields=tuple(fields),
    )
    pending = _pending.get()
    if pending is None:
        _record([read])
    elif read not in pending:
        pending.append(read)


class IdentityReadMiddleware:
    """Collects the identity reads of a request and records them once it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pending.set([])
        try:
            response = self.get_response(request)
            if getattr(response, "render", None) and not getattr(response, "is_rendered", True):
                response.render()
            reads = _pending.get()
        finally:
            _pending.reset(token)
        if reads:
            _record(reads, path=request.path)
        return response
