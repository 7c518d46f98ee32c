"""`greenmfg audit verify`: walk the audit chain and name the first broken event."""

import json

from django.core.management.base import CommandError

from greenmfg.audit.services import verify_chain
from greenmfg.core.management.base import GreenCommand


class Command(GreenCommand):
    help = "Verify the hash chain of the audit record; exit 1 naming the first broken event."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def run(self, *args, **options):
        result = verify_chain()
        if options["json"]:
            self.stdout.write(json.dumps(result.__dict__, ensure_ascii=False))
        elif result.ok:
            self.stdout.write(f"OK: {result.checked} events, chain intact")
        if not result.ok:
            raise CommandError(
                f"audit chain broken at event #{result.broken_seq}: {result.problem} "
                f"({result.checked} events verified before it)"
            )
