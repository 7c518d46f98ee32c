"""Serializers of the spot-check API (``/api/v1/spot-checks/``: public reads, the
officials' draws, results and inspector pool)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from greenmfg.parties.permissions import may
from greenmfg.supervision.spot_checks.models import SpotCheckDraw, SpotCheckItem, SpotResult
from greenmfg.supervision.spot_checks.selectors import draw_items


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
        people = list(obj.inspectors.all())
        # not a department or an auditor of the same authority
        if may(self.context["request"].user, "supervision.see_inspectors", obj):
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
        return ItemSerializer(draw_items(obj), many=True, context=self.context).data


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
    result = serializers.ChoiceField(
        choices=[v for v in SpotResult.values if v != SpotResult.PENDING]
    )
    finding = serializers.CharField()


class InspectorAddSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
