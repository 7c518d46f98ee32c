"""`greenmfg reindex-search [--missing-only] [--batch-size N] [--progress/--no-progress]`:
recompute the jieba search words (``search_text``) of the listings; see
greenmfg/register/search.py."""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm

from greenmfg.core.management.base import GreenCommand
from greenmfg.register.models import Listing
from greenmfg.register.search import ensure_sqlite_index, reindex


class Command(GreenCommand):
    help = (
        "重新计算公开名录条目的检索分词（search_text）。 Recompute the search words of "
        "every listing (after a bulk load that bypassed the services, or a change of the "
        "segmentation); on SQLite also repairs the FTS5 tables and triggers."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="只处理尚无检索词的条目 / only rows without search words",
        )
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="进度条（stderr）/ a progress bar on stderr (default: when stderr is a terminal)",
        )

    def run(self, *args, **options) -> None:
        repaired = ensure_sqlite_index()
        show = options["progress"]
        if show is None:
            show = sys.stderr.isatty()
        qs = Listing.objects.all()
        if options["missing_only"]:
            qs = qs.filter(search_text="")
        bar = None
        if show:
            bar = tqdm(total=qs.count(), unit="rows", file=sys.stderr, desc="reindex-search")
        try:
            changed = reindex(
                batch_size=options["batch_size"],
                only_missing=options["missing_only"],
                progress=bar.update if bar is not None else None,
            )
        finally:
            if bar is not None:
                bar.close()
        if repaired:
            self.stdout.write("SQLite 检索表已修复 / SQLite search tables repaired")
        self.stdout.write(f"已更新检索词 {changed} 条 / search words updated on {changed} listings")
