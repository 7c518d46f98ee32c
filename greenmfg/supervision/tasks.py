"""Background jobs of dynamic management: the dynamic-form reminders due on a day."""

from __future__ import annotations

from typing import Any

from greenmfg.core import clock
from greenmfg.jobs.registry import register_kind
from greenmfg.supervision.dynamic.obligations import reminders_send


def send_reminders(params: dict[str, Any]) -> dict[str, Any]:
    """``{"today": "YYYY-MM-DD"}`` → the reminders due that day sent (30, 7 and 1 days
    before each dynamic-form deadline); returns the counts sent, already sent and
    without an address."""
    with clock.frozen(params.get("today")):
        run = reminders_send(clock.today())
    return {"sent": len(run.sent), "already": run.already, "no_address": len(run.no_address)}


register_kind("send_reminders", send_reminders)
