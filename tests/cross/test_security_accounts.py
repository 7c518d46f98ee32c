"""Accounts (issue 8, part 2): Argon2 hashing, lockout, the TOTP second factor, session
limits, the user's sessions page, password change and account disable.

Each test names the OWASP ASVS 5.0 item (``asvs_6_3_3`` = 6.3.3) and/or the GB/T
22239-2019 §8.1.4 item (``djbh_…`` 等保) it proves; docs/security.md maps them back."""

from __future__ import annotations

import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import identify_hasher
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from greenmfg.accounts import sessions
from greenmfg.accounts.models import PasswordRecord, UserSession
from greenmfg.core.vocabulary import Role
from tests.factories import UserFactory, department_user, official, unit_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOGIN = "/accounts/login/"


def login(client: Client, user, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": user.username, "password": password}, **extra)


def code(device: TOTPDevice, *, ahead: int = 0) -> str:
    """The device's current TOTP code (``ahead`` time steps later: a fresh one)."""
    device.refresh_from_db()
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead):06d}"
    )


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.fixture
def otp_on(settings):
    settings.GREENMFG_OTP_REQUIRED = True


# --- passwords -------------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2_first_asvs_6_2_djbh_8_1_4_8(settings):
    from django.contrib.auth.hashers import make_password

    import greenmfg.settings as production

    # the test settings use a fast hasher: put the shipped list back
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    hashed = make_password("a long pass phrase")
    assert hashed.startswith("argon2$argon2id$")
    assert identify_hasher(hashed).algorithm == "argon2"


def test_sign_in_upgrades_an_older_hash_to_argon2(settings, tianhe_official):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert tianhe_official.password.startswith("md5$")
    assert login(Client(), tianhe_official).status_code == 302
    tianhe_official.refresh_from_db()
    assert tianhe_official.password.startswith("argon2$")


# --- lockout (django-axes) -------------------------------------------------------------------


def test_five_failed_sign_ins_lock_the_account_with_a_chinese_message_asvs_6_3_1_djbh_8_1_4_1_b(
    tianhe_official,
):
    client = Client()
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        resp = login(client, tianhe_official, "wrong-password")
        assert resp.status_code == 200
        assert "用户名或密码不正确" in resp.content.decode()
    locked = login(client, tianhe_official, "wrong-password")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "账户已临时锁定" in page and "连续 5 次登录失败" in page and "30 分钟后再试" in page
    # even the right password is refused while locked at this address …
    assert login(client, tianhe_official).status_code == 429
    assert "_auth_user_id" not in client.session
    # … but the lock is the account's at this address only: nobody locks another person
    # out from elsewhere (issue 17, tests/test_hardening_lockout.py)
    assert login(Client(REMOTE_ADDR="10.1.2.3"), tianhe_official).status_code == 302


def test_an_administrator_unlocks_a_locked_account_in_the_admin_asvs_6_3_1(tianhe_official):
    from axes.models import AccessAttempt

    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        login(Client(), tianhe_official, "wrong-password")
    assert login(Client(), tianhe_official).status_code == 429
    attempt = AccessAttempt.objects.get(username=tianhe_official.username)
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    staff = Client()
    staff.force_login(admin)
    changelist = staff.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200 and tianhe_official.username in changelist.content.decode()
    staff.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert not AccessAttempt.objects.filter(username=tianhe_official.username).exists()
    assert login(Client(), tianhe_official).status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(tianhe_official):
    client = Client()
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        login(client, tianhe_official, "wrong-password")
    assert login(client, tianhe_official).status_code == 302
    client.logout()
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, tianhe_official, "wrong-password").status_code == 200


def test_api_token_sign_in_is_locked_out_too_asvs_6_3_1(tianhe_official):
    api = APIClient()
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        api.post("/api/v1/auth/token/", {"username": tianhe_official.username, "password": "x"})
    resp = api.post(
        "/api/v1/auth/token/", {"username": tianhe_official.username, "password": PASSWORD}
    )
    assert resp.status_code == 429
    assert "token" not in resp.json() and "锁定" in resp.json()["detail"]


