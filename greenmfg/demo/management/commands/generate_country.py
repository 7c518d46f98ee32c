"""`greenmfg generate-country --enterprises N --listed N --credit-records N --years N
--seed S [--end-year Y] [--listing-rows N] [--progress/--no-progress] [--json]`: fill
the database with a synthetic country for benchmarks (greenmfg/demo/country.py)."""

from __future__ import annotations

import argparse
import json
import sys

from django.core.management.base import CommandError

from greenmfg.core.management.base import GreenCommand
from greenmfg.demo.country import generate_country


class Command(GreenCommand):
    help = (
        "生成合成的全国数据（企业、培育库、申报、各级名单、动态管理表、信用记录），同一种子结果相同；"
        "不写审计事件。 Generate a synthetic country (enterprises with valid USCCs in real "
        "districts, pools, applications, green lists at every level, dynamic forms, credit "
        "records); deterministic for a seed; writes no audit events (synthetic data)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--enterprises", type=int, default=500_000)
        parser.add_argument("--listed", type=int, default=60_000)
        parser.add_argument("--credit-records", type=int, default=5_000_000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--end-year", type=int, default=2025)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--listing-rows",
            type=int,
            default=None,
            help="以设计产品条目补足到该条目数 / top up the register with design-product "
            "listings up to this many rows",
        )
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="进度条（stderr）/ progress bars on stderr (default: when stderr is a terminal)",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        for name in ("enterprises", "listed", "credit_records", "years"):
            if options[name] < 0 or (name == "years" and options[name] < 1):
                raise CommandError(f"--{name.replace('_', '-')} must be positive")
        progress = options["progress"]
        if progress is None:
            progress = sys.stderr.isatty()
        try:
            report = generate_country(
                enterprises=options["enterprises"],
                listed=options["listed"],
                credit_records=options["credit_records"],
                years=options["years"],
                seed=options["seed"],
                end_year=options["end_year"],
                listing_rows=options["listing_rows"],
                progress=progress,
            )
        except (ValueError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(report.lines()))
