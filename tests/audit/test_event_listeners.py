"""The audit kernel's listeners (issue 18 item 3): a higher app subscribes to the committed
audit events without the lower apps importing it — told after the commit, never for a
rolled-back transaction, and a listener's failure never undoes or breaks the decision."""

from __future__ import annotations

import pytest
from django.db import transaction

from greenmfg.audit import services
from greenmfg.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """A listener registered for the test only; yields the events it was told of."""
    events: list[AuditEvent] = []

    def listener(event):
        events.append(event)

    services.event_listen(listener)
    services.event_listen(listener)  # twice: still told once
    yield events
    services._LISTENERS.remove(listener)


def record(action="audit.verify"):
    return services.record_event(actor=None, action=action, object_type="database", object_uuid="x")


def test_a_listener_is_told_after_the_commit_once(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = record()
        assert heard == []  # not before the commit
    assert [e.uuid for e in heard] == [event.uuid]


def test_a_listener_is_not_told_of_a_rolled_back_event(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                record()
                raise RuntimeError("refused later in the same transaction")
        except RuntimeError:
            pass
    assert heard == []
    assert not AuditEvent.objects.filter(action="audit.verify", object_uuid="x").exists()


def test_a_failing_listener_does_not_break_the_decision(heard, django_capture_on_commit_callbacks):
    def broken(event):
        raise ValueError("a listener's bug")

    services.event_listen(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            event = record()
    finally:
        services._LISTENERS.remove(broken)
    assert AuditEvent.objects.filter(uuid=event.uuid).exists()
