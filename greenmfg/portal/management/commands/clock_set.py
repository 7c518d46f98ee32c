"""`greenmfg clock set DATE`: move the demo platform date (demo deployments only)."""

import datetime as dt

from django.core.management.base import CommandError

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand
from greenmfg.portal.services import platform_date_set


class Command(GreenCommand):
    help = "Set the demo platform date (needs GREENMFG_DEMO_CLOCK=1); 'greenmfg clock clear' returns to the real date."

    def add_arguments(self, parser):
        parser.add_argument("date", help="YYYY-MM-DD")

    def run(self, *args, **options):
        try:
            platform_date_set(actor=None, day=dt.date.fromisoformat(options["date"]))
        except (ValueError, PermissionError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{clock.today()} ({clock.source()})")
