"""Issue 17, item 1 (and the first part of 16): behind a reverse proxy, five wrong
passwords locked everyone out. ``GREENMFG_PROXY_COUNT`` had no effect (django-axes reads
it through django-ipware, which is not installed), so every request carried the
proxy's address. Now the client address comes from the trusted proxy's header
(greenmfg/accounts/clientip.py) and an account is locked at an address, never
everywhere: nobody can lock a named official out from elsewhere. The owner locked at his
own address signs in with his second factor, or after an administrator's reset.

Every request here goes through the proxy set-up of docs/deploy.md: ``REMOTE_ADDR`` is
nginx's address, the client's is in ``X-Forwarded-For`` as nginx appends it.

ASVS 5.0 6.3.1 (brute force without denial of service to the owner); 等保 8.1.4.1 b."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from greenmfg.accounts.clientip import client_ip
from greenmfg.accounts.models import UserSession

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
LIMIT = django_settings.AXES_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def behind_nginx(settings):
    settings.GREENMFG_PROXY_COUNT = 1


def via_proxy(client_address: str, forwarded: str = "") -> Client:
    """A browser at ``client_address`` reaching the app through nginx, which appends
    the address it received the request from to whatever the browser sent."""
    header = f"{forwarded}, {client_address}" if forwarded else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)


def sign_in(client: Client, user, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": password, **extra})


def code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_five_failures_behind_the_proxy_lock_only_that_address_asvs_6_3_1(
    tianhe_official, yuexiu_official
):
    attacker = via_proxy(ATTACKER)
    for _ in range(LIMIT):
        sign_in(attacker, tianhe_official, "wrong-password")
    assert sign_in(attacker, tianhe_official).status_code == 429
    # the official, and any other user, from their own addresses: not locked
    assert sign_in(via_proxy(OWNER), tianhe_official).status_code == 302
    assert sign_in(via_proxy("198.51.100.8"), yuexiu_official).status_code == 302


def test_nobody_can_lock_a_named_official_out_from_elsewhere_asvs_6_3_1(tianhe_official):
    """Issue 17, item 16: typing an official's user name five times locks only the
    one who typed it."""
    for n in range(3):
        for _ in range(LIMIT + 2):
            sign_in(via_proxy(f"203.0.113.{10 + n}"), tianhe_official, "guess")
    assert sign_in(via_proxy(OWNER), tianhe_official).status_code == 302


def test_a_forged_forwarded_for_cannot_choose_the_address_asvs_6_3_1(tianhe_official):
    """The attacker sends the official's address himself: nginx appends the real one,
    which is the one counted."""
    forging = via_proxy(ATTACKER, forwarded=OWNER)
    for _ in range(LIMIT):
        sign_in(forging, tianhe_official, "wrong-password")
    assert sign_in(forging, tianhe_official).status_code == 429
    assert sign_in(via_proxy(OWNER), tianhe_official).status_code == 302


def test_password_spraying_from_one_address_locks_that_address(tianhe_official, yuexiu_official):
    sprayer = via_proxy(ATTACKER)
    for n in range(LIMIT):
        sign_in(sprayer, tianhe_official if n % 2 else yuexiu_official, "Spring2026!")
    assert sign_in(sprayer, yuexiu_official).status_code == 429
    assert sign_in(via_proxy(OWNER), yuexiu_official).status_code == 302


def test_the_session_register_records_the_client_not_the_proxy(tianhe_official):
    client = via_proxy(OWNER, forwarded="192.0.2.99")
    assert sign_in(client, tianhe_official).status_code == 302
    assert UserSession.objects.get(user=tianhe_official).ip == OWNER


def test_the_header_is_believed_only_from_the_trusted_proxies(settings, rf):
    settings.GREENMFG_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER)) == OWNER
    # someone reaching the app directly, with a made-up header
    direct = rf.get("/", REMOTE_ADDR="192.0.2.5", HTTP_X_FORWARDED_FOR=OWNER)
    assert client_ip(direct) == "192.0.2.5"
    settings.GREENMFG_TRUSTED_PROXIES = []
    settings.GREENMFG_PROXY_COUNT = 2  # a load balancer, then nginx
    two = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {OWNER}, 10.0.1.1")
    assert client_ip(two) == OWNER
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="garbage")) == PROXY
    settings.GREENMFG_PROXY_COUNT = 0  # no proxy: the header is ignored
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER)) == PROXY


def test_a_locked_owner_signs_in_from_his_own_address_with_the_second_factor_asvs_6_3_1(
    settings, tianhe_official
):
    settings.GREENMFG_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=tianhe_official, name="phone", confirmed=True)
    owner = via_proxy(OWNER)
    for _ in range(LIMIT):
        sign_in(owner, tianhe_official, "typo")
    locked = sign_in(owner, tianhe_official)
    assert locked.status_code == 429
    assert 'data-testid="unlock-form"' in locked.content.decode()
    # a wrong code, or the right code with a wrong password, changes nothing
    assert sign_in(owner, tianhe_official, otp_token="000000").status_code == 429
    assert sign_in(owner, tianhe_official, "typo", otp_token=code(device)).status_code == 429
    device.last_t = -1
    device.save()
    done = sign_in(owner, tianhe_official, otp_token=code(device), next="/inbox/")
    assert done.status_code == 302
    # the code typed also counts as this session's second factor
    assert owner.get(reverse("inbox")).status_code == 200


def test_a_locked_owner_gets_an_api_token_with_the_second_factor(settings, tianhe_official):
    settings.GREENMFG_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=tianhe_official, name="phone", confirmed=True)
    api = APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER)
    url = "/api/v1/auth/token/"
    for _ in range(LIMIT):
        api.post(url, {"username": tianhe_official.username, "password": "typo"})
    creds = {"username": tianhe_official.username, "password": PASSWORD}
    assert api.post(url, creds).status_code == 429
    resp = api.post(url, {**creds, "otp_token": code(device)})
    assert resp.status_code == 200 and resp.json()["token"]


def test_a_password_reset_by_an_administrator_unlocks_the_account(tianhe_official):
    owner = via_proxy(OWNER)
    for _ in range(LIMIT):
        sign_in(owner, tianhe_official, "typo")
    assert sign_in(owner, tianhe_official).status_code == 429
    tianhe_official.set_password("a-new-long-password-2026")
    tianhe_official.save()
    assert sign_in(owner, tianhe_official, "a-new-long-password-2026").status_code == 302
