"""The OpenAPI description says what the API answers (issue 17, item 14): checked by the
schemathesis test's ``response_schema_conformance``.

drf-spectacular's ``AutoSchema`` got three things wrong for this API:

- **Lists of extra actions** (``/dynamic-forms/overdue/``, ``/agency-work-reports/overdue/``,
  the removal proposals' ``non-filers`` and ``disqualified`` …) answer a plain array —
  DRF paginates only ``list`` — but were described as paginated objects. Only a ``list``
  action is described as paginated here.
- **Read-only model fields that may be empty**: a ``ModelSerializer`` builds a read-only
  field without ``allow_null`` / ``allow_blank`` (they concern input), so a nullable
  foreign key (``previous``, ``source_listing``) was typed non-null and a choice field
  whose model allows blank (``energy_efficiency_level``) excluded ``""``. The response
  description now reads them from the model field behind (``null`` → nullable, ``blank``
  → ``""`` allowed), as the answers really are.
"""

from __future__ import annotations

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.views import get_view_name


def _model_field(field):
    """The model field a serializer field reads (``source`` a plain name on the parent's
    ``Meta.model``), or None."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", None) or getattr(field, "field_name", None)
    if model is None or not source or "." in source or source == "*":
        return None
    try:
        return model._meta.get_field(source)
    except FieldDoesNotExist:
        return None


class GreenAutoSchema(AutoSchema):
    """``AutoSchema`` describing the answers as they are (module docstring)."""

    def _get_paginator(self):
        if getattr(self.view, "action", "list") not in (None, "list"):
            return None
        return super()._get_paginator()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if direction == "response":
            model_field = _model_field(field)
            if model_field is not None:
                widened = None
                if getattr(model_field, "null", False) and not getattr(field, "allow_null", False):
                    widened = copy.copy(field)
                    widened.allow_null = True
                if (
                    isinstance(field, serializers.ChoiceField)
                    and getattr(model_field, "blank", False)
                    and not getattr(field, "allow_blank", False)
                ):
                    widened = widened or copy.copy(field)
                    widened.allow_blank = True
                if widened is not None:
                    field = widened
        return super()._map_serializer_field(field, direction, bypass_extensions)


def _summary(view) -> str:
    """The operation's summary (``extend_schema(summary=_("…"))``) for the view's current
    action and method, in the active language; ``""`` when it has none or cannot be told."""
    try:
        request = getattr(view, "request", None)
        http_method = (getattr(request, "method", None) or "GET").upper()
        action = getattr(view, "action", None)
        method = getattr(view, action, None) if action else None
        if method is None:
            method = getattr(view, http_method.lower(), None)
        schema_class = getattr(method, "kwargs", {}).get("schema") if method else None
        schema = schema_class() if schema_class is not None else view.schema
        if not isinstance(schema, AutoSchema):
            return ""
        schema.view = view
        schema.method = http_method
        summary = schema.get_summary()
        return str(summary) if summary else ""
    except Exception:  # noqa: BLE001 - a page heading never breaks the browsable API
        return ""


def view_name(view) -> str:
    """The browsable API's heading: the operation's gettext'd summary (Chinese first, issue
    18 item 4), else DRF's name from the class (``REST_FRAMEWORK["VIEW_NAME_FUNCTION"]``)."""
    return _summary(view) or get_view_name(view)
