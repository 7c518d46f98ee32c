"""Server-rendered pages: who sees what, scoped by jurisdiction and organisation,
with bounded query counts (DESIGN.md decision 4; STYLE.md healthchecks cast)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greenmfg.core import clock
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import GreenList, Listing
from greenmfg.selection import publication, reports
from tests.cycle import JANUARY, approved_application, candidate, submitted_report
from tests.factories import OrganisationFactory, unit_user

D = dt.date
pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


def test_public_pages_render_without_sign_in(client):
    for name in ("home", "register_search", "green_list_index", "notice_list", "login"):
        assert client.get(reverse(name)).status_code == 200, name


def test_signed_in_pages_redirect_anonymous_to_login(client):
    for name in (
        "inbox",
        "registration_list",
        "report_list",
        "application_list",
        "campaign_list",
        "objection_list",
    ):
        resp = client.get(reverse(name))
        assert resp.status_code == 302 and reverse("login") in resp["Location"], name


def test_each_role_sees_its_pages(
    client, enterprise_user, tianhe_official, city_official, province_official
):
    for user in (enterprise_user, tianhe_official, city_official, province_official):
        c = _client(client, user)
        for name in ("inbox", "registration_list", "application_list"):
            assert c.get(reverse(name)).status_code == 200, (user.username, name)


def test_tianhe_registration_is_invisible_to_yuexiu_and_to_another_enterprise(
    client,
    enterprise_user,
    enterprise,
    tianhe_official,
    city_official,
    yuexiu_official,
    other_enterprise_user,
):
    reg = candidate(enterprise_user, enterprise, tianhe_official, city_official)
    url = reverse("registration_detail", args=[reg.uuid])
    for user in (enterprise_user, tianhe_official, city_official):
        assert _client(client, user).get(url).status_code == 200, user.username
    for user in (yuexiu_official, other_enterprise_user):
        resp = _client(client, user).get(url)
        assert resp.status_code == 404, user.username
        assert enterprise.name not in resp.content.decode()
        list_page = client.get(reverse("registration_list")).content.decode()
        assert enterprise.name not in list_page


def test_yuexiu_official_cannot_act_on_a_tianhe_application_by_url(
    client, enterprise_user, enterprise, tianhe_official, city_official, yuexiu_official
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = submitted_report(enterprise_user, enterprise)
    from tests.cycle import submitted_application

    app = submitted_application(enterprise_user, enterprise, city_official, rep)
    c = _client(client, yuexiu_official)
    with clock.frozen(D(2026, 4, 8)):
        resp = c.post(
            reverse("application_review", args=[app.uuid]), {"decision": "approve", "reason": "x"}
        )
    assert resp.status_code == 404
    app.refresh_from_db()
    assert app.state == "submitted"


def test_evidence_is_served_as_attachment_only_to_those_who_may_see_it(
    client, enterprise_user, enterprise, other_enterprise_user, tianhe_official
):
    with clock.frozen(D(2026, 4, 8)):
        rep = reports.report_create(actor=enterprise_user, unit=enterprise, list_type="factory")
        ev = reports.evidence_upload(
            actor=enterprise_user,
            report=rep,
            indicator_code="C-04",
            upload=SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"),
        )
    url = reverse("evidence_download", args=[ev.uuid])
    resp = _client(client, enterprise_user).get(url)
    assert resp.status_code == 200
    assert resp["Content-Disposition"].startswith("attachment")
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert _client(client, tianhe_official).get(url).status_code == 200
    assert _client(client, other_enterprise_user).get(url).status_code == 404


def test_registration_form_submits_through_the_service_and_explains_refusals(
    client, enterprise_user
):
    c = _client(client, enterprise_user)
    form = {
        "list_type": "factory",
        "unit_nature": "有限责任公司",
        "main_products": "五金",
        "output_value": "100",
        "energy_consumption": "10",
        "is_manufacturer": "on",
        "clean_production_certified": "on",
        "clean_production_valid_until": "2027-12-31",
        "contact_name": "李四",
        "contact_phone": "020-1234567",
        "contact_email": "a@example.com",
        "commitment": "on",
    }
    with clock.frozen(JANUARY):
        resp = c.post(reverse("registration_new"), form)
    assert resp.status_code == 302
    detail = resp["Location"]
    with clock.frozen(D(2026, 2, 2)):
        resp = c.post(detail + "submit/", follow=True)
    body = resp.content.decode()
    assert "《广州市绿色工厂梯度培育及管理暂行办法》第九条" in body  # 004 第九条, by its title
    with clock.frozen(JANUARY):
        resp = c.post(detail + "submit/", follow=True)
    assert "已提交，待审核" in resp.content.decode()


def test_public_notice_page_takes_an_objection_and_never_shows_the_objector(
    client, enterprise_user, enterprise, tianhe_official, city_official
):
    app = approved_application(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen(D(2026, 5, 6)):
        notice = publication.notice_open(actor=city_official, campaign=app.campaign)
    url = reverse("notice_detail", args=[notice.uuid])
    with clock.frozen(D(2026, 5, 7)):
        page = client.get(url).content.decode()
        assert enterprise.name in page and "实名提出异议" in page
        resp = client.post(
            url,
            {
                "application": str(app.uuid),
                "objector_name": "赵六",
                "objector_id_number": "11010519491231002X",
                "objector_phone": "13900001111",
                "objector_email": "z@example.com",
                "statement": "该企业存在偷漏税行为，证据见附件。",
            },
            follow=True,
        )
        body = resp.content.decode()
    assert "异议已提交" in body
    assert "赵六" not in body and "11010519491231002X" not in body
    obj = app.objections.get()
    assert (
        _client(client, tianhe_official)
        .get(reverse("objection_detail", args=[obj.uuid]))
        .status_code
        == 404
    )
    city_page = (
        _client(client, city_official)
        .get(reverse("objection_detail", args=[obj.uuid]))
        .content.decode()
    )
    assert "赵六" in city_page


def _listings(n: int):
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440100"),
        level="municipal",
        year=2025,
        title="测试名单",
    )
    region = Jurisdiction.objects.get(code="440106")
    Listing.objects.bulk_create(
        [
            Listing(
                green_list=gl,
                unit_name=f"测试企业{i}",
                list_type="factory",
                level="municipal",
                year=2025,
                region=region,
                star=1,
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("n", [5, 60])
def test_register_search_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, n
):
    _listings(n)
    with django_assert_max_num_queries(8):
        resp = client.get(reverse("register_search"), {"region": "440100", "q": "测试"})
    assert resp.status_code == 200
    assert f"共 {n} 条" in resp.content.decode()


@pytest.mark.parametrize("n", [2, 12])
def test_city_inbox_query_count_does_not_grow_with_rows(
    client, city_official, tianhe_official, django_assert_max_num_queries, n
):
    from greenmfg.cultivation import services as pool
    from tests.cycle import registration_data

    for i in range(n):
        org = OrganisationFactory(name=f"天河测试企业{i}")
        user = unit_user(org)
        with clock.frozen(JANUARY):
            reg = pool.registration_create(
                actor=user, unit=org, list_type="factory", data=registration_data()
            )
            reg = pool.registration_submit(actor=user, registration=reg)
            pool.registration_review(actor=tianhe_official, registration=reg, decision="approve")
    c = _client(client, city_official)
    # 14 before issue 18, + the dynamic-form obligations (listings, units, ancestors, forms)
    # and the departments' objections to resolve
    with clock.frozen(JANUARY), django_assert_max_num_queries(19):
        resp = c.get(reverse("inbox"))
    assert resp.content.decode().count("天河测试企业") == n


@pytest.mark.parametrize("n", [2, 12])
def test_registration_list_query_count_does_not_grow_with_rows(
    client, city_official, django_assert_max_num_queries, n
):
    from greenmfg.cultivation import services as pool
    from tests.cycle import registration_data

    for i in range(n):
        org = OrganisationFactory(name=f"列表测试企业{i}")
        with clock.frozen(JANUARY):
            pool.registration_create(
                actor=unit_user(org), unit=org, list_type="factory", data=registration_data()
            )
    c = _client(client, city_official)
    with django_assert_max_num_queries(10):
        resp = c.get(reverse("registration_list"))
    assert resp.content.decode().count("列表测试企业") == n


def test_platform_administrator_has_the_django_admin_and_workflow_objects_are_read_only(client):
    from tests.factories import UserFactory

    admin_user = UserFactory(role="admin", is_staff=True, is_superuser=True)
    c = _client(client, admin_user)
    for model in (
        "jurisdictions/jurisdiction",
        "jurisdictions/calendaryear",
        "parties/organisation",
        "parties/user",
        "supervision/creditrecord",
        "selection/application",
        "register/listing",
        "audit/publishedchainhead",
    ):
        assert c.get(f"/admin/{model}/").status_code == 200, model
    # the audit record is the auditors' to read, not the administrator's (issue 17, item 6)
    assert c.get("/admin/audit/auditevent/").status_code == 403
    assert c.get("/admin/selection/application/add/").status_code == 403
    assert c.get("/admin/audit/auditevent/add/").status_code == 403
    assert c.get("/admin/jurisdictions/calendaryear/add/").status_code == 200
