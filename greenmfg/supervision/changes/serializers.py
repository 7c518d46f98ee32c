"""Serializers of the change API (``/api/v1/change-reports/``)."""

from __future__ import annotations

from rest_framework import serializers

from greenmfg.supervision.changes.models import ChangeKind, ChangeReport
from greenmfg.supervision.changes.services import CHANGE_REVIEW_TO


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
    decision = serializers.ChoiceField(choices=list(CHANGE_REVIEW_TO))
    opinion = serializers.CharField()
