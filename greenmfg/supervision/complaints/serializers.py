"""Serializers of the complaint API (``/api/v1/complaints/``): the complainant's identity
in full only for the handling officials, masked for everyone else."""

from __future__ import annotations

from rest_framework import serializers

from greenmfg.core.limits import STATEMENT_MAX_CHARS
from greenmfg.supervision.complaints.models import Complaint
from greenmfg.supervision.complaints.services import IDENTITY_FIELDS, masked


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
            *IDENTITY_FIELDS,
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
        data.update(masked(obj, self.context["request"].user))
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
    statement = serializers.CharField(max_length=STATEMENT_MAX_CHARS)
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class ComplaintReceiptSerializer(serializers.ModelSerializer):
    """The complainant's receipt: the handling authority and deadline, the receipt
    number (``TS-<year>-NNNNNN``) and the check code (查询码), given once, that together
    look the complaint up (``GET /api/v1/receipts/lookup/``)."""

    handler = serializers.CharField(source="handler.full_name")
    check_code = serializers.CharField(
        read_only=True, default="", help_text="查询码: shown once, never stored in clear"
    )

    class Meta:
        model = Complaint
        fields = [
            "uuid",
            "receipt_number",
            "check_code",
            "submitted_on",
            "handler",
            "handler_ref",
            "due_on",
            "due_ref",
            "state",
        ]


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
