"""`greenmfg backup OUT`: back up the whole database with a manifest."""

import json

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS

from greenmfg.audit.backup import BackupError, database_backup
from greenmfg.core.management.base import GreenCommand


class Command(GreenCommand):
    help = (
        "Back up the database to OUT (PostgreSQL: pg_dump custom format; SQLite: the "
        "online backup API) and write OUT.manifest.json (vendor, time, row counts, audit "
        "chain head, SHA-256)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT", help="the dump file to create")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )
        parser.add_argument("--json", action="store_true", help="print the manifest as JSON")

    def run(self, *args, **options):
        try:
            result = database_backup(options["out"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        if options["json"]:
            self.stdout.write(json.dumps(manifest, ensure_ascii=False))
            return
        head = manifest["audit_chain_head"]
        self.stdout.write(
            f"{result.path}: {manifest['vendor']} backup, {manifest['dump']['size']} bytes, "
            f"sha256 {manifest['dump']['sha256']}"
        )
        self.stdout.write(
            f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows; "
            f"audit chain head #{head['seq']} {head['hash']}"
        )
        self.stdout.write(f"manifest: {result.manifest_path}")
