"""REST API of the portal: the inbox (待办) fed by every app."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework.response import Response
from rest_framework.views import APIView

from greenmfg.core import clock
from greenmfg.core.inbox import inbox_for
from greenmfg.portal.serializers import InboxItemSerializer


class InboxView(APIView):
    """待办: what waits for the signed-in user, the most urgent first (items with a
    deadline, earliest first, then the others); ``due_on`` is the deadline (ISO date,
    null without one), ``days_left`` the whole days from the platform date to it
    (negative once overdue), ``count`` the number of objects a grouped item stands for,
    ``page`` its address on the site."""

    @extend_schema(summary=_("待办"), responses={200: InboxItemSerializer(many=True)})
    def get(self, request):
        today = clock.today()
        rows = [
            {
                "kind": item.kind,
                "label": item.label,
                "uuid": item.uuid,
                "state": item.state,
                "since": item.since,
                "url": reverse(item.api_name, kwargs={"uuid": item.uuid}) if item.api_name else "",
                "due_on": item.due_on,
                "days_left": item.days_left(today),
                "count": item.count,
                "page": item.href,
            }
            for item in inbox_for(request.user)
        ]
        return Response(InboxItemSerializer(rows, many=True).data)


#: the portal's API routes (greenmfg/urls_api.py)
api_urlpatterns = [path("inbox/", InboxView.as_view(), name="api-inbox")]
