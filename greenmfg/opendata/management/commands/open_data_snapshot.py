"""`greenmfg open-data snapshot [--as-of YYYY-MM-DD] [--json]`: write the open-data
snapshots that are due (each ended year's end, each publication day) or the one of a
given day (greenmfg/opendata/snapshots.py)."""

from __future__ import annotations

import datetime as dt
import json
import time

from django.core.management.base import CommandError

from greenmfg.core.management.base import GreenCommand
from greenmfg.opendata.snapshots import SnapshotRefused, snapshot_due, write_snapshot


class Command(GreenCommand):
    help = (
        "生成开放数据快照（年末、名单公布日；或 --as-of 指定日期）。 "
        "Write the open-data snapshots that are due, or the one of --as-of."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--as-of", default=None, help="快照日期 YYYY-MM-DD / the day")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / JSON output")

    def run(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            if options["as_of"]:
                try:
                    day = dt.date.fromisoformat(options["as_of"])
                except ValueError as exc:
                    raise CommandError(f"--as-of: '{options['as_of']}' 不是日期") from exc
                results = [write_snapshot(as_of=day)]
            else:
                results = snapshot_due()
        except SnapshotRefused as exc:
            raise CommandError(str(exc)) from exc
        out = [
            {
                "as_of": s.as_of.isoformat(),
                "kind": s.kind,
                "written": written,
                "datasets": s.files.values("dataset").distinct().count(),
            }
            for s, written in results
        ]
        if options["json"]:
            self.stdout.write(json.dumps({"snapshots": out}, ensure_ascii=False, indent=2))
            return
        for row in out:
            state = "written" if row["written"] else "exists"
            self.stdout.write(f"{row['as_of']} {row['kind']}: {state}, {row['datasets']} datasets")
        self.stdout.write(f"{len(out)} snapshots, {time.monotonic() - started:.1f} s")
