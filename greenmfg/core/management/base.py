"""Base class of greenmfg commands: every command accepts ``--today YYYY-MM-DD``,
which freezes the platform clock for the command (DESIGN.md decision 5)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from greenmfg.core import clock


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today: '{value}' is not a date (YYYY-MM-DD)") from exc


class GreenCommand(BaseCommand):
    """A management command with ``--today``; subclasses implement ``run()``."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--today",
            type=_iso_date,
            default=None,
            help="run as if the platform date were this day (YYYY-MM-DD)",
        )
        return parser

    def handle(self, *args, **options):
        with clock.frozen(options.get("today")):
            return self.run(*args, **options)

    def run(self, *args, **options):  # pragma: no cover - abstract
        raise NotImplementedError
