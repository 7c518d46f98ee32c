"""`greenmfg calendar add-working-days DATE N [--json]`: the date of the N-th working
day from DATE, DATE counting as day 1 when it is a working day."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from greenmfg.core.dates import UnknownCalendarYear
from greenmfg.core.management.base import GreenCommand
from greenmfg.jurisdictions.calendar import WorkingCalendar
from greenmfg.jurisdictions.management.commands.rules_show import iso_date


class Command(GreenCommand):
    help = (
        "计算自某日起第 N 个工作日（起始日为工作日时计为第 1 日）。"
        " Print the date of the N-th working day from DATE (DATE is day 1 when it is a"
        " working day), following the State Council holiday schedule."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("date", type=iso_date, help="起始日 / start date (YYYY-MM-DD)")
        parser.add_argument("n", type=int, help="第几个工作日 / which working day (1 or more)")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        start, n = options["date"], options["n"]
        if n < 1:
            raise CommandError(f"N 应不小于 1 / N must be at least 1 (got {n})")
        try:
            day = WorkingCalendar().add_working_days(start, n, count_start=True)
        except UnknownCalendarYear as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            payload = {"start": start.isoformat(), "n": n, "count_start": True}
            payload["date"] = day.isoformat()
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            self.stdout.write(day.isoformat())
