"""REST API of the agencies app (registered in greenmfg/api/urls.py), over the same
services and scoped selectors as the pages:

- ``GET  /api/v1/agencies/`` (and ``{uuid}/``) — the public registry with quality figures
- ``GET  /api/v1/agency-projects/`` (and ``{uuid}/``) — projects you may see
- ``POST /api/v1/agency-projects/`` — a unit commissions an agency
- ``POST /api/v1/agency-projects/{uuid}/accept|decline|withdraw|submit|confirm/``
- ``POST /api/v1/agency-projects/{uuid}/signed-report/`` — the agency's signed PDF
- ``GET  /api/v1/agency-fraud-findings/`` — the public notice; ``POST`` by officials
- ``GET|POST /api/v1/agency-work-reports/`` — annual work reports; ``…/overdue/`` officials
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from greenmfg.agencies import selectors as sel
from greenmfg.agencies import services
from greenmfg.agencies.models import AgencyFraudFinding, AgencyProject, AgencyWorkReport
from greenmfg.agencies.quality import quality_for
from greenmfg.api.base import (
    FORBIDDEN,
    NOT_FOUND,
    REFUSED,
    UuidViewSet,
    body,
    own_unit,
    register_enum_names,
)
from greenmfg.core import clock
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.parties.permissions import may

# the OpenAPI names of this app's choices (drf-spectacular ENUM_NAME_OVERRIDES)
register_enum_names(
    {
        "AgencyProjectStateEnum": "greenmfg.agencies.models.ProjectState",
        "AgencyStatusEnum": [("active", "active"), ("distrusted", "distrusted")],
    }
)

ERRORS = {403: FORBIDDEN, 404: NOT_FOUND, 409: REFUSED}

# --- serializers ---------------------------------------------------------------------------


class QualitySerializer(serializers.Serializer):
    """Quality figures (computed): counts and shares in percent (null without reports)."""

    reports = serializers.IntegerField()
    returned = serializers.IntegerField()
    failed = serializers.IntegerField()
    found_false = serializers.IntegerField()
    findings = serializers.IntegerField()
    returned_share = serializers.CharField(allow_null=True)
    failed_share = serializers.CharField(allow_null=True)
    false_share = serializers.CharField(allow_null=True)


class AgencySerializer(serializers.Serializer):
    """One registered agency (第三方评价机构), public."""

    uuid = serializers.UUIDField()
    name = serializers.CharField()
    uscc = serializers.CharField(allow_null=True)
    legal_representative = serializers.CharField()
    district_code = serializers.CharField(source="registered_division.code")
    district_name = serializers.CharField(source="registered_division.full_name")
    status = serializers.ChoiceField(choices=["active", "distrusted"])
    distrusted_until = serializers.DateField(allow_null=True)
    quality = QualitySerializer(source="quality_data")


class AgencyDetailSerializer(AgencySerializer):
    qualifications = serializers.CharField(source="profile_data.qualifications")
    staff_total = serializers.IntegerField(source="profile_data.staff_total")
    staff_senior = serializers.IntegerField(source="profile_data.staff_senior")
    contact_name = serializers.CharField(source="profile_data.contact_name")
    contact_phone = serializers.CharField(source="profile_data.contact_phone")
    contact_email = serializers.CharField(source="profile_data.contact_email")


class ProjectSerializer(serializers.ModelSerializer):
    unit = serializers.UUIDField(source="unit.uuid", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    agency = serializers.UUIDField(source="agency.uuid", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    report = serializers.UUIDField(source="report.uuid", read_only=True, allow_null=True)
    signed_report = serializers.SerializerMethodField()

    class Meta:
        model = AgencyProject
        fields = [
            "uuid",
            "unit",
            "unit_name",
            "agency",
            "agency_name",
            "list_type",
            "level",
            "year",
            "state",
            "note",
            "decision_reason",
            "report",
            "proposed_on",
            "accepted_on",
            "submitted_on",
            "confirmed_on",
            "signed_report",
        ]
        read_only_fields = fields

    def get_signed_report(self, obj) -> dict | None:
        if not obj.signed_report:
            return None
        return {
            "name": obj.signed_report_name,
            "sha256": obj.signed_report_sha256,
            "size": obj.signed_report_size,
        }


class ProjectCreateSerializer(serializers.Serializer):
    agency = serializers.UUIDField(help_text="the agency's uuid (GET /api/v1/agencies/)")
    list_type = serializers.ChoiceField(choices=ListType.choices)
    level = serializers.ChoiceField(choices=Level.choices, help_text="level of the list")
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="list year (batch); default: now"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonBodySerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SignedReportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="the signed report, PDF (judged by content)")


class FindingSerializer(serializers.ModelSerializer):
    agency = serializers.UUIDField(source="agency.uuid", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    decided_by = serializers.CharField(source="decided_by.full_name", read_only=True)

    class Meta:
        model = AgencyFraudFinding
        fields = [
            "uuid",
            "agency",
            "agency_name",
            "decided_on",
            "description",
            "article",
            "distrust_years",
            "distrusted_until",
            "decided_by",
        ]
        read_only_fields = fields


class FindingCreateSerializer(serializers.Serializer):
    agency = serializers.UUIDField()
    decided_on = serializers.DateField()
    description = serializers.CharField()
    article = serializers.CharField(required=False, allow_blank=True, default="")
    project = serializers.UUIDField(required=False, allow_null=True, default=None)


class WorkReportSerializer(serializers.ModelSerializer):
    agency = serializers.UUIDField(source="agency.uuid", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = AgencyWorkReport
        fields = [
            "uuid",
            "agency",
            "agency_name",
            "year",
            "projects_done",
            "staff",
            "quality_self_assessment",
            "submitted_on",
            "due_on",
            "due_ref",
            "late",
        ]
        read_only_fields = fields


class WorkReportCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    projects_done = serializers.IntegerField(min_value=0)
    staff = serializers.IntegerField(min_value=0)
    quality_self_assessment = serializers.CharField()


class OverdueSerializer(serializers.Serializer):
    agency = serializers.UUIDField(source="agency.uuid")
    agency_name = serializers.CharField(source="agency.name")
    year = serializers.IntegerField()
    due_on = serializers.DateField()
    ref = serializers.CharField()


# --- views ---------------------------------------------------------------------------------


def _decorate(agencies):
    today = clock.today()
    figures = quality_for(a.id for a in agencies)
    for a in agencies:
        a.quality_data = figures[a.id].as_dict()
        a.status = "distrusted" if a.distrusted_until and today <= a.distrusted_until else "active"
        profile = getattr(a, "agency_profile", None)
        a.profile_data = {
            "qualifications": getattr(profile, "qualifications", ""),
            "staff_total": getattr(profile, "staff_total", 0),
            "staff_senior": getattr(profile, "staff_senior", 0),
            "contact_name": getattr(profile, "contact_name", ""),
            "contact_phone": getattr(profile, "contact_phone", ""),
            "contact_email": getattr(profile, "contact_email", ""),
        }
    return agencies


@extend_schema_view(
    list=extend_schema(summary=_("第三方评价机构公开名录")),
    retrieve=extend_schema(
        summary=_("单个评价机构"), responses={200: AgencyDetailSerializer, 404: NOT_FOUND}
    ),
)
class AgencyViewSet(mixins.ListModelMixin, UuidViewSet):
    """第三方评价机构 (public): legal representative, status, quality figures."""

    permission_classes = [AllowAny]
    filter_backends: list = []
    serializer_class = AgencyDetailSerializer
    list_serializer_class = AgencySerializer

    def base_queryset(self):
        return sel.public_agencies()

    def decorate(self, obj):
        return _decorate([obj])[0]

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.base_queryset())
        return self.get_paginated_response(AgencySerializer(_decorate(page), many=True).data)


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的第三方评价项目")),
    retrieve=extend_schema(summary=_("单个第三方评价项目"), responses={200: ProjectSerializer}),
)
class AgencyProjectViewSet(mixins.ListModelMixin, UuidViewSet):
    """第三方评价项目: commissioned by a unit, taken on by the agency within the cap,
    reported, confirmed by the unit."""

    serializer_class = ProjectSerializer
    filterset_fields = ["state", "list_type", "level", "year"]

    def base_queryset(self):
        return sel.projects_for(self.request.user)

    @extend_schema(
        summary=_("委托评价机构（企业和园区用户）"),
        request=ProjectCreateSerializer,
        responses={201: ProjectSerializer, 403: FORBIDDEN, 409: REFUSED},
    )
    def create(self, request):
        data = body(ProjectCreateSerializer, request)
        agency = sel.public_agencies().filter(uuid=data["agency"]).first()
        if agency is None:
            raise NotFound("no such agency")
        project = services.project_propose(
            actor=request.user,
            unit=own_unit(request),
            agency=agency,
            list_type=data["list_type"],
            level=data["level"],
            year=data.get("year"),
            note=data["note"],
        )
        return self.respond(project, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("承接项目（评价机构；受同一法定代表人承接数量上限约束）"),
        request=None,
        responses={200: ProjectSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, uuid=None):
        return self.respond(services.project_accept(actor=request.user, project=self.get_object()))

    @extend_schema(
        summary=_("谢绝委托（评价机构）"),
        request=ReasonBodySerializer,
        responses={200: ProjectSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, uuid=None):
        reason = body(ReasonBodySerializer, request)["reason"]
        project = services.project_decline(
            actor=request.user, project=self.get_object(), reason=reason
        )
        return self.respond(project)

    @extend_schema(
        summary=_("撤回委托（委托单位）"),
        request=ReasonBodySerializer,
        responses={200: ProjectSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, uuid=None):
        reason = body(ReasonBodySerializer, request)["reason"]
        project = services.project_withdraw(
            actor=request.user, project=self.get_object(), reason=reason
        )
        return self.respond(project)

    @extend_schema(
        summary=_("上传签章评价报告（仅限 PDF，按内容识别；评价机构）"),
        request={"multipart/form-data": SignedReportSerializer},
        responses={200: ProjectSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="signed-report",
        parser_classes=[MultiPartParser, FormParser],
    )
    def signed_report(self, request, uuid=None):
        upload = body(SignedReportSerializer, request)["file"]
        project = services.signed_report_upload(
            actor=request.user, project=self.get_object(), upload=upload
        )
        return self.respond(project)

    @extend_schema(
        summary=_("提交并锁定评价报告（评价机构；须已上传签章 PDF）"),
        request=None,
        responses={200: ProjectSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        return self.respond(services.project_submit(actor=request.user, project=self.get_object()))

    @extend_schema(
        summary=_("确认已提交的评价报告（委托单位）；确认后方可用于申报"),
        request=None,
        responses={200: ProjectSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, uuid=None):
        return self.respond(services.project_confirm(actor=request.user, project=self.get_object()))


@extend_schema_view(
    list=extend_schema(summary=_("评价机构弄虚作假认定通报")),
    retrieve=extend_schema(summary=_("单条认定"), responses={200: FindingSerializer}),
)
class AgencyFraudFindingViewSet(mixins.ListModelMixin, UuidViewSet):
    """弄虚作假认定: public to read; recorded by city, province and national officials."""

    serializer_class = FindingSerializer
    filter_backends: list = []

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        return super().get_permissions()

    def base_queryset(self):
        return sel.public_findings()

    @extend_schema(
        summary=_("登记弄虚作假认定（机构开展过评价工作的辖区主管部门）"),
        request=FindingCreateSerializer,
        responses={201: FindingSerializer, **ERRORS},
    )
    def create(self, request):
        data = body(FindingCreateSerializer, request)
        agency = sel.agencies_for_official(request.user).filter(uuid=data["agency"]).first()
        if agency is None:
            raise NotFound("no such agency within your jurisdiction")
        project = None
        if data["project"]:
            project = (
                sel.projects_for(request.user).filter(uuid=data["project"], agency=agency).first()
            )
            if project is None:
                raise NotFound("no such project of this agency within your jurisdiction")
        finding = services.fraud_finding_record(
            actor=request.user,
            agency=agency,
            decided_on=data["decided_on"],
            description=data["description"],
            article=data["article"],
            project=project,
        )
        return self.respond(finding, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("评价机构年度工作情况（机构本身的；主管部门辖区内的）")),
    retrieve=extend_schema(summary=_("单份年度工作情况"), responses={200: WorkReportSerializer}),
)
class AgencyWorkReportViewSet(mixins.ListModelMixin, UuidViewSet):
    """评价机构年度工作情况 (001 三: 2023 by 08-15)."""

    serializer_class = WorkReportSerializer
    filterset_fields = ["year"]

    def base_queryset(self):
        return sel.work_reports_for(self.request.user)

    @extend_schema(
        summary=_("报送年度工作情况（评价机构）"),
        request=WorkReportCreateSerializer,
        responses={201: WorkReportSerializer, **ERRORS},
    )
    def create(self, request):
        data = body(WorkReportCreateSerializer, request)
        report = services.work_report_submit(actor=request.user, year=data["year"], data=data)
        return self.respond(report, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("逾期未报送年度工作情况的评价机构（主管部门）"),
        parameters=[OpenApiParameter("year", int, description="年度（默认本年）")],
        responses={200: OverdueSerializer(many=True), 403: FORBIDDEN},
    )
    @action(detail=False, methods=["get"])
    def overdue(self, request):
        user = request.user
        if not may(user, "agencies.oversee_work_reports"):
            raise PermissionDenied("officials only")
        today = clock.today()
        try:
            year = int(request.query_params.get("year") or today.year)
        except ValueError:
            year = today.year
        if not 2000 <= year <= 2100:
            raise ValidationError({"year": ["年度应为2000至2100之间的整数"]})
        rows = services.overdue_work_reports(sel.agencies_for_official(user), year, today)
        return Response(OverdueSerializer(rows, many=True).data)


def register(router) -> None:
    """Register the agencies resources on the API router (greenmfg/api/urls.py)."""
    router.register("agencies", AgencyViewSet, basename="api-agencies")
    router.register("agency-projects", AgencyProjectViewSet, basename="api-agency-projects")
    router.register(
        "agency-fraud-findings", AgencyFraudFindingViewSet, basename="api-agency-fraud-findings"
    )
    router.register(
        "agency-work-reports", AgencyWorkReportViewSet, basename="api-agency-work-reports"
    )
