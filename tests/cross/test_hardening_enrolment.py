"""Issue 17, item 15: second-factor enrolment went to whoever signed in first with an
unenrolled official's password. Now an official enrols only with an enrolment code
issued by an administrator (admin action, or ``greenmfg enrolment-code``) or by a
superior authority, handed over out of band: only its hash is stored, it is single use,
it expires, and issuing and using it are audited (greenmfg/accounts/enrolment.py).

ASVS 5.0 6.4.3 (initial authenticator delivered securely), 6.3.3; 等保 8.1.4.1 d."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from greenmfg.accounts import enrolment
from greenmfg.accounts.enrolment import enrolment_code_issue, enrolment_code_redeem, may_issue
from greenmfg.accounts.models import EnrolmentCode
from greenmfg.audit.models import AuditEvent
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.parties.models import Role
from tests.factories import OrganisationFactory, UserFactory, official, unit_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def otp_on(settings):
    settings.GREENMFG_OTP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def signed_in(user) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD})[
        "Location"
    ]
    return client


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def verified_admin() -> Client:
    """An administrator signed in with his own second factor verified."""
    admin = UserFactory(
        username="platform_admin", role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = signed_in(admin)
    client.post(reverse("otp_verify"), {"token": current_code(device)})
    assert client.get("/admin/").status_code == 200
    return client


def test_the_first_to_sign_in_with_an_officials_password_cannot_enrol_asvs_6_4_3(
    otp_on, tianhe_official
):
    intruder = signed_in(tianhe_official)
    page = intruder.get(reverse("otp_setup"))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="enrolment-code"' in html
    assert 'data-testid="otp-secret"' not in html and reverse("otp_qr") not in html
    assert not TOTPDevice.objects.filter(user=tianhe_official).exists()
    assert intruder.get(reverse("otp_qr")).status_code == 404
    # a TOTP code posted straight away enrols nothing
    intruder.post(reverse("otp_setup"), {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=tianhe_official, confirmed=True).exists()
    wrong = intruder.post(reverse("otp_setup"), {"enrolment_code": "AAAA-BBBB-CCCC-DDDD"})
    assert "登记码无效、已使用或已过期" in wrong.content.decode()
    assert intruder.get(reverse("inbox")).status_code == 302  # still nothing else


def test_an_administrator_issues_a_code_and_the_official_enrols_with_it_asvs_6_4_3(
    otp_on, tianhe_official
):
    admin = verified_admin()
    shown = admin.post(
        reverse("admin:parties_user_changelist"),
        {"action": "issue_enrolment_codes", "_selected_action": [tianhe_official.pk]},
    )
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    [code] = re.findall(r'data-testid="enrolment-code-value">([A-Z0-9-]+)<', shown.content.decode())
    official_client = signed_in(tianhe_official)
    official_client.post(reverse("otp_setup"), {"enrolment_code": code.lower().replace("-", " ")})
    page = official_client.get(reverse("otp_setup")).content.decode()
    assert 'data-testid="otp-secret"' in page
    assert official_client.get(reverse("otp_qr"))["Content-Type"] == "image/png"
    device = TOTPDevice.objects.get(user=tianhe_official, confirmed=False)
    done = official_client.post(
        reverse("otp_setup"), {"token": current_code(device), "next": "/inbox/"}
    )
    assert done.status_code == 302 and done["Location"] == "/inbox/"
    assert official_client.get(reverse("inbox")).status_code == 200
    actions = list(
        AuditEvent.objects.filter(object_uuid=str(tianhe_official.uuid))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "account.enrolment_code.issue",
        "account.enrolment_code.use",
        "account.otp.enrol",
    ]
    issued = AuditEvent.objects.get(action="account.enrolment_code.issue")
    admin_user = UserFactory._meta.model.objects.get(username="platform_admin")
    assert issued.actor_uuid == str(admin_user.uuid)
    assert code not in json.dumps(issued.payload)


def test_a_code_is_the_users_own_single_use_and_expires_asvs_6_4_3(
    tianhe_official, yuexiu_official
):
    _row, code = enrolment_code_issue(user=tianhe_official, actor=None)
    with pytest.raises(RuleViolation) as exc:
        enrolment_code_redeem(user=yuexiu_official, code=code)
    assert [(r.code, r.citation) for r in exc.value.reasons] == [("enrolment.code_invalid", "")]
    enrolment_code_redeem(user=tianhe_official, code=code)
    with pytest.raises(RuleViolation) as exc:
        enrolment_code_redeem(user=tianhe_official, code=code)
    assert [(r.code, r.citation) for r in exc.value.reasons] == [("enrolment.code_invalid", "")]
    row, late = enrolment_code_issue(user=tianhe_official, actor=None, hours=1)
    EnrolmentCode.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    with pytest.raises(RuleViolation) as exc:
        enrolment_code_redeem(user=tianhe_official, code=late)
    assert [(r.code, r.citation) for r in exc.value.reasons] == [("enrolment.code_invalid", "")]
    # a new code cancels the unused one before it
    _old, first = enrolment_code_issue(user=yuexiu_official, actor=None)
    _new, second = enrolment_code_issue(user=yuexiu_official, actor=None)
    with pytest.raises(RuleViolation) as exc:
        enrolment_code_redeem(user=yuexiu_official, code=first)
    assert [(r.code, r.citation) for r in exc.value.reasons] == [("enrolment.code_invalid", "")]
    enrolment_code_redeem(user=yuexiu_official, code=second)


def test_only_an_administrator_or_a_superior_authority_issues_codes(
    tianhe_official, yuexiu_official, city_official, province_official
):
    shenzhen = official("city", "440300")
    admin = UserFactory(role=Role.ADMIN, is_staff=True)
    enterprise = unit_user(OrganisationFactory())
    assert may_issue(None, tianhe_official)  # a command on the server
    assert may_issue(admin, city_official)
    assert may_issue(city_official, tianhe_official)
    assert may_issue(province_official, city_official)
    assert not may_issue(tianhe_official, city_official)  # below, not above
    assert not may_issue(yuexiu_official, tianhe_official)  # a neighbour
    assert not may_issue(shenzhen, tianhe_official)  # another city
    assert not may_issue(city_official, official("city", "440100"))  # a colleague
    assert not may_issue(enterprise, tianhe_official)
    assert not may_issue(admin, admin)  # never oneself
    with pytest.raises(NotPermitted):
        enrolment_code_issue(user=tianhe_official, actor=yuexiu_official)
    assert not EnrolmentCode.objects.exists()
    with pytest.raises(RuleViolation) as exc:  # an enterprise enrols itself, no code needed
        enrolment_code_issue(user=enterprise, actor=admin)
    assert [(r.code, r.citation) for r in exc.value.reasons] == [("enrolment.not_needed", "")]


def test_the_command_issues_a_code_and_only_its_hash_is_stored(tianhe_official):
    out = io.StringIO()
    call_command("enrolment_code", tianhe_official.username, "--json", stdout=out)
    data = json.loads(out.getvalue())
    code = data["code"]
    assert re.fullmatch(r"([A-Z2-9]{4}-){3}[A-Z2-9]{4}", code)
    row = EnrolmentCode.objects.get(user=tianhe_official)
    assert row.code_hash == hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    stored = json.dumps(list(EnrolmentCode.objects.values()), default=str)
    assert code not in stored and code.replace("-", "") not in stored
    assert AuditEvent.objects.filter(action="account.enrolment_code.issue").count() == 1


def test_five_wrong_codes_end_the_session(otp_on, tianhe_official):
    client = signed_in(tianhe_official)
    for _ in range(enrolment.MAX_FAILURES - 1):
        client.post(reverse("otp_setup"), {"enrolment_code": "WRONG-CODE-0000-0000"})
    last = client.post(reverse("otp_setup"), {"enrolment_code": "WRONG-CODE-0000-0000"})
    assert last.status_code == 302 and last["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_an_enterprise_enrols_its_optional_second_factor_without_a_code(enterprise_user):
    client = signed_in(enterprise_user)
    page = client.get(reverse("otp_setup")).content.decode()
    assert 'data-testid="otp-secret"' in page
