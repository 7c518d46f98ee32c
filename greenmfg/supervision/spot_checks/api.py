"""REST API of the random spot checks (``/api/v1/spot-checks/``: every draw public, the
officials draw, record results and add inspectors), on the shared base."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from greenmfg.api.base import UuidViewSet, body
from greenmfg.parties.models import User
from greenmfg.supervision.spot_checks import services
from greenmfg.supervision.spot_checks.selectors import public_draws
from greenmfg.supervision.spot_checks.serializers import (
    DrawCreateSerializer,
    DrawListSerializer,
    DrawSerializer,
    InspectorAddSerializer,
    ResultSerializer,
)


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的双随机抽查")),
    retrieve=extend_schema(summary=_("单次抽查及抽中的单位")),
    create=extend_schema(summary=_("按公开的种子抽取检查对象和检查人员（主管部门）")),
    result=extend_schema(summary=_("登记抽查结果")),
    inspectors=extend_schema(summary=_("维护检查人员名录")),
)
class SpotCheckViewSet(mixins.ListModelMixin, UuidViewSet):
    """双随机、一公开: every draw is public (inspectors' names only to the authority)."""

    serializer_class = DrawSerializer
    list_serializer_class = DrawListSerializer
    filterset_fields = ["year"]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        return [IsAuthenticated()]

    def base_queryset(self):
        return public_draws().order_by("-drawn_on", "-id")

    @extend_schema(request=DrawCreateSerializer, responses={201: DrawSerializer})
    def create(self, request):
        data = body(DrawCreateSerializer, request)
        user = request.user
        if not (user.is_official and user.authority_id):
            raise PermissionDenied("officials only")
        draw = services.spot_check_draw(actor=user, authority=user.authority.jurisdiction, **data)
        return self.respond(draw, status.HTTP_201_CREATED)

    @extend_schema(request=ResultSerializer, responses={200: DrawSerializer})
    @action(detail=True, methods=["post"])
    def result(self, request, uuid=None):
        data = body(ResultSerializer, request)
        draw = self.get_object()
        item = draw.items.filter(uuid=data["item"]).first()
        if item is None:
            raise NotFound("no such item in this draw")
        services.spot_check_result(
            actor=request.user, item=item, result=data["result"], finding=data["finding"]
        )
        return self.respond(draw)

    @extend_schema(
        request=InspectorAddSerializer,
        responses={200: inline_serializer("InspectorAdded", {"added": serializers.CharField()})},
    )
    @action(detail=False, methods=["post"], url_path="inspectors")
    def inspectors(self, request):
        """Add an expert (``{"username": …}``) to the official's inspector pool."""
        data = body(InspectorAddSerializer, request)
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            raise NotFound("没有该用户 (no such user)")
        services.inspector_add(actor=request.user, user=user)
        return Response({"added": user.username})


def register(router) -> None:
    """Register the spot-check resource on the API router."""
    router.register("spot-checks", SpotCheckViewSet, basename="api-spot-checks")
