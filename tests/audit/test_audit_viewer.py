"""The audit-viewer role (审计员): auditors read the audit record within their scope and
change nothing; everyone else, administrators included, is kept out of it, and the
Django admin cannot add, change or delete an audit event even for a superuser
(等保 8.1.4.2 d 管理用户权限分离, 8.1.5.3 审计管理; ASVS 5.0 16.4.2)."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from greenmfg.audit.models import AuditEvent
from greenmfg.audit.services import record_event, verify_chain
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted
from greenmfg.core.vocabulary import Role
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.models import Authority, Organisation, role_problems
from greenmfg.parties.scoping import scope_by_unit
from tests.factories import UserFactory, official, unit_user

pytestmark = pytest.mark.django_db


def _path(code: str) -> str:
    return Jurisdiction.objects.get(code=code).path


def _event(label: str, code: str | None, action: str = "registration.submit"):
    return record_event(
        actor=None,
        action=action,
        object_type="cultivation.registration",
        object_uuid=str(uuid.uuid4()),
        object_label=label,
        jurisdiction_path=_path(code) if code else "",
        reason=f"{label}的理由",
    )


@pytest.fixture
def events():
    return {
        "tianhe": _event("天河测试企业", "440106"),
        "yuexiu": _event("越秀测试企业", "440104", action="application.submit"),
        "xiamen": _event("厦门测试企业", "350203"),
        "system": _event("平台事件", None, action="ruleset.install"),
    }


def auditor(code: str | None = None):
    authority = Authority.objects.get(jurisdiction__code=code) if code else None
    return UserFactory(role=Role.AUDITOR, authority=authority)


def _page(user, **params) -> str:
    client = Client()
    client.force_login(user)
    resp = client.get(reverse("audit_event_list"), params)
    assert resp.status_code == 200
    return resp.content.decode()


def test_an_auditor_reads_the_audit_record_within_the_authority_scope_djbh_8_1_5_3(events):
    html = _page(auditor("440100"))
    assert "天河测试企业" in html and "越秀测试企业" in html
    assert "厦门测试企业" not in html and "平台事件" not in html
    # a platform auditor (no authority) and a national one see everything
    for platform in (auditor(None), auditor("000000")):
        html = _page(platform)
        assert all(label in html for label in ("天河测试企业", "厦门测试企业", "平台事件"))
    # the event page, in scope and out of it
    client = Client()
    client.force_login(auditor("440100"))
    inside = client.get(reverse("audit_event_detail", args=[events["tianhe"].uuid]))
    assert inside.status_code == 200 and events["tianhe"].hash in inside.content.decode()
    outside = client.get(reverse("audit_event_detail", args=[events["xiamen"].uuid]))
    assert outside.status_code == 404


def test_an_auditor_filters_by_date_action_and_object(events):
    user = auditor(None)
    html = _page(user, action="application")
    assert "越秀测试企业" in html and "天河测试企业" not in html
    html = _page(user, object="天河")
    assert "天河测试企业" in html and "越秀测试企业" not in html
    html = _page(user, object=events["xiamen"].object_uuid)
    assert "厦门测试企业" in html and "天河测试企业" not in html
    today = timezone.localdate(events["tianhe"].occurred_at)  # Asia/Shanghai
    assert "天河测试企业" in _page(user, **{"from": today.isoformat(), "to": today.isoformat()})
    later = (today + dt.timedelta(days=1)).isoformat()
    assert "天河测试企业" not in _page(user, **{"from": later})
    assert "天河测试企业" in _page(user, **{"from": "not-a-date"})  # ignored, not an error


def test_reading_the_audit_record_is_itself_audited_djbh_8_1_5_3_a(events):
    user = auditor("440100")
    _page(user, action="registration")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "audit.search" and event.actor_uuid == str(user.uuid)
    assert event.payload["action"] == "registration"
    assert event.jurisdiction_path == _path("440100")
    client = Client()
    client.force_login(user)
    client.get(reverse("audit_event_detail", args=[events["tianhe"].uuid]))
    viewed = AuditEvent.objects.order_by("-seq").first()
    assert viewed.action == "audit.view" and viewed.object_uuid == str(events["tianhe"].uuid)
    assert verify_chain().ok


@pytest.mark.parametrize("who", ["enterprise", "city_official", "national", "admin"])
def test_no_one_but_an_auditor_opens_the_audit_record_asvs_16_4_2_djbh_8_1_4_2_d(events, who):
    from tests.factories import OrganisationFactory

    user = {
        "enterprise": lambda: unit_user(OrganisationFactory()),
        "city_official": lambda: official("city", "440100"),
        "national": lambda: official("national", "000000"),
        "admin": lambda: UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True),
    }[who]()
    client = Client()
    client.force_login(user)
    assert client.get(reverse("audit_event_list")).status_code == 403
    assert (
        client.get(reverse("audit_event_detail", args=[events["tianhe"].uuid])).status_code == 403
    )
    anonymous = Client().get(reverse("audit_event_list"))
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]


def test_the_admin_cannot_add_change_or_delete_an_audit_event_even_as_superuser_asvs_16_4_2(
    events,
):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    event = events["tianhe"]
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    page = client.get(change_url)
    # not even shown: administrators do not read the audit record (issue 17, item 6) …
    assert page.status_code == 403
    assert 'name="_save"' not in page.content.decode()
    assert reverse("admin:audit_auditevent_delete", args=[event.pk]) not in page.content.decode()
    refused = client.post(change_url, {"reason": "被篡改", "action": "x", "_save": "1"})
    assert refused.status_code == 403  # … and a change is refused
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    delete_url = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:audit_auditevent_changelist")).content.decode()
    assert "delete_selected" not in changelist
    bulk = client.post(
        reverse("admin:audit_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 403)
    assert AuditEvent.objects.get(pk=event.pk).reason == event.reason
    assert verify_chain().ok
    # the published heads are read-only in the admin too
    assert client.get(reverse("admin:audit_publishedchainhead_add")).status_code == 403


def test_the_auditor_must_enrol_totp_like_officials_asvs_6_3_3_djbh_8_1_4_1_d(settings):
    settings.GREENMFG_OTP_REQUIRED = True
    user = auditor(None)
    client = Client()
    resp = client.post(
        reverse("login"), {"username": user.username, "password": "correct-horse-battery"}
    )
    assert resp.status_code == 302
    resp = client.get(reverse("audit_event_list"))
    assert resp.status_code == 302 and resp["Location"].startswith(reverse("otp_setup"))


def test_an_auditor_cannot_act_as_an_official_or_a_unit_djbh_8_1_4_2_d():
    from greenmfg.supervision.spot_checks.services import spot_check_draw

    user = auditor("440106")
    assert not user.is_official
    assert not scope_by_unit(Organisation.objects.all(), user).exists()
    with clock.frozen(dt.date(2026, 6, 1)), pytest.raises(NotPermitted):
        spot_check_draw(
            actor=user,
            authority=Jurisdiction.objects.get(code="440106"),
            year=2026,
            count=1,
            seed=1,
        )
    user.organisation = Organisation.objects.create(
        kind="enterprise",
        name="审计员不应属于的企业",
        registered_division=Jurisdiction.objects.get(code="440106"),
    )
    assert "role" in role_problems(user)
    client = Client()
    client.force_login(auditor("440106"))
    home = client.get("/").content.decode()
    assert reverse("audit_event_list") in home and reverse("campaign_list") not in home


def test_the_demo_cast_has_an_auditor_account(settings):
    settings.GREENMFG_DEMO_CLOCK = True
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("auditor "))
    assert "auditor" in line.split()[1] and "/audit/" in line