# --- second factor (TOTP) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: official("district", "440106"),
        lambda: official("city", "440100"),
        lambda: official("province", "440000"),
        lambda: official("national", "000000"),
        lambda: UserFactory(role=Role.EXPERT),
        lambda: department_user("440100", "生态环境"),
        lambda: UserFactory(role=Role.ADMIN),
        lambda: UserFactory(role=Role.ENTERPRISE, is_staff=True),
    ],
    ids=["district", "city", "province", "national", "expert", "department", "admin", "staff"],
)
def test_official_must_enrol_totp_before_anything_else_asvs_6_3_3_djbh_8_1_4_1_d(otp_on, make):
    user = make()
    client = Client()
    assert login(client, user).status_code == 302
    resp = client.get(reverse("inbox"))
    assert resp.status_code == 302
    assert resp["Location"].startswith(reverse("otp_setup") + "?next=/inbox/")
    assert client.get("/api/v1/inbox/").status_code == 403


def test_official_enrols_with_the_qr_code_and_a_code_asvs_6_3_3(otp_on, settings, tianhe_official):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would delay the right one
    from greenmfg.accounts.enrolment import enrolment_code_issue

    # the enrolment code an administrator handed over (issue 17, tests/test_hardening_enrolment.py)
    _row, enrolment_code = enrolment_code_issue(user=tianhe_official, actor=None)
    client = Client()
    login(client, tianhe_official)
    client.post(reverse("otp_setup"), {"enrolment_code": enrolment_code, "next": "/inbox/"})
    page = client.get(reverse("otp_setup") + "?next=/inbox/")
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("otp_qr") in html and "data:" not in html
    qr = client.get(reverse("otp_qr"))
    assert qr["Content-Type"] == "image/png" and qr.content.startswith(b"\x89PNG")
    assert "no-store" in qr["Cache-Control"]
    device = TOTPDevice.objects.get(user=tianhe_official, confirmed=False)
    assert device.config_url.startswith("otpauth://totp/greenmfg")
    wrong = client.post(reverse("otp_setup"), {"token": "000000", "next": "/inbox/"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    key_before = client.session.session_key
    done = client.post(reverse("otp_setup"), {"token": code(device), "next": "/inbox/"})
    assert done.status_code == 302 and done["Location"] == "/inbox/"
    device.refresh_from_db()
    assert device.confirmed
    # the session key rotates once the second factor is verified (ASVS 7.2.4)
    assert client.session.session_key != key_before
    assert UserSession.objects.filter(session_key=client.session.session_key).exists()
    assert client.get(reverse("inbox")).status_code == 200
    # a confirmed device's secret is never shown again
    assert client.get(reverse("otp_qr")).status_code == 404


def test_enrolled_official_verifies_a_code_at_each_sign_in_and_a_code_works_once_asvs_6_5_1(
    otp_on, tianhe_official
):
    device = enrolled(tianhe_official)
    client = Client()
    login(client, tianhe_official)
    resp = client.get(reverse("inbox"))
    assert resp["Location"].startswith(reverse("otp_verify"))
    now = code(device)
    assert client.post(reverse("otp_verify"), {"token": now, "next": "/inbox/"}).status_code == 302
    assert client.get(reverse("inbox")).status_code == 200
    # the same code again, in a new session: refused (used once)
    other = Client()
    login(other, tianhe_official)
    again = other.post(reverse("otp_verify"), {"token": now, "next": "/inbox/"})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()
    assert other.get(reverse("inbox")).status_code == 302


def test_wrong_codes_are_throttled_asvs_6_3_1(otp_on, tianhe_official):
    device = enrolled(tianhe_official)
    client = Client()
    login(client, tianhe_official)
    client.post(reverse("otp_verify"), {"token": "000000"})
    client.post(reverse("otp_verify"), {"token": "000001"})
    # right after a wrong code even the right one waits (1 s, 2 s, 4 s … after each failure)
    resp = client.post(reverse("otp_verify"), {"token": code(device)})
    assert resp.status_code == 200 and "过于频繁" in resp.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_enterprise_may_skip_the_second_factor_but_is_asked_once_enrolled(otp_on, enterprise_user):
    client = Client()
    login(client, enterprise_user)
    assert client.get(reverse("inbox")).status_code == 200
    client.logout()
    device = enrolled(enterprise_user)
    login(client, enterprise_user)
    assert client.get(reverse("inbox"))["Location"].startswith(reverse("otp_verify"))
    client.post(reverse("otp_verify"), {"token": code(device)})
    assert client.get(reverse("inbox")).status_code == 200


def test_second_factor_is_off_for_demo_and_tests_unless_turned_on(tianhe_official):
    assert django_settings.GREENMFG_OTP_REQUIRED is False
    client = Client()
    login(client, tianhe_official)
    assert client.get(reverse("inbox")).status_code == 200


def test_api_token_needs_the_totp_code_for_officials_asvs_6_3_3(otp_on, settings, tianhe_official):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enrolled(tianhe_official)
    api = APIClient()
    url = "/api/v1/auth/token/"
    creds = {"username": tianhe_official.username, "password": PASSWORD}
    assert api.post(url, creds).status_code == 400
    assert api.post(url, {**creds, "otp_token": "123456"}).status_code == 400
    resp = api.post(url, {**creds, "otp_token": code(device)})
    assert resp.status_code == 200 and resp.json()["token"]


# --- session limits --------------------------------------------------------------------------


def _age(client: Client, *, started: float | None = None, seen: float | None = None):
    s = client.session
    if started is not None:
        s[sessions.STARTED] = started
    if seen is not None:
        s[sessions.SEEN] = seen
    s.save()


def test_idle_session_ends_after_30_minutes_asvs_7_3_1_djbh_8_1_4_1_b(client, tianhe_official):
    client.force_login(tianhe_official)
    assert client.get(reverse("inbox")).status_code == 200
    _age(client, seen=time.time() - 29 * 60)
    assert client.get(reverse("inbox")).status_code == 200
    _age(client, seen=time.time() - 31 * 60)
    resp = client.get(reverse("inbox"))
    assert resp.status_code == 302 and resp["Location"].startswith(LOGIN + "?next=/inbox/")
    assert "超过 30 分钟未操作" in client.get(resp["Location"]).content.decode()
    assert not UserSession.objects.filter(user=tianhe_official).exists()
    assert client.get(reverse("inbox")).status_code == 302


def test_session_ends_12_hours_after_sign_in_however_active_asvs_7_3_2(client, tianhe_official):
    client.force_login(tianhe_official)
    _age(client, started=time.time() - 12 * 3600 - 5, seen=time.time())
    resp = client.get(reverse("inbox"))
    assert resp.status_code == 302
    assert "登录已超过 12 小时" in client.get(resp["Location"]).content.decode()


def test_session_limits_come_from_settings_asvs_7_1_1(settings, client, tianhe_official):
    settings.GREENMFG_SESSION_IDLE_MINUTES = 5
    client.force_login(tianhe_official)
    _age(client, seen=time.time() - 6 * 60)
    assert client.get(reverse("inbox")).status_code == 302
    assert django_settings.SESSION_COOKIE_AGE == django_settings.GREENMFG_SESSION_MAX_HOURS * 3600


def test_idle_api_session_is_signed_out_too(client, tianhe_official):
    client.force_login(tianhe_official)
    _age(client, seen=time.time() - 31 * 60)
    assert client.get("/api/v1/inbox/").status_code in (401, 403)


def test_sign_in_rotates_the_session_key_asvs_7_2_4(tianhe_official):
    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    login(client, tianhe_official)
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_signed_in_pages_are_not_cached_asvs_14_3_2(client, tianhe_official):
    client.force_login(tianhe_official)
    resp = client.get(reverse("inbox"))
    assert "no-store" in resp["Cache-Control"] and "private" in resp["Cache-Control"]


# --- the user's sessions ---------------------------------------------------------------------


def test_user_sees_and_ends_own_sessions_asvs_7_5_2(tianhe_official, yuexiu_official):
    laptop, phone = Client(HTTP_USER_AGENT="Laptop/1.0"), Client(HTTP_USER_AGENT="Phone/2.0")
    login(laptop, tianhe_official)
    login(phone, tianhe_official)
    login(Client(), yuexiu_official)
    page = laptop.get(reverse("account_sessions")).content.decode()
    assert page.count('data-testid="session-row"') == 2
    assert "Laptop/1.0" in page and "Phone/2.0" in page and "当前会话" in page
    assert laptop.session.session_key not in page  # the key never leaves the server
    phone_row = UserSession.objects.get(session_key=phone.session.session_key)
    resp = laptop.post(reverse("account_session_end", args=[phone_row.uuid]))
    assert resp.status_code == 302
    assert phone.get(reverse("inbox")).status_code == 302  # signed out there
    assert laptop.get(reverse("inbox")).status_code == 200
    # another user's session cannot be ended
    theirs = UserSession.objects.get(user=yuexiu_official)
    assert laptop.post(reverse("account_session_end", args=[theirs.uuid])).status_code == 404


def test_end_all_other_sessions_keeps_this_one_asvs_7_4_3(tianhe_official):
    clients = [Client() for _ in range(3)]
    for c in clients:
        login(c, tianhe_official)
    clients[0].post(reverse("account_sessions_end_others"))
    assert clients[0].get(reverse("inbox")).status_code == 200
    assert [c.get(reverse("inbox")).status_code for c in clients[1:]] == [302, 302]
    assert UserSession.objects.filter(user=tianhe_official).count() == 1


def test_password_change_ends_other_sessions_and_keeps_this_one_asvs_7_4_3(tianhe_official):
    here, there = Client(), Client()
    login(here, tianhe_official)
    login(there, tianhe_official)
    new = "another-long-passphrase-2026"
    resp = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert resp.status_code == 302
    assert here.get(reverse("inbox")).status_code == 200
    assert there.get(reverse("inbox")).status_code == 302
    assert list(
        UserSession.objects.filter(user=tianhe_official).values_list("session_key", flat=True)
    ) == [here.session.session_key]
    assert PasswordRecord.objects.filter(user=tianhe_official).exists()


def test_disabling_an_account_ends_its_sessions_asvs_7_4_2(tianhe_official):
    client = Client()
    login(client, tianhe_official)
    tianhe_official.is_active = False
    tianhe_official.save()
    assert not UserSession.objects.filter(user=tianhe_official).exists()
    assert client.get(reverse("inbox")).status_code == 302


def test_administrator_ends_a_users_session_in_the_admin_asvs_7_4_5(tianhe_official):
    client = Client()
    login(client, tianhe_official)
    row = UserSession.objects.get(user=tianhe_official)
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    staff = Client()
    staff.force_login(admin)
    listing = staff.get("/admin/accounts/usersession/").content.decode()
    assert tianhe_official.username in listing and row.session_key not in listing
    staff.post(
        "/admin/accounts/usersession/",
        {"action": "end_sessions", "_selected_action": [row.pk]},
    )
    assert client.get(reverse("inbox")).status_code == 302


# --- password age (等保 定期更换, off by default) --------------------------------------------------


def test_periodic_password_change_is_off_by_default_asvs_6_2_10(client, tianhe_official):
    assert django_settings.GREENMFG_PASSWORD_MAX_AGE_DAYS == 0
    tianhe_official.date_joined = tianhe_official.date_joined.replace(year=2000)
    tianhe_official.save()
    client.force_login(tianhe_official)
    assert client.get(reverse("inbox")).status_code == 200


def test_periodic_password_change_when_the_deployment_turns_it_on_djbh_8_1_4_1_a(
    settings, tianhe_official
):
    settings.GREENMFG_PASSWORD_MAX_AGE_DAYS = 90
    PasswordRecord.objects.filter(user=tianhe_official).update(
        changed_at=tianhe_official.date_joined.replace(year=2000)
    )
    client = Client()
    login(client, tianhe_official)
    resp = client.get(reverse("inbox"))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("password_change"))
    new = "another-long-passphrase-2026"
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert client.get(reverse("inbox")).status_code == 200


def test_unit_user_role_does_not_need_the_second_factor(otp_on, enterprise):
    user = unit_user(enterprise)
    client = Client()
    login(client, user)
    assert client.get(reverse("registration_list")).status_code == 200
