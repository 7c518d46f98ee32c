"""`greenmfg audit publish-head`: publish today's head of the audit chain."""

import json

from django.core.management.base import CommandError

from greenmfg.audit.services import chain_head_publish
from greenmfg.core.management.base import GreenCommand


class Command(GreenCommand):
    help = (
        "Publish the head (seq, hash) of the audit chain for the platform date at "
        "/audit/heads/; idempotent per day (Celery beat runs it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the head as JSON")

    def run(self, *args, **options):
        try:
            head, created = chain_head_publish()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            out = {
                "date": head.date.isoformat(),
                "seq": head.seq,
                "hash": head.hash,
                "published_at": head.published_at.isoformat(),
                "created": created,
            }
            self.stdout.write(json.dumps(out))
            return
        state = "published" if created else "already published"
        self.stdout.write(f"{head.date} #{head.seq} {head.hash} ({state})")
