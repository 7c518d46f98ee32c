"""REST API of dynamic management and oversight (``/api/v1/``): the same service
functions as the pages; every read starts from a scoped selector (404 outside the
scope); a refused action answers 409 with its reasons and articles.

Public (no sign-in): ``announcements``, ``removals``, ``spot-checks`` (read) and
``complaints`` (create). The complainant's identity is returned only to the officials
of the handling authority; everyone else gets it masked (``张*``, ``138****8000``).
"""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from greenmfg.api.base import register_enum_names
from greenmfg.core import clock
from greenmfg.core.vocabulary import ListType
from greenmfg.eligibility.models import FraudFinding
from greenmfg.parties.models import Organisation, User
from greenmfg.parties.scoping import scope_by_unit
from greenmfg.supervision import (
    changes,
    complaints,
    dynamic,
    incidents,
    obligations,
    removals,
    spot_checks,
)
from greenmfg.supervision import selectors as sel
from greenmfg.supervision.models import (
    INDICATOR_FIELDS,
    Announcement,
    AnomalyFlag,
    ChangeKind,
    ChangeReport,
    Complaint,
    DynamicForm,
    Incident,
    IncidentKind,
    OnSiteCheck,
    Removal,
    RemovalProposal,
    SpotCheckDraw,
    SpotCheckItem,
    SpotResult,
    UpwardReport,
)

# the OpenAPI names of this app's choices (drf-spectacular ENUM_NAME_OVERRIDES)
register_enum_names(
    {
        "ComplaintStateEnum": "greenmfg.supervision.models.ComplaintState",
    }
)

UUID_REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def _body(serializer_class, request):
    ser = serializer_class(data=request.data, context={"request": request})
    ser.is_valid(raise_exception=True)
    return ser.validated_data


def _year_param(request) -> int:
    """``?year=`` (default: this year): a year from 2000 to 2100, else 400."""
    raw = request.query_params.get("year")
    if raw in (None, ""):
        return clock.today().year
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": ["年度应为2000至2100之间的整数"]})
    return year


def _own_unit(request):
    unit = request.user.organisation
    if unit is None:
        raise PermissionDenied("当前账号未关联企业或园区 (no organisation)")
    return unit


def _scoped_unit(request, uuid):
    qs = scope_by_unit(Organisation.objects.select_related("registered_division"), request.user, "")
    unit = qs.filter(uuid=uuid).first()
    if unit is None:
        raise NotFound("no such unit within your scope")
    return unit


class Base(GenericViewSet):
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_object(self):
        # a list-level action (``dynamic-forms/officer/``) has no object: DRF's OPTIONS
        # answer asks for one when the action allows PUT
        if self.lookup_field not in self.kwargs:
            raise NotFound("该地址不指向具体对象 (no object at this address)")
        return super().get_object()

    def fresh(self, obj):
        return self.get_queryset().get(pk=obj.pk)

    def respond(self, obj, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.fresh(obj)).data, status=code)


# --- serializers -------------------------------------------------------------------------------


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnomalyFlag
        fields = ["kind", "field", "message", "value", "reference", "created_on"]


class DynamicFormSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_uuid = serializers.UUIDField(source="unit.uuid", read_only=True)
    reviewer = serializers.CharField(source="reviewer.code", read_only=True)
    late = serializers.BooleanField(read_only=True)
    flags = serializers.SerializerMethodField()

    class Meta:
        model = DynamicForm
        fields = [
            "uuid",
            "unit",
            "unit_uuid",
            "list_type",
            "data_year",
            "filing_year",
            "deadline",
            "deadline_ref",
            "reviewer",
            "reviewer_ref",
            "state",
            *INDICATOR_FIELDS,
            "changes_declared",
            "incidents_declared",
            "note",
            "officer_name",
            "first_submitted_on",
            "submitted_on",
            "late",
            "reviewed_on",
            "review_note",
            "flags",
        ]
        read_only_fields = fields

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, obj):
        user = self.context["request"].user
        if not (user.is_official or user.is_superuser):
            return []
        return FlagSerializer(obj.flags.all(), many=True).data


