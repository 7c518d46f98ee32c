"""The demo platform date, moved by one audited service (page and commands alike)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from greenmfg.audit.services import record_event
from greenmfg.core import clock


@transaction.atomic
def platform_date_set(*, actor, day: dt.date | None) -> dt.date:
    """Move the demo platform date to ``day`` (``None``: back to the real date) and
    write the ``clock.set`` audit event with the dates before and after.

    ``actor`` is the signed-in user (``None`` for a command). Returns the platform
    date now in force. Raises ``PermissionError`` when the deployment has no demo
    clock (``GREENMFG_DEMO_CLOCK`` off): production dates cannot be moved.
    """
    before = clock.today()
    clock.set_platform_date(day)
    after = clock.today()
    record_event(
        actor=actor,
        action="clock.set",
        object_type="core.platformclock",
        object_uuid="1",
        object_label="平台日期",
        from_state=str(before),
        to_state=str(after),
    )
    return after
