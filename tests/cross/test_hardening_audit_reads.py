"""Issue 17, item 6: reads of the audit record by the platform administrator were not
audited, and administrators could read it in the Django admin although docs/security.md
said they get 403. Decision: administrators do not read the audit record at all (the
admin refuses it like ``/audit/``; 等保 8.1.4.2 d 管理用户权限分离); auditors read it, and
every read is audited — the pages (``audit.search``, ``audit.view``), the export
(``audit.export``) and now ``greenmfg audit verify`` (``audit.verify``). Every read of an
unmasked identity (objector, complainant) by a handling official is an ``identity.read``
event too, one per request (greenmfg/audit/reads.py).

等保 8.1.5.3 a (审计管理员的操作应被审计), 8.1.4.11; ASVS 5.0 16.3.3, 8.2.3."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from greenmfg.audit.models import AuditEvent
from greenmfg.audit.services import record_event
from greenmfg.core import clock
from greenmfg.parties.models import Role
from greenmfg.selection import publication
from greenmfg.supervision.complaints import services as complaints
from tests.cycle import approved_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IDENTITY = {
    "name": "李四光",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "email": "lisi@example.com",
}
STATEMENT = "该企业的能耗数据与实际不符，请核实处理。"


@pytest.fixture
def objection(enterprise_user, enterprise, tianhe_official, city_official):
    app = approved_application(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen("2026-05-06"):
        notice = publication.notice_open(actor=city_official, campaign=app.campaign)
    app.refresh_from_db()
    data = {f"objector_{k}": v for k, v in IDENTITY.items()} | {"statement": STATEMENT}
    with clock.frozen("2026-05-07"):
        return publication.objection_submit(
            actor=AnonymousUser(), notice=notice, application=app, data=data
        )


def complaint_against(unit):
    data = {f"complainant_{k}": v for k, v in IDENTITY.items()} | {"statement": STATEMENT}
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with clock.frozen("2026-05-06"):
        return complaints.complaint_submit(
            actor=AnonymousUser(), target=unit, data=data, evidence=SimpleUploadedFile("a.pdf", pdf)
        )


def reads():
    return list(AuditEvent.objects.filter(action="identity.read").order_by("seq"))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_administrators_do_not_read_the_audit_record_in_the_admin_djbh_8_1_4_2_d():
    event = record_event(actor=None, action="test.event", object_label="x")
    admin = client_for(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    assert admin.get(reverse("admin:audit_auditevent_changelist")).status_code == 403
    assert admin.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 403
    assert reverse("admin:audit_auditevent_changelist") not in admin.get("/admin/").content.decode()
    # … as at /audit/ (docs/security.md: administrators get 403)
    assert admin.get(reverse("audit_event_list")).status_code == 403


def test_a_handling_officials_read_of_an_objectors_identity_is_audited_djbh_8_1_4_11(
    objection, city_official, province_official
):
    before = len(reads())
    page = client_for(city_official).get(reverse("objection_detail", args=[objection.uuid]))
    assert IDENTITY["phone"] in page.content.decode()
    [event] = reads()[before:]
    assert event.actor_uuid == str(city_official.uuid)
    assert event.object_type == "selection.objection"
    assert event.object_uuid == str(objection.uuid)
    assert event.payload["fields"] == sorted(publication.OBJECTOR_IDENTITY_FIELDS)
    assert event.payload["path"] == reverse("objection_detail", args=[objection.uuid])
    assert event.jurisdiction_path == city_official.authority.jurisdiction.path
    # the event names the record, never the identity
    text = json.dumps(event.payload, ensure_ascii=False) + event.object_label
    assert not [v for v in IDENTITY.values() if v in text]
    # someone who sees it masked reads nothing
    client_for(province_official).get(reverse("objection_list"))
    assert len(reads()) == before + 1


def test_the_api_read_of_identities_is_audited_once_per_request(objection, city_official):
    api = APIClient()
    api.force_authenticate(city_official)
    before = len(reads())
    resp = api.get("/api/v1/objections/")
    assert resp.status_code == 200 and IDENTITY["email"] in resp.content.decode()
    [event] = reads()[before:]
    assert event.payload["objects"] == [str(objection.uuid)]
    assert event.payload["path"] == "/api/v1/objections/"


def test_a_list_of_complainants_is_one_audit_event_naming_each_complaint():
    from tests.oversight import city_official, listed_unit

    first, _u1 = listed_unit("440106")
    second, _u2 = listed_unit("440106")
    handled = [complaint_against(first), complaint_against(second)]
    handler = city_official("440106")
    client = client_for(handler)
    before = len(reads())
    page = client.get(reverse("complaint_list")).content.decode()
    assert IDENTITY["name"] in page
    [event] = reads()[before:]
    assert event.object_type == "supervision.complaint"
    assert event.payload["objects"] == sorted(str(c.uuid) for c in handled)
    client.get(reverse("complaint_detail", args=[handled[0].uuid]))
    assert reads()[-1].object_uuid == str(handled[0].uuid)


def test_a_read_outside_a_request_is_recorded_at_once(objection, city_official):
    before = len(reads())
    identity = publication.objector_identity(objection, city_official)
    assert identity["objector_phone"] == IDENTITY["phone"]
    assert len(reads()) == before + 1
    publication.objector_identity(objection, None)  # masked: nothing read
    assert len(reads()) == before + 1


def test_verifying_the_audit_record_is_itself_audited_djbh_8_1_5_3_a():
    record_event(actor=None, action="test.event", object_label="x")
    call_command("audit_verify", stdout=io.StringIO())
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "audit.verify"
    assert event.payload["ok"] is True and event.payload["checked"] >= 1
