"""Plumbing of the REST API shared by every app's ``api.py``: viewsets addressed by
``uuid``, the body and own-unit helpers, the documented error answers. No endpoint
lives here (LAYOUT.md E6)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import (
    OpenApiResponse,
)
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from greenmfg.api.serializers import DetailSerializer, RefusalSerializer
from greenmfg.core import clock
from greenmfg.parties.models import Organisation
from greenmfg.parties.scoping import scope_by_unit

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
    ``/prefix/{uuid}/`` answers it), or for a collection without one (list, create,
    list-level actions). ``list`` and the other actions may use different serializers
    (``list_serializer_class`` / ``serializer_class``); ``respond`` answers with the
    object re-read through the scoped queryset."""

    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX
    list_serializer_class: type | None = None

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return self.serializer_class

    def get_object(self):
        # a list-level action (``/prefix/action/``) has no object: DRF's OPTIONS answer
        # asks for one when the action allows PUT
        if (self.lookup_url_kwarg or self.lookup_field) not in self.kwargs:
            raise NotFound("该地址不指向具体对象 (no object at this address)")
        return super().get_object()

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

    def get_queryset(self):
        return self.base_queryset()

    def base_queryset(self):  # pragma: no cover - each view defines it
        raise NotImplementedError


class UuidViewSet(UuidActionsViewSet):
    """Objects addressed by ``uuid``, with a detail route (``retrieve``) answered from
    ``detail_queryset`` and decorated by ``decorate``."""

    def retrieve(self, request, *args, **kwargs):
        obj = self.decorate(self.get_object())
        return Response(self.get_serializer(obj).data)

    def get_queryset(self):
        if self.action == "retrieve":
            return self.detail_queryset()
        return self.base_queryset()


def own_unit(request):
    """The signed-in user's organisation (enterprise and park users)."""
    unit = request.user.organisation
    if unit is None:
        raise PermissionDenied("当前账号未关联企业或园区，不能办理本单位事项 (no organisation)")
    return unit


def body(serializer_class, request, **context):
    """The request body validated by ``serializer_class`` (400 with the errors)."""
    ser = serializer_class(data=request.data, context={"request": request, **context})
    ser.is_valid(raise_exception=True)
    return ser.validated_data


def year_param(request, name: str = "year") -> int:
    """The ``?year=`` query parameter (default: this year, ``clock.today()``): a year from
    2000 to 2100, else 400 naming the parameter."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return clock.today().year
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        raise ValidationError({name: ["年度应为2000至2100之间的整数"]})
    return year


def scoped_unit(request, uuid) -> Organisation:
    """The organisation ``uuid`` named in a request, looked up within what the user may
    see (404 outside it: the body names no object beyond the user's scope)."""
    qs = scope_by_unit(Organisation.objects.select_related("registered_division"), request.user, "")
    unit = qs.filter(uuid=uuid).first()
    if unit is None:
        raise NotFound("no such unit within your scope")
    return unit


def register_enum_names(names: dict[str, object]) -> None:
    """Name the OpenAPI enums of an app's choices (drf-spectacular's
    ``ENUM_NAME_OVERRIDES``: ``{"ApplicationStateEnum": "greenmfg.selection.models.ApplicationState"}``),
    called from the app's ``AppConfig.ready()`` before any schema is generated, so no
    central list is edited by a new app."""
    overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
    overrides.update(names)
