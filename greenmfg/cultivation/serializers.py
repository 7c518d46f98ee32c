"""Serializers of the cultivation pool's API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from greenmfg.api.serializers import (
    JurisdictionSummarySerializer,
    TimelineEventSerializer,
    UnitSummarySerializer,
)
from greenmfg.core.vocabulary import ListType
from greenmfg.cultivation.models import ManagementSystem, Registration
from greenmfg.cultivation.services import FORM_FIELDS


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration form (梯度培育信息登记表)."""

    unit = UnitSummarySerializer(read_only=True)
    jurisdiction = JurisdictionSummarySerializer(read_only=True)

    class Meta:
        model = Registration
        fields = [
            "uuid",
            "unit",
            "jurisdiction",
            "list_type",
            "year",
            "state",
            "unit_name",
            "uscc",
            "legal_representative",
            *FORM_FIELDS,
            "submitted_on",
            "valid_from",
            "valid_until",
            "last_decision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RegistrationDetailSerializer(RegistrationSerializer):
    pending_step = serializers.CharField(read_only=True, allow_null=True)
    timeline = TimelineEventSerializer(many=True, read_only=True)

    class Meta(RegistrationSerializer.Meta):
        fields = [*RegistrationSerializer.Meta.fields, "pending_step", "timeline"]
        read_only_fields = fields


class RegistrationFormSerializer(serializers.ModelSerializer):
    """The form fields an applicant fills (types only; the service decides)."""

    # a list of known codes, never null (the column is NOT NULL; a JSON field took anything)
    management_systems = serializers.ListField(
        child=serializers.ChoiceField(choices=ManagementSystem.choices),
        required=False,
        label=_("管理体系认证情况"),
    )

    class Meta:
        model = Registration
        fields = list(FORM_FIELDS)
        extra_kwargs = {name: {"required": False} for name in FORM_FIELDS}


class RegistrationCreateSerializer(RegistrationFormSerializer):
    list_type = serializers.ChoiceField(choices=ListType.choices)

    class Meta(RegistrationFormSerializer.Meta):
        fields = ["list_type", *FORM_FIELDS]
