"""`greenmfg clock show`: print the platform date and where it comes from."""

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand


class Command(GreenCommand):
    help = "Print the platform date and its source (frozen, setting, demo or real)."

    def run(self, *args, **options):
        self.stdout.write(f"{clock.today()} ({clock.source()})")
