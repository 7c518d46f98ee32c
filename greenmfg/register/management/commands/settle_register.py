"""`greenmfg settle-register [--json]`: rewrite the register's narrow search table in the
register's order (PostgreSQL), so that searches read their first matches off it in
order; see greenmfg/register/search.py, :func:`settle_search_rows`. Run at night
(Celery beat ``register-settle`` does it daily); writers wait while it runs."""

from __future__ import annotations

import json

from django.db import connection

from greenmfg.core.management.base import GreenCommand
from greenmfg.register.search import settle_search_rows


class Command(GreenCommand):
    help = (
        "按公开名录的排序重写名录检索表（PostgreSQL）。 Rewrite the register's search table "
        "in the register's order (PostgreSQL; nothing to do on SQLite). Writers of "
        "listings wait while it runs: run it at night."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--json", action="store_true", help="以 JSON 输出结果 / print the result as JSON"
        )

    def run(self, *args, **options) -> None:
        result = settle_search_rows()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite：无需整理。 SQLite: nothing to settle.")
            return
        self.stdout.write(
            f"已按名录排序整理 {result['rows']:,} 行（第 {result['generation']} 代），"
            f"用时 {result['seconds']:.1f} 秒。 Settled {result['rows']:,} rows "
            f"(generation {result['generation']}) in {result['seconds']:.1f} s."
        )
