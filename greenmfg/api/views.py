"""Views of the REST API (``/api/v1/``).

Every write calls one service function with the signed-in user as the actor; every
read starts from a scoped selector, so an object outside the user's scope is a 404.
A refused action answers through :mod:`greenmfg.api.exceptions` (409 with reasons
and articles, 403, 400). No business rule is decided here.
"""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Prefetch
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from greenmfg.api import serializers as s
from greenmfg.audit.selectors import timeline_for
from greenmfg.cultivation import services as pool_services
from greenmfg.register.selectors import (
    RegisterPaginator,
    published_lists,
    search_listings,
    walk_for,
)
from greenmfg.selection import publication
from greenmfg.selection import reports as report_services
from greenmfg.selection import services as selection_services
from greenmfg.selection.models import Application
from greenmfg.selection.selectors import (
    applications_for,
    campaigns_for,
    inbox_for,
    objections_for,
    public_notices,
    recommendable_listings,
    registrations_for,
    reports_for,
)
from greenmfg.standards.systems import system

UUID_REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

REFUSED = OpenApiResponse(
    s.RefusalSerializer, description="refused by the rules: reasons with the articles applied"
)
FORBIDDEN = OpenApiResponse(
    s.DetailSerializer, description="the role or jurisdiction does not allow this action"
)
NOT_FOUND = OpenApiResponse(s.DetailSerializer, description="no such object within your scope")


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    table = {403: FORBIDDEN, 404: NOT_FOUND, 409: REFUSED}
    return {c: table[c] for c in codes}


class UuidActionsViewSet(GenericViewSet):
    """Actions on objects addressed by ``uuid`` (``/prefix/{uuid}/action/``) without a
    detail route of their own: for a viewset that adds actions under another
    viewset's prefix, whose detail route would never be reached (the first registered
    ``/prefix/{uuid}/`` answers it)."""

    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        return self.base_queryset()

    def base_queryset(self):  # pragma: no cover - each view defines it
        raise NotImplementedError


class UuidViewSet(GenericViewSet):
    """Objects addressed by ``uuid``; ``list`` and the other actions may use
    different serializers (``list_serializer_class`` / ``serializer_class``)."""

    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX
    list_serializer_class: type | None = None

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class is not None:
            return self.list_serializer_class
        return self.serializer_class

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

    def retrieve(self, request, *args, **kwargs):
        obj = self.decorate(self.get_object())
        return Response(self.get_serializer(obj).data)

    def get_queryset(self):
        if self.action == "retrieve":
            return self.detail_queryset()
        return self.base_queryset()

    def base_queryset(self):  # pragma: no cover - each view defines it
        raise NotImplementedError


def own_unit(request):
    """The signed-in user's organisation (enterprise and park users)."""
    unit = request.user.organisation
    if unit is None:
        raise PermissionDenied("当前账号未关联企业或园区，不能办理本单位事项 (no organisation)")
    return unit


def body(serializer_class, request, **context):
    ser = serializer_class(data=request.data, context={"request": request, **context})
    ser.is_valid(raise_exception=True)
    return ser.validated_data


# --- public: register, notices, objections -------------------------------------------


class RegisterPagination(PageNumberPagination):
    """Pages of the public register: ``count`` is capped at 1,000 and
    ``count_is_capped`` says when there are more (greenmfg.register.selectors.RegisterPaginator)."""

    django_paginator_class = RegisterPaginator

    def paginate_register(self, queryset, request, view, *, walk: bool):
        """``paginate_queryset`` with the plan chosen by the view from its validated
        filters (greenmfg.register.selectors.walk_for)."""
        self.django_paginator_class = functools.partial(RegisterPaginator, walk=walk)
        return self.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_capped"] = {
            "type": "boolean",
            "description": "true when more than `count` (1,000) listings match",
        }
        schema["required"] = [*schema.get("required", []), "count_is_capped"]
        return schema


