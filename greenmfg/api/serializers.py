"""Serializers shared by every app's API: refusals, errors, timelines, summaries, the
review decision. Output serializers describe what a caller sees; input serializers only
check the shape of a request body; no serializer saves anything or applies a rule."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from greenmfg.audit.models import AuditEvent


class ReasonSerializer(serializers.Serializer):
    """One failed rule: a stable code, the message, the article it applies (``citation``
    the code, e.g. ``004 第九条``; ``citation_text`` as people read it, e.g.
    《广州市绿色工厂梯度培育及管理暂行办法》第九条)."""

    code = serializers.CharField()
    message = serializers.CharField()
    citation = serializers.CharField(allow_blank=True)
    citation_text = serializers.CharField(allow_blank=True, required=False)


class RefusalSerializer(serializers.Serializer):
    """A refused action (409): why, with the articles applied. ``detail`` is for people
    (the reasons with 《short title》第九条); ``citations`` the articles' codes."""

    detail = serializers.CharField()
    reasons = ReasonSerializer(many=True)
    citations = serializers.ListField(child=serializers.CharField(), required=False)


class DetailSerializer(serializers.Serializer):
    """A plain error answer (403, 404)."""

    detail = serializers.CharField()


class TimelineEventSerializer(serializers.ModelSerializer):
    """One audit event of an object's timeline."""

    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "business_date",
            "actor_label",
            "action",
            "from_state",
            "to_state",
            "reason",
            "citations",
        ]
        read_only_fields = fields


class UnitSummarySerializer(serializers.Serializer):
    """The organisation an object belongs to."""

    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    uscc = serializers.CharField(read_only=True, allow_null=True)
    district_code = serializers.CharField(source="registered_division.code", read_only=True)
    district_name = serializers.CharField(source="registered_division.full_name", read_only=True)


class JurisdictionSummarySerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(source="full_name", read_only=True)


class ReviewSerializer(serializers.Serializer):
    """A review decision; ``reason`` is required by the rules for return and reject."""

    decision = serializers.ChoiceField(
        choices=[("approve", _("通过")), ("return", _("退回修改")), ("reject", _("不通过"))]
    )
    reason = serializers.CharField(allow_blank=True, required=False, default="")
