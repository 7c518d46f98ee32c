"""Serializers of the notifications' API."""

from __future__ import annotations

from rest_framework import serializers

from greenmfg.notifications.kinds import NotificationKind
from greenmfg.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    """One notification of the signed-in user: the title and state label in the
    request's language, the codes behind them, the page linked."""

    title = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(read_only=True)
    link = serializers.CharField(read_only=True, help_text="the object's page ('' if none)")
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "uuid",
            "created_at",
            "business_date",
            "kind",
            "kind_label",
            "title",
            "action",
            "object_type",
            "object_uuid",
            "to_state",
            "state_label",
            "link",
            "is_read",
            "read_at",
        ]
        read_only_fields = fields


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="how many were unread")


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class PreferencesSerializer(serializers.Serializer):
    email_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=NotificationKind.choices),
        help_text="the kinds also sent by e-mail (in-app is always on)",
    )


class ReceiptLookupSerializer(serializers.Serializer):
    receipt_number = serializers.CharField(
        max_length=20, help_text="YY-2026-000123 / TS-2026-000123"
    )
    check_code = serializers.CharField(max_length=16, help_text="查询码, given at submission")


class ReceiptStatusSerializer(serializers.Serializer):
    """What the public reads of a receipt: never the sender's identity."""

    kind = serializers.ChoiceField(choices=["objection", "complaint"])
    kind_label = serializers.CharField()
    receipt_number = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    submitted_on = serializers.DateField()
    handled_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField(help_text="the handling opinion, once handled")
