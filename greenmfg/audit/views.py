"""Pages of the audit record: the auditors' search (审计记录, auditors only) and the
public list of published chain heads (审计链头公示) with its JSON."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from greenmfg.audit import selectors as sel
from greenmfg.audit.models import ChainHead
from greenmfg.audit.services import record_event
from greenmfg.core.web import get_for_user

PAGE = 100


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _auditor(request) -> str:
    """The auditor's scope path; 403 for every other user (administrators included)."""
    scope = sel.auditor_scope(request.user)
    if scope is None:
        raise PermissionDenied
    return scope


def _record_read(request, action: str, scope: str, label: str, payload: dict, uuid="") -> None:
    """Reading the audit record is itself audited (等保 8.1.5.3 a)."""
    record_event(
        actor=request.user,
        action=action,
        object_type="audit.auditevent",
        object_uuid=str(uuid),
        object_label=label,
        jurisdiction_path=scope,
        payload=payload,
    )


@login_required
def event_list(request):
    """审计记录: the events the auditor may read, filtered by date, action and object."""
    scope = _auditor(request)
    params = {
        "from": request.GET.get("from", "").strip(),
        "to": request.GET.get("to", "").strip(),
        "action": request.GET.get("action", "").strip()[:80],
        "object": request.GET.get("object", "").strip()[:300],
    }
    qs = sel.audit_events_for(
        request.user,
        date_from=_date(params["from"]),
        date_to=_date(params["to"]),
        action=params["action"],
        obj=params["object"],
    )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    events = list(page)
    _record_read(
        request,
        "audit.search",
        scope,
        "审计记录",
        {**{k: v for k, v in params.items() if v}, "page": page.number, "shown": len(events)},
    )
    return render(
        request,
        "audit/event_list.html",
        {
            "page": page,
            "events": events,
            "params": params,
            "querystring": urlencode({k: v for k, v in params.items() if v}),
            "scope": scope,
            "head": ChainHead.objects.filter(pk=1).first(),
            "published": sel.published_heads().first(),
        },
    )


@login_required
def event_detail(request, uuid):
    """One audit event in full (payload, citations, hashes), within the auditor's scope."""
    scope = _auditor(request)
    event = get_for_user(sel.audit_events_for(request.user), uuid)
    _record_read(request, "audit.view", scope, f"#{event.seq}", {"seq": event.seq}, event.uuid)
    payload = json.dumps(event.payload, ensure_ascii=False, indent=2, sort_keys=True)
    return render(request, "audit/event_detail.html", {"event": event, "payload": payload})


def heads(request):
    """审计链头公示 (public): the chain head published each day."""
    page = Paginator(sel.published_heads(), PAGE).get_page(request.GET.get("page"))
    return render(
        request, "audit/heads.html", {"page": page, "json_url": reverse("audit_heads_json")}
    )


def heads_json(request):
    """The published chain heads as JSON, for outside parties to keep and compare
    (``greenmfg audit verify --heads FILE``)."""
    data = {
        "algorithm": "sha256(canonical JSON of the event's fields including prev_hash)",
        "heads": [
            {
                "date": h.date.isoformat(),
                "seq": h.seq,
                "hash": h.hash,
                "published_at": h.published_at.isoformat(),
            }
            for h in sel.published_heads()
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
