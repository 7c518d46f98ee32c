"""Issue 17, item 3: API tokens escaped the account controls — they never expired,
survived a password change and "sign out everywhere", ignored the idle and absolute
limits, and once issued needed no second factor. Now they expire, lapse when idle, are
revoked with the sessions, are listed and revoked at /accounts/sessions/, and a token
not issued with a verified TOTP code is refused for an account that needs one
(greenmfg/accounts/tokens.py).

ASVS 5.0 7.3.1, 7.3.2 (idle and absolute limits), 7.4.1–7.4.3 (termination), 7.5.2
(seeing and ending sessions), 6.3.3 (second factor)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from greenmfg.accounts.models import ApiTokenRecord

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
URL = "/api/v1/auth/token/"
PROBE = "/api/v1/registrations/"
#: a refused credential (DRF answers 403 when session authentication comes first)
REFUSED = (401, 403)


def issue(user, **extra) -> str:
    resp = APIClient().post(URL, {"username": user.username, "password": PASSWORD, **extra})
    assert resp.status_code == 200, resp.content
    assert resp.json()["expires_at"]
    return resp.json()["token"]


def with_token(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_token_expires_after_the_absolute_limit_asvs_7_3_2(settings, enterprise_user):
    key = issue(enterprise_user)
    record = ApiTokenRecord.objects.get(user=enterprise_user)
    assert record.expires_at - record.issued_at == dt.timedelta(
        hours=settings.GREENMFG_API_TOKEN_MAX_HOURS
    )
    assert with_token(key).get(PROBE).status_code == 200
    ApiTokenRecord.objects.filter(pk=record.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    resp = with_token(key).get(PROBE)
    assert resp.status_code in REFUSED and "已过期" in resp.json()["detail"]
    assert not Token.objects.filter(key=key).exists()


def test_a_token_lapses_after_the_idle_limit_and_use_keeps_it_alive_asvs_7_3_1(
    settings, enterprise_user
):
    key = issue(enterprise_user)
    idle = dt.timedelta(minutes=settings.GREENMFG_API_TOKEN_IDLE_MINUTES)
    ApiTokenRecord.objects.update(last_used=timezone.now() - idle + dt.timedelta(minutes=2))
    assert with_token(key).get(PROBE).status_code == 200
    used = ApiTokenRecord.objects.get(user=enterprise_user).last_used
    assert timezone.now() - used < dt.timedelta(seconds=30)  # the use was recorded
    ApiTokenRecord.objects.update(last_used=timezone.now() - idle - dt.timedelta(minutes=1))
    resp = with_token(key).get(PROBE)
    assert resp.status_code in REFUSED and "未使用" in resp.json()["detail"]
    assert not Token.objects.filter(key=key).exists()


def test_a_password_change_revokes_the_token_asvs_7_4_3(enterprise_user):
    key = issue(enterprise_user)
    enterprise_user.set_password("another-long-password-2026")
    enterprise_user.save()
    assert with_token(key).get(PROBE).status_code in REFUSED


def test_disabling_the_account_revokes_the_token_asvs_7_4_2(enterprise_user):
    key = issue(enterprise_user)
    enterprise_user.is_active = False
    enterprise_user.save()
    assert not Token.objects.filter(key=key).exists()
    assert with_token(key).get(PROBE).status_code in REFUSED


def test_sign_out_everywhere_revokes_the_token_asvs_7_4_1(enterprise_user):
    key = issue(enterprise_user)
    browser = Client()
    browser.force_login(enterprise_user)
    browser.post(reverse("account_sessions_end_others"))
    assert with_token(key).get(PROBE).status_code in REFUSED


def test_the_user_sees_and_revokes_the_token_on_the_sessions_page_asvs_7_5_2(
    enterprise_user, other_enterprise_user
):
    key = issue(enterprise_user)
    other_key = issue(other_enterprise_user)
    browser = Client()
    browser.force_login(enterprise_user)
    page = browser.get(reverse("account_sessions")).content.decode()
    assert 'data-testid="api-token-row"' in page and key not in page
    record = ApiTokenRecord.objects.get(user=enterprise_user)
    other = ApiTokenRecord.objects.get(user=other_enterprise_user)
    # someone else's token cannot be revoked from here
    assert browser.post(reverse("account_session_end", args=[other.uuid])).status_code == 404
    assert with_token(other_key).get(PROBE).status_code == 200
    resp = browser.post(reverse("account_session_end", args=[record.uuid]))
    assert resp.status_code == 302
    assert with_token(key).get(PROBE).status_code in REFUSED
    assert (
        'data-testid="api-tokens-none"' in browser.get(reverse("account_sessions")).content.decode()
    )


def test_a_token_issued_without_the_second_factor_is_refused_asvs_6_3_3(settings, tianhe_official):
    """A token made by the admin, a command or before the factor was required."""
    settings.GREENMFG_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    made_elsewhere = Token.objects.create(user=tianhe_official).key
    resp = with_token(made_elsewhere).get(PROBE)
    assert resp.status_code in REFUSED and "双因素认证" in resp.json()["detail"]
    device = TOTPDevice.objects.create(user=tianhe_official, name="phone", confirmed=True)
    key = issue(tianhe_official, otp_token=code(device))
    assert with_token(key).get(PROBE).status_code == 200
    # the new token replaced the one made elsewhere
    assert not Token.objects.filter(key=made_elsewhere).exists()


def test_an_account_that_enrols_a_second_factor_needs_a_new_token_asvs_6_3_3(
    settings, enterprise_user
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    key = issue(enterprise_user)
    assert with_token(key).get(PROBE).status_code == 200
    device = TOTPDevice.objects.create(user=enterprise_user, name="phone", confirmed=True)
    assert with_token(key).get(PROBE).status_code in REFUSED
    fresh = issue(enterprise_user, otp_token=code(device))
    assert with_token(fresh).get(PROBE).status_code == 200


def test_the_admin_no_longer_shows_token_keys(enterprise_user):
    from tests.factories import UserFactory

    key = issue(enterprise_user)
    admin = UserFactory(role="admin", is_staff=True, is_superuser=True)
    staff = Client()
    staff.force_login(admin)
    assert staff.get("/admin/authtoken/tokenproxy/").status_code == 404
    page = staff.get(reverse("admin:accounts_apitokenrecord_changelist")).content.decode()
    assert enterprise_user.username in page and key not in page
