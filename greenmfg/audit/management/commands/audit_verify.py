"""`greenmfg audit verify`: walk the audit chain and name the first broken event."""

import json
from pathlib import Path

from django.core.management.base import CommandError

from greenmfg.audit.services import heads_from_json, record_event, verify_chain
from greenmfg.core.management.base import GreenCommand


class Command(GreenCommand):
    help = (
        "Verify the hash chain of the audit record and every published chain head; "
        "exit 1 naming the first broken event or the head the chain no longer matches."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--heads",
            metavar="FILE",
            help="also check a copy of /audit/heads.json kept outside the platform",
        )

    def run(self, *args, **options):
        outside = None
        if options["heads"]:
            try:
                data = json.loads(Path(options["heads"]).read_text(encoding="utf-8"))
                outside = heads_from_json(data, options["heads"])
            except (OSError, ValueError) as exc:
                raise CommandError(f"--heads: {exc}") from exc
        result = verify_chain(outside_heads=outside)
        # reading the whole record is itself audited (等保 8.1.5.3 a; issue 17, item 6)
        record_event(
            actor=None,
            action="audit.verify",
            object_type="audit.auditevent",
            object_label="审计记录完整性校验",
            payload={
                "ok": result.ok,
                "checked": result.checked,
                "broken_seq": result.broken_seq,
                "heads_checked": result.heads_checked,
                "outside_heads": options["heads"] or "",
            },
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.__dict__, ensure_ascii=False))
        elif result.ok:
            self.stdout.write(
                f"OK: {result.checked} events, chain intact; "
                f"{result.heads_checked} published heads match"
            )
        if not result.ok:
            raise CommandError(
                f"audit chain broken at event #{result.broken_seq}: {result.problem} "
                f"({result.checked} events verified before it)"
            )
