"""Benchmark: importing a published list of N rows (issue 13, "Speed": 100,000 rows ≤ 30 s).

``bench_list_import(sizes)`` writes a provincial factory list of 广东省 in the published
layout (序号, 地市, 企业名称, 统一社会信用代码, 第三方评价机构) with N rows, imports it with
:func:`greenmfg.register.imports.runs.import_list` (read, validate, plan, then
``bulk_create`` of the listings and of one audit event per listing, in one transaction)
and rolls it back; the baseline is a bare ``bulk_create`` of the same listings (no
validation, no search words, no audit). The lists' PDF/XLSX documents are not rendered
(a background job measured elsewhere).

Run alone against the configured database (reference data loaded):

    .venv/bin/python bench/list_import.py 20000 100000

which prints, and writes to bench/list_import_results.json (PostgreSQL) or
bench/list_import_results_sqlite.json, the wall time, this process's CPU time, the
database backend's CPU time (bench/cpu.py) and the load average of each size.

``bench/run.py`` calls it inside ``make bench`` (sizes 6,250 / 25,000 / 100,000 at
BENCH_SCALE=0.1).
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.settings")
    import django

    django.setup()


#: the clocks of every import run in this process (wall, process and database CPU)
LAST_CLOCKS: list[dict] = []


def write_list(path: Path, n: int, regions: list[str]) -> None:
    """A provincial list file of ``n`` rows in the published layout."""
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(["2025年广东省绿色工厂名单"])
        w.writerow(["序号", "地市", "企业名称", "统一社会信用代码", "第三方评价机构"])
        for i in range(1, n + 1):
            w.writerow(
                [i, regions[i % len(regions)], f"广东基准{i}号制造有限公司", "", "广东基准评价院"]
            )


def one_run(path: Path) -> tuple[float, float, int]:
    """(import seconds, baseline seconds, listings created) for one file, rolled back."""
    from cpu import Clocks  # bench/cpu.py (bench/ is the script's folder)
    from django.db import transaction

    from greenmfg.jurisdictions.models import Jurisdiction
    from greenmfg.register.imports import runs
    from greenmfg.register.imports.engine import ListTarget, ensure_lists
    from greenmfg.register.models import Listing

    spec = runs.ImportSpec(
        level="provincial",
        jurisdiction=Jurisdiction.objects.get(code="440000"),
        list_type="factory",
        year=2025,
        batch="基准",
    )
    with transaction.atomic(), mock.patch.object(runs, "documents_queue_missing"):
        clocks = Clocks().start()
        result = runs.import_list(path, spec)
        clocks = clocks.stop()
        t_import = clocks["wall_s"]
        LAST_CLOCKS.append(clocks)
        assert not result.failed, [r for r in result.report["rows"] if r["outcome"] == "error"][:3]
        created = result.report["created"]
        transaction.set_rollback(True)
    with transaction.atomic():
        target = ListTarget(
            key="bench",
            source="imported",
            level="provincial",
            jurisdiction=spec.jurisdiction,
            year=2025,
            batch="基准",
            title="bench",
        )
        green_list = ensure_lists({"bench": target})["bench"]
        rows = [
            Listing(
                green_list=green_list,
                unit_name=f"广东基准{i}号制造有限公司",
                list_type="factory",
                level="provincial",
                year=2025,
                region=spec.jurisdiction,
                agency_name="广东基准评价院",
                source="imported",
                source_key=f"bench-{i}",
            )
            for i in range(1, created + 1)
        ]
        t0 = time.perf_counter()
        Listing.objects.bulk_create(rows, batch_size=1000)
        t_bulk = time.perf_counter() - t0
        transaction.set_rollback(True)
    print(
        f"[bench list import] {created:,} rows: {clocks} (CPU: this process"
        f" {clocks['process_cpu_s']} s + the database backend {clocks['database_cpu_s']} s)",
        file=sys.stderr,
        flush=True,
    )
    return t_import, t_bulk, created


def vacuum() -> None:
    """PostgreSQL: VACUUM the two tables an import writes (not timed). Every run is rolled
    back, and a rolled-back 100,000-row import leaves its dead rows in the tables and
    their indexes: measured after a few runs, the database's CPU time more than doubled."""
    from django.db import connection  # noqa: PLC0415

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) register_listing, audit_auditevent")


def bench_list_import(sizes: list[int]) -> list[tuple[int, float, float]]:
    """[(rows, import s, bare bulk_create s)] for each size."""
    from greenmfg.jurisdictions.models import Jurisdiction
    from greenmfg.register.search import words

    words("预热")  # jieba's dictionary, loaded once per process (about 1 s), not timed
    regions = list(
        Jurisdiction.objects.filter(path__startswith="/000000/440000/", level="city").values_list(
            "name", flat=True
        )
    )
    tmp = Path(tempfile.mkdtemp())
    out = []
    try:
        for n in sizes:
            path = tmp / f"list-{n}.csv"
            write_list(path, n, regions)
            vacuum()
            t_import, t_bulk, created = one_run(path)
            assert created == n, (created, n)
            out.append((n, t_import, t_bulk))
            print(
                f"[bench list import] {n:,} rows: import {t_import:.2f} s"
                f" ({n / t_import:,.0f} rows/s); bare bulk_create {t_bulk:.2f} s",
                file=sys.stderr,
                flush=True,
            )
    finally:
        shutil.rmtree(tmp)
    return out


def write_results(runs: list[tuple[int, float, float]]) -> Path:
    """bench/list_import_results.json (PostgreSQL) or list_import_results_sqlite.json:
    each size's clocks (wall, this process's and the database backend's CPU, load
    average) and the bare ``bulk_create`` baseline."""
    import json  # noqa: PLC0415

    from django.db import connection  # noqa: PLC0415

    name = "list_import_results" + ("" if connection.vendor == "postgresql" else "_sqlite")
    path = ROOT / "bench" / f"{name}.json"
    result = {
        "benchmark": "list import (greenmfg import-list's engine), rolled back",
        "database": connection.vendor,
        "target_seconds": {"rows": 100_000, "seconds": 30},
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "runs": [
            {"rows": n, **clocks, "bare_bulk_create_s": round(t_bulk, 2)}
            for (n, _t, t_bulk), clocks in zip(runs, LAST_CLOCKS, strict=True)
        ],
    }
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return path


if __name__ == "__main__":
    write_results(bench_list_import([int(a) for a in sys.argv[1:]] or [10_000]))
