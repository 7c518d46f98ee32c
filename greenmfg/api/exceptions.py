"""API errors: a refused rule answers 409 with its reasons and articles; a role or
scope refusal answers 403; a conflicting concurrent change 409."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from greenmfg.core.dates import UnknownCalendarYear
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict


def exception_handler(exc, context):
    """DRF exception handler that turns the domain's exceptions into answers."""
    if isinstance(exc, RuleViolation):
        return Response(
            {"detail": "refused by the rules", "reasons": exc.as_list()},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, NotPermitted):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, TransitionConflict):
        return Response(
            {"detail": "conflict: the object changed or is not in the right state", "reasons": []},
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
