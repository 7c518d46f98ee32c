"""Faults: a transition killed half-way leaves no trace, and a request sent twice acts once.

* A process that runs a real transition (``registration_submit``) is killed with SIGKILL
  inside its transaction, after the row was updated and its audit event appended, before
  the commit: the row keeps its state and version, there is no audit event, the chain
  verifies, and the transition then succeeds normally (no lock or half-written chain head
  left behind). On SQLite the child works on a file copy of the test database, which is
  copied back after the kill (SQLite rolls the hot journal back); on PostgreSQL it works
  on the test database itself.
* The same form or API call twice: one state change, one audit event; the second answer
  is a redirect with a message (page) or a 409 with reasons (API), or, with an
  ``Idempotency-Key``, the first answer replayed. Two simultaneous submissions on
  PostgreSQL: compare-and-set lets exactly one win.

等保 8.1.4.7 (数据完整性), 8.1.4.3 (安全审计); ASVS 5.0 2.3.2/2.3.3 (business logic
flows in order, transactions all or nothing), 2.4 (anti-automation: a replayed request
does nothing twice). docs/security.md “Hostile input, faults and load”.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from greenmfg.audit.models import AuditEvent
from greenmfg.audit.services import verify_chain
from greenmfg.core import clock
from greenmfg.cultivation import services as pool
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.selection.models import Objection
from tests.cycle import JANUARY, registration_data
from tests.hostile import OBJECTOR, noticed_application

ROOT = Path(__file__).resolve().parents[2]

KILLED_CHILD = """
import os, signal, sys
import django
django.setup()
from greenmfg.audit import transitions
from greenmfg.core import clock
from greenmfg.cultivation import services
from greenmfg.cultivation.models import Registration
from greenmfg.parties.models import User

original = transitions.record_event

