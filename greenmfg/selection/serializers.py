"""Serializers of selection's API (notices, objections, reports, applications,
campaigns). No serializer saves anything or applies a business rule."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from greenmfg.api.serializers import (
    JurisdictionSummarySerializer,
    ReviewSerializer,
    TimelineEventSerializer,
    UnitSummarySerializer,
)
from greenmfg.core.limits import STATEMENT_MAX_CHARS
from greenmfg.core.vocabulary import EvaluationRoute, ListType
from greenmfg.register.serializers import GreenListSummarySerializer
from greenmfg.selection.models import (
    Application,
    Campaign,
    EvaluationReport,
    Evidence,
    Objection,
    ObjectionState,
    PublicNotice,
)
from greenmfg.selection.publication import objector_identity


class NoticeSerializer(serializers.ModelSerializer):
    """A public notice (公示)."""

    campaign_title = serializers.CharField(source="campaign.title", read_only=True)
    jurisdiction = JurisdictionSummarySerializer(source="campaign.jurisdiction", read_only=True)
    level = serializers.CharField(source="campaign.level", read_only=True)
    year = serializers.IntegerField(source="campaign.year", read_only=True)

    class Meta:
        model = PublicNotice
        fields = [
            "uuid",
            "title",
            "campaign_title",
            "jurisdiction",
            "level",
            "year",
            "first_day",
            "last_day",
            "length",
            "unit",
            "citation",
            "state",
        ]
        read_only_fields = fields


class NoticeUnitSerializer(serializers.ModelSerializer):
    """One unit proposed in a public notice (never anything about objectors)."""

    application = serializers.UUIDField(source="uuid", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    district_name = serializers.CharField(
        source="unit.registered_division.full_name", read_only=True
    )

    class Meta:
        model = Application
        fields = ["application", "unit_name", "list_type", "district_name", "star", "state"]
        read_only_fields = fields


class NoticeDetailSerializer(NoticeSerializer):
    units = NoticeUnitSerializer(source="applications", many=True, read_only=True)

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "units"]
        read_only_fields = fields


class ObjectionSubmitSerializer(serializers.Serializer):
    """A real-name objection to one unit of a notice. ``application`` is looked up
    among the notice's own units (passed in the context as ``applications``)."""

    application = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Application.objects.none()
    )
    objector_name = serializers.CharField(
        max_length=100, allow_blank=True, required=False, default=""
    )
    objector_id_number = serializers.CharField(
        max_length=18, allow_blank=True, required=False, default=""
    )
    objector_phone = serializers.CharField(
        max_length=30, allow_blank=True, required=False, default=""
    )
    objector_email = serializers.CharField(
        max_length=254, allow_blank=True, required=False, default=""
    )
    statement = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=STATEMENT_MAX_CHARS
    )
    evidence = serializers.FileField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apps = self.context.get("applications")
        if apps is not None:
            self.fields["application"].queryset = apps


class ObjectionReceiptSerializer(serializers.ModelSerializer):
    """What an objector gets back: a receipt, never the identity sent — the receipt
    number (``YY-<year>-NNNNNN``) and the check code (查询码), given once, that together
    look the objection up (``GET /api/v1/receipts/lookup/``)."""

    check_code = serializers.CharField(
        read_only=True, default="", help_text="查询码: shown once, never stored in clear"
    )

    class Meta:
        model = Objection
        fields = ["uuid", "receipt_number", "check_code", "state"]
        read_only_fields = fields


class ObjectionSerializer(serializers.ModelSerializer):
    """An objection; the objector's identity is in full for the handling officials only
    and masked for everyone else who may see the objection."""

    notice = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    notice_title = serializers.CharField(source="notice.title", read_only=True)
    application = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    unit_name = serializers.CharField(source="application.unit.name", read_only=True)
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = Objection
        fields = [
            "uuid",
            "notice",
            "notice_title",
            "application",
            "unit_name",
            "objector_name",
            "objector_id_number",
            "objector_phone",
            "objector_email",
            "statement",
            "has_evidence",
            "state",
            "outcome_reason",
            "submitted_on",
            "handled_on",
        ]
        read_only_fields = fields

    def get_has_evidence(self, obj: Objection) -> bool:
        return bool(obj.evidence)

    def to_representation(self, obj):
        """The objector's identity in full only for the handling officials, else masked."""
        data = super().to_representation(obj)
        request = self.context.get("request")
        data.update(objector_identity(obj, getattr(request, "user", None)))
        return data


