"""`greenmfg load-rulesets`: validate every ruleset file and record its version."""

from greenmfg.core.management.base import GreenCommand
from greenmfg.jurisdictions.services import install_rulesets


class Command(GreenCommand):
    help = "Validate the jurisdictions' ruleset files and record the version of each (idempotent)."

    def run(self, *args, **options):
        for slug, (sha, new) in install_rulesets().items():
            self.stdout.write(f"{slug:12s} {sha[:12]} {'loaded' if new else 'unchanged'}")
