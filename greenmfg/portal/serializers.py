"""Serializers of the portal's API."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.STR)
class DateOrDateTimeField(serializers.Field):
    """An ISO date-time (in the platform's time zone, as DRF writes them) or an ISO date."""

    def to_representation(self, value):
        if isinstance(value, dt.datetime):
            return serializers.DateTimeField().to_representation(value)
        return value.isoformat() if value else None


class InboxItemSerializer(serializers.Serializer):
    """One thing waiting for the user."""

    kind = serializers.CharField()
    label = serializers.CharField()
    uuid = serializers.CharField(help_text="the object's UUID; empty for a grouped item")
    state = serializers.CharField()
    since = DateOrDateTimeField(help_text="ISO date-time (or date) the item waits since")
    url = serializers.CharField(help_text="the object's API address")
    due_on = serializers.DateField(
        allow_null=True, help_text="the deadline the rules give (ISO date), null without one"
    )
    days_left = serializers.IntegerField(
        allow_null=True, help_text="days from the platform date to due_on; negative once overdue"
    )
    count = serializers.IntegerField(
        allow_null=True, help_text="objects a grouped item stands for (units overdue), else null"
    )
    page = serializers.CharField(help_text="the item's page on the site")
