"""REST API of department consultation and quotas (same service functions as the pages)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from greenmfg.api.base import UUID_REGEX
from greenmfg.core.web import get_for_user
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.recommendation import services
from greenmfg.recommendation.models import Consultation, Opinion, Quota
from greenmfg.recommendation.selectors import consultations_for, opinions_for
from greenmfg.selection.selectors import campaigns_for, recommendable_listings


class OpinionSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_uuid = serializers.UUIDField(source="unit.uuid", read_only=True)
    department = serializers.CharField(source="consultation.department", read_only=True)
    consultation = serializers.UUIDField(source="consultation.uuid", read_only=True)
    due_on = serializers.DateField(source="consultation.due_on", read_only=True)

    class Meta:
        model = Opinion
        fields = [
            "uuid",
            "consultation",
            "department",
            "unit",
            "unit_uuid",
            "kind",
            "reason",
            "answered_by",
            "answered_on",
            "due_on",
            "resolved",
            "resolution",
        ]
        read_only_fields = fields


class ConsultationSerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="authority.name", read_only=True)
    campaign = serializers.UUIDField(source="campaign.uuid", read_only=True)
    opinions = OpinionSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "uuid",
            "campaign",
            "authority",
            "department",
            "sent_on",
            "due_on",
            "citation",
            "state",
            "opinions",
        ]
        read_only_fields = fields


class ConsultSerializer(serializers.Serializer):
    listings = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, help_text="本辖区名单条目 uuid"
    )


class OpinionAnswerSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["no_objection", "objection"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField()


class QuotaSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.CharField(source="jurisdiction.code")
    campaign = serializers.UUIDField(source="campaign.uuid", read_only=True)

    class Meta:
        model = Quota
        fields = ["uuid", "campaign", "jurisdiction", "list_type", "quota", "basis"]
        read_only_fields = ["uuid", "campaign"]


@extend_schema_view(
    list=extend_schema(summary="Consultations (征求意见) the caller opened or must answer"),
    retrieve=extend_schema(summary="One consultation with the opinion on each unit"),
)
class ConsultationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet):
    serializer_class = ConsultationSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return consultations_for(self.request.user).prefetch_related(
            "opinions__unit", "opinions__consultation"
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
        summary="The department answers (无意见 / 有意见)",
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
        summary="The consulting authority records how an objection was resolved",
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


class CampaignConsultView(APIView):
    """Consult the departments on listings before recommending them into a campaign."""

    @extend_schema(
        summary="Consult the departments (征求意见) on listings",
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

    @extend_schema(summary="The quotas of a campaign", responses={200: QuotaSerializer(many=True)})
    def get(self, request, uuid):
        campaign = get_for_user(campaigns_for(request.user), uuid)
        return Response(
            QuotaSerializer(
                campaign.quotas.select_related("jurisdiction", "campaign"), many=True
            ).data
        )

    @extend_schema(
        summary="Allocate a province's quota (001 三)",
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