def record_then_die(**kwargs):
    event = original(**kwargs)
    row = Registration.objects.filter(uuid=sys.argv[1]).values_list("state", "version").get()
    print("written", row[0], row[1], event.seq, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

transitions.record_event = record_then_die
reg = Registration.objects.get(uuid=sys.argv[1])
with clock.frozen(sys.argv[3]):
    services.registration_submit(actor=User.objects.get(username=sys.argv[2]), registration=reg)
print("committed", flush=True)
"""


@pytest.fixture
def reference_back_after_flush(django_db_blocker):
    """A transactional test ends with a flush of every table, the session's reference
    data included: load it again for the tests that follow (requested before
    ``transactional_db`` so that it runs after the flush)."""
    yield
    from greenmfg.jurisdictions.reference import load_reference

    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def committed(reference_back_after_flush, transactional_db):
    """Committed rows (other processes and threads see them)."""


def draft_registration(user) -> Registration:
    with clock.frozen(JANUARY):
        return pool.registration_create(
            actor=user, unit=user.organisation, list_type="factory", data=registration_data()
        )


def child_database_url(tmp_path) -> str:
    """A DATABASE_URL for a child process that holds this test's committed rows."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        )
    path = tmp_path / "child.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    return f"sqlite:///{path}"


def copy_back(url: str) -> None:
    """SQLite: read the child's file back into the test database; opening it rolls the
    killed transaction's hot journal back."""
    if connection.vendor != "sqlite":
        return
    path = url.removeprefix("sqlite:///")
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def test_a_transition_killed_before_commit_leaves_no_partial_state_djbh_8_1_4_7(
    committed, enterprise_user, tmp_path
):
    reg = draft_registration(enterprise_user)
    events_before = AuditEvent.objects.count()
    url = child_database_url(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "greenmfg.settings"}
    child = subprocess.run(
        [sys.executable, "-c", KILLED_CHILD, str(reg.uuid), enterprise_user.username, "2026-01-12"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # the child got as far as an updated row and an appended event, then died
    assert child.returncode == -signal.SIGKILL, (child.returncode, child.stderr[-2000:])
    assert child.stdout.split()[:3] == ["written", "submitted", "2"], child.stdout
    assert "committed" not in child.stdout
    if connection.vendor == "sqlite":
        assert Path(url.removeprefix("sqlite:///") + "-journal").exists()  # a hot journal
    copy_back(url)

    reg.refresh_from_db()
    assert (reg.state, reg.version) == (RegistrationState.DRAFT, 1)
    assert AuditEvent.objects.count() == events_before
    assert not AuditEvent.objects.filter(action="registration.submit").exists()
    assert verify_chain().ok
    # nothing half-done is left behind: the same transition now goes through
    with clock.frozen(JANUARY):
        reg = pool.registration_submit(actor=enterprise_user, registration=reg)
    assert (reg.state, reg.version) == (RegistrationState.SUBMITTED, 2)
    assert AuditEvent.objects.filter(action="registration.submit").count() == 1
    assert verify_chain().ok


# --- the same request twice ----------------------------------------------------------------


def submit_events(reg) -> int:
    return AuditEvent.objects.filter(
        action="registration.submit", object_uuid=str(reg.uuid)
    ).count()


@pytest.mark.django_db
def test_a_form_submitted_twice_acts_once_and_says_so_the_second_time(client, enterprise_user):
    reg = draft_registration(enterprise_user)
    client.force_login(enterprise_user)
    url = f"/pool/{reg.uuid}/submit/"
    with clock.frozen(JANUARY):
        first = client.post(url, follow=True)
        second = client.post(url, follow=True)
    reg.refresh_from_db()
    assert (reg.state, reg.version) == (RegistrationState.SUBMITTED, 2)
    assert submit_events(reg) == 1
    assert first.redirect_chain[-1][0] == second.redirect_chain[-1][0] == f"/pool/{reg.uuid}/"
    assert [m.level_tag for m in first.context["messages"]] == ["success"]
    second_messages = [(m.level_tag, m.message) for m in second.context["messages"]]
    assert len(second_messages) == 1 and second_messages[0][0] == "error", second_messages
    assert verify_chain().ok


@pytest.mark.django_db
def test_an_api_call_sent_twice_acts_once_and_the_second_answer_is_409(enterprise_user):
    reg = draft_registration(enterprise_user)
    api = APIClient()
    api.force_authenticate(enterprise_user)
    url = f"/api/v1/registrations/{reg.uuid}/submit/"
    with clock.frozen(JANUARY):
        first = api.post(url)
        second = api.post(url)
    assert first.status_code == 200 and first.json()["state"] == "submitted"
    assert second.status_code == 409, second.content
    assert second.json()["detail"]
    reg.refresh_from_db()
    assert reg.version == 2 and submit_events(reg) == 1


@pytest.mark.django_db
def test_an_idempotency_key_replays_the_first_answer_and_acts_once(enterprise_user):
    reg = draft_registration(enterprise_user)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=enterprise_user).key}")
    url = f"/api/v1/registrations/{reg.uuid}/submit/"
    with clock.frozen(JANUARY):
        first = api.post(url, HTTP_IDEMPOTENCY_KEY="submit-1")
        again = api.post(url, HTTP_IDEMPOTENCY_KEY="submit-1")
        other_request = api.post(
            f"/api/v1/registrations/{reg.uuid}/review/",
            {"decision": "approve"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="submit-1",
        )
        bad_key = api.post(url, HTTP_IDEMPOTENCY_KEY="含中文的键")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert other_request.status_code == 422 and "Idempotency-Key" in other_request.json()["detail"]
    assert bad_key.status_code == 400
    reg.refresh_from_db()
    assert reg.version == 2 and submit_events(reg) == 1


@pytest.mark.django_db
def test_an_objection_sent_twice_with_its_key_is_filed_once(
    enterprise_user, tianhe_official, city_official
):
    """A creation is no transition: without a key a retry files a second objection; with
    the same key the first receipt comes back and one objection exists."""
    app, notice = noticed_application(enterprise_user, tianhe_official, city_official)
    public = APIClient()
    body = {"application": str(app.uuid), **OBJECTOR}
    url = f"/api/v1/notices/{notice.uuid}/objections/"
    with clock.frozen(dt.date(2026, 4, 22)):
        first = public.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="objection-7f3a")
        again = public.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="objection-7f3a")
    assert first.status_code == again.status_code == 201
    assert again.json()["uuid"] == first.json()["uuid"]
    assert Objection.objects.count() == 1
    assert AuditEvent.objects.filter(action="objection.submit").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database (the CI's PostgreSQL pass)",
)
@pytest.mark.parametrize("key", [None, "same-key"], ids=["no-key", "same-key"])
def test_two_simultaneous_submissions_exactly_one_wins_on_postgresql(
    committed, enterprise_user, key
):
    reg = draft_registration(enterprise_user)
    token = Token.objects.create(user=enterprise_user).key
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def submit():
        from django.db import connection as thread_connection

        api = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
        extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        try:
            barrier.wait(timeout=10)
            with clock.frozen(JANUARY):
                answers.append(
                    api.post(f"/api/v1/registrations/{reg.uuid}/submit/", **extra).status_code
                )
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    reg.refresh_from_db()
    assert (reg.state, reg.version) == (RegistrationState.SUBMITTED, 2)
    assert submit_events(reg) == 1
    # one wins; the other is refused (409) — or, with the same key, gets the first answer
    assert sorted(answers)[0] == 200 and sorted(answers)[1] in (200, 409), answers
    assert verify_chain().ok
