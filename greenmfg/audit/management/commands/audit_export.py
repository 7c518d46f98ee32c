"""`greenmfg audit export`: write the audit events of a period with their hashes, or
re-verify such a file (`--verify`)."""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import CommandError

from greenmfg.audit.exports import FORMATS, events_export, export_verify
from greenmfg.audit.models import PublishedChainHead
from greenmfg.audit.services import HeadCopy, heads_from_json
from greenmfg.core.management.base import GreenCommand


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"'{value}' is not a date (YYYY-MM-DD)") from exc


class Command(GreenCommand):
    help = (
        "Export the audit events from --from to --to (inclusive) with their hashes as "
        "JSON Lines or CSV, so an outside party can re-verify them; --verify FILE checks "
        "such a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT", help="the file to write (or to check)")
        parser.add_argument("--from", dest="date_from", type=_date, help="first day")
        parser.add_argument("--to", dest="date_to", type=_date, help="last day")
        parser.add_argument(
            "--format", choices=FORMATS, default=None, help="jsonl (default) or csv"
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="check the file OUT instead of writing it",
        )
        parser.add_argument(
            "--heads",
            metavar="FILE",
            help="with --verify: a copy of /audit/heads.json (default: the database's heads)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def run(self, *args, **options):
        path = Path(options["out"])
        fmt = options["format"] or ("csv" if path.suffix.lower() == ".csv" else "jsonl")
        if options["verify"]:
            return self._verify(path, fmt, options)
        try:
            result = events_export(
                path, date_from=options["date_from"], date_to=options["date_to"], fmt=fmt
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.__dict__, ensure_ascii=False))
        else:
            span = f"#{result.first_seq}–#{result.last_seq}" if result.count else "none"
            self.stdout.write(
                f"{result.count} events ({span}) written to {result.path} ({fmt}); "
                f"sha256 {result.sha256}"
            )

    def _verify(self, path: Path, fmt: str, options) -> None:
        if options["heads"]:
            try:
                data = json.loads(Path(options["heads"]).read_text(encoding="utf-8"))
                heads = heads_from_json(data, options["heads"])
            except (OSError, ValueError) as exc:
                raise CommandError(f"--heads: {exc}") from exc
        else:
            heads = [
                HeadCopy(h.date.isoformat(), h.seq, h.hash, "database")
                for h in PublishedChainHead.objects.all()
            ]
        check = export_verify(path, fmt=fmt, heads=heads)
        if options["json"]:
            self.stdout.write(json.dumps(check.__dict__, ensure_ascii=False))
        elif check.ok:
            self.stdout.write(
                f"OK: {check.checked} events (#{check.first_seq}–#{check.last_seq}) intact; "
                f"{check.heads_checked} published heads match"
            )
        if not check.ok:
            raise CommandError(
                f"export broken at event #{check.broken_seq}: {check.problem} "
                f"({check.checked} events verified before it)"
            )
