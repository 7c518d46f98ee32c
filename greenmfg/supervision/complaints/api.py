"""REST API of real-name complaints (``/api/v1/complaints/``): anyone files one; the
officials within whose jurisdiction it is handled see it; only the handling
authority's officials see who complained. On the shared base."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from greenmfg.accounts.clientip import client_ip
from greenmfg.api.base import UuidViewSet, body, register_enum_names
from greenmfg.parties.models import Organisation
from greenmfg.supervision.complaints import services
from greenmfg.supervision.complaints.filters import ComplaintFilterSet
from greenmfg.supervision.complaints.selectors import complaints_for
from greenmfg.supervision.complaints.serializers import (
    ComplaintCreateSerializer,
    ComplaintHandleSerializer,
    ComplaintReceiptSerializer,
    ComplaintSerializer,
)

# the OpenAPI names of this package's choices (drf-spectacular ENUM_NAME_OVERRIDES)
register_enum_names(
    {
        "ComplaintStateEnum": "greenmfg.supervision.complaints.models.ComplaintState",
    }
)


@extend_schema_view(
    list=extend_schema(summary=_("待处理的实名举报（主管部门辖区内）")),
    retrieve=extend_schema(summary=_("单件举报及其处理情况")),
    create=extend_schema(summary=_("提出实名举报（任何人；返回回执编号）")),
    handle=extend_schema(summary=_("处理举报并答复（主管部门）")),
)
class ComplaintViewSet(mixins.ListModelMixin, UuidViewSet):
    """实名举报: anyone files one; the officials within whose jurisdiction it is handled
    see it; only the handling authority's officials see who complained."""

    serializer_class = ComplaintSerializer
    # the page's filters (greenmfg/supervision/complaints/filters.py)
    filterset_class = ComplaintFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return [IsAuthenticated()]

    def base_queryset(self):
        return complaints_for(self.request.user).order_by("-submitted_on", "-id")

    @extend_schema(request=ComplaintCreateSerializer, responses={201: ComplaintReceiptSerializer})
    def create(self, request):
        data = body(ComplaintCreateSerializer, request)
        target_qs = Organisation.objects.select_related("registered_division")
        target = None
        if data["target"]:
            target = target_qs.filter(uuid=data["target"]).first()
        elif data["target_uscc"]:
            target = target_qs.filter(uscc=data["target_uscc"].strip().upper()).first()
        if target is None:
            raise NotFound("no such listed unit or agency")
        evidence = data.pop("evidence")
        level = data.pop("handler_level")
        for k in ("target", "target_uscc"):
            data.pop(k)
        c = services.complaint_submit(
            actor=request.user,
            target=target,
            data=data,
            evidence=evidence,
            handler_level=level,
            client=client_ip(request),
        )
        return Response(ComplaintReceiptSerializer(c).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ComplaintHandleSerializer, responses={200: ComplaintSerializer})
    @action(detail=True, methods=["post"])
    def handle(self, request, uuid=None):
        data = body(ComplaintHandleSerializer, request)
        return self.respond(
            services.complaint_handle(actor=request.user, complaint=self.get_object(), **data)
        )


def register(router) -> None:
    """Register the complaint resource on the API router."""
    router.register("complaints", ComplaintViewSet, basename="api-complaints")