@extend_schema_view(
    list=extend_schema(
        summary="Search the public register (绿色制造名单查询)",
        parameters=[s.ListingFilterSerializer],
        responses={
            200: s.ListingSerializer(many=True),
            400: OpenApiResponse(description="a filter is invalid; the message names it"),
        },
    ),
    retrieve=extend_schema(
        summary="One listing", responses={200: s.ListingSerializer, 404: NOT_FOUND}
    ),
)
class ListingViewSet(mixins.ListModelMixin, UuidViewSet):
    """Published listings, public (no sign-in). ``count`` stops at 1,000
    (``count_is_capped``): narrow the search, or download a list's XLSX."""

    permission_classes = [AllowAny]
    pagination_class = RegisterPagination
    filter_backends: list = []
    serializer_class = s.ListingSerializer

    def base_queryset(self):
        return search_listings()

    def list(self, request, *args, **kwargs):
        filters = s.ListingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        params = {k: v for k, v in filters.validated_data.items() if v}
        qs = search_listings(**params)
        page = self.paginator.paginate_register(
            qs, request, self, walk=bool(params.get("q")) and walk_for(**params)
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Published green lists"),
    retrieve=extend_schema(
        summary="One published green list",
        responses={200: s.GreenListDetailSerializer, 404: NOT_FOUND},
    ),
)
class GreenListViewSet(mixins.ListModelMixin, UuidViewSet):
    permission_classes = [AllowAny]
    filter_backends: list = []
    serializer_class = s.GreenListDetailSerializer
    list_serializer_class = s.GreenListSerializer

    def base_queryset(self):
        return published_lists()

    def detail_queryset(self):
        return published_lists().annotate(listings_count=Count("listings"))


