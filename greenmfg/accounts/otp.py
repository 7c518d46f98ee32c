"""Two-factor authentication with TOTP (django-otp; RFC 6238, 30-second codes).

Required (``GREENMFG_OTP_REQUIRED``, on by default except in DEBUG and demo
deployments) for every official (district, city, province, national), expert,
department, administrator and auditor account and for every staff or superuser account
(ASVS 5.0 6.3.3; 等保 8.1.4.1 d 两种或两种以上组合的鉴别技术, one of them
cryptographic: HMAC-SHA1 TOTP). Enterprises, parks and agencies may enrol; once
enrolled they are asked for a code too. A code is accepted once (django-otp keeps the
last time step used: ASVS 6.5.1) and wrong codes are throttled (exponential delay).
"""

from __future__ import annotations

from base64 import b32encode
from io import BytesIO

import qrcode
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from greenmfg.core.vocabulary import Role

#: roles that must use a second factor when GREENMFG_OTP_REQUIRED is on
OTP_ROLES = frozenset(
    {
        Role.DISTRICT,
        Role.CITY,
        Role.PROVINCE,
        Role.NATIONAL,
        Role.EXPERT,
        Role.DEPARTMENT,
        Role.ADMIN,
        Role.AUDITOR,
    }
)


def otp_role(user) -> bool:
    """Whether the user's role (or staff status) calls for a second factor."""
    return bool(user.role in OTP_ROLES or user.is_staff or user.is_superuser)


def otp_required(user) -> bool:
    """Whether this deployment requires the user to enrol and verify a second factor."""
    return bool(settings.GREENMFG_OTP_REQUIRED and otp_role(user))


def confirmed_devices(user):

    return TOTPDevice.objects.filter(user=user, confirmed=True)


def pending_device(user, *, create: bool = False):
    """The user's enrolment in progress (an unconfirmed TOTP device), made if asked."""

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None and create:
        device = TOTPDevice.objects.create(user=user, name="greenmfg", confirmed=False)
    return device


def secret_for_display(device) -> str:
    """The base32 secret in groups of four, for typing into an authenticator app."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_png(text: str) -> bytes:
    """A QR code of ``text`` as PNG bytes (served from a view: no inline data)."""

    img = qrcode.make(text, box_size=6, border=2)
    out = BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def verify(user, token: str):
    """The confirmed device that accepts ``token``, or None."""
    token = "".join(ch for ch in (token or "") if ch.isdigit())
    if not token:
        return None
    for device in confirmed_devices(user):
        if device.verify_token(token):
            return device
    return None
