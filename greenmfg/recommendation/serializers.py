"""Serializers of recommendation's API: consultations and opinions, quotas, and the body
of a recommendation upward."""

from __future__ import annotations

from rest_framework import serializers

from greenmfg.recommendation.models import Consultation, Opinion, Quota


class OpinionSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    unit_uuid = serializers.UUIDField(source="unit.uuid", read_only=True)
    department = serializers.CharField(source="consultation.department", read_only=True)
    consultation = serializers.UUIDField(source="consultation.uuid", read_only=True)
    due_on = serializers.DateField(source="consultation.due_on", read_only=True)

    class Meta:
        model = Opinion
        fields = [
            "uuid",
            "consultation",
            "department",
            "unit",
            "unit_uuid",
            "kind",
            "reason",
            "answered_by",
            "answered_on",
            "due_on",
            "resolved",
            "resolution",
        ]
        read_only_fields = fields


class ConsultationSerializer(serializers.ModelSerializer):
    authority = serializers.CharField(source="authority.name", read_only=True)
    campaign = serializers.UUIDField(source="campaign.uuid", read_only=True)
    opinions = OpinionSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "uuid",
            "campaign",
            "authority",
            "department",
            "sent_on",
            "due_on",
            "citation",
            "state",
            "opinions",
        ]
        read_only_fields = fields


class ConsultSerializer(serializers.Serializer):
    listings = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, help_text="本辖区名单条目 uuid"
    )


class OpinionAnswerSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["no_objection", "objection"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    attachment = serializers.FileField(required=False, allow_null=True, default=None)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField()


class QuotaSerializer(serializers.ModelSerializer):
    jurisdiction = serializers.CharField(source="jurisdiction.code")
    campaign = serializers.UUIDField(source="campaign.uuid", read_only=True)

    class Meta:
        model = Quota
        fields = ["uuid", "campaign", "jurisdiction", "list_type", "quota", "basis"]
        read_only_fields = ["uuid", "campaign"]


class RecommendSerializer(serializers.Serializer):
    """Recommend one listing of the actor's own list to this (upper) campaign."""

    listing = serializers.UUIDField(help_text="下一级名单条目的 uuid")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
