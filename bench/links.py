"""Benchmark of the set-based linking of listings to organisations (issue 13 item 2;
greenmfg/register/links.py): 100,000 listings against 500,000 organisations, target
≤ 10 s for ``link_listings`` (read both, match, write the links and units, audit).

``make bench`` runs it (``bench/run.py``, in a database of its own) at 6,250 / 25,000 /
100,000 listings against five times as many organisations. By hand, on a throwaway
PostgreSQL database:

    createdb -h 127.0.0.1 -U postgres h13b_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h13b_bench .venv/bin/python bench/links.py

``BENCH_LINK_SIZES`` (listings, comma-separated; default ``100000``) gives the sizes,
each against five times as many organisations: the data grows from one size to the
next, and a later run on the same database reuses what is there. ``BENCH_RUNS``
(default 5) is the number of runs per size, each from no links at all; the result is
the median (the machine's speed drifts by a third from one minute to the next). The
baseline is the runs' writes alone: the same links and units written again with the
same statements (``COPY`` of the links, the ``UPDATE`` of the units) and committed, with
no reading or matching. Writes bench/links_results.json (PostgreSQL) or
bench/links_results_sqlite.json (``DATABASE_URL=sqlite:///…``): per size the median,
fastest and slowest wall time, the baseline, and each run's wall time, this process's CPU
time, the database backend's CPU time and the load average (bench/cpu.py).

The listings: 30 % carry the organisation's unified social credit code, 55 % its name in
another spelling (有限责任公司 for 有限公司, full-width brackets, spaces) with the
organisation's province as region, 5 % a name two organisations of the province share
(→ proposals), 10 % a name nobody has; each with its search words, as the import writes
them (a listing row as wide as a real one).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h13b_bench")
SIZES = [int(n) for n in os.environ.get("BENCH_LINK_SIZES", "100000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
#: organisations per listing
ORGS_PER_LISTING = 5
#: of every 20 organisations, the 20th carries the 19th's name (same province: the
#: ambiguous names the run proposes rather than links)
TWIN = 19

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402


def log(msg: str) -> None:
    print(f"[bench-links {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def org_name(i: int) -> str:
    """The name of the benchmark's organisation ``i`` (a twin carries its pair's)."""
    return f"测试{i - 1 if i % 20 == TWIN else i:07d}号绿色制造有限公司"


def grow(listings: int) -> None:
    """Bring the benchmark's data to ``listings`` listings and five times as many
    organisations, adding to what an earlier size left (organisation ``i`` and listing
    ``i`` are the same whatever the sizes that made them)."""
    from greenmfg.core.vocabulary import Level, ListType
    from greenmfg.jurisdictions.models import Jurisdiction
    from greenmfg.parties.models import Organisation
    from greenmfg.parties.names import normalise_name
    from greenmfg.register.models import GreenList, Listing, ListSource
    from greenmfg.register.search import fill_search_text

    orgs = listings * ORGS_PER_LISTING
    districts = list(
        Jurisdiction.objects.filter(level="district").order_by("code").values_list("id", "path")
    )
    provinces = dict(Jurisdiction.objects.filter(level="province").values_list("path", "id"))
    have = Organisation.objects.filter(legal_representative="bench").count()
    now = timezone.now()
    if have < orgs:
        log(f"creating organisations {have:,}–{orgs:,}")
        Organisation.objects.bulk_create(
            (
                Organisation(
                    uuid=uuid.uuid4(),
                    kind="enterprise",
                    name=org_name(i),
                    name_key=normalise_name(org_name(i)),  # what save() keeps
                    uscc=f"9B{i:016d}",
                    legal_representative="bench",
                    # a twin in its pair's district (the same province)
                    registered_division_id=districts[(i - (i % 20 == TWIN)) % len(districts)][0],
                    created_at=now,
                    updated_at=now,
                )
                for i in range(have, orgs)
            ),
            batch_size=5000,
        )
    green_list, _ = GreenList.objects.get_or_create(
        source_key="bench-list",
        defaults={
            "jurisdiction": Jurisdiction.objects.get(code="000000"),
            "level": Level.NATIONAL,
            "year": 2021,
            "title": "bench",
            "source": ListSource.MIIT_2017_2021,
        },
    )
    have = Listing.objects.filter(source_key__startswith="bench-").count()
    if have >= listings:
        return
    log(f"creating listings {have:,}–{listings:,}")
    made = []
    for i in range(have, listings):
        rng = random.Random(i)
        n = rng.randrange(orgs - orgs % 20)  # whole blocks of 20: both twins exist
        if n % 20 >= TWIN - 1:  # a name of its own (the twins' is for the 5 % below)
            n -= 2
        name = org_name(n)
        path = districts[n % len(districts)][1]
        kind = i % 20
        uscc = ""
        if kind < 6:
            uscc = f"9B{n:016d}"
        elif kind < 17:
            name = name.replace("有限公司", "（有限责任）公司").replace("测试", "测 试")
        elif kind == 17:
            n = (n // 20) * 20 + TWIN - 1  # a pair's shared name, in its province
            name, path = org_name(n), districts[n % len(districts)][1]
        else:
            name = f"无此企业{i}有限公司"
        made.append(
            Listing(
                green_list=green_list,
                unit_name=name,
                uscc=uscc,
                list_type=ListType.FACTORY,
                level=Level.NATIONAL,
                year=2021,
                region_id=provinces.get("/" + "/".join(path.strip("/").split("/")[:2]) + "/"),
                source=ListSource.MIIT_2017_2021,
                source_key=f"bench-{i}",
            )
        )
    # with their search words, as the import writes them (register/imports/engine.py): a
    # listing row as wide as a real one, whose stored columns the unit's UPDATE rewrites
    Listing.objects.bulk_create(fill_search_text(made), batch_size=5000)


def reset() -> None:
    """No links, and no units set by a run (not timed); on PostgreSQL the tables
    vacuumed — in real use the listings come fresh from an import, not from the last
    run's reset — and a checkpoint, so that every run writes the full-page images of
    the pages it touches, as a run right after an import does."""
    from greenmfg.register.models import Listing, ListingLink

    Listing.objects.filter(links__state="linked").update(unit=None)
    ListingLink.objects.all().delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("register_listing", "register_listinglink", "parties_organisation"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
            cursor.execute("CHECKPOINT")
    connection.close()


def measure(listings: int) -> dict:
    """``RUNS`` timed runs of ``link_listings`` at the current size, then the baseline."""
    from cpu import Clocks  # bench/cpu.py

    from greenmfg.register import links
    from greenmfg.register.models import Listing, ListingLink

    runs, report = [], None
    for number in range(1, RUNS + 1):
        reset()
        clocks = Clocks().start()  # connects: the backend that does the run's work
        report = links.link_listings()
        clocks = clocks.stop()
        log(f"{listings:,} listings, run {number} of {RUNS}: {clocks}")
        runs.append(clocks)
    columns = ("uuid", "created_at", "updated_at", "version", "listing_id", "organisation_id")
    rows = list(ListingLink.objects.values_list(*columns, "state", "method", "note", "decided_on"))
    pairs = list(Listing.objects.filter(links__state="linked").values_list("id", "unit_id"))
    reset()
    clocks = Clocks().start()
    with transaction.atomic():
        links._insert_links(rows)
        links._set_units(pairs)
    baseline = clocks.stop()
    log(f"{listings:,} listings, the writes alone: {baseline}")
    walls = [c["wall_s"] for c in runs]
    return {
        "listings": listings,
        "organisations": listings * ORGS_PER_LISTING,
        "considered": report.considered,
        "seconds": round(statistics.median(walls), 2),
        "seconds_min": min(walls),
        "seconds_max": max(walls),
        "baseline_seconds": baseline["wall_s"],
        "runs": runs,
        "baseline": baseline,
        "report": {k: v for k, v in report.as_dict().items() if k != "rows"},
    }


def main() -> list[dict]:
    from greenmfg.jurisdictions.models import Jurisdiction
    from greenmfg.jurisdictions.reference import load_reference

    call_command("migrate", verbosity=0)
    if not Jurisdiction.objects.exists():
        load_reference()
    sizes = []
    for listings in SIZES:
        grow(listings)
        sizes.append(measure(listings))
    result = {
        "benchmark": "link_listings: listings against organisations (set-based)",
        "target": "≤ 10 s for 100,000 listings against 500,000 organisations",
        "target_seconds": 10,
        "database": connection.vendor,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sizes": sizes,
    }
    name = (
        "links_results.json" if connection.vendor == "postgresql" else "links_results_sqlite.json"
    )
    (ROOT / "bench" / name).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return sizes


if __name__ == "__main__":
    main()
