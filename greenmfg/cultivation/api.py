"""REST API of the cultivation pool (``/api/v1/registrations/``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action

from greenmfg.api.base import (
    FORBIDDEN,
    NOT_FOUND,
    REFUSED,
    UuidViewSet,
    _errors,
    body,
    own_unit,
    register_enum_names,
)
from greenmfg.api.serializers import ReviewSerializer
from greenmfg.audit.selectors import timeline_for
from greenmfg.cultivation import services as pool_services
from greenmfg.cultivation.filters import RegistrationFilterSet
from greenmfg.cultivation.selectors import registrations_for
from greenmfg.cultivation.serializers import (
    RegistrationCreateSerializer,
    RegistrationDetailSerializer,
    RegistrationFormSerializer,
    RegistrationSerializer,
)

# the OpenAPI names of this app's choices (drf-spectacular ENUM_NAME_OVERRIDES)
register_enum_names(
    {
        "RegistrationStateEnum": "greenmfg.cultivation.models.RegistrationState",
    }
)


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的培育入库登记")),
    retrieve=extend_schema(
        summary=_("单个培育入库登记及其待办环节和办理记录"),
        responses={200: RegistrationDetailSerializer, 404: NOT_FOUND},
    ),
)
class RegistrationViewSet(mixins.ListModelMixin, UuidViewSet):
    """Registrations for the cultivation pool (培育入库登记)."""

    serializer_class = RegistrationDetailSerializer
    list_serializer_class = RegistrationSerializer
    # the page's filters (greenmfg/cultivation/filters.py)
    filterset_class = RegistrationFilterSet

    def base_queryset(self):
        """The registrations the caller may see (scoped; 404 outside)."""
        return registrations_for(self.request.user)

    def decorate(self, obj):
        """The pending step and the timeline, for the detail serializer."""
        obj.pending_step = pool_services.pending_step(obj)
        obj.timeline = list(timeline_for(obj))
        return obj

    @extend_schema(
        summary=_("为本单位新建培育入库登记（草稿）"),
        request=RegistrationCreateSerializer,
        responses={201: RegistrationDetailSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = body(RegistrationCreateSerializer, request)
        list_type = data.pop("list_type")
        reg = pool_services.registration_create(
            actor=request.user, unit=own_unit(request), list_type=list_type, data=data
        )
        return self.respond(reg, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("修改草稿或被退回的登记"),
        request=RegistrationFormSerializer,
        responses={200: RegistrationDetailSerializer, **_errors(403, 404, 409)},
    )
    def partial_update(self, request, uuid=None):
        reg = self.get_object()
        ser = RegistrationFormSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        reg = pool_services.registration_update(
            actor=request.user, registration=reg, data=dict(ser.validated_data)
        )
        return self.respond(reg)

    @extend_schema(
        summary=_("提交培育入库登记"),
        request=None,
        responses={200: RegistrationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        reg = pool_services.registration_submit(actor=request.user, registration=self.get_object())
        return self.respond(reg)

    @extend_schema(
        summary=_("办理待审核环节：通过、退回或不予通过"),
        request=ReviewSerializer,
        responses={200: RegistrationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, uuid=None):
        reg = self.get_object()
        data = body(ReviewSerializer, request)
        reg = pool_services.registration_review(
            actor=request.user, registration=reg, decision=data["decision"], reason=data["reason"]
        )
        return self.respond(reg)


def register(router) -> None:
    """Register the pool's resources on the API router (greenmfg/urls_api.py)."""
    router.register("registrations", RegistrationViewSet, basename="api-registrations")
