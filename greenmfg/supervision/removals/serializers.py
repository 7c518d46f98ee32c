"""Serializers of the removal API (``/api/v1/removal-proposals/``, ``fraud-findings``,
``upward-reports``, and the public ``announcements`` and ``removals``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from greenmfg.eligibility.models import FraudFinding
from greenmfg.supervision.removals.models import (
    Announcement,
    Removal,
    RemovalProposal,
    UpwardReport,
)


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
