"""`greenmfg load-rulesets`: validate every ruleset file and record its version."""

from django.core.management.base import CommandError

from greenmfg.core.management.base import GreenCommand
from greenmfg.jurisdictions.rulesets import binding_conflicts
from greenmfg.jurisdictions.services import install_rulesets


class Command(GreenCommand):
    help = (
        "Validate the shipped ruleset files and those of GREENMFG_RULESETS_DIR, record the "
        "version of each valid one (it takes force from then on; idempotent), refuse an invalid "
        "file alone, and report every value that loosens a binding value of a parent ruleset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict",
            action="store_true",
            help="exit with an error when a file is refused (the valid ones are still recorded)",
        )

    def run(self, *args, **options):
        report = install_rulesets()
        for slug, (sha, new, source) in report.installed.items():
            state = "loaded" if new else "unchanged"
            self.stdout.write(f"{slug:12s} {sha[:12]} {state} ({source})")
        for error in report.errors:
            self.stderr.write(self.style.ERROR(f"refused: {error}"))
        for conflict in binding_conflicts():
            self.stdout.write(self.style.WARNING(f"binding: {conflict}"))
        if report.errors and options["strict"]:
            raise CommandError(f"{len(report.errors)} ruleset file(s) refused")
