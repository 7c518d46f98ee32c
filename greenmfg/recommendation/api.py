"""REST API of recommendation upward (same service functions as the pages): recommending
a listing into an upper campaign, department consultation, quotas. The actions on
selection's campaigns are explicit routes (``api_urlpatterns``), so that each prefix
of the router has one owner."""

from __future__ import annotations

from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from greenmfg.api.base import UUID_REGEX, _errors, body
from greenmfg.audit.selectors import timeline_for
from greenmfg.core.web import get_for_user
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.recommendation import services
from greenmfg.recommendation.selectors import consultations_for, opinions_for
from greenmfg.recommendation.serializers import (
    ConsultationSerializer,
    ConsultSerializer,
    OpinionAnswerSerializer,
    OpinionSerializer,
    QuotaSerializer,
    RecommendSerializer,
    ResolveSerializer,
)
from greenmfg.selection.selectors import applications_for, campaigns_for, recommendable_listings
from greenmfg.selection.serializers import ApplicationDetailSerializer
from greenmfg.selection.services import application_pending_step


@extend_schema_view(
    list=extend_schema(summary=_("本人发起或需答复的征求意见")),
    retrieve=extend_schema(summary=_("单次征求意见及对每个单位的意见")),
)
class ConsultationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    serializer_class = ConsultationSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return consultations_for(self.request.user).prefetch_related(
            "opinions__unit", "opinions__consultation"
        )


@extend_schema_view(
    list=extend_schema(summary=_("需本部门答复的征求意见")),
    retrieve=extend_schema(summary=_("单条意见")),
)
class OpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    """A department's opinion on one unit: answered by the department, resolved by the
    consulting authority."""

    serializer_class = OpinionSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX
    filterset_fields = ["kind", "resolved"]

    def get_queryset(self):
        return opinions_for(self.request.user)

    @extend_schema(
        summary=_("有关部门答复（无意见／有意见）"),
        request=OpinionAnswerSerializer,
        responses={200: OpinionSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def answer(self, request, uuid=None):
        data = OpinionAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        op = services.opinion_record(
            actor=request.user, opinion=self.get_object(), **data.validated_data
        )
        return Response(OpinionSerializer(self.get_queryset().get(pk=op.pk)).data)

    @extend_schema(
        summary=_("征求意见的主管部门登记异议的处理结果"),
        request=ResolveSerializer,
        responses={200: OpinionSerializer},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, uuid=None):
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        op = services.opinion_resolve(
            actor=request.user,
            opinion=self.get_object(),
            resolution=data.validated_data["resolution"],
        )
        return Response(OpinionSerializer(self.get_queryset().get(pk=op.pk)).data)


class CampaignRecommendView(APIView):
    """Recommend a unit of the caller's own list into an upper-level campaign (推荐)."""

    @extend_schema(
        summary=_("将本级名单中的单位推荐到上级批次"),
        request=RecommendSerializer,
        responses={201: ApplicationDetailSerializer, **_errors(403, 404, 409)},
    )
    def post(self, request, uuid):
        campaign = get_for_user(campaigns_for(request.user), uuid)
        data = body(RecommendSerializer, request)
        listing = recommendable_listings(request.user).filter(uuid=data["listing"]).first()
        if listing is None:
            raise NotFound("no such listing on your jurisdiction's lists")
        app = services.application_recommend(
            actor=request.user, listing=listing, campaign=campaign, reason=data["reason"]
        )
        app = applications_for(request.user).get(pk=app.pk)
        app.pending_step = application_pending_step(app)
        app.timeline = list(timeline_for(app))
        context = {"request": request, "format": self.format_kwarg, "view": self}
        return Response(
            ApplicationDetailSerializer(app, context=context).data,
            status=status.HTTP_201_CREATED,
        )


class CampaignConsultView(APIView):
    """Consult the departments on listings before recommending them into a campaign."""

    @extend_schema(
        summary=_("就拟列入单位征求有关部门意见"),
        request=ConsultSerializer,
        responses={201: ConsultationSerializer(many=True)},
    )
    def post(self, request, uuid):
        campaign = get_for_user(campaigns_for(request.user), uuid)
        data = ConsultSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listings = list(
            recommendable_listings(request.user).filter(uuid__in=data.validated_data["listings"])
        )
        if len(listings) != len(set(data.validated_data["listings"])):
            raise NotFound("listing not on your jurisdiction's lists")
        cons = services.consultation_open(actor=request.user, campaign=campaign, listings=listings)
        opened = (
            consultations_for(request.user)
            .filter(pk__in=[c.pk for c in cons])
            .prefetch_related("opinions__unit", "opinions__consultation")
        )
        by_pk = {c.pk: c for c in opened}  # in the order the departments were consulted
        return Response(
            ConsultationSerializer([by_pk[c.pk] for c in cons], many=True).data,
            status=status.HTTP_201_CREATED,
        )


class CampaignQuotaView(APIView):
    """Quotas (名额) of a campaign: list; allocate one province's quota."""

    @extend_schema(summary=_("批次的推荐名额"), responses={200: QuotaSerializer(many=True)})
    def get(self, request, uuid):
        campaign = get_for_user(campaigns_for(request.user), uuid)
        return Response(
            QuotaSerializer(
                campaign.quotas.select_related("jurisdiction", "campaign"), many=True
            ).data
        )

    @extend_schema(
        summary=_("分配一个省份的推荐名额"),
        request=QuotaSerializer,
        responses={201: QuotaSerializer},
    )
    def post(self, request, uuid):
        campaign = get_for_user(campaigns_for(request.user), uuid)
        data = QuotaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        province = Jurisdiction.objects.filter(
            code=data.validated_data["jurisdiction"]["code"]
        ).first()
        if province is None:
            raise NotFound("no such jurisdiction")
        quota = services.quota_set(
            actor=request.user,
            campaign=campaign,
            jurisdiction=province,
            list_type=data.validated_data["list_type"],
            quota=data.validated_data["quota"],
            basis=data.validated_data.get("basis", ""),
        )
        return Response(QuotaSerializer(quota).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Register recommendation's resources on the API router (greenmfg/urls_api.py)."""
    router.register("consultations", ConsultationViewSet, basename="api-consultations")
    router.register("opinions", OpinionViewSet, basename="api-opinions")


#: routes that are actions on selection's campaigns (greenmfg/urls_api.py)
api_urlpatterns = [
    # the name and the uuid pattern of the router's action it replaced (access matrix,
    # OpenAPI operation v1_campaigns_recommend_create)
    re_path(
        rf"^campaigns/(?P<uuid>{UUID_REGEX})/recommend/$",
        CampaignRecommendView.as_view(),
        name="api-campaigns-recommend",
    ),
    path(
        "campaigns/<uuid:uuid>/consult/",
        CampaignConsultView.as_view(),
        name="api-campaign-consult",
    ),
    path(
        "campaigns/<uuid:uuid>/quotas/",
        CampaignQuotaView.as_view(),
        name="api-campaign-quotas",
    ),
]
