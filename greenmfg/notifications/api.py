"""REST API of the notifications: the signed-in user's own notifications (list, mark
read, mark all read, unread count, e-mail preferences) and the public receipt lookup."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from greenmfg.accounts.clientip import client_ip
from greenmfg.api.base import UUID_REGEX, body, register_enum_names
from greenmfg.api.serializers import DetailSerializer
from greenmfg.notifications import selectors, services
from greenmfg.notifications.lookup import receipt_lookup
from greenmfg.notifications.serializers import (
    NotificationSerializer,
    PreferencesSerializer,
    ReadAllSerializer,
    ReceiptLookupSerializer,
    ReceiptStatusSerializer,
    UnreadCountSerializer,
)

register_enum_names({"NotificationKindEnum": "greenmfg.notifications.kinds.NotificationKind"})


@extend_schema_view(list=extend_schema(summary=_("我的通知")))
class NotificationViewSet(mixins.ListModelMixin, GenericViewSet):
    """通知: the signed-in user's notifications, newest first (paginated, 50 a page;
    ``?unread=1`` for the unread only)."""

    serializer_class = NotificationSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.Notification.objects.none()
        unread_only = self.request.query_params.get("unread") == "1"
        return selectors.notifications_for(self.request.user, unread_only=unread_only)

    @extend_schema(summary=_("标记一条通知为已读"), request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, uuid=None):
        n = self.get_object()
        services.notification_mark_read(user=request.user, notification=n)
        return Response(NotificationSerializer(n).data)

    @extend_schema(summary=_("全部标记为已读"), request=None, responses=ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})

    @extend_schema(summary=_("未读通知数"), responses=UnreadCountSerializer)
    @action(detail=False, methods=["get"])
    def unread(self, request):
        return Response({"unread": selectors.unread_count(request.user)})

    @extend_schema(
        summary=_("邮件通知偏好（读取/保存）"),
        request=PreferencesSerializer,
        responses=PreferencesSerializer,
    )
    @action(detail=False, methods=["get", "put"])
    def preferences(self, request):
        if request.method == "PUT":
            data = body(PreferencesSerializer, request)
            services.preferences_save(user=request.user, email_kinds=data["email_kinds"])
        return Response({"email_kinds": sorted(selectors.email_kinds_for(request.user))})


class ReceiptLookupView(APIView):
    """办理进度查询 (public): a receipt number and its check code → the state and the
    handling opinion of the objection or complaint; never the identity. POST so the
    check code stays out of addresses and logs; rate-limited (429 with Retry-After)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary=_("凭回执号查询异议或举报的办理进度"),
        request=ReceiptLookupSerializer,
        responses={
            200: ReceiptStatusSerializer,
            404: OpenApiResponse(DetailSerializer, description=_("回执号不存在或查询码错误")),
            429: OpenApiResponse(DetailSerializer, description=_("查询过于频繁")),
        },
    )
    def post(self, request):
        data = body(ReceiptLookupSerializer, request)
        result = receipt_lookup(
            data["receipt_number"], data["check_code"], client=client_ip(request)
        )
        if result is None:
            return Response(
                {"detail": _g("未找到：请核对回执号和查询码。")},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(ReceiptStatusSerializer(result).data)


def register(router) -> None:
    """Register the notifications resource on the API router (greenmfg/urls_api.py)."""
    router.register("notifications", NotificationViewSet, basename="api-notifications")


#: the public receipt lookup (greenmfg/urls_api.py)
api_urlpatterns = [
    path("receipts/lookup/", ReceiptLookupView.as_view(), name="api-receipt-lookup"),
]