class ObjectionDetailSerializer(ObjectionSerializer):
    timeline = TimelineEventSerializer(many=True, read_only=True)

    class Meta(ObjectionSerializer.Meta):
        fields = [*ObjectionSerializer.Meta.fields, "timeline"]
        read_only_fields = fields


class ObjectionHandleSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[ObjectionState.UPHELD, ObjectionState.DISMISSED])
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class ApplicationReviewSerializer(ReviewSerializer):
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, default=None
    )
    grade = serializers.ChoiceField(
        choices=[("A", "A"), ("B", "B"), ("C", "C")],
        required=False,
        allow_blank=True,
        default="",
        help_text="等级（省级专项评审，000 第十四条）",
    )
    paper_copy_received = serializers.BooleanField(
        required=False, default=False, help_text="已收到评价报告纸质材料（003 第十一条）"
    )


class ReportItemSerializer(serializers.Serializer):
    indicator_code = serializers.CharField(read_only=True)
    value = serializers.CharField(read_only=True)
    measured = serializers.DecimalField(
        max_digits=20, decimal_places=6, read_only=True, allow_null=True, help_text="实测值"
    )
    base_value = serializers.DecimalField(
        max_digits=20, decimal_places=6, read_only=True, allow_null=True, help_text="基准值"
    )
    lead_value = serializers.DecimalField(
        max_digits=20, decimal_places=6, read_only=True, allow_null=True, help_text="引领值"
    )
    note = serializers.CharField(read_only=True)


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = [
            "uuid",
            "indicator_code",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "created_at",
        ]
        read_only_fields = fields


class IndicatorSerializer(serializers.Serializer):
    """An indicator of the report's indicator system (what ``items`` may hold)."""

    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True)
    kind = serializers.CharField(
        read_only=True, help_text="basic（符合/不符合）或 scored（0..max_points 分）"
    )
    max_points = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    name_en = serializers.CharField(read_only=True)
    type = serializers.CharField(read_only=True, help_text="qualitative 或 quantitative")
    entry = serializers.CharField(
        read_only=True,
        help_text="met（true/false）、points（得分）或 measured（实测值；基准值、引领值由评价提供时为 "
        '{"value", "base", "lead"}）',
    )
    unit = serializers.CharField(read_only=True)
    direction = serializers.CharField(read_only=True)
    base_value = serializers.DecimalField(
        max_digits=20, decimal_places=6, read_only=True, allow_null=True
    )
    lead_value = serializers.DecimalField(
        max_digits=20, decimal_places=6, read_only=True, allow_null=True
    )
    verified = serializers.BooleanField(read_only=True)


class ReportSerializer(serializers.ModelSerializer):
    """An evaluation report (评价报告)."""

    unit = UnitSummarySerializer(read_only=True)
    agency_name = serializers.SerializerMethodField()
    previous = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = EvaluationReport
        fields = [
            "uuid",
            "unit",
            "list_type",
            "standard_code",
            "route",
            "agency_name",
            "year",
            "report_version",
            "previous",
            "state",
            "summary",
            "total_score",
            "eligible",
            "energy_efficiency_level",
            "submitted_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_agency_name(self, obj: EvaluationReport) -> str:
        return obj.agency.name if obj.agency_id else ""


class ReportDetailSerializer(ReportSerializer):
    items = ReportItemSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "items", "evidence", "indicators"]
        read_only_fields = fields


class ReportCreateSerializer(serializers.Serializer):
    list_type = serializers.ChoiceField(choices=ListType.choices)
    route = serializers.ChoiceField(choices=EvaluationRoute.choices, default=EvaluationRoute.SELF)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "boolean"},
            {"type": "number"},
            {"type": "string"},
            {
                "type": "object",
                "properties": {
                    "value": {"type": "number"},
                    "base": {"type": "number"},
                    "lead": {"type": "number"},
                },
            },
            {"type": "array", "items": {"type": "integer"}},
        ],
        "nullable": True,
    }
)
class IndicatorValueField(serializers.JSONField):
    """true/false for a basic requirement or a qualitative item, points where points
    are entered, a measured number, {"value", "base", "lead"} when 基准值/引领值 come
    with the evaluation, or the list of platform functions ticked (C-04)."""


class ReportItemsSerializer(serializers.Serializer):
    values = serializers.DictField(child=IndicatorValueField(), help_text="{指标代码: 取值}")
    notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="{指标代码: 说明}",
    )
    energy_efficiency_level = serializers.CharField(
        required=False,
        allow_blank=True,
        default=None,
        help_text="能效水平：benchmark、quota_advanced、quota_level_1、none（优先推荐依据）",
    )


class GapTargetSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="目标总分")
    label = serializers.CharField()
    ref = serializers.CharField(help_text="规则条款")
    kind = serializers.CharField(help_text="pass_mark、grade、full 或 custom")


class GapStepSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    entry = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    to = serializers.JSONField(help_text="目标取值（true = 达到要求）")
    gain = serializers.CharField(help_text="总分增加")
    effort = serializers.CharField(help_text="努力点数（100 = 一个指标从基准值到引领值）")
    total_after = serializers.CharField()
    text = serializers.CharField()


class GapSerializer(serializers.Serializer):
    """The gap analysis of a report: cheapest steps to the target (差距分析)."""

    standard_code = serializers.CharField()
    total = serializers.CharField()
    max_total = serializers.CharField()
    eligible = serializers.BooleanField()
    failed_basic = serializers.ListField(child=serializers.CharField())
    target = GapTargetSerializer()
    reached = serializers.BooleanField()
    reachable = serializers.BooleanField()
    steps = GapStepSerializer(many=True)


class EvidenceUploadSerializer(serializers.Serializer):
    indicator_code = serializers.CharField(max_length=20)
    file = serializers.FileField(help_text="PDF、PNG 或 JPEG（按内容判断）")


class CampaignSummarySerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    year = serializers.IntegerField(read_only=True)
    level = serializers.CharField(read_only=True)


class ApplicationSerializer(serializers.ModelSerializer):
    """An application (申报)."""

    unit = UnitSummarySerializer(read_only=True)
    campaign = CampaignSummarySerializer(read_only=True)
    campaign_title = serializers.CharField(source="campaign.title", read_only=True)
    report = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    notice = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    source_listing = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    recommended_by = serializers.CharField(source="recommended_by.name", read_only=True, default="")

    class Meta:
        model = Application
        fields = [
            "uuid",
            "unit",
            "campaign",
            "campaign_title",
            "list_type",
            "level",
            "year",
            "product_name",
            "product_model",
            "report",
            "source_listing",
            "recommended_by",
            "paper_copy_received_on",
            "pending_role",
            "state",
            "score",
            "star",
            "grade",
            "notice",
            "submitted_on",
            "recommended_on",
            "reviewed_on",
            "listed_on",
            "last_decision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ApplicationDetailSerializer(ApplicationSerializer):
    pending_step = serializers.CharField(read_only=True, allow_null=True)
    timeline = TimelineEventSerializer(many=True, read_only=True)

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "pending_step", "timeline"]
        read_only_fields = fields


class ReportChoiceField(serializers.SlugRelatedField):
    """A report by uuid, looked up among the reports the caller may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "uuid")
        kwargs.setdefault("queryset", EvaluationReport.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        reports = self.context.get("reports")
        return reports if reports is not None else super().get_queryset()


class ApplicationCreateSerializer(serializers.Serializer):
    list_type = serializers.ChoiceField(choices=ListType.choices)
    report = ReportChoiceField(required=False, allow_null=True, default=None)
    product_name = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="绿色设计产品名称"
    )
    product_model = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="产品型号"
    )


class ApplicationReportSerializer(serializers.Serializer):
    report = ReportChoiceField()


class CampaignSerializer(serializers.ModelSerializer):
    """A selection round (年度批次)."""

    jurisdiction = JurisdictionSummarySerializer(read_only=True)

    class Meta:
        model = Campaign
        fields = ["uuid", "title", "jurisdiction", "level", "year", "state", "opened_on"]
        read_only_fields = fields


class CampaignNoticeSummarySerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    title = serializers.CharField(read_only=True)
    first_day = serializers.DateField(read_only=True)
    last_day = serializers.DateField(read_only=True)
    state = serializers.CharField(read_only=True)


class CampaignDetailSerializer(CampaignSerializer):
    counts_by_state = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="{申报状态: 数量}（仅计您可见的申报）",
    )
    notice = CampaignNoticeSummarySerializer(read_only=True, allow_null=True)
    green_list = GreenListSummarySerializer(read_only=True, allow_null=True)

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "counts_by_state", "notice", "green_list"]
        read_only_fields = fields


class CampaignOpenSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=2000, max_value=2100
    )


class NoticeOpenSerializer(serializers.Serializer):
    start = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="公示开始日期，默认今天"
    )
    length = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="公示期（仅当规则未规定时填写）",
    )
    unit = serializers.ChoiceField(
        choices=[("working_days", "working_days"), ("calendar_days", "calendar_days")],
        required=False,
        allow_null=True,
        default=None,
        help_text="公示期计算单位（仅当规则未规定时填写）",
    )
