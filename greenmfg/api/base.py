"""Plumbing of the REST API shared by every app's ``api.py``: viewsets addressed by
``uuid``, the body and own-unit helpers, the documented error answers. No endpoint
lives here (LAYOUT.md E6)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import (
    OpenApiResponse,
)
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from greenmfg.api.serializers import DetailSerializer, RefusalSerializer

UUID_REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


REFUSED = OpenApiResponse(
    RefusalSerializer, description="refused by the rules: reasons with the articles applied"
)


FORBIDDEN = OpenApiResponse(
    DetailSerializer, description="the role or jurisdiction does not allow this action"
)


NOT_FOUND = OpenApiResponse(DetailSerializer, description="no such object within your scope")


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    table = {403: FORBIDDEN, 404: NOT_FOUND, 409: REFUSED}
    return {c: table[c] for c in codes}


class UuidActionsViewSet(GenericViewSet):
    """Actions on objects addressed by ``uuid`` (``/prefix/{uuid}/action/``) without a
    detail route of their own: for a viewset that adds actions under another
    viewset's prefix, whose detail route would never be reached (the first registered
    ``/prefix/{uuid}/`` answers it)."""

    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return self.base_queryset()

    def base_queryset(self):  # pragma: no cover - each view defines it
        raise NotImplementedError


class UuidViewSet(GenericViewSet):
    """Objects addressed by ``uuid``; ``list`` and the other actions may use
    different serializers (``list_serializer_class`` / ``serializer_class``)."""

    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX
    list_serializer_class: type | None = None

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return self.serializer_class

    def fresh(self, obj):
        """``obj`` re-read through the scoped detail queryset (a service returns a
        locked copy without its relations), decorated for the detail serializer."""
        obj = self.detail_queryset().filter(pk=obj.pk).first() or obj
        return self.decorate(obj)

    def detail_queryset(self):
        return self.base_queryset()

    def decorate(self, obj):
        return obj

    def respond(self, obj, code: int = status.HTTP_200_OK) -> Response:
        obj = self.fresh(obj)
        return Response(
            self.serializer_class(obj, context=self.get_serializer_context()).data, status=code
        )

    def retrieve(self, request, *args, **kwargs):
        obj = self.decorate(self.get_object())
        return Response(self.get_serializer(obj).data)

    def get_queryset(self):
        if self.action == "retrieve":
            return self.detail_queryset()
        return self.base_queryset()

    def base_queryset(self):  # pragma: no cover - each view defines it
        raise NotImplementedError


def own_unit(request):
    """The signed-in user's organisation (enterprise and park users)."""
    unit = request.user.organisation
    if unit is None:
        raise PermissionDenied("当前账号未关联企业或园区，不能办理本单位事项 (no organisation)")
    return unit


def body(serializer_class, request, **context):
    ser = serializer_class(data=request.data, context={"request": request, **context})
    ser.is_valid(raise_exception=True)
    return ser.validated_data


def register_enum_names(names: dict[str, object]) -> None:
    """Name the OpenAPI enums of an app's choices (drf-spectacular's
    ``ENUM_NAME_OVERRIDES``: ``{"ApplicationStateEnum": "greenmfg.selection.models.ApplicationState"}``),
    called from the app's ``AppConfig.ready()`` before any schema is generated, so no
    central list is edited by a new app."""
    overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
    overrides.update(names)
