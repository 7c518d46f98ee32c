"""`greenmfg clock set DATE`: move the demo platform date (demo deployments only)."""

import datetime as dt

from django.core.management.base import CommandError

from greenmfg.audit.services import record_event
from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand


class Command(GreenCommand):
    help = "Set the demo platform date (needs GREENMFG_DEMO_CLOCK=1); 'greenmfg clock clear' returns to the real date."

    def add_arguments(self, parser):
        parser.add_argument("date", help="YYYY-MM-DD")

    def run(self, *args, **options):
        try:
            day = dt.date.fromisoformat(options["date"])
            before = clock.today()
            clock.set_platform_date(day)
        except (ValueError, PermissionError) as exc:
            raise CommandError(str(exc)) from exc
        record_event(
            actor=None,
            action="clock.set",
            object_type="core.platformclock",
            object_uuid="1",
            object_label="platform date",
            from_state=str(before),
            to_state=str(day),
        )
        self.stdout.write(f"{clock.today()} ({clock.source()})")
