"""API sign-in (``POST /api/v1/auth/token/``): the same rules as the pages. The password
check goes through django-axes (lockout), and an account that must use a second factor
(or has one) must also send the current TOTP code as ``otp_token``. The token issued
expires and is revoked like a session (greenmfg/accounts/tokens.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from greenmfg.accounts import otp
from greenmfg.accounts.lockout import lockout_response, unlock_with_second_factor
from greenmfg.accounts.models import ApiTokenRecord
from greenmfg.accounts.tokens import token_issue


class TokenRequestSerializer(AuthTokenSerializer):
    otp_token = serializers.CharField(
        label=_("动态验证码"), required=False, allow_blank=True, write_only=True, default=""
    )

    def validate(self, attrs):

        request = self.context.get("request")
        unlocked = None
        if attrs.get("otp_token") and request is not None:
            # a locked-out owner with the password and a current code gets in (lockout.py)
            unlocked = unlock_with_second_factor(
                request,
                username=attrs.get("username", ""),
                password=attrs.get("password", ""),
                token=attrs["otp_token"],
            )
        attrs = super().validate(attrs)
        user = attrs["user"]
        needs_code = otp.otp_required(user) or otp.confirmed_devices(user).exists()
        device = unlocked
        if needs_code and device is None:
            device = otp.verify(user, attrs.get("otp_token", ""))
            if device is None:
                raise serializers.ValidationError(
                    _("该账户须提供有效的动态验证码（otp_token）"), code="authorization"
                )
        attrs["second_factor"] = device is not None
        return attrs


class ObtainTokenView(ObtainAuthToken):
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary=_("获取 API 令牌（用户名、密码，必要时加动态验证码 otp_token）"),
        description=(
            "Issues a new token (the previous one is revoked). It expires "
            "GREENMFG_API_TOKEN_MAX_HOURS after issue, or after GREENMFG_API_TOKEN_IDLE_MINUTES "
            "without use, and with a password change, a disabled account or "
            "'sign out everywhere'."
        ),
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "Token",
                {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()},
            )
        },
    )
    def post(self, request, *args, **kwargs):

        try:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
        except serializers.ValidationError:
            # django-axes marks the DRF request it was given: answer as the pages do (429)
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request)
            raise
        token = token_issue(
            user=serializer.validated_data["user"],
            request=request,
            second_factor=serializer.validated_data["second_factor"],
        )

        expires = ApiTokenRecord.objects.filter(user=token.user_id).values_list(
            "expires_at", flat=True
        )
        return Response({"token": token.key, "expires_at": expires.first()})
