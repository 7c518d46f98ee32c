"""`greenmfg restore IN`: restore a backup, verify the audit chain, print row counts."""

import json

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS

from greenmfg.audit.backup import BackupError, database_restore
from greenmfg.core.management.base import GreenCommand


class Command(GreenCommand):
    help = (
        "Restore a backup made by `greenmfg backup` into the database (refused when it "
        "holds any row, unless --force), then verify the audit chain and print the row "
        "count of every table; exit 1 when the chain is broken or counts differ from "
        "the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump", metavar="IN", help="the dump file (its manifest next to it)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="overwrite a database that is not empty",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def run(self, *args, **options):
        try:
            result = database_restore(
                options["dump"], using=options["database"], force=options["force"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            out = {
                "ok": result.ok,
                "chain": result.chain.__dict__,
                "counts": result.counts,
                "mismatches": result.mismatches,
                "manifest": result.manifest is not None,
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        else:
            if result.manifest is None:
                self.stdout.write("no manifest: the dump's SHA-256 and row counts not checked")
            width = max((len(t) for t in result.counts), default=10)
            for table, count in result.counts.items():
                note = ""
                if table in result.mismatches:
                    note = f"  (manifest: {result.mismatches[table][0]})"
                self.stdout.write(f"{table:{width}s} {count:>10d}{note}")
            self.stdout.write(f"{len(result.counts)} tables, {sum(result.counts.values())} rows")
            if result.chain.ok:
                self.stdout.write(
                    f"audit chain OK: {result.chain.checked} events, "
                    f"{result.chain.heads_checked} published heads match"
                )
        if not result.chain.ok:
            raise CommandError(
                f"restored, but the audit chain is broken at event #{result.chain.broken_seq}: "
                f"{result.chain.problem}"
            )
        if result.mismatches:
            names = ", ".join(sorted(result.mismatches))
            raise CommandError(f"restored, but row counts differ from the manifest: {names}")
