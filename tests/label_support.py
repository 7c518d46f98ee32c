"""The audit actions and states the suite produces, collected as events are saved, so
that tests/cross/test_labels.py can prove each has a label in both languages."""

from __future__ import annotations

from django.db.models.signals import post_save

#: (action, object_type, from_state, to_state) of every audit event saved in this session
PRODUCED: set[tuple[str, str, str, str]] = set()


def _collect(sender, instance, created, **kwargs):
    if created:
        PRODUCED.add(
            (instance.action, instance.object_type, instance.from_state, instance.to_state)
        )


def start_collecting() -> None:
    """Connect the collector to AuditEvent saves (once per session)."""
    from greenmfg.audit.models import AuditEvent

    post_save.connect(_collect, sender=AuditEvent, dispatch_uid="tests-label-collector")