class FormCreateSerializer(serializers.Serializer):
    list_type = serializers.ChoiceField(choices=ListType.choices)
    data_year = serializers.IntegerField(min_value=2000, max_value=2100)


class FormValuesSerializer(serializers.Serializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in INDICATOR_FIELDS:
            self.fields[name] = serializers.CharField(
                required=False, allow_blank=True, allow_null=True
            )
        for name in dynamic.TEXT_FIELDS:
            self.fields[name] = serializers.CharField(required=False, allow_blank=True)


class FormReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=dynamic.REVIEW_DECISIONS)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    scheduled_for = serializers.DateField(required=False, allow_null=True, default=None)


class OfficerSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    phone = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    trained_on = serializers.DateField(required=False, allow_null=True, default=None)
    training = serializers.CharField(required=False, allow_blank=True, default="")


class ObligationSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.name")
    unit_uuid = serializers.UUIDField(source="unit.uuid")
    uscc = serializers.CharField(source="unit.uscc", allow_null=True)
    list_type = serializers.CharField()
    levels = serializers.ListField(child=serializers.CharField())
    filing_year = serializers.IntegerField()
    data_year = serializers.IntegerField()
    deadline = serializers.DateField()
    deadline_ref = serializers.CharField()
    reviewer = serializers.CharField(source="reviewer.code", allow_null=True)
    filed_on = serializers.DateField(allow_null=True)
    form = serializers.UUIDField(source="form.uuid", allow_null=True, default=None)


class CheckSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_uuid = serializers.UUIDField(source="unit.uuid", read_only=True)
    authority = serializers.CharField(source="authority.code", read_only=True)

    class Meta:
        model = OnSiteCheck
        fields = [
            "uuid",
            "unit",
            "unit_uuid",
            "list_type",
            "filing_year",
            "authority",
            "requested_on",
            "scheduled_for",
            "reason",
            "state",
            "outcome_on",
            "outcome_note",
        ]
        read_only_fields = fields


class CheckCreateSerializer(serializers.Serializer):
    unit = serializers.UUIDField()
    list_type = serializers.ChoiceField(choices=ListType.choices)
    filing_year = serializers.IntegerField(min_value=2000, max_value=2100)
    reason = serializers.CharField()
    scheduled_for = serializers.DateField(required=False, allow_null=True, default=None)


class CheckOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["completed", "refused"])
    note = serializers.CharField()


class ChangeSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_uuid = serializers.UUIDField(source="unit.uuid", read_only=True)
    reviewer = serializers.CharField(source="reviewer.code", read_only=True)
    late = serializers.BooleanField(read_only=True)

    class Meta:
        model = ChangeReport
        fields = [
            "uuid",
            "unit",
            "unit_uuid",
            "kind",
            "old_value",
            "new_value",
            "description",
            "formalities_completed_on",
            "reported_on",
            "due_on",
            "due_ref",
            "late",
            "reviewer",
            "reviewer_ref",
            "state",
            "reviewed_on",
            "opinion",
        ]
        read_only_fields = fields


class ChangeCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChangeKind.values)
    new_value = serializers.CharField(max_length=300)
    old_value = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    formalities_completed_on = serializers.DateField()


class ChangeReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "remove"])
    opinion = serializers.CharField()


class IncidentSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_uuid = serializers.UUIDField(source="unit.uuid", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.code", read_only=True)
    reported_to = serializers.CharField(source="reported_to.code", read_only=True, default=None)
    report_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = [
            "uuid",
            "unit",
            "unit_uuid",
            "kind",
            "occurred_on",
            "found_on",
            "description",
            "source_document",
            "recorded_by",
            "report_due_on",
            "report_due_ref",
            "state",
            "reported_on",
            "reported_to",
            "report_overdue",
        ]
        read_only_fields = fields

    def get_report_overdue(self, obj) -> bool:
        return obj.report_overdue_on(clock.today())


class IncidentCreateSerializer(serializers.Serializer):
    unit = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=IncidentKind.values)
    occurred_on = serializers.DateField()
    found_on = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField()
    source_document = serializers.CharField(required=False, allow_blank=True, default="")
    complaint = serializers.UUIDField(required=False, allow_null=True, default=None)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RemovalSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    uscc = serializers.CharField(source="unit.uscc", read_only=True)
    authority = serializers.CharField(source="authority.code", read_only=True)
    announcement = serializers.UUIDField(source="announcement.uuid", read_only=True, default=None)

    class Meta:
        model = Removal
        fields = [
            "uuid",
            "unit",
            "uscc",
            "kind",
            "cause",
            "citation",
            "reason",
            "levels",
            "removed_on",
            "authority",
            "announcement",
        ]
        read_only_fields = fields


class ProposalSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_uuid = serializers.UUIDField(source="unit.uuid", read_only=True)
    authority = serializers.CharField(source="authority.code", read_only=True)

    class Meta:
        model = RemovalProposal
        fields = [
            "uuid",
            "unit",
            "unit_uuid",
            "authority",
            "cause",
            "citation",
            "reason",
            "year",
            "proposed_on",
            "state",
            "decided_on",
            "decision_note",
        ]
        read_only_fields = fields


class ProposalCreateSerializer(serializers.Serializer):
    unit = serializers.UUIDField()
    cause = serializers.CharField()
    reason = serializers.CharField()


class ProposalDecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["confirm", "dismiss"])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NonFilerSerializer(serializers.Serializer):
    filing_year = serializers.IntegerField(min_value=2000, max_value=2100)


class FraudSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_uuid = serializers.UUIDField(source="unit.uuid", read_only=True)

    class Meta:
        model = FraudFinding
        fields = ["uuid", "unit", "unit_uuid", "decided_on", "article", "description"]
        read_only_fields = fields


class FraudCreateSerializer(serializers.Serializer):
    unit = serializers.UUIDField()
    decided_on = serializers.DateField()
    article = serializers.CharField()
    description = serializers.CharField()


class UpwardSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    listing = serializers.UUIDField(source="listing.uuid", read_only=True)
    from_jurisdiction = serializers.CharField(source="from_jurisdiction.code", read_only=True)
    to_jurisdiction = serializers.CharField(source="to_jurisdiction.code", read_only=True)

    class Meta:
        model = UpwardReport
        fields = [
            "uuid",
            "kind",
            "unit",
            "listing",
            "from_jurisdiction",
            "to_jurisdiction",
            "to_level",
            "opinion",
            "citation",
            "queued_on",
            "submitted_on",
            "state",
        ]
        read_only_fields = fields


class ItemSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    uscc = serializers.CharField(source="unit.uscc", read_only=True)
    inspectors = serializers.SerializerMethodField()

    class Meta:
        model = SpotCheckItem
        fields = [
            "uuid",
            "position",
            "unit",
            "uscc",
            "weight",
            "inspectors",
            "result",
            "finding",
            "checked_on",
        ]
        read_only_fields = fields

    def get_inspectors(self, obj) -> list[str] | int:
        """Names for the officials of the drawing authority, the count for others."""
        user = self.context["request"].user
        people = list(obj.inspectors.all())
        if (
            user.is_authenticated
            and user.is_official  # not a department or an auditor of the same authority
            and user.authority_id
            and (user.authority.jurisdiction_id == obj.draw.authority_id)
        ):
            return [u.real_name or u.username for u in people]
        return len(people)


class DrawSerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="authority.code", read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = SpotCheckDraw
        fields = [
            "uuid",
            "authority",
            "year",
            "seed",
            "count",
            "inspectors_per_unit",
            "anomaly_weight",
            "method",
            "citation",
            "drawn_on",
            "population",
            "inspector_population",
            "items",
        ]
        read_only_fields = fields

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, obj):
        return ItemSerializer(sel.draw_items(obj), many=True, context=self.context).data


class DrawListSerializer(DrawSerializer):
    class Meta(DrawSerializer.Meta):
        fields = ["uuid", "authority", "year", "seed", "count", "drawn_on", "citation"]
        read_only_fields = fields


class DrawCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    count = serializers.IntegerField(min_value=1)
    seed = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    inspectors_per_unit = serializers.IntegerField(required=False, default=2, min_value=0)
    anomaly_weight = serializers.FloatField(required=False, default=0.0, min_value=0)


