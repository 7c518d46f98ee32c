"""Serializers of the portal's API."""

from __future__ import annotations

from rest_framework import serializers


class InboxItemSerializer(serializers.Serializer):
    """One thing waiting for the user."""

    kind = serializers.CharField()
    label = serializers.CharField()
    uuid = serializers.UUIDField()
    state = serializers.CharField()
    since = serializers.DateTimeField()
    url = serializers.CharField(help_text="the object's API address")
