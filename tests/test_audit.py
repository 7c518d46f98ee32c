"""The audit record: hash-chained, verifiable, tamper-evident (DESIGN.md decision 6)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from greenmfg.audit.models import AuditEvent, ChainHead
from greenmfg.audit.services import record_event, verify_chain

pytestmark = pytest.mark.django_db


def _events(n=5):
    for i in range(n):
        record_event(
            actor=None,
            action="test.event",
            object_type="test.thing",
            object_uuid=f"obj-{i}",
            reason=f"理由{i}",
            citations=["004 第十条"],
        )


def test_each_event_carries_the_hash_of_the_one_before():
    _events(3)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events][-3:] == [events[-3].seq, events[-3].seq + 1, events[-3].seq + 2]
    assert events[-1].prev_hash == events[-2].hash
    assert verify_chain().ok


def test_a_rewritten_event_is_named_by_verify():
    _events(5)
    target = AuditEvent.objects.order_by("seq")[2]
    AuditEvent.objects.filter(pk=target.pk).update(reason="被篡改")
    result = verify_chain()
    assert not result.ok and result.broken_seq == target.seq
    assert "hash" in result.problem


def test_a_deleted_event_is_named_by_verify():
    _events(5)
    target = AuditEvent.objects.order_by("seq")[1]
    AuditEvent.objects.filter(pk=target.pk).delete()
    result = verify_chain()
    assert not result.ok and result.broken_seq == target.seq


def test_a_truncated_tail_is_detected_by_the_head():
    _events(3)
    AuditEvent.objects.order_by("-seq").first().delete()
    result = verify_chain()
    assert not result.ok and "head" in result.problem
    assert ChainHead.objects.get(pk=1).seq == AuditEvent.objects.count() + 1


def test_audit_verify_command_exits_non_zero_on_a_broken_chain(capsys):
    _events(2)
    call_command("audit_verify")
    assert "OK" in capsys.readouterr().out
    AuditEvent.objects.filter(seq=1).update(action="tampered")
    with pytest.raises(CommandError, match="#1"):
        call_command("audit_verify")
