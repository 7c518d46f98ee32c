"""Issue 17, item 2: the administrator recovered objectors' and complainants' identities
through Django admin query lookups on the masked fields (``?objector_id_number=…``
answered 1 or 0; a prefix search recovered phone, ID number and e-mail in 356 requests).
Every model admin is now guarded (greenmfg/core/admin_site.py): no filter, search, sort
or ``_to_field`` on a personal or secret field, masked identities never shown.

The models with such fields are found here, not listed: every model whose fields are
masked by greenmfg/core/masking.py, or named like a person's contact or identifier, or a
secret. 个人信息保护法 第五十一条; 等保 8.1.4.11; ASVS 5.0 8.2.3."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from greenmfg.core import clock
from greenmfg.core.admin_site import hidden_fields, protected_fields
from greenmfg.parties.models import Role
from greenmfg.selection import publication
from greenmfg.selection.publication import OBJECTOR_IDENTITY_FIELDS
from greenmfg.supervision.complaints import services as complaints
from tests.cycle import approved_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IDENTITY = {
    "name": "张三丰",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "email": "zhangsan@example.com",
}
SECRETS = list(IDENTITY.values())
PERSONAL_NAME = re.compile(r"(^|_)(phone|email|id_number|password)$")


@pytest.fixture
def objection(enterprise_user, enterprise, tianhe_official, city_official):
    app = approved_application(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen("2026-05-06"):
        notice = publication.notice_open(actor=city_official, campaign=app.campaign)
    app.refresh_from_db()
    data = {f"objector_{k}": v for k, v in IDENTITY.items()} | {
        "statement": "该企业的能耗数据与实际不符，请核实。"
    }
    with clock.frozen("2026-05-07"):
        return publication.objection_submit(
            actor=AnonymousUser(), notice=notice, application=app, data=data
        )


@pytest.fixture
def complaint():
    from tests.oversight import listed_unit

    unit, _user = listed_unit("440106")
    data = {f"complainant_{k}": v for k, v in IDENTITY.items()} | {
        "statement": "该企业在评价过程中弄虚作假，请核实处理。"
    }
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with clock.frozen("2026-05-06"):
        return complaints.complaint_submit(
            actor=AnonymousUser(), target=unit, data=data, evidence=SimpleUploadedFile("a.pdf", pdf)
        )


@pytest.fixture
def staff():
    client = Client()
    client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    return client


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def admins_with_personal_fields():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if protected_fields(model)
    ]


def test_every_personal_or_masked_field_of_every_model_is_protected():
    """What the guard protects is found by name, so a new model is covered; this finds
    them independently and checks the guard agrees."""
    masked = {
        "selection.objection": set(OBJECTOR_IDENTITY_FIELDS),
        "supervision.complaint": set(complaints.IDENTITY_FIELDS),
    }
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields() if PERSONAL_NAME.search(f.name)}
        names |= masked.get(model._meta.label_lower, set())
        assert names <= protected_fields(model), model._meta.label_lower
    assert {m._meta.label_lower for m, _a in admins_with_personal_fields()} >= {
        "selection.objection",
        "supervision.complaint",
        "parties.user",
        "accounts.usersession",
        "otp_totp.totpdevice",
        "supervision.filingofficer",
        "cultivation.registration",
        "agencies.agencyprofile",
    }


def test_no_admin_filters_on_a_protected_field_asvs_8_2_3_djbh_8_1_4_11(
    staff, objection, complaint
):
    """Every admin of a model with personal fields × every such field × a lookup that
    would answer 1 or 0: refused (400), for the superuser too."""
    problems = []
    for model, _model_admin in admins_with_personal_fields():
        url = changelist(model)
        for field in sorted(protected_fields(model)):
            for lookup in (field, f"{field}__startswith", f"{field}__icontains", f"{field}__in"):
                resp = staff.get(url, {lookup: "1"})
                if resp.status_code != 400:
                    problems.append(f"{url}?{lookup}= answered {resp.status_code}")
    assert not problems, "\n".join(problems)


def test_the_attack_of_the_issue_recovers_nothing_asvs_8_2_3(staff, objection, complaint):
    for url, prefix in (
        ("/admin/selection/objection/", "objector"),
        ("/admin/supervision/complaint/", "complainant"),
    ):
        for key, value in IDENTITY.items():
            assert staff.get(url, {f"{prefix}_{key}": value}).status_code == 400
            assert staff.get(url, {f"{prefix}_{key}__startswith": value[:3]}).status_code == 400
    # through a relation from another admin too
    assert (
        staff.get(
            "/admin/selection/application/", {"objections__objector_phone__startswith": "138"}
        ).status_code
        == 400
    )


def test_no_admin_searches_or_sorts_on_a_protected_field(staff, objection, complaint):
    from greenmfg.parties.models import User

    officer = UserFactory(email="official.private@example.gov.cn", phone="13912345678")
    for model, model_admin in admins_with_personal_fields():
        request = staff.get(changelist(model)).wsgi_request
        protected = protected_fields(model)
        searched = [f.lstrip("^=@").split("__")[0] for f in model_admin.get_search_fields(request)]
        assert not set(searched) & protected, model
        sortable = model_admin.get_sortable_by(request)
        assert not set(sortable) & protected, model
        filters = [f if isinstance(f, str) else f[0] for f in model_admin.get_list_filter(request)]
        assert not set(filters) & protected, model
    # the users' search box no longer matches an e-mail address or a phone
    page = staff.get(changelist(User), {"q": "official.private@example.gov.cn"}).content.decode()
    assert officer.username not in page
    assert staff.get(changelist(User), {"o": "1"}).status_code == 200


def test_masked_identities_are_never_shown_in_the_admin_djbh_8_1_4_11(staff, objection, complaint):
    pages = [
        "/admin/selection/objection/",
        f"/admin/selection/objection/{objection.pk}/change/",
        "/admin/supervision/complaint/",
        f"/admin/supervision/complaint/{complaint.pk}/change/",
    ]
    for url in pages:
        page = staff.get(url).content.decode()
        assert not [s for s in SECRETS if s in page], url
        assert "张**" in page
    assert hidden_fields(type(objection)) == set(OBJECTOR_IDENTITY_FIELDS)


def test_secrets_cannot_be_recovered_by_prefix_either(staff, tianhe_official):
    """Password hashes, TOTP keys, session keys: the same attack on secrets."""
    device = TOTPDevice.objects.create(user=tianhe_official, name="phone", confirmed=True)
    assert staff.get("/admin/parties/user/", {"password__startswith": "md5$"}).status_code == 400
    url = "/admin/otp_totp/totpdevice/"
    assert staff.get(url, {"key__startswith": device.key[:2]}).status_code == 400
    assert staff.get(url, {"user__password__startswith": "md5"}).status_code == 400
    assert staff.get("/admin/accounts/usersession/", {"session_key__gt": "0"}).status_code == 400
    assert staff.get("/admin/parties/user/", {"_to_field": "password"}).status_code == 400
