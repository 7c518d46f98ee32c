"""`greenmfg clock clear`: return the demo platform date to the real date."""

from django.core.management.base import CommandError

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand
from greenmfg.portal.services import platform_date_set


class Command(GreenCommand):
    help = "Clear the demo platform date (back to the real date in Asia/Shanghai); audited."

    def run(self, *args, **options):
        try:
            platform_date_set(actor=None, day=None)
        except PermissionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{clock.today()} ({clock.source()})")