@extend_schema_view(
    list=extend_schema(summary="Public notices (公示)"),
    retrieve=extend_schema(
        summary="One public notice with its units",
        responses={200: s.NoticeDetailSerializer, 404: NOT_FOUND},
    ),
)
class NoticeViewSet(mixins.ListModelMixin, UuidViewSet):
    """Public notices: anyone may read them and file a real-name objection."""

    permission_classes = [AllowAny]
    filter_backends: list = []
    serializer_class = s.NoticeDetailSerializer
    list_serializer_class = s.NoticeSerializer

    @staticmethod
    def notice_units():
        return Application.objects.select_related("unit", "unit__registered_division").order_by(
            "unit__name", "id"
        )

    def base_queryset(self):
        return public_notices()

    def detail_queryset(self):
        return public_notices().prefetch_related(
            Prefetch("applications", queryset=self.notice_units())
        )

    @extend_schema(
        summary="File a real-name objection (异议) to one unit of the notice",
        request={
            "multipart/form-data": s.ObjectionSubmitSerializer,
            "application/json": s.ObjectionSubmitSerializer,
        },
        responses={
            201: s.ObjectionReceiptSerializer,
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
            s.ObjectionSubmitSerializer,
            request,
            applications=notice.applications.select_related("unit"),
        )
        application = data.pop("application")
        evidence = data.pop("evidence", None)
        obj = publication.objection_submit(
            actor=request.user, notice=notice, application=application, data=data, evidence=evidence
        )
        return Response(s.ObjectionReceiptSerializer(obj).data, status=status.HTTP_201_CREATED)


# --- cultivation pool -------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Registrations you may see"),
    retrieve=extend_schema(
        summary="One registration with its pending step and timeline",
        responses={200: s.RegistrationDetailSerializer, 404: NOT_FOUND},
    ),
)
class RegistrationViewSet(mixins.ListModelMixin, UuidViewSet):
    """Registrations for the cultivation pool (培育入库登记)."""

    serializer_class = s.RegistrationDetailSerializer
    list_serializer_class = s.RegistrationSerializer
    filterset_fields = ["state", "list_type", "year"]

    def base_queryset(self):
        return registrations_for(self.request.user)

    def decorate(self, obj):
        obj.pending_step = pool_services.pending_step(obj)
        obj.timeline = list(timeline_for(obj))
        return obj

    @extend_schema(
        summary="Start a registration (draft) for your unit",
        request=s.RegistrationCreateSerializer,
        responses={201: s.RegistrationDetailSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = body(s.RegistrationCreateSerializer, request)
        list_type = data.pop("list_type")
        reg = pool_services.registration_create(
            actor=request.user, unit=own_unit(request), list_type=list_type, data=data
        )
        return self.respond(reg, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a draft or returned registration",
        request=s.RegistrationFormSerializer,
        responses={200: s.RegistrationDetailSerializer, **_errors(403, 404, 409)},
    )
    def partial_update(self, request, uuid=None):
        reg = self.get_object()
        ser = s.RegistrationFormSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        reg = pool_services.registration_update(
            actor=request.user, registration=reg, data=dict(ser.validated_data)
        )
        return self.respond(reg)

    @extend_schema(
        summary="Submit the registration (004 第九条)",
        request=None,
        responses={200: s.RegistrationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        reg = pool_services.registration_submit(actor=request.user, registration=self.get_object())
        return self.respond(reg)

    @extend_schema(
        summary="Record the pending review step: approve, return or reject",
        request=s.ReviewSerializer,
        responses={200: s.RegistrationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, uuid=None):
        reg = self.get_object()
        data = body(s.ReviewSerializer, request)
        reg = pool_services.registration_review(
            actor=request.user, registration=reg, decision=data["decision"], reason=data["reason"]
        )
        return self.respond(reg)


# --- evaluation reports ---------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Evaluation reports you may see"),
    retrieve=extend_schema(
        summary="One report with its items, evidence and indicators",
        responses={200: s.ReportDetailSerializer, 404: NOT_FOUND},
    ),
)
class ReportViewSet(mixins.ListModelMixin, UuidViewSet):
    """Evaluation reports (评价报告) and their evidence."""

    serializer_class = s.ReportDetailSerializer
    list_serializer_class = s.ReportSerializer
    filterset_fields = ["state", "list_type", "year"]

    def base_queryset(self):
        return reports_for(self.request.user).select_related("previous")

    def detail_queryset(self):
        return self.base_queryset().prefetch_related("items", "evidence")

    def decorate(self, obj):
        obj.indicators = system(obj.standard_code).indicators
        return obj

    @extend_schema(
        summary="Start a report for your unit",
        request=s.ReportCreateSerializer,
        responses={201: s.ReportDetailSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = body(s.ReportCreateSerializer, request)
        report = report_services.report_create(
            actor=request.user,
            unit=own_unit(request),
            list_type=data["list_type"],
            route=data["route"],
        )
        return self.respond(report, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Save indicator values (and notes) of a draft report",
        request=s.ReportItemsSerializer,
        responses={200: s.ReportDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["patch"])
    def items(self, request, uuid=None):
        report = self.get_object()
        data = body(s.ReportItemsSerializer, request)
        report = report_services.report_save_items(
            actor=request.user,
            report=report,
            values=data["values"],
            notes=data["notes"],
            energy_efficiency_level=data.get("energy_efficiency_level"),
        )
        return self.respond(report)

    @extend_schema(
        summary="Gap analysis: the cheapest steps from the saved values to the next mark",
        parameters=[
            OpenApiParameter(
                "target", float, description="目标总分（默认：本辖区下一个分数线或等级，否则满分）"
            )
        ],
        responses={200: s.GapSerializer, **_errors(404)},
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
        summary="Upload one evidence file for one indicator",
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.EvidenceSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, uuid=None):
        report = self.get_object()
        data = body(s.EvidenceUploadSerializer, request)
        ev = report_services.evidence_upload(
            actor=request.user,
            report=report,
            indicator_code=data["indicator_code"],
            upload=data["file"],
        )
        return Response(s.EvidenceSerializer(ev).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Submit and lock the report",
        request=None,
        responses={200: s.ReportDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        return self.respond(
            report_services.report_submit(actor=request.user, report=self.get_object())
        )

    @extend_schema(
        summary="Start a new version of a submitted report",
        request=None,
        responses={201: s.ReportDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, uuid=None):
        new = report_services.report_revise(actor=request.user, report=self.get_object())
        return self.respond(new, status.HTTP_201_CREATED)


# --- applications ----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Applications you may see"),
    retrieve=extend_schema(
        summary="One application with its pending step and timeline",
        responses={200: s.ApplicationDetailSerializer, 404: NOT_FOUND},
    ),
)
class ApplicationViewSet(mixins.ListModelMixin, UuidViewSet):
    """Applications (申报) and their reviews (004 第十条)."""

    serializer_class = s.ApplicationDetailSerializer
    list_serializer_class = s.ApplicationSerializer
    filterset_fields = ["state", "list_type", "level", "year"]

    def base_queryset(self):
        return applications_for(self.request.user).select_related("notice")

    def decorate(self, obj):
        obj.pending_step = selection_services.application_pending_step(obj)
        obj.timeline = list(timeline_for(obj))
        return obj

    def reports(self):
        return reports_for(self.request.user)

    @extend_schema(
        summary="Start an application (draft) in the open campaign",
        request=s.ApplicationCreateSerializer,
        responses={201: s.ApplicationDetailSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = body(s.ApplicationCreateSerializer, request, reports=self.reports())
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
        summary="Attach a submitted report",
        request=s.ApplicationReportSerializer,
        responses={200: s.ApplicationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def report(self, request, uuid=None):
        app = self.get_object()
        data = body(s.ApplicationReportSerializer, request, reports=self.reports())
        return self.respond(
            selection_services.application_set_report(
                actor=request.user, application=app, report=data["report"]
            )
        )

    @extend_schema(
        summary="Submit the application (004 第十条)",
        request=None,
        responses={200: s.ApplicationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        return self.respond(
            selection_services.application_submit(actor=request.user, application=self.get_object())
        )

    @extend_schema(
        summary="Record the pending review step (district recommendation, city review with score)",
        request=s.ApplicationReviewSerializer,
        responses={200: s.ApplicationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, uuid=None):
        app = self.get_object()
        data = body(s.ApplicationReviewSerializer, request)
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


# --- campaigns, notices, publication -----------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Selection rounds you may follow"),
    retrieve=extend_schema(
        summary="One selection round with counts by state",
        responses={200: s.CampaignDetailSerializer, 404: NOT_FOUND},
    ),
)
class CampaignViewSet(mixins.ListModelMixin, UuidViewSet):
    """Selection rounds (年度批次), their public notice and publication."""

    serializer_class = s.CampaignDetailSerializer
    list_serializer_class = s.CampaignSerializer
    filterset_fields = ["state", "level", "year"]

    def base_queryset(self):
        return campaigns_for(self.request.user)

    def detail_queryset(self):
        return self.base_queryset().select_related("notice", "green_list")

    def decorate(self, obj):
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
        summary="Open this year's (or ``year``'s) selection round",
        request=s.CampaignOpenSerializer,
        responses={201: s.CampaignDetailSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = body(s.CampaignOpenSerializer, request)
        campaign = selection_services.campaign_open(actor=request.user, year=data["year"])
        return self.respond(campaign, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Publish the public notice of the approved applications",
        request=s.NoticeOpenSerializer,
        responses={201: s.NoticeDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def notice(self, request, uuid=None):
        campaign = self.get_object()
        data = body(s.NoticeOpenSerializer, request)
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
        return Response(s.NoticeDetailSerializer(notice).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Publish the list after the notice ended (公布)",
        request=None,
        responses={201: s.GreenListSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, uuid=None):
        green_list = publication.list_publish(actor=request.user, campaign=self.get_object())
        green_list = published_lists().get(pk=green_list.pk)
        return Response(s.GreenListSerializer(green_list).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Recommend a unit of the caller's list to this upper-level campaign (推荐)",
        request=s.RecommendSerializer,
        responses={201: s.ApplicationDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def recommend(self, request, uuid=None):
        campaign = self.get_object()
        data = body(s.RecommendSerializer, request)
        listing = recommendable_listings(request.user).filter(uuid=data["listing"]).first()
        if listing is None:
            raise NotFound("no such listing on your jurisdiction's lists")
        app = selection_services.application_recommend(
            actor=request.user, listing=listing, campaign=campaign, reason=data["reason"]
        )
        app = applications_for(request.user).get(pk=app.pk)
        app.pending_step = selection_services.application_pending_step(app)
        app.timeline = list(timeline_for(app))
        return Response(
            s.ApplicationDetailSerializer(app, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


# --- objections -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Objections to handle (with the objector's identity)"),
    retrieve=extend_schema(
        summary="One objection with its timeline",
        responses={200: s.ObjectionDetailSerializer, 404: NOT_FOUND},
    ),
)
class ObjectionViewSet(mixins.ListModelMixin, UuidViewSet):
    """Objections, visible only to the officials who handle them."""

    serializer_class = s.ObjectionDetailSerializer
    list_serializer_class = s.ObjectionSerializer
    filterset_fields = ["state"]

    def base_queryset(self):
        return objections_for(self.request.user)

    def decorate(self, obj):
        obj.timeline = list(timeline_for(obj))
        return obj

    @extend_schema(
        summary="Close the objection: upheld or dismissed, with reasons",
        request=s.ObjectionHandleSerializer,
        responses={200: s.ObjectionDetailSerializer, **_errors(403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def handle(self, request, uuid=None):
        obj = self.get_object()
        data = body(s.ObjectionHandleSerializer, request)
        obj = publication.objection_handle(
            actor=request.user, objection=obj, outcome=data["outcome"], reason=data["reason"]
        )
        return self.respond(obj)


# --- inbox --------------------------------------------------------------------------------

INBOX_ROUTES = {
    "registration": "api-registrations-detail",
    "application": "api-applications-detail",
    "objection": "api-objections-detail",
    "dynamic_form": "api-dynamic-forms-detail",
    "change_report": "api-change-reports-detail",
    "complaint": "api-complaints-detail",
    "incident": "api-incidents-detail",
    "on_site_check": "api-on-site-checks-detail",
    "removal_proposal": "api-removal-proposals-detail",
}


class InboxView(APIView):
    """待办: what waits for the signed-in user, oldest first."""

    @extend_schema(summary="Your inbox (待办)", responses={200: s.InboxItemSerializer(many=True)})
    def get(self, request):
        rows = [
            {
                "kind": item.kind,
                "label": item.label,
                "uuid": item.uuid,
                "state": item.state,
                "since": item.since,
                "url": reverse(INBOX_ROUTES[item.kind], kwargs={"uuid": item.uuid})
                if item.kind in INBOX_ROUTES
                else "",
            }
            for item in inbox_for(request.user)
        ]
        return Response(s.InboxItemSerializer(rows, many=True).data)
