"""REST API of the annual dynamic form and the on-site checks (``/api/v1/dynamic-forms/``,
``/api/v1/on-site-checks/``): the same service functions as the pages, on the shared
base (:mod:`greenmfg.api.base`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from greenmfg.api.base import (
    UuidViewSet,
    body,
    own_unit,
    scoped_unit,
    year_param,
)
from greenmfg.core import clock
from greenmfg.parties.permissions import may
from greenmfg.supervision.dynamic import obligations, services
from greenmfg.supervision.dynamic.selectors import checks_for, filing_officer_of, forms_for
from greenmfg.supervision.dynamic.serializers import (
    CheckCreateSerializer,
    CheckOutcomeSerializer,
    CheckSerializer,
    DynamicFormSerializer,
    FormCreateSerializer,
    FormReviewSerializer,
    FormValuesSerializer,
    ObligationSerializer,
    OfficerSerializer,
)


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的动态管理表")),
    retrieve=extend_schema(summary=_("单份动态管理表")),
    create=extend_schema(summary=_("新建本年度动态管理表（名单单位）")),
    partial_update=extend_schema(summary=_("保存动态管理表的填报内容")),
    submit=extend_schema(summary=_("提交动态管理表")),
    review=extend_schema(summary=_("审核动态管理表（主管部门）")),
    obligations=extend_schema(summary=_("本单位应填报的动态管理表")),
    overdue=extend_schema(summary=_("逾期未填报动态管理表的单位（主管部门）")),
    officer=extend_schema(summary=_("本单位的动态管理填报专员（查看或指定）")),
)
class DynamicFormViewSet(mixins.ListModelMixin, UuidViewSet):
    """动态管理表: units file, the reviewing authority reviews."""

    serializer_class = DynamicFormSerializer
    filterset_fields = ["filing_year", "data_year", "state", "list_type"]

    def base_queryset(self):
        return (
            forms_for(self.request.user)
            .prefetch_related("flags")
            .order_by("unit__name", "list_type")
        )

    @extend_schema(request=FormCreateSerializer, responses={201: DynamicFormSerializer})
    def create(self, request):
        data = body(FormCreateSerializer, request)
        form = services.form_create(actor=request.user, unit=own_unit(request), **data)
        return self.respond(form, status.HTTP_201_CREATED)

    @extend_schema(request=FormValuesSerializer, responses={200: DynamicFormSerializer})
    def partial_update(self, request, uuid=None):
        data = body(FormValuesSerializer, request)
        form = services.form_update(actor=request.user, form=self.get_object(), data=data)
        return self.respond(form)

    @extend_schema(request=None, responses={200: DynamicFormSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        return self.respond(services.form_submit(actor=request.user, form=self.get_object()))

    @extend_schema(request=FormReviewSerializer, responses={200: DynamicFormSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, uuid=None):
        data = body(FormReviewSerializer, request)
        return self.respond(
            services.form_review(actor=request.user, form=self.get_object(), **data)
        )

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="年度（默认本年）")],
        responses={200: ObligationSerializer(many=True)},
    )
    @action(detail=False, methods=["get"])
    def obligations(self, request):
        """The signed-in unit's filing obligations of ``?year=`` (default this year)."""
        year = year_param(request)
        rows = obligations.obligations(year, unit=own_unit(request))
        return Response(ObligationSerializer(rows, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="年度（默认本年）")],
        responses={200: ObligationSerializer(many=True)},
    )
    @action(detail=False, methods=["get"])
    def overdue(self, request):
        """Units within the official's jurisdiction that did not file the form of
        ``?year=`` by their deadline."""
        user = request.user
        if not may(user, "supervision.list_overdue"):
            raise PermissionDenied("officials only")
        year = year_param(request)
        rows = obligations.overdue(year, user.authority.jurisdiction, clock.today())
        return Response(ObligationSerializer(rows, many=True).data)

    @extend_schema(request=OfficerSerializer, responses={200: OfficerSerializer})
    @action(detail=False, methods=["get", "put"])
    def officer(self, request):
        """The unit's filing officer (专员) and training date (004 第十三条)."""
        unit = own_unit(request)
        if request.method == "PUT":
            data = body(OfficerSerializer, request)
            services.filing_officer_set(actor=request.user, unit=unit, **data)
        officer = filing_officer_of(unit)
        if officer is None:
            raise NotFound("no filing officer recorded")
        return Response(OfficerSerializer(officer).data)


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的现场核查")),
    retrieve=extend_schema(summary=_("单次现场核查")),
    create=extend_schema(summary=_("安排现场核查（主管部门）")),
    outcome=extend_schema(summary=_("登记现场核查结果")),
)
class OnSiteCheckViewSet(mixins.ListModelMixin, UuidViewSet):
    serializer_class = CheckSerializer
    filterset_fields = ["filing_year", "state"]

    def base_queryset(self):
        return checks_for(self.request.user).order_by("-requested_on", "-id")

    @extend_schema(request=CheckCreateSerializer, responses={201: CheckSerializer})
    def create(self, request):
        data = body(CheckCreateSerializer, request)
        unit = scoped_unit(request, data.pop("unit"))
        check = services.check_request(actor=request.user, unit=unit, **data)
        return self.respond(check, status.HTTP_201_CREATED)

    @extend_schema(request=CheckOutcomeSerializer, responses={200: CheckSerializer})
    @action(detail=True, methods=["post"])
    def outcome(self, request, uuid=None):
        data = body(CheckOutcomeSerializer, request)
        return self.respond(
            services.check_outcome(actor=request.user, check=self.get_object(), **data)
        )


def register(router) -> None:
    """Register the dynamic-form and on-site-check resources on the API router."""
    router.register("dynamic-forms", DynamicFormViewSet, basename="api-dynamic-forms")
    router.register("on-site-checks", OnSiteCheckViewSet, basename="api-on-site-checks")
