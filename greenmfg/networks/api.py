"""REST API of the networks app (registered in greenmfg/urls_api.py), over the same
services and scoped selectors as the pages:

- ``GET  /api/v1/network-memberships/`` (and ``{uuid}/``) — memberships you may see
- ``POST /api/v1/network-memberships/`` — the park or lead invites (by credit code)
- ``POST /api/v1/network-memberships/roster/`` — a roster (CSV/XLSX); 409 with the
  row-numbered report, nothing written, when any row is refused
- ``POST /api/v1/network-memberships/{uuid}/accept|decline|end/``
- ``GET|POST /api/v1/cultivation-plans/``; ``POST …/{uuid}/publish|withdraw/``
- ``GET  /api/v1/network-progress/`` — networks in your scope by gradient status;
  ``GET …/{uuid}/`` (the park's or lead's organisation uuid) — one network's progress
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from greenmfg.api.base import (
    FORBIDDEN,
    NOT_FOUND,
    REFUSED,
    UuidActionsViewSet,
    UuidViewSet,
    register_enum_names,
)
from greenmfg.core import clock
from greenmfg.networks import selectors as sel
from greenmfg.networks import services
from greenmfg.networks.models import MembershipState
from greenmfg.networks.serializers import (
    EndSerializer,
    InviteSerializer,
    MembershipSerializer,
    NetworkReasonSerializer,
    OverviewSerializer,
    PlanCreateSerializer,
    PlanSerializer,
    ProgressSerializer,
    RosterReportSerializer,
    RosterSerializer,
)
from greenmfg.parties.permissions import may

register_enum_names(
    {
        "MembershipStateEnum": "greenmfg.networks.models.MembershipState",
        "NetworkKindEnum": "greenmfg.networks.models.NetworkKind",
        "CultivationPlanStateEnum": "greenmfg.networks.models.PlanState",
        "TargetLevelEnum": "greenmfg.networks.models.TargetLevel",
        # a plan's target levels are another "level": keep the list levels' own name
        "LevelEnum": "greenmfg.core.vocabulary.Level",
    }
)

ERRORS = {403: FORBIDDEN, 404: NOT_FOUND, 409: REFUSED}


def _kind(request) -> str:
    """The network the user keeps (park users: members; enterprise users: suppliers)."""
    if not may(request.user, "networks.maintain"):
        raise PermissionDenied("只能由园区或链主企业维护 (parks and leads only)")
    return sel.kinds_of(request.user.organisation)[0]


def _body(serializer_class, request):
    ser = serializer_class(data=request.data, context={"request": request})
    ser.is_valid(raise_exception=True)
    return ser.validated_data


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的园区成员和供应商")),
    retrieve=extend_schema(summary=_("单个成员关系")),
)
class MembershipViewSet(mixins.ListModelMixin, UuidViewSet):
    """园区内企业 / 供应商: invited by the park or lead, confirmed by the enterprise."""

    serializer_class = MembershipSerializer
    filterset_fields = ["kind", "state"]

    def base_queryset(self):
        return sel.memberships_for(self.request.user)

    @extend_schema(
        summary=_("按统一社会信用代码邀请企业（园区或链主企业）"),
        request=InviteSerializer,
        responses={201: MembershipSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = _body(InviteSerializer, request)
        m = services.membership_invite(actor=request.user, kind=_kind(request), **data)
        return self.respond(m, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("上传名册（CSV/XLSX）；全部导入或全部不导入"),
        request={"multipart/form-data": RosterSerializer},
        responses={201: RosterReportSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def roster(self, request):
        kind = _kind(request)  # refused before the body is read
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": ["请选择名册文件"]})
        try:
            report = services.roster_import(
                actor=request.user, kind=kind, data=upload.read(), filename=upload.name
            )
        except services.RosterRejected as exc:
            return Response(
                {"reasons": exc.as_list(), "report": exc.report.as_dict()},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(report.as_dict(), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("确认邀请（受邀企业）"),
        request=None,
        responses={200: MembershipSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, uuid=None):
        m = services.membership_accept(actor=request.user, membership=self.get_object())
        return self.respond(m)

    @extend_schema(
        summary=_("谢绝邀请（受邀企业）"),
        request=NetworkReasonSerializer,
        responses={200: MembershipSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, uuid=None):
        reason = _body(NetworkReasonSerializer, request)["reason"]
        m = services.membership_decline(
            actor=request.user, membership=self.get_object(), reason=reason
        )
        return self.respond(m)

    @extend_schema(
        summary=_("终止成员关系或撤回邀请（园区或链主企业）"),
        request=EndSerializer,
        responses={200: MembershipSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, uuid=None):
        data = _body(EndSerializer, request)
        m = services.membership_end(actor=request.user, membership=self.get_object(), **data)
        return self.respond(m)


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的培育计划")),
    retrieve=extend_schema(summary=_("单个培育计划")),
)
class CultivationPlanViewSet(mixins.ListModelMixin, UuidViewSet):
    """培育计划 (000 第九条(二)、第十条(二); 004 第七条(二)2、(三)2)."""

    serializer_class = PlanSerializer
    filterset_fields = ["kind", "state"]

    def base_queryset(self):
        return sel.plans_for(self.request.user).prefetch_related("members")

    @extend_schema(
        summary=_("起草培育计划：各年度、各级别的目标，列名的成员及措施"),
        request=PlanCreateSerializer,
        responses={201: PlanSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = _body(PlanCreateSerializer, request)
        kind = _kind(request)
        members = list(
            sel.memberships_for(request.user).filter(
                uuid__in=data["members"],
                owner_id=request.user.organisation_id,
                state__in=MembershipState.open_states(),
            )
        )
        if len(members) != len(set(data["members"])):
            raise ValidationError({"members": ["只能纳入本单位名册中的企业"]})
        plan = services.plan_create(
            actor=request.user,
            kind=kind,
            title=data["title"],
            year_from=data["year_from"],
            year_to=data["year_to"],
            measures=data["measures"],
            targets=[(t["year"], t["level"], t["count"]) for t in data["targets"]],
            members=members,
        )
        return self.respond(plan, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("发布培育计划"), request=None, responses={200: PlanSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, uuid=None):
        return self.respond(services.plan_publish(actor=request.user, plan=self.get_object()))

    @extend_schema(
        summary=_("撤回已发布的培育计划"),
        request=NetworkReasonSerializer,
        responses={200: PlanSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, uuid=None):
        reason = _body(NetworkReasonSerializer, request)["reason"]
        plan = services.plan_withdraw(actor=request.user, plan=self.get_object(), reason=reason)
        return self.respond(plan)


class NetworkProgressViewSet(UuidActionsViewSet):
    """Progress: members by gradient status, plan target against actual per year. A park
    sees its members' gradient status only, never their applications or forms."""

    serializer_class = ProgressSerializer
    list_serializer_class = OverviewSerializer
    filter_backends: list = []
    pagination_class = None

    def base_queryset(self):
        return sel.owners_for(self.request.user)

    @extend_schema(
        summary=_("您辖区内的园区和供应链，按梯度培育状态（当日）"),
        responses={200: OverviewSerializer(many=True)},
    )
    def list(self, request):
        rows = sel.overview(request.user, clock.today())
        return Response(OverviewSerializer(rows, many=True).data)

    @extend_schema(
        summary=_("单个园区或链主企业的进展（按单位 uuid）"),
        responses={200: ProgressSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, uuid=None):
        owner = self.get_object()
        p = sel.progress(owner, sel.kinds_of(owner)[0], clock.today())
        return Response(ProgressSerializer(p).data)


def register(router) -> None:
    """Register the networks resources on the API router (greenmfg/urls_api.py)."""
    router.register("network-memberships", MembershipViewSet, basename="api-network-memberships")
    router.register("cultivation-plans", CultivationPlanViewSet, basename="api-cultivation-plans")
    router.register("network-progress", NetworkProgressViewSet, basename="api-network-progress")
