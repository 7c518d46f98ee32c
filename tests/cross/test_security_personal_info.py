"""Personal information (issue 8, part 6): objectors' and complainants' identity and
contact are visible in full only to the officials handling them and masked everywhere
else — pages, lists, the API, the admin (个人信息保护法 第五十一条; GB/T 22239-2019
8.1.4.11 个人信息保护; ASVS 5.0 8.2.3 field-level access)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from greenmfg.core import clock
from greenmfg.core.masking import mask_email, mask_id_number, mask_name, mask_phone
from greenmfg.core.vocabulary import Role
from greenmfg.selection import publication
from greenmfg.supervision.complaints import services as complaints
from tests.cycle import approved_application
from tests.factories import UserFactory, official

pytestmark = pytest.mark.django_db

OBJECTOR = {
    "objector_name": "张三丰",
    "objector_id_number": "11010519491231002X",
    "objector_phone": "13800138000",
    "objector_email": "zhangsan@example.com",
    "statement": "该企业的能耗数据与实际不符，请核实。",
}
SECRETS = ["张三丰", "11010519491231002X", "13800138000", "zhangsan@example.com"]
MASKED = ["张**", "110105********002X", "138****8000", "z***@example.com"]


def test_masking_helper_keeps_only_what_cannot_identify_djbh_8_1_4_11():
    assert mask_name("张三") == "张*"
    assert mask_name("广州某某科技有限公司") == "广*********"
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("91440101MA5CXXXX1X") == "914401********XX1X"
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("020-88886666") == "020*****6666"
    assert mask_email("whistle@example.com") == "w***@example.com"
    assert [mask_name(""), mask_phone(""), mask_email(""), mask_id_number("")] == [""] * 4


@pytest.fixture
def objection(enterprise_user, enterprise, tianhe_official, city_official):
    app = approved_application(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen("2026-05-06"):
        notice = publication.notice_open(actor=city_official, campaign=app.campaign)
    app.refresh_from_db()
    with clock.frozen("2026-05-07"):
        return publication.objection_submit(
            actor=AnonymousUser(), notice=notice, application=app, data=OBJECTOR
        )


def _page(user, url) -> str:
    client = Client()
    client.force_login(user)
    resp = client.get(url)
    assert resp.status_code == 200
    return resp.content.decode()


def test_objector_identity_in_full_only_for_the_handling_officials_asvs_8_2_3(
    objection, city_official
):
    url = reverse("objection_detail", args=[objection.uuid])
    page = _page(city_official, url)
    assert all(secret in page for secret in SECRETS)
    api = APIClient()
    api.force_authenticate(city_official)
    data = api.get(f"/api/v1/objections/{objection.uuid}/").json()
    assert [data[k] for k in list(OBJECTOR)[:4]] == SECRETS


@pytest.mark.parametrize(
    "make",
    [
        lambda: official("national", "000000"),
        lambda: UserFactory(role=Role.ADMIN),
        lambda: UserFactory(role=Role.ENTERPRISE, is_superuser=True, is_staff=True),
    ],
    ids=["national", "platform-admin", "superuser"],
)
def test_objector_identity_is_masked_for_everyone_else_who_sees_the_objection_djbh_8_1_4_11(
    objection, make
):
    user = make()
    url = reverse("objection_detail", args=[objection.uuid])
    page = _page(user, url)
    assert not any(secret in page for secret in SECRETS)
    assert all(masked in page for masked in MASKED)
    assert 'data-testid="objection-handle"' not in page
    assert not any(secret in _page(user, reverse("objection_list")) for secret in SECRETS)
    api = APIClient()
    api.force_authenticate(user)
    detail = api.get(f"/api/v1/objections/{objection.uuid}/").json()
    assert [detail[k] for k in list(OBJECTOR)[:4]] == MASKED
    listed = api.get("/api/v1/objections/").json()["results"]
    assert listed and not any(secret in str(listed) for secret in SECRETS)


def test_objector_identity_is_masked_in_the_admin_djbh_8_1_4_11(objection):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    changelist = _page(admin, "/admin/selection/objection/")
    change = _page(admin, f"/admin/selection/objection/{objection.pk}/change/")
    for page in (changelist, change):
        assert not any(secret in page for secret in SECRETS)
        assert "张**" in page


def test_objector_identity_never_in_public_pages_or_the_audit_record(objection):
    notice_page = Client().get(reverse("notice_detail", args=[objection.notice.uuid]))
    assert not any(secret in notice_page.content.decode() for secret in SECRETS)
    from greenmfg.audit.models import AuditEvent

    for event in AuditEvent.objects.filter(object_uuid=str(objection.uuid)):
        assert not any(secret in str(event.payload) + event.object_label for secret in SECRETS)


def test_complainant_identity_is_masked_for_other_officials_and_in_the_admin_djbh_8_1_4_11():
    from tests.oversight import city_official, listed_unit, province_official

    unit, _user = listed_unit("440106")
    data = {k.replace("objector", "complainant"): v for k, v in OBJECTOR.items()}
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with clock.frozen("2026-05-06"):
        c = complaints.complaint_submit(
            actor=AnonymousUser(),
            target=unit,
            data=data,
            evidence=SimpleUploadedFile("a.pdf", pdf),
        )
    handler = city_official("440106")
    assert all(s in _page(handler, reverse("complaint_detail", args=[c.uuid])) for s in SECRETS)
    province = province_official("440106")
    for url in (reverse("complaint_detail", args=[c.uuid]), reverse("complaint_list")):
        page = _page(province, url)
        assert not any(secret in page for secret in SECRETS)
        assert "张**" in page
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    for url in ("/admin/supervision/complaint/", f"/admin/supervision/complaint/{c.pk}/change/"):
        page = _page(admin, url)
        assert not any(secret in page for secret in SECRETS) and "张**" in page
