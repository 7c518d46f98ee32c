"""REST API of major incidents (``/api/v1/incidents/``), on the shared base."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from greenmfg.api.base import UuidViewSet, body, scoped_unit
from greenmfg.supervision.complaints.selectors import complaints_for
from greenmfg.supervision.incidents import services
from greenmfg.supervision.incidents.selectors import incidents_for
from greenmfg.supervision.incidents.serializers import (
    IncidentCreateSerializer,
    IncidentSerializer,
    ReasonSerializer,
)
from greenmfg.supervision.removals.serializers import RemovalSerializer


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的事故和违法违规事件")),
    retrieve=extend_schema(summary=_("单个事件")),
    create=extend_schema(summary=_("登记事故或违法违规事件（主管部门）")),
    report=extend_schema(summary=_("向上级主管部门报告事件")),
    remove=extend_schema(summary=_("因事件将单位移出名单")),
)
class IncidentViewSet(mixins.ListModelMixin, UuidViewSet):
    serializer_class = IncidentSerializer
    filterset_fields = ["state", "kind"]

    def base_queryset(self):
        return incidents_for(self.request.user).order_by("-occurred_on", "-id")

    @extend_schema(request=IncidentCreateSerializer, responses={201: IncidentSerializer})
    def create(self, request):
        data = body(IncidentCreateSerializer, request)
        unit = scoped_unit(request, data.pop("unit"))
        complaint_uuid = data.pop("complaint")
        complaint = None
        if complaint_uuid:
            complaint = complaints_for(request.user).filter(uuid=complaint_uuid).first()
            if complaint is None:
                raise NotFound("no such complaint within your scope")
        inc = services.incident_record(actor=request.user, unit=unit, complaint=complaint, **data)
        return self.respond(inc, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request, uuid=None):
        return self.respond(
            services.incident_report(actor=request.user, incident=self.get_object())
        )

    @extend_schema(request=ReasonSerializer, responses={201: RemovalSerializer})
    @action(detail=True, methods=["post"])
    def remove(self, request, uuid=None):
        data = body(ReasonSerializer, request)
        removal = services.immediate_removal(
            actor=request.user, incident=self.get_object(), reason=data["reason"]
        )
        return Response(RemovalSerializer(removal).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Register the incident resource on the API router."""
    router.register("incidents", IncidentViewSet, basename="api-incidents")
