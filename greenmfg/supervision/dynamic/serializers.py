"""Serializers of the dynamic-form and on-site-check API (``/api/v1/dynamic-forms/``,
``/api/v1/on-site-checks/``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from greenmfg.core.vocabulary import ListType
from greenmfg.parties.permissions import may
from greenmfg.supervision.dynamic.models import (
    INDICATOR_FIELDS,
    AnomalyFlag,
    CheckState,
    DynamicForm,
    OnSiteCheck,
)
from greenmfg.supervision.dynamic.services import REVIEW_DECISIONS, TEXT_FIELDS


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
        if not may(self.context["request"].user, "supervision.see_anomaly_flags", obj):
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
        for name in TEXT_FIELDS:
            self.fields[name] = serializers.CharField(required=False, allow_blank=True)


class FormReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=REVIEW_DECISIONS)
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
    outcome = serializers.ChoiceField(
        choices=[CheckState.COMPLETED.value, CheckState.REFUSED.value]
    )
    note = serializers.CharField()
