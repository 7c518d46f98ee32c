"""REST API of removals (``/api/v1/removal-proposals/``, ``fraud-findings``,
``upward-reports``; public: ``announcements``, ``removals``), on the shared base."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from greenmfg.api.base import UuidActionsViewSet, UuidViewSet, body, scoped_unit
from greenmfg.supervision.removals import selectors as sel
from greenmfg.supervision.removals import services
from greenmfg.supervision.removals.serializers import (
    AnnouncementSerializer,
    FraudCreateSerializer,
    FraudSerializer,
    NonFilerSerializer,
    ProposalCreateSerializer,
    ProposalDecideSerializer,
    ProposalSerializer,
    RemovalSerializer,
    UpwardSerializer,
)


@extend_schema_view(
    list=extend_schema(summary=_("向上级报送的移出和变更情况")),
    submit=extend_schema(summary=_("向上级报送移出和变更情况")),
)
class UpwardReportViewSet(mixins.ListModelMixin, UuidActionsViewSet):
    """Matters touching upper lists, queued for the annual recommendation."""

    serializer_class = UpwardSerializer
    filterset_fields = ["state", "kind"]

    def base_queryset(self):
        return sel.upward_for(self.request.user).order_by("-queued_on", "-id")

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer("UpwardSubmitted", {"submitted": serializers.IntegerField()})
        },
    )
    @action(detail=False, methods=["post"])
    def submit(self, request):
        return Response({"submitted": services.upward_reports_submit(actor=request.user)})


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的移出建议")),
    retrieve=extend_schema(summary=_("单条移出建议")),
    create=extend_schema(summary=_("提出移出名单的建议（主管部门）")),
    decide=extend_schema(summary=_("决定移出或不予移出，并说明理由")),
    non_filers=extend_schema(summary=_("对逾期未填报动态管理表的单位提出移出建议")),
    disqualified=extend_schema(summary=_("对存在否决情形的名单单位提出移出建议")),
    publish=extend_schema(summary=_("公告已决定的移出（年度调整）")),
)
class RemovalProposalViewSet(mixins.ListModelMixin, UuidViewSet):
    serializer_class = ProposalSerializer
    filterset_fields = ["state", "cause", "year"]

    def base_queryset(self):
        return sel.proposals_for(self.request.user).order_by("-proposed_on", "-id")

    @extend_schema(request=ProposalCreateSerializer, responses={201: ProposalSerializer})
    def create(self, request):
        data = body(ProposalCreateSerializer, request)
        unit = scoped_unit(request, data.pop("unit"))
        proposal = services.removal_propose(actor=request.user, unit=unit, **data)
        return self.respond(proposal, status.HTTP_201_CREATED)

    @extend_schema(request=ProposalDecideSerializer, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, uuid=None):
        data = body(ProposalDecideSerializer, request)
        return self.respond(
            services.proposal_decide(actor=request.user, proposal=self.get_object(), **data)
        )

    @extend_schema(
        request=NonFilerSerializer,
        responses={
            200: inline_serializer(
                "NonFilerRun",
                {
                    "proposed": ProposalSerializer(many=True),
                    "waiting_for_refused_check": serializers.ListField(
                        child=serializers.UUIDField(),
                        help_text="units that did not file but need a refused on-site "
                        "check first (003 第十八条(二))",
                    ),
                },
            )
        },
    )
    @action(detail=False, methods=["post"], url_path="non-filers")
    def non_filers(self, request):
        """Propose the removal of the units that did not file the form of ``filing_year``
        (000 第二十一条(二); in Luoyang only with a refused on-site check, 003 第十八条(二))."""
        data = body(NonFilerSerializer, request)
        run = services.propose_non_filers(actor=request.user, filing_year=data["filing_year"])
        rows = self.get_queryset().filter(pk__in=[p.pk for p in run.proposed])
        return Response(
            {
                "proposed": ProposalSerializer(rows, many=True).data,
                "waiting_for_refused_check": [str(ob.unit.uuid) for ob in run.needs_refused_check],
            }
        )

    @extend_schema(request=None, responses={200: ProposalSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def disqualified(self, request):
        """Propose the removal of the listed units within the official's jurisdiction
        that meet a disqualifying condition (e.g. 004 第十六条(一))."""
        rows = services.propose_disqualified(actor=request.user)
        qs = self.get_queryset().filter(pk__in=[p.pk for p in rows])
        return Response(ProposalSerializer(qs, many=True).data)

    @extend_schema(request=None, responses={201: AnnouncementSerializer})
    @action(detail=False, methods=["post"])
    def publish(self, request):
        """Publish the annual adjustment: execute the confirmed proposals, announce them
        with the accepted changes."""
        ann = services.annual_adjustment_publish(actor=request.user)
        return Response(
            AnnouncementSerializer(ann, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(summary=_("弄虚作假认定（取消申报资格）")),
    create=extend_schema(summary=_("登记弄虚作假认定（主管部门）")),
)
class FraudFindingViewSet(mixins.ListModelMixin, UuidActionsViewSet):
    serializer_class = FraudSerializer

    def base_queryset(self):
        return sel.fraud_findings_for(self.request.user).order_by("-decided_on", "-id")

    @extend_schema(request=FraudCreateSerializer, responses={201: FraudSerializer})
    def create(self, request):
        data = body(FraudCreateSerializer, request)
        unit = scoped_unit(request, data.pop("unit"))
        finding = services.fraud_record(actor=request.user, unit=unit, **data)
        return self.respond(finding, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("移出和年度调整公告")),
    retrieve=extend_schema(summary=_("单份公告")),
)
class AnnouncementViewSet(mixins.ListModelMixin, UuidViewSet):
    """Public announcements of removals and annual adjustments (``?jurisdiction=&year=``)."""

    serializer_class = AnnouncementSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["year", "kind", "level"]

    def base_queryset(self):
        qs = sel.public_announcements().prefetch_related(
            "removals__unit", "removals__authority", "changes__unit"
        )
        code = self.request.query_params.get("jurisdiction")
        if code:
            qs = qs.filter(jurisdiction__code=code)
        return qs


@extend_schema_view(
    list=extend_schema(summary=_("已移出名单的单位")),
)
class RemovalViewSet(mixins.ListModelMixin, UuidActionsViewSet):
    """Public: every removal with its cause, article, levels and date."""

    serializer_class = RemovalSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["kind", "cause"]

    def base_queryset(self):
        return sel.public_removals()


def register(router) -> None:
    """Register the removal resources on the API router."""
    router.register("upward-reports", UpwardReportViewSet, basename="api-upward-reports")
    router.register("removal-proposals", RemovalProposalViewSet, basename="api-removal-proposals")
    router.register("fraud-findings", FraudFindingViewSet, basename="api-fraud-findings")
    router.register("announcements", AnnouncementViewSet, basename="api-announcements")
    router.register("removals", RemovalViewSet, basename="api-removals")
