"""Notifications (issue 18 item 3): raised from the audit events after they commit, for
the unit's own users (never another unit's), read and counted in the header badge,
mailed per each user's preferences; and the receipt numbers of objections and
complaints with their public lookup."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from greenmfg.core import clock
from greenmfg.cultivation import services as pool
from greenmfg.notifications import services
from greenmfg.notifications.models import Notification
from greenmfg.notifications.selectors import unread_count
from greenmfg.selection import publication
from greenmfg.selection import services as selection
from greenmfg.supervision.complaints import services as complaints
from tests.cycle import (
    APRIL,
    JANUARY,
    approved_application,
    candidate,
    registration_data,
    submitted_application,
    submitted_report,
)

pytestmark = pytest.mark.django_db

IDENTITY = {
    "name": "张三",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "email": "zhangsan@example.com",
}
STATEMENT = "该企业的能耗数据与实际不符，请核实处理。"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def submitted_registration(user, unit):
    with clock.frozen(JANUARY):
        reg = pool.registration_create(
            actor=user, unit=unit, list_type="factory", data=registration_data()
        )
        return pool.registration_submit(actor=user, registration=reg)


def objection_to(app, city_official):
    with clock.frozen("2026-05-06"):
        notice = publication.notice_open(actor=city_official, campaign=app.campaign)
    app.refresh_from_db()
    data = {f"objector_{k}": v for k, v in IDENTITY.items()} | {"statement": STATEMENT}
    with clock.frozen("2026-05-07"):
        return publication.objection_submit(
            actor=AnonymousUser(), notice=notice, application=app, data=data
        )


# --- raised from the audit events ------------------------------------------------------------


def test_the_unit_is_told_when_its_registration_is_approved_004_9(
    enterprise_user,
    enterprise,
    other_enterprise_user,
    tianhe_official,
    city_official,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        candidate(enterprise_user, enterprise, tianhe_official, city_official)
    notes = Notification.objects.filter(recipient=enterprise_user).order_by("id")
    # the district's preliminary approval, then the city's: 已入库
    assert [n.to_state for n in notes] == ["preliminary_approved", "accepted"]
    assert notes[1].kind == "registration"
    assert notes[1].link == reverse("registration_detail", args=[notes[1].object_uuid])
    assert enterprise.name in notes[1].title
    # not another unit's users, not the officials who decided, not for the unit's own submit
    assert not Notification.objects.filter(recipient=other_enterprise_user).exists()
    assert not Notification.objects.filter(recipient__in=[tianhe_official, city_official]).exists()


def test_the_unit_is_told_when_its_application_is_recommended_004_10(
    enterprise_user,
    enterprise,
    other_enterprise_user,
    tianhe_official,
    city_official,
    django_capture_on_commit_callbacks,
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = submitted_report(enterprise_user, enterprise)
    app = submitted_application(enterprise_user, enterprise, city_official, rep)
    with django_capture_on_commit_callbacks(execute=True), clock.frozen(APRIL):
        selection.application_review(
            actor=tianhe_official, application=app, decision="approve", reason="同意推荐"
        )
    note = Notification.objects.get(recipient=enterprise_user)
    assert (note.kind, note.to_state) == ("application", "recommended")
    assert note.state_label == "区县已推荐，待评审"
    assert note.link == reverse("application_detail", args=[app.uuid])
    assert not Notification.objects.filter(recipient=other_enterprise_user).exists()


def test_nothing_is_raised_or_sent_when_the_transaction_rolls_back(
    enterprise_user, enterprise, tianhe_official, django_capture_on_commit_callbacks
):
    reg = submitted_registration(enterprise_user, enterprise)
    enterprise_user.email = "ent@example.com"
    enterprise_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic(), clock.frozen(JANUARY):
                pool.registration_review(
                    actor=tianhe_official, registration=reg, decision="approve", reason="符合"
                )
                raise RuntimeError("rolled back after the decision")
        except RuntimeError:
            pass
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_officials_are_told_of_a_new_objection_and_the_unit_of_its_outcome(
    enterprise_user, enterprise, tianhe_official, city_official, django_capture_on_commit_callbacks
):
    app = approved_application(enterprise_user, enterprise, tianhe_official, city_official)
    with django_capture_on_commit_callbacks(execute=True):
        obj = objection_to(app, city_official)
    officials = Notification.objects.filter(recipient=city_official, kind="objection")
    assert [n.link for n in officials] == [reverse("objection_detail", args=[obj.uuid])]
    unit_note = Notification.objects.get(recipient=enterprise_user, action="objection.submit")
    # no personal data of the objector in what the unit reads
    assert IDENTITY["name"] not in unit_note.title
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), clock.frozen("2026-05-10"):
        publication.objection_handle(
            actor=city_official, objection=obj, outcome="dismissed", reason="经核实，异议不成立"
        )
    assert Notification.objects.filter(
        recipient=enterprise_user, action="objection.dismissed"
    ).exists()
    # the anonymous objector is told by e-mail, with the receipt number, never a name
    [outcome] = [m for m in mail.outbox if m.to == [IDENTITY["email"]]]
    assert obj.receipt_number in outcome.body
    assert "异议不成立" in outcome.body
    assert IDENTITY["name"] not in outcome.body


def test_the_handling_city_is_told_of_a_new_complaint_000_25(django_capture_on_commit_callbacks):
    from tests.oversight import city_official, listed_unit

    unit, _ = listed_unit("440106")
    guangzhou = city_official("440106")
    data = {f"complainant_{k}": v for k, v in IDENTITY.items()} | {"statement": STATEMENT}
    with django_capture_on_commit_callbacks(execute=True), clock.frozen("2026-05-06"):
        c = complaints.complaint_submit(
            actor=AnonymousUser(), target=unit, data=data, evidence=SimpleUploadedFile("a.pdf", PDF)
        )
    note = Notification.objects.get(recipient=guangzhou)
    assert (note.kind, note.link) == ("complaint", reverse("complaint_detail", args=[c.uuid]))


# --- e-mail and preferences --------------------------------------------------------------------


def test_email_preference_on_sends_one_mail_after_commit(
    enterprise_user, enterprise, tianhe_official, django_capture_on_commit_callbacks
):
    reg = submitted_registration(enterprise_user, enterprise)
    enterprise_user.email = "ent@example.com"
    enterprise_user.save()
    with (
        django_capture_on_commit_callbacks(execute=True),
        clock.frozen(JANUARY),
        transaction.atomic(),
    ):
        pool.registration_review(
            actor=tianhe_official, registration=reg, decision="approve", reason="符合"
        )
        assert mail.outbox == []  # nothing before the commit
        assert not Notification.objects.exists()
    [sent] = mail.outbox
    assert sent.to == ["ent@example.com"]
    assert "初审通过" in sent.body and "登记表" in sent.subject
    assert tianhe_official.username not in sent.body  # no official's name


def test_email_preference_off_sends_no_mail_but_the_in_app_notification(
    enterprise_user, enterprise, tianhe_official, django_capture_on_commit_callbacks
):
    reg = submitted_registration(enterprise_user, enterprise)
    enterprise_user.email = "ent@example.com"
    enterprise_user.save()
    services.preferences_save(user=enterprise_user, email_kinds=["application"])
    with django_capture_on_commit_callbacks(execute=True), clock.frozen(JANUARY):
        pool.registration_review(
            actor=tianhe_official, registration=reg, decision="approve", reason="符合"
        )
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=enterprise_user).count() == 1


def test_preferences_page_saves_the_kinds_mailed(enterprise_user):
    c = client_for(enterprise_user)
    page = c.get(reverse("notification_preferences"))
    assert page.status_code == 200 and "邮件" in page.content.decode()
    r = c.post(reverse("notification_preferences"), {"email_kinds": ["registration"]})
    assert r.status_code == 302
    assert enterprise_user.notification_preference.email_kinds == ["registration"]


def test_an_unknown_kind_is_refused_naming_it(enterprise_user):
    from greenmfg.core.decisions import RuleViolation

    with pytest.raises(RuleViolation) as exc:
        services.preferences_save(user=enterprise_user, email_kinds=["gossip"])
    assert "gossip" in exc.value.reasons[0].message


# --- reading: the page, the badge, the API ------------------------------------------------------


def notes_for(user, n: int, *, on="2026-04-08"):
    from greenmfg.audit.services import record_event

    events = []
    for _i in range(n):
        events.append(
            record_event(
                actor=None,
                action="registration.city_conformity_review.approve",
                object_type="cultivation.registration",
                object_uuid=str(user.uuid),
                object_label=user.organisation.name,
                from_state="preliminary_approved",
                to_state="accepted",
            )
        )
    return [
        Notification.objects.create(
            recipient=user,
            business_date=on,
            kind="registration",
            event_uuid=e.uuid,
            action=e.action,
            object_type=e.object_type,
            object_uuid=e.object_uuid,
            object_label=e.object_label,
            to_state="accepted",
            url_name="registration_detail",
            url_uuid=e.object_uuid,
        )
        for e in events
    ]


def test_the_badge_counts_the_unread_and_marking_read_lowers_it(
    enterprise_user, other_enterprise_user
):
    first, _second, _third = notes_for(enterprise_user, 3)
    notes_for(other_enterprise_user, 2)
    c = client_for(enterprise_user)
    page = c.get(reverse("notification_list")).content.decode()
    assert 'data-testid="unread-badge">3<' in page
    assert page.count('data-testid="notification"') == 3  # only one's own
    r = c.post(reverse("notification_read", args=[first.uuid]))
    assert r.status_code == 302 and r.url == first.link
    assert unread_count(enterprise_user) == 2
    c.post(reverse("notification_read_all"))
    assert unread_count(enterprise_user) == 0
    assert 'data-testid="unread-badge"' not in c.get(reverse("home")).content.decode()
    assert unread_count(other_enterprise_user) == 2


def test_another_users_notification_cannot_be_marked_read(enterprise_user, other_enterprise_user):
    [theirs] = notes_for(other_enterprise_user, 1)
    r = client_for(enterprise_user).post(reverse("notification_read", args=[theirs.uuid]))
    assert r.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_page_issues_a_bounded_number_of_queries(
    enterprise_user, django_assert_max_num_queries
):
    notes_for(enterprise_user, 3)
    c = client_for(enterprise_user)
    c.get(reverse("notification_list"))
    with django_assert_max_num_queries(12) as few:
        c.get(reverse("notification_list"))
    notes_for(enterprise_user, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        r = c.get(reverse("notification_list"))
    assert r.content.decode().count('data-testid="notification"') == 43


def test_the_api_lists_ones_own_and_marks_read_in_bounded_queries(
    enterprise_user, other_enterprise_user, django_assert_max_num_queries
):
    notes_for(other_enterprise_user, 2)
    first, *_rest = notes_for(enterprise_user, 30)
    api = APIClient()
    api.force_authenticate(enterprise_user)
    with django_assert_max_num_queries(6):
        r = api.get("/api/v1/notifications/")
    assert r.status_code == 200 and r.data["count"] == 30
    assert r.data["results"][0]["state_label"] == "已入库（培育对象）"
    assert api.get("/api/v1/notifications/unread/").data == {"unread": 30}
    assert api.post(f"/api/v1/notifications/{first.uuid}/read/").data["is_read"] is True
    assert api.post("/api/v1/notifications/read-all/").data == {"marked": 29}
    assert api.get("/api/v1/notifications/?unread=1").data["count"] == 0
    r = api.put("/api/v1/notifications/preferences/", {"email_kinds": ["listing"]}, format="json")
    assert r.data == {"email_kinds": ["listing"]}


def test_the_api_answers_in_english_for_english_readers(enterprise_user):
    notes_for(enterprise_user, 1)
    api = APIClient()
    api.force_authenticate(enterprise_user)
    r = api.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.data["results"][0]["state_label"] != "已入库（培育对象）"


# --- receipts ------------------------------------------------------------------------------------


@pytest.fixture
def objection(enterprise_user, enterprise, tianhe_official, city_official):
    app = approved_application(enterprise_user, enterprise, tianhe_official, city_official)
    return objection_to(app, city_official)


def test_an_objection_gets_a_receipt_number_and_a_check_code(objection):
    assert objection.receipt_number == "YY-2026-000001"
    assert len(objection.check_code) == 8
    assert objection.check_code not in objection.check_digest


def test_the_receipt_lookup_works_with_the_check_code_and_fails_without(objection):
    c = Client()
    ok = c.post(
        reverse("receipt_lookup"),
        {"number": objection.receipt_number.lower(), "code": objection.check_code},
    )
    page = ok.content.decode()
    assert 'data-testid="receipt-result"' in page and "待处理" in page
    assert IDENTITY["name"] not in page and IDENTITY["phone"] not in page
    wrong = c.post(
        reverse("receipt_lookup"), {"number": objection.receipt_number, "code": "AAAAAAAA"}
    )
    assert 'data-testid="receipt-not-found"' in wrong.content.decode()
    api = APIClient()
    r = api.post(
        "/api/v1/receipts/lookup/",
        {"receipt_number": objection.receipt_number, "check_code": objection.check_code},
        format="json",
    )
    assert r.status_code == 200 and r.data["state"] == "open"
    assert set(r.data) == {
        "kind",
        "kind_label",
        "receipt_number",
        "state",
        "state_label",
        "submitted_on",
        "handled_on",
        "outcome",
    }
    r = api.post(
        "/api/v1/receipts/lookup/",
        {"receipt_number": objection.receipt_number, "check_code": ""},
        format="json",
    )
    assert r.status_code == 400
    r = api.post(
        "/api/v1/receipts/lookup/",
        {"receipt_number": objection.receipt_number, "check_code": "AAAAAAAA"},
        format="json",
    )
    assert r.status_code == 404


def test_the_receipt_lookup_is_rate_limited_per_number(objection, settings):
    settings.GREENMFG_RECEIPT_LOOKUPS_PER_NUMBER = "3/d"
    api = APIClient()
    for _guess in range(3):
        r = api.post(
            "/api/v1/receipts/lookup/",
            {"receipt_number": objection.receipt_number, "check_code": "AAAAAAAA"},
            format="json",
        )
        assert r.status_code == 404
    r = api.post(
        "/api/v1/receipts/lookup/",
        {"receipt_number": objection.receipt_number, "check_code": objection.check_code},
        format="json",
    )
    assert r.status_code == 429 and "Retry-After" in r


def test_a_complaint_receipt_is_numbered_ts_and_returned_by_the_api():
    from tests.oversight import listed_unit

    unit, _ = listed_unit("440106")
    api = APIClient()
    data = {f"complainant_{k}": v for k, v in IDENTITY.items()} | {"statement": STATEMENT}
    with clock.frozen("2026-05-06"):
        r = api.post(
            "/api/v1/complaints/",
            data | {"target": str(unit.uuid), "evidence": SimpleUploadedFile("a.pdf", PDF)},
            format="multipart",
        )
    assert r.status_code == 201, r.data
    assert r.data["receipt_number"] == "TS-2026-000001"
    assert len(r.data["check_code"]) == 8
    found = api.post(
        "/api/v1/receipts/lookup/",
        {"receipt_number": r.data["receipt_number"], "check_code": r.data["check_code"]},
        format="json",
    )
    assert found.status_code == 200 and found.data["kind"] == "complaint"


def test_the_objection_confirmation_page_shows_the_receipt(
    enterprise_user, enterprise, tianhe_official, city_official
):
    app = approved_application(enterprise_user, enterprise, tianhe_official, city_official)
    with clock.frozen("2026-05-06"):
        notice = publication.notice_open(actor=city_official, campaign=app.campaign)
    app.refresh_from_db()
    data = {f"objector_{k}": v for k, v in IDENTITY.items()} | {
        "statement": STATEMENT,
        "application": str(app.uuid),
    }
    with clock.frozen("2026-05-07"):
        r = Client().post(reverse("notice_detail", args=[notice.uuid]), data)
    page = r.content.decode()
    assert r.status_code == 200, page
    assert 'data-testid="receipt-number">YY-2026-000001<' in page
    assert 'data-testid="receipt-code">' in page


def test_receipt_numbers_follow_on_per_year_and_the_backfill_numbers_older_rows():
    import importlib

    from django.apps import apps as django_apps

    from greenmfg.supervision.models import Complaint
    from tests.oversight import listed_unit

    unit, _ = listed_unit("440106")
    data = {f"complainant_{k}": v for k, v in IDENTITY.items()} | {"statement": STATEMENT}
    made = []
    for day in ("2026-05-06", "2026-05-07"):
        with clock.frozen(day):
            made.append(
                complaints.complaint_submit(
                    actor=AnonymousUser(),
                    target=unit,
                    data=data,
                    evidence=SimpleUploadedFile("a.pdf", PDF),
                )
            )
    assert [c.receipt_number for c in made] == ["TS-2026-000001", "TS-2026-000002"]
    # a row from before the receipts: the migration's backfill numbers it, without a code
    Complaint.objects.filter(pk=made[1].pk).update(receipt_number=None, check_digest="")
    migration = importlib.import_module("greenmfg.supervision.migrations.0006_notify_receipts")
    Complaint.objects.filter(pk=made[0].pk).update(receipt_number=None)
    migration.number_existing(django_apps, None)
    numbers = list(
        Complaint.objects.order_by("submitted_on").values_list("receipt_number", flat=True)
    )
    assert numbers == ["TS-2026-000001", "TS-2026-000002"]
    api = APIClient()
    r = api.post(
        "/api/v1/receipts/lookup/",
        {"receipt_number": "TS-2026-000002", "check_code": made[1].check_code},
        format="json",
    )
    assert r.status_code == 404  # a backfilled receipt has no check code to match
