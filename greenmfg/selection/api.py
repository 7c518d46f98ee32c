"""REST API of selection: public notices and objections, evaluation reports,
applications, campaigns. Every write calls one service function with the signed-in
user as the actor; every read starts from a scoped selector (404 outside the scope)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from greenmfg.accounts.clientip import client_ip
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
from greenmfg.audit.selectors import timeline_for
from greenmfg.register.selectors import published_lists
from greenmfg.register.serializers import GreenListSerializer
from greenmfg.selection import publication
from greenmfg.selection import reports as report_services
from greenmfg.selection import services as selection_services
from greenmfg.selection.filters import ApplicationFilterSet, ObjectionFilterSet
from greenmfg.selection.models import Application
from greenmfg.selection.selectors import (
    applications_for,
    campaigns_for,
    objections_for,
    public_notices,
    reports_for,
)
from greenmfg.selection.serializers import (
    ApplicationCreateSerializer,
    ApplicationDetailSerializer,
    ApplicationReportSerializer,
    ApplicationReviewSerializer,
    ApplicationSerializer,
    CampaignDetailSerializer,
    CampaignOpenSerializer,
    CampaignSerializer,
    EvidenceSerializer,
    EvidenceUploadSerializer,
    GapSerializer,
    NoticeDetailSerializer,
    NoticeOpenSerializer,
    NoticeSerializer,
    ObjectionDetailSerializer,
    ObjectionHandleSerializer,
    ObjectionReceiptSerializer,
    ObjectionSerializer,
    ObjectionSubmitSerializer,
    ReportCreateSerializer,
    ReportDetailSerializer,
    ReportItemsSerializer,
    ReportSerializer,
)
from greenmfg.standards.systems import system

# the OpenAPI names of this app's choices (drf-spectacular ENUM_NAME_OVERRIDES)
register_enum_names(
    {
        "ReportStateEnum": "greenmfg.selection.models.ReportState",
        "ApplicationStateEnum": "greenmfg.selection.models.ApplicationState",
        "CampaignStateEnum": "greenmfg.selection.models.CampaignState",
        "NoticeStateEnum": "greenmfg.selection.models.NoticeState",
        "ObjectionStateEnum": "greenmfg.selection.models.ObjectionState",
    }
)


@extend_schema_view(
    list=extend_schema(summary=_("公示")),
    retrieve=extend_schema(
        summary=_("单个公示及其单位"),
        responses={200: NoticeDetailSerializer, 404: NOT_FOUND},
    ),
)
class NoticeViewSet(mixins.ListModelMixin, UuidViewSet):
    """Public notices: anyone may read them and file a real-name objection."""

    permission_classes = [AllowAny]
    filter_backends: list = []
    serializer_class = NoticeDetailSerializer
    list_serializer_class = NoticeSerializer

    @staticmethod
    def notice_units():
        """The units of a notice, by name (never anything about objectors)."""
        return Application.objects.select_related("unit", "unit__registered_division").order_by(
            "unit__name", "id"
        )

    def base_queryset(self):
        """Every public notice (public)."""
        return public_notices()

    def detail_queryset(self):
        """A notice with its units (one prefetch)."""
        return public_notices().prefetch_related(
            Prefetch("applications", queryset=self.notice_units())
        )

    @extend_schema(
        summary=_("对公示中的一个单位提出实名异议"),
        request={
            "multipart/form-data": ObjectionSubmitSerializer,
            "application/json": ObjectionSubmitSerializer,
        },
        responses={
            201: ObjectionReceiptSerializer,
            400: OpenApiResponse(description="malformed request"),
            404: NOT_FOUND,
            409: REFUSED,
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="objections",
        permission_classes=[AllowAny],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def objections(self, request, uuid=None):
        notice = self.get_object()
        data = body(
            ObjectionSubmitSerializer,
            request,
            applications=notice.applications.select_related("unit"),
        )
        application = data.pop("application")
        evidence = data.pop("evidence", None)
        obj = publication.objection_submit(
            actor=request.user,
            notice=notice,
            application=application,
            data=data,
            evidence=evidence,
            client=client_ip(request),
        )
        return Response(ObjectionReceiptSerializer(obj).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的自评价报告")),
    retrieve=extend_schema(
        summary=_("单份自评价报告及其条目、佐证材料和指标"),
        responses={200: ReportDetailSerializer, 404: NOT_FOUND},
    ),
)
class ReportViewSet(mixins.ListModelMixin, UuidViewSet):
    """Evaluation reports (评价报告) and their evidence."""

    serializer_class = ReportDetailSerializer
    list_serializer_class = ReportSerializer
    filterset_fields = ["state", "list_type", "year"]

    def base_queryset(self):
        """The reports the caller may see (scoped; 404 outside)."""
        return reports_for(self.request.user).select_related("previous")

    def detail_queryset(self):
        """A report with its items and evidence (two prefetches)."""
        return self.base_queryset().prefetch_related("items", "evidence")

    def decorate(self, obj):
        """The indicators of the report's system, for the detail serializer."""
        obj.indicators = system(obj.standard_code).indicators
        return obj

    @extend_schema(
        summary=_("为本单位新建自评价报告"),
        request=ReportCreateSerializer,
        responses={201: ReportDetailSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = body(ReportCreateSerializer, request)
        report = report_services.report_create(
            actor=request.user,
            unit=own_unit(request),
            list_type=data["list_type"],
            route=data["route"],
        )
        return self.respond(report, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("保存草稿报告的指标数值（及说明）"),
        request=ReportItemsSerializer,
        responses={200: ReportDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["patch"])
    def items(self, request, uuid=None):
        report = self.get_object()
        data = body(ReportItemsSerializer, request)
        report = report_services.report_save_items(
            actor=request.user,
            report=report,
            values=data["values"],
            notes=data["notes"],
            energy_efficiency_level=data.get("energy_efficiency_level"),
        )
        return self.respond(report)

    @extend_schema(
        summary=_("差距分析：从已保存的数值达到下一档的最省步骤"),
        parameters=[
            OpenApiParameter(
                "target", float, description="目标总分（默认：本辖区下一个分数线或等级，否则满分）"
            )
        ],
        responses={200: GapSerializer, **_errors(404)},
    )
    @action(detail=True, methods=["get"])
    def gap(self, request, uuid=None):
        report = self.get_object()
        target = request.query_params.get("target")
        if target not in (None, ""):
            try:
                target = Decimal(target)
            except (InvalidOperation, ValueError):
                raise ValidationError({"target": "not a number"}) from None
        preview = report_services.report_preview(report, target=target or None)
        return Response(report_services.gap_payload(report, preview))

    @extend_schema(
        summary=_("为一个指标上传一份佐证材料"),
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: EvidenceSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, uuid=None):
        report = self.get_object()
        data = body(EvidenceUploadSerializer, request)
        ev = report_services.evidence_upload(
            actor=request.user,
            report=report,
            indicator_code=data["indicator_code"],
            upload=data["file"],
        )
        return Response(EvidenceSerializer(ev).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("提交并锁定报告"),
        request=None,
        responses={200: ReportDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        return self.respond(
            report_services.report_submit(actor=request.user, report=self.get_object())
        )

    @extend_schema(
        summary=_("为已提交的报告新建版本"),
        request=None,
        responses={201: ReportDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, uuid=None):
        new = report_services.report_revise(actor=request.user, report=self.get_object())
        return self.respond(new, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的申报")),
    retrieve=extend_schema(
        summary=_("单个申报及其待办环节和办理记录"),
        responses={200: ApplicationDetailSerializer, 404: NOT_FOUND},
    ),
)
class ApplicationViewSet(mixins.ListModelMixin, UuidViewSet):
    """Applications (申报) and their reviews (004 第十条)."""

    serializer_class = ApplicationDetailSerializer
    list_serializer_class = ApplicationSerializer
    # the page's filters (greenmfg/selection/filters.py): state, list_type, level, year,
    # region, submitted_from/_to, mine, q, sort
    filterset_class = ApplicationFilterSet

    def base_queryset(self):
        """The applications the caller may see (scoped; 404 outside)."""
        return applications_for(self.request.user).select_related("notice")

    def decorate(self, obj):
        """The pending step and the timeline, for the detail serializer."""
        obj.pending_step = selection_services.application_pending_step(obj)
        obj.timeline = list(timeline_for(obj))
        return obj

    def reports(self):
        """The reports the caller may choose from (those it may see)."""
        return reports_for(self.request.user)

    @extend_schema(
        summary=_("在开放的批次中新建申报（草稿）"),
        request=ApplicationCreateSerializer,
        responses={201: ApplicationDetailSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = body(ApplicationCreateSerializer, request, reports=self.reports())
        app = selection_services.application_create(
            actor=request.user,
            unit=own_unit(request),
            list_type=data["list_type"],
            report=data["report"],
            product_name=data["product_name"],
            product_model=data["product_model"],
        )
        return self.respond(app, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("关联已提交的自评价报告"),
        request=ApplicationReportSerializer,
        responses={200: ApplicationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def report(self, request, uuid=None):
        app = self.get_object()
        data = body(ApplicationReportSerializer, request, reports=self.reports())
        return self.respond(
            selection_services.application_set_report(
                actor=request.user, application=app, report=data["report"]
            )
        )

    @extend_schema(
        summary=_("提交申报"),
        request=None,
        responses={200: ApplicationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        return self.respond(
            selection_services.application_submit(actor=request.user, application=self.get_object())
        )

    @extend_schema(
        summary=_("办理待审核环节（区级推荐、市级审核并评分）"),
        request=ApplicationReviewSerializer,
        responses={200: ApplicationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, uuid=None):
        app = self.get_object()
        data = body(ApplicationReviewSerializer, request)
        app = selection_services.application_review(
            actor=request.user,
            application=app,
            decision=data["decision"],
            reason=data["reason"],
            score=data["score"],
            grade=data["grade"],
            paper_copy_received=data["paper_copy_received"],
        )
        return self.respond(app)


@extend_schema_view(
    list=extend_schema(summary=_("您可关注的年度批次")),
    retrieve=extend_schema(
        summary=_("单个年度批次及各状态数量"),
        responses={200: CampaignDetailSerializer, 404: NOT_FOUND},
    ),
)
class CampaignViewSet(mixins.ListModelMixin, UuidViewSet):
    """Selection rounds (年度批次), their public notice and publication."""

    serializer_class = CampaignDetailSerializer
    list_serializer_class = CampaignSerializer
    filterset_fields = ["state", "level", "year"]

    def base_queryset(self):
        """The rounds the caller may follow (scoped; 404 outside)."""
        return campaigns_for(self.request.user)

    def detail_queryset(self):
        """A round with its notice and published list."""
        return self.base_queryset().select_related("notice", "green_list")

    def decorate(self, obj):
        """Counts of the applications by state (those the caller may see), one query."""
        rows = (
            applications_for(self.request.user)
            .filter(campaign=obj)
            .order_by()
            .values("state")
            .annotate(n=Count("id"))
        )
        obj.counts_by_state = {row["state"]: row["n"] for row in rows}
        return obj

    @extend_schema(
        summary=_("开启本年度（或 ``year`` 年度）的批次"),
        request=CampaignOpenSerializer,
        responses={201: CampaignDetailSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = body(CampaignOpenSerializer, request)
        campaign = selection_services.campaign_open(actor=request.user, year=data["year"])
        return self.respond(campaign, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("发布审核通过的申报的公示"),
        request=NoticeOpenSerializer,
        responses={201: NoticeDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def notice(self, request, uuid=None):
        campaign = self.get_object()
        data = body(NoticeOpenSerializer, request)
        notice = publication.notice_open(
            actor=request.user,
            campaign=campaign,
            start=data["start"],
            length=data["length"],
            unit=data["unit"],
        )
        notice = (
            public_notices()
            .prefetch_related(Prefetch("applications", queryset=NoticeViewSet.notice_units()))
            .get(pk=notice.pk)
        )
        return Response(NoticeDetailSerializer(notice).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("公示期满后公布名单"),
        request=None,
        responses={201: GreenListSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, uuid=None):
        green_list = publication.list_publish(actor=request.user, campaign=self.get_object())
        green_list = published_lists().get(pk=green_list.pk)
        return Response(GreenListSerializer(green_list).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("待处理的异议（含异议人身份）")),
    retrieve=extend_schema(
        summary=_("单件异议及其办理记录"),
        responses={200: ObjectionDetailSerializer, 404: NOT_FOUND},
    ),
)
class ObjectionViewSet(mixins.ListModelMixin, UuidViewSet):
    """Objections, visible only to the officials who handle them."""

    serializer_class = ObjectionDetailSerializer
    list_serializer_class = ObjectionSerializer
    filterset_class = ObjectionFilterSet

    def base_queryset(self):
        """The objections the caller handles (scoped; 404 outside)."""
        return objections_for(self.request.user)

    def decorate(self, obj):
        """The timeline, for the detail serializer."""
        obj.timeline = list(timeline_for(obj))
        return obj

    @extend_schema(
        summary=_("办结异议：成立或不成立，并说明理由"),
        request=ObjectionHandleSerializer,
        responses={200: ObjectionDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def handle(self, request, uuid=None):
        obj = self.get_object()
        data = body(ObjectionHandleSerializer, request)
        obj = publication.objection_handle(
            actor=request.user, objection=obj, outcome=data["outcome"], reason=data["reason"]
        )
        return self.respond(obj)


def register(router) -> None:
    """Register selection's resources on the API router (greenmfg/urls_api.py)."""
    router.register("notices", NoticeViewSet, basename="api-notices")
    router.register("reports", ReportViewSet, basename="api-reports")
    router.register("applications", ApplicationViewSet, basename="api-applications")
    router.register("campaigns", CampaignViewSet, basename="api-campaigns")
    router.register("objections", ObjectionViewSet, basename="api-objections")
