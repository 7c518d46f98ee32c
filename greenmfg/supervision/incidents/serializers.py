"""Serializers of the incident API (``/api/v1/incidents/``)."""

from __future__ import annotations

from rest_framework import serializers

from greenmfg.core import clock
from greenmfg.supervision.incidents.models import Incident, IncidentKind


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