class ResultSerializer(serializers.Serializer):
    item = serializers.UUIDField()
    result = serializers.ChoiceField(choices=[v for v in SpotResult.values if v != "pending"])
    finding = serializers.CharField()


class ComplaintSerializer(serializers.ModelSerializer):
    target = serializers.CharField(source="target.name", read_only=True)
    target_uuid = serializers.UUIDField(source="target.uuid", read_only=True)
    handler = serializers.CharField(source="handler.code", read_only=True)
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "uuid",
            "target",
            "target_uuid",
            *complaints.IDENTITY_FIELDS,
            "statement",
            "has_evidence",
            "submitted_on",
            "handler",
            "handler_ref",
            "due_on",
            "due_ref",
            "state",
            "outcome_reason",
            "rectification_due",
            "handled_on",
        ]
        read_only_fields = fields

    def get_has_evidence(self, obj) -> bool:
        return bool(obj.evidence)

    def to_representation(self, obj):
        data = super().to_representation(obj)
        data.update(complaints.masked(obj, self.context["request"].user))
        return data


class ComplaintCreateSerializer(serializers.Serializer):
    target = serializers.UUIDField(required=False, allow_null=True, default=None)
    target_uscc = serializers.CharField(required=False, allow_blank=True, default="")
    handler_level = serializers.ChoiceField(
        choices=["district", "city", "province", "national"],
        required=False,
        allow_null=True,
        default=None,
    )
    complainant_name = serializers.CharField()
    complainant_id_number = serializers.CharField()
    complainant_phone = serializers.CharField()
    complainant_email = serializers.EmailField(required=False, allow_blank=True, default="")
    statement = serializers.CharField()
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class ComplaintReceiptSerializer(serializers.ModelSerializer):
    handler = serializers.CharField(source="handler.full_name")

    class Meta:
        model = Complaint
        fields = ["uuid", "submitted_on", "handler", "handler_ref", "due_on", "due_ref", "state"]


class ComplaintHandleSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=["dismissed", "rectification", "removal", "agency_sanction"]
    )
    reason = serializers.CharField()
    rectification_due = serializers.DateField(required=False, allow_null=True, default=None)
    removal_cause = serializers.CharField(required=False, allow_blank=True, default="")
    agency_fraud = serializers.BooleanField(
        required=False,
        default=False,
        help_text="agency_sanction: record the agency fraud finding (不予采信, 000 第二十四条)",
    )


class AnnouncedChangeSerializer(serializers.Serializer):
    unit = serializers.CharField()
    kind = serializers.CharField()
    old_value = serializers.CharField()
    new_value = serializers.CharField()
    opinion = serializers.CharField()


class AnnouncementSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.CharField(source="jurisdiction.code", read_only=True)
    removals = RemovalSerializer(many=True, read_only=True)
    changes = serializers.SerializerMethodField()

    class Meta:
        model = Announcement
        fields = [
            "uuid",
            "jurisdiction",
            "level",
            "year",
            "kind",
            "title",
            "published_on",
            "removals",
            "changes",
        ]
        read_only_fields = fields

    @extend_schema_field(AnnouncedChangeSerializer(many=True))
    def get_changes(self, obj):
        return [
            {
                "unit": c.unit.name,
                "kind": c.kind,
                "old_value": c.old_value,
                "new_value": c.new_value,
                "opinion": c.opinion,
            }
            for c in obj.changes.all()
        ]


# --- viewsets ----------------------------------------------------------------------------------


class DynamicFormViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    """动态管理表: units file, the reviewing authority reviews."""

    serializer_class = DynamicFormSerializer
    filterset_fields = ["filing_year", "data_year", "state", "list_type"]

    def get_queryset(self):
        return (
            sel.forms_for(self.request.user)
            .prefetch_related("flags")
            .order_by("unit__name", "list_type")
        )

    @extend_schema(request=FormCreateSerializer, responses={201: DynamicFormSerializer})
    def create(self, request):
        data = _body(FormCreateSerializer, request)
        form = dynamic.form_create(actor=request.user, unit=_own_unit(request), **data)
        return self.respond(form, status.HTTP_201_CREATED)

    @extend_schema(request=FormValuesSerializer, responses={200: DynamicFormSerializer})
    def partial_update(self, request, uuid=None):
        data = _body(FormValuesSerializer, request)
        form = dynamic.form_update(actor=request.user, form=self.get_object(), data=data)
        return self.respond(form)

    @extend_schema(request=None, responses={200: DynamicFormSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, uuid=None):
        return self.respond(dynamic.form_submit(actor=request.user, form=self.get_object()))

    @extend_schema(request=FormReviewSerializer, responses={200: DynamicFormSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, uuid=None):
        data = _body(FormReviewSerializer, request)
        return self.respond(dynamic.form_review(actor=request.user, form=self.get_object(), **data))

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="年度（默认本年）")],
        responses={200: ObligationSerializer(many=True)},
    )
    @action(detail=False, methods=["get"])
    def obligations(self, request):
        """The signed-in unit's filing obligations of ``?year=`` (default this year)."""
        year = _year_param(request)
        rows = obligations.obligations(year, unit=_own_unit(request))
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
        if not (user.is_official and user.authority_id):
            raise PermissionDenied("officials only")
        year = _year_param(request)
        rows = obligations.overdue(year, user.authority.jurisdiction, clock.today())
        return Response(ObligationSerializer(rows, many=True).data)

    @extend_schema(request=OfficerSerializer, responses={200: OfficerSerializer})
    @action(detail=False, methods=["get", "put"])
    def officer(self, request):
        """The unit's filing officer (专员) and training date (004 第十三条)."""
        from greenmfg.supervision.models import FilingOfficer

        unit = _own_unit(request)
        if request.method == "PUT":
            data = _body(OfficerSerializer, request)
            dynamic.filing_officer_set(actor=request.user, unit=unit, **data)
        officer = FilingOfficer.objects.filter(unit=unit).first()
        if officer is None:
            raise NotFound("no filing officer recorded")
        return Response(OfficerSerializer(officer).data)


class OnSiteCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    serializer_class = CheckSerializer
    filterset_fields = ["filing_year", "state"]

    def get_queryset(self):
        return sel.checks_for(self.request.user).order_by("-requested_on", "-id")

    @extend_schema(request=CheckCreateSerializer, responses={201: CheckSerializer})
    def create(self, request):
        data = _body(CheckCreateSerializer, request)
        unit = _scoped_unit(request, data.pop("unit"))
        check = dynamic.check_request(actor=request.user, unit=unit, **data)
        return self.respond(check, status.HTTP_201_CREATED)

    @extend_schema(request=CheckOutcomeSerializer, responses={200: CheckSerializer})
    @action(detail=True, methods=["post"])
    def outcome(self, request, uuid=None):
        data = _body(CheckOutcomeSerializer, request)
        return self.respond(
            dynamic.check_outcome(actor=request.user, check=self.get_object(), **data)
        )


class ChangeReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    serializer_class = ChangeSerializer
    filterset_fields = ["state", "kind"]

    def get_queryset(self):
        return sel.changes_for(self.request.user).order_by("-reported_on", "-id")

    @extend_schema(request=ChangeCreateSerializer, responses={201: ChangeSerializer})
    def create(self, request):
        data = _body(ChangeCreateSerializer, request)
        change = changes.change_report(actor=request.user, unit=_own_unit(request), **data)
        return self.respond(change, status.HTTP_201_CREATED)

    @extend_schema(request=ChangeReviewSerializer, responses={200: ChangeSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, uuid=None):
        data = _body(ChangeReviewSerializer, request)
        return self.respond(
            changes.change_review(actor=request.user, change=self.get_object(), **data)
        )


class UpwardReportViewSet(mixins.ListModelMixin, Base):
    """Matters touching upper lists, queued for the annual recommendation."""

    serializer_class = UpwardSerializer
    filterset_fields = ["state", "kind"]

    def get_queryset(self):
        return sel.upward_for(self.request.user).order_by("-queued_on", "-id")

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer("UpwardSubmitted", {"submitted": serializers.IntegerField()})
        },
    )
    @action(detail=False, methods=["post"])
    def submit(self, request):
        return Response({"submitted": removals.upward_reports_submit(actor=request.user)})


