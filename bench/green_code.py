"""Benchmark of the 企业绿码 grading run (issue 16): 625, 2,500 and 10,000 national green
factories, each with an accepted dynamic form, graded by
:func:`greenmfg.greencode.services.grading_run` (the whole run: population, forms,
method, bulk writes of codes, audit). Baseline: reading the same forms' indicator rows
(the I/O a run cannot avoid). Each size runs in a transaction that is rolled back.

Called by ``bench/run.py`` (``make bench``) on its PostgreSQL database, or alone on any
migrated database with reference data and rulesets::

    python bench/green_code.py            # DATABASE_URL or var/greenmfg.sqlite3
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

SIZES = [625, 2_500, 10_000]
ON = dt.date(2026, 5, 1)


class _Rollback(Exception):
    pass


def _population(n: int, rng: random.Random):
    from greenmfg.jurisdictions.models import IndustryCode, Jurisdiction
    from greenmfg.parties.models import Organisation
    from greenmfg.register.models import GreenList, Listing
    from greenmfg.supervision.models import DynamicForm

    national = Jurisdiction.objects.get(code="000000")
    districts = list(Jurisdiction.objects.filter(level="district")[:300])
    industries = list(IndustryCode.objects.filter(section="C", level=4)[:200])
    gl = GreenList.objects.create(
        jurisdiction=national, level="national", year=2025, title="bench 2025年度绿色制造名单"
    )
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                kind="enterprise",
                name=f"bench绿色工厂{i:05d}",
                registered_division=(d := rng.choice(districts)),
                production_division=d,
                industry=rng.choice(industries),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    if orgs[0].pk is None:  # backends that do not return ids from bulk_create
        orgs = list(Organisation.objects.filter(name__startswith="bench绿色工厂").order_by("id"))
    Listing.objects.bulk_create(
        [
            Listing(
                green_list=gl,
                unit=o,
                unit_name=o.name,
                list_type="factory",
                level="national",
                year=2025,
                region=o.registered_division,
                listed_on=dt.date(2025, 12, 1),
            )
            for o in orgs
        ],
        batch_size=2000,
    )
    reviewer = Jurisdiction.objects.get(code="440100")

    def d(lo, hi, places=6):
        return Decimal(str(round(rng.uniform(lo, hi), places)))

    DynamicForm.objects.bulk_create(
        [
            DynamicForm(
                unit=o,
                list_type="factory",
                data_year=2025,
                filing_year=2026,
                deadline=dt.date(2026, 4, 15),
                reviewer=reviewer,
                state="accepted",
                first_submitted_on=dt.date(2026, 4, 1),
                submitted_on=dt.date(2026, 4, 1),
                energy_intensity=d(0.01, 0.6),
                co2_intensity=d(0.02, 1.6),
                water_intensity=d(0.5, 12),
                renewable_share=d(0, 60, 3),
                water_reuse_rate=d(50, 99, 3),
                solid_waste_utilisation_rate=d(30, 100, 3),
            )
            for o in orgs
        ],
        batch_size=2000,
    )


def measure(sizes=SIZES) -> tuple[list[float], list[float], list[float]]:
    """Seconds of a grading run (wall clock), of the baseline read, and the run's CPU
    seconds in this process (the wall clock includes the database's and the machine's
    other work), per size."""
    from django.db import transaction

    from greenmfg.greencode.services import grading_run
    from greenmfg.jurisdictions.models import Jurisdiction
    from greenmfg.supervision.models import DynamicForm

    national = Jurisdiction.objects.get(code="000000")
    runs, bases, cpus = [], [], []
    for n in sizes:
        try:
            with transaction.atomic():
                _population(n, random.Random(n))
                t = time.perf_counter()
                list(
                    DynamicForm.objects.filter(data_year=2025, state="accepted").values_list(
                        "unit_id",
                        "energy_intensity",
                        "co2_intensity",
                        "water_intensity",
                        "renewable_share",
                        "water_reuse_rate",
                        "solid_waste_utilisation_rate",
                    )
                )
                bases.append(time.perf_counter() - t)
                t, c = time.perf_counter(), time.process_time()
                run = grading_run(
                    actor=None, jurisdiction=national, level="national", year=2026, on=ON
                )
                runs.append(time.perf_counter() - t)
                cpus.append(time.process_time() - c)
                graded = sum(run.counts[g] for g in ("A+", "A", "B"))
                print(
                    f"[bench green-code] {n} units: {runs[-1]:.2f} s "
                    f"({cpus[-1]:.2f} s CPU), {graded} graded",
                    file=sys.stderr,
                )
                raise _Rollback
        except _Rollback:
            pass
    return runs, bases, cpus


def bench_green_code(record) -> dict:
    """``bench/run.py``'s entry: one results row through its ``record``."""
    runs, bases, cpus = measure()
    return record(
        "green_code_grading_run",
        "s",
        SIZES,
        runs,
        bases,
        target_size=10_000,
        note="企业绿码 grading run (population, forms, method gc-1, codes, audit); "
        "baseline: reading the forms' indicators; CPU s in the process: "
        + ", ".join(f"{c:.2f}" for c in cpus),
    )


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.settings")
    import django

    django.setup()
    from django.db import connection

    runs, bases, cpus = measure()
    load = os.getloadavg()[0]
    lines = [
        "# 企业绿码 grading run (bench/green_code.py)",
        "",
        f"database: {connection.vendor}; {dt.date.today().isoformat()}; load average "
        f"{load:.1f} on 2 cores when it ended",
        "",
        "| units | grading run (s, wall) | grading run (s, CPU of the process) | baseline read (s) |",
        "|---|---|---|---|",
        *(
            f"| {n:,} | {r:.2f} | {c:.2f} | {b:.3f} |"
            for n, r, c, b in zip(SIZES, runs, cpus, bases, strict=True)
        ),
    ]
    out = root / "bench" / f"green_code_{connection.vendor}.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
