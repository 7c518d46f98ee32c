"""Serializers of the networks API (greenmfg/networks/api.py)."""

from __future__ import annotations

from rest_framework import serializers

from greenmfg.networks.models import CultivationPlan, Membership, NetworkKind, TargetLevel


class MembershipSerializer(serializers.ModelSerializer):
    owner = serializers.UUIDField(source="owner.uuid", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "uuid",
            "owner",
            "owner_name",
            "kind",
            "uscc",
            "name",
            "tier",
            "since",
            "until",
            "state",
            "invited_on",
            "decided_on",
            "ended_on",
        ]
        read_only_fields = fields


class InviteSerializer(serializers.Serializer):
    uscc = serializers.CharField(max_length=18)
    name = serializers.CharField(max_length=200)
    tier = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=9)
    since = serializers.DateField(required=False, allow_null=True)
    until = serializers.DateField(required=False, allow_null=True)


class EndSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    until = serializers.DateField(required=False, allow_null=True)


class NetworkReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RosterSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8) or XLSX roster")


class RosterReportSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    problems = serializers.ListField(child=serializers.DictField())


class TargetSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    level = serializers.ChoiceField(choices=TargetLevel.choices, help_text="TargetLevel")
    count = serializers.IntegerField(min_value=0, max_value=100_000)


class PlanSerializer(serializers.ModelSerializer):
    owner = serializers.UUIDField(source="owner.uuid", read_only=True)
    targets = TargetSerializer(many=True, read_only=True)
    members = serializers.SlugRelatedField(slug_field="uuid", many=True, read_only=True)

    class Meta:
        model = CultivationPlan
        fields = [
            "uuid",
            "owner",
            "kind",
            "title",
            "year_from",
            "year_to",
            "measures",
            "members",
            "targets",
            "state",
            "published_on",
        ]
        read_only_fields = fields


class PlanCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    year_from = serializers.IntegerField(min_value=2000, max_value=2100)
    year_to = serializers.IntegerField(min_value=2000, max_value=2100)
    measures = serializers.CharField(allow_blank=True, default="")
    targets = TargetSerializer(many=True)
    members = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)


class MemberStatusSerializer(serializers.Serializer):
    membership = serializers.UUIDField(source="membership.uuid")
    name = serializers.CharField(source="membership.name")
    uscc = serializers.CharField(source="membership.uscc")
    tier = serializers.IntegerField(source="membership.tier", allow_null=True)
    status = serializers.CharField()


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    targets = serializers.SerializerMethodField()

    def get_targets(self, obj) -> list[dict]:
        return [{"level": lv, "target": t, "actual": a} for lv, t, a in obj.cells]


class ProgressSerializer(serializers.Serializer):
    owner = serializers.UUIDField(source="owner.uuid")
    owner_name = serializers.CharField(source="owner.name")
    kind = serializers.ChoiceField(choices=NetworkKind.choices)
    on = serializers.DateField()
    counts = serializers.DictField(child=serializers.IntegerField())
    green = serializers.IntegerField()
    plan = serializers.UUIDField(source="plan.uuid", allow_null=True, default=None)
    years = YearSerializer(many=True)
    members = MemberStatusSerializer(many=True)


class OverviewSerializer(serializers.Serializer):
    owner = serializers.UUIDField(source="owner.uuid")
    owner_name = serializers.CharField(source="owner.name")
    kind = serializers.ChoiceField(choices=NetworkKind.choices)
    total = serializers.IntegerField()
    green = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    has_plan = serializers.BooleanField()
