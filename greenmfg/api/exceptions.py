"""API errors: a refused rule answers 409 with its reasons and articles; a role or
scope refusal answers 403; a conflicting concurrent change 409. Every 409 on an object's
endpoint also carries the object's current ``state`` and its label (issue 17, item 13:
a repeated transition says where the object is now)."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from greenmfg.core.dates import UnknownCalendarYear
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict
from greenmfg.core.limits import RateLimited


def exception_handler(exc, context):
    """DRF exception handler that turns the domain's exceptions into answers."""
    if isinstance(exc, RuleViolation):
        return Response(
            {
                # for people: each reason with its article as 《short title》第九条
                "detail": "；".join(str(r) for r in exc.reasons),
                "reasons": exc.as_list(),
                "citations": exc.citations(),  # the machine-readable codes (004 第九条)
                **_state(context),
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, NotPermitted):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, RateLimited):
        return Response(
            {"detail": str(exc)},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(exc.retry_after)},
        )
    if isinstance(exc, TransitionConflict):
        current = _state(context, exc.state, exc.label if exc.state is not None else None)
        label = current.get("state_label") or current.get("state") or ""
        message = (
            _("该事项已被处理或状态已变化（当前状态：{state}），请刷新后重试").format(state=label)
            if label
            else _("该事项已被处理或状态已变化，请刷新后重试")
        )
        return Response(
            {
                "detail": "conflict: the object changed or is not in the right state",
                "reasons": [
                    {
                        "code": "state.conflict",
                        "message": message,
                        "citation": "",
                        "citation_text": "",
                    }
                ],
                **current,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, UnknownCalendarYear):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response(
            {
                "detail": "invalid",
                "errors": exc.message_dict if hasattr(exc, "error_dict") else exc.messages,
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)


def _state(context, known=None, known_label=None) -> dict:
    """``{"state", "state_label"}`` of the object the request addressed (the ``uuid`` of
    the URL, looked up in the view's own scoped queryset), or ``known`` when the refusal
    carried it; ``{}`` for an endpoint without an object or an object without a state."""
    view = (context or {}).get("view")
    uuid = getattr(view, "kwargs", {}).get("uuid") if view is not None else None
    model = state = None
    if view is not None and uuid is not None and hasattr(view, "get_queryset"):
        try:
            qs = view.get_queryset()
            model = qs.model
            model._meta.get_field("state")
            row = qs.filter(uuid=uuid).values_list("state", flat=True).first()
            state = row if known is None else known
        except (FieldDoesNotExist, AttributeError, TypeError, ValueError, AssertionError):
            model = None
    if state is None:
        state = known
    if state is None:
        return {}
    label = str(state)
    if known_label is not None and state == known:
        label = str(known_label)
    elif model is not None:
        choices = dict(model._meta.get_field("state").flatchoices)
        label = str(choices.get(state, state))
    return {"state": str(state), "state_label": label}