class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    serializer_class = IncidentSerializer
    filterset_fields = ["state", "kind"]

    def get_queryset(self):
        return sel.incidents_for(self.request.user).order_by("-occurred_on", "-id")

    @extend_schema(request=IncidentCreateSerializer, responses={201: IncidentSerializer})
    def create(self, request):
        data = _body(IncidentCreateSerializer, request)
        unit = _scoped_unit(request, data.pop("unit"))
        complaint_uuid = data.pop("complaint")
        complaint = None
        if complaint_uuid:
            complaint = sel.complaints_for(request.user).filter(uuid=complaint_uuid).first()
            if complaint is None:
                raise NotFound("no such complaint within your scope")
        inc = incidents.incident_record(actor=request.user, unit=unit, complaint=complaint, **data)
        return self.respond(inc, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request, uuid=None):
        return self.respond(
            incidents.incident_report(actor=request.user, incident=self.get_object())
        )

    @extend_schema(request=ReasonSerializer, responses={201: RemovalSerializer})
    @action(detail=True, methods=["post"])
    def remove(self, request, uuid=None):
        data = _body(ReasonSerializer, request)
        removal = incidents.immediate_removal(
            actor=request.user, incident=self.get_object(), reason=data["reason"]
        )
        return Response(RemovalSerializer(removal).data, status=status.HTTP_201_CREATED)


class RemovalProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    serializer_class = ProposalSerializer
    filterset_fields = ["state", "cause", "year"]

    def get_queryset(self):
        return sel.proposals_for(self.request.user).order_by("-proposed_on", "-id")

    @extend_schema(request=ProposalCreateSerializer, responses={201: ProposalSerializer})
    def create(self, request):
        data = _body(ProposalCreateSerializer, request)
        unit = _scoped_unit(request, data.pop("unit"))
        proposal = removals.removal_propose(actor=request.user, unit=unit, **data)
        return self.respond(proposal, status.HTTP_201_CREATED)

    @extend_schema(request=ProposalDecideSerializer, responses={200: ProposalSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, uuid=None):
        data = _body(ProposalDecideSerializer, request)
        return self.respond(
            removals.proposal_decide(actor=request.user, proposal=self.get_object(), **data)
        )

    @extend_schema(request=NonFilerSerializer, responses={200: ProposalSerializer(many=True)})
    @action(detail=False, methods=["post"], url_path="non-filers")
    def non_filers(self, request):
        """Propose the removal of the units that did not file the form of ``filing_year``
        (000 第二十一条(二); in Luoyang only with a refused on-site check, 003 第十八条(二))."""
        data = _body(NonFilerSerializer, request)
        run = removals.propose_non_filers(actor=request.user, filing_year=data["filing_year"])
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
        rows = removals.propose_disqualified(actor=request.user)
        qs = self.get_queryset().filter(pk__in=[p.pk for p in rows])
        return Response(ProposalSerializer(qs, many=True).data)

    @extend_schema(request=None, responses={201: AnnouncementSerializer})
    @action(detail=False, methods=["post"])
    def publish(self, request):
        """Publish the annual adjustment: execute the confirmed proposals, announce them
        with the accepted changes."""
        ann = removals.annual_adjustment_publish(actor=request.user)
        return Response(
            AnnouncementSerializer(ann, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class FraudFindingViewSet(mixins.ListModelMixin, Base):
    serializer_class = FraudSerializer

    def get_queryset(self):
        return sel.fraud_findings_for(self.request.user).order_by("-decided_on", "-id")

    @extend_schema(request=FraudCreateSerializer, responses={201: FraudSerializer})
    def create(self, request):
        data = _body(FraudCreateSerializer, request)
        unit = _scoped_unit(request, data.pop("unit"))
        finding = removals.fraud_record(actor=request.user, unit=unit, **data)
        return self.respond(finding, status.HTTP_201_CREATED)


class InspectorAddSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)


class SpotCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    """双随机、一公开: every draw is public (inspectors' names only to the authority)."""

    serializer_class = DrawSerializer
    filterset_fields = ["year"]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_serializer_class(self):
        return DrawListSerializer if self.action == "list" else DrawSerializer

    def get_queryset(self):
        return sel.public_draws().order_by("-drawn_on", "-id")

    @extend_schema(request=DrawCreateSerializer, responses={201: DrawSerializer})
    def create(self, request):
        data = _body(DrawCreateSerializer, request)
        user = request.user
        if not (user.is_official and user.authority_id):
            raise PermissionDenied("officials only")
        draw = spot_checks.spot_check_draw(
            actor=user, authority=user.authority.jurisdiction, **data
        )
        return self.respond(draw, status.HTTP_201_CREATED)

    @extend_schema(request=ResultSerializer, responses={200: DrawSerializer})
    @action(detail=True, methods=["post"])
    def result(self, request, uuid=None):
        data = _body(ResultSerializer, request)
        draw = self.get_object()
        item = draw.items.filter(uuid=data["item"]).first()
        if item is None:
            raise NotFound("no such item in this draw")
        spot_checks.spot_check_result(
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
        data = _body(InspectorAddSerializer, request)
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            raise NotFound("没有该用户 (no such user)")
        spot_checks.inspector_add(actor=request.user, user=user)
        return Response({"added": user.username})


class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    """实名举报: anyone files one; the officials within whose jurisdiction it is handled
    see it; only the handling authority's officials see who complained."""

    serializer_class = ComplaintSerializer
    filterset_fields = ["state"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_queryset(self):
        return sel.complaints_for(self.request.user).order_by("-submitted_on", "-id")

    @extend_schema(request=ComplaintCreateSerializer, responses={201: ComplaintReceiptSerializer})
    def create(self, request):
        data = _body(ComplaintCreateSerializer, request)
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
        c = complaints.complaint_submit(
            actor=request.user, target=target, data=data, evidence=evidence, handler_level=level
        )
        return Response(ComplaintReceiptSerializer(c).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ComplaintHandleSerializer, responses={200: ComplaintSerializer})
    @action(detail=True, methods=["post"])
    def handle(self, request, uuid=None):
        data = _body(ComplaintHandleSerializer, request)
        return self.respond(
            complaints.complaint_handle(actor=request.user, complaint=self.get_object(), **data)
        )


class AnnouncementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, Base):
    """Public announcements of removals and annual adjustments (``?jurisdiction=&year=``)."""

    serializer_class = AnnouncementSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["year", "kind", "level"]

    def get_queryset(self):
        qs = sel.public_announcements().prefetch_related(
            "removals__unit", "removals__authority", "changes__unit"
        )
        code = self.request.query_params.get("jurisdiction")
        if code:
            qs = qs.filter(jurisdiction__code=code)
        return qs


class RemovalViewSet(mixins.ListModelMixin, Base):
    """Public: every removal with its cause, article, levels and date."""

    serializer_class = RemovalSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["kind", "cause"]

    def get_queryset(self):
        return sel.public_removals()


def register(router) -> None:
    """Register the supervision resources on the API router (greenmfg/api/urls.py)."""
    router.register("dynamic-forms", DynamicFormViewSet, basename="api-dynamic-forms")
    router.register("on-site-checks", OnSiteCheckViewSet, basename="api-on-site-checks")
    router.register("change-reports", ChangeReportViewSet, basename="api-change-reports")
    router.register("upward-reports", UpwardReportViewSet, basename="api-upward-reports")
    router.register("incidents", IncidentViewSet, basename="api-incidents")
    router.register("removal-proposals", RemovalProposalViewSet, basename="api-removal-proposals")
    router.register("fraud-findings", FraudFindingViewSet, basename="api-fraud-findings")
    router.register("spot-checks", SpotCheckViewSet, basename="api-spot-checks")
    router.register("complaints", ComplaintViewSet, basename="api-complaints")
    router.register("announcements", AnnouncementViewSet, basename="api-announcements")
    router.register("removals", RemovalViewSet, basename="api-removals")
