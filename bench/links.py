"""Benchmark of the set-based linking of listings to organisations (issue 13 item 2;
greenmfg/register/links.py): 100,000 listings against 500,000 organisations, target
≤ 10 s for ``link_listings`` (read both, match, write the links and units, audit).

Run once, by hand, on a throwaway PostgreSQL database (not part of ``make bench``):

    createdb -h 127.0.0.1 -U postgres h13b_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h13b_bench .venv/bin/python bench/links.py

``BENCH_ORGS`` / ``BENCH_LISTINGS`` change the sizes. Writes bench/links_results.json
(PostgreSQL) or bench/links_results_sqlite.json (``DATABASE_URL=sqlite:///…``): the wall
time, this process's CPU time, the database backend's CPU time and the load average
(bench/cpu.py).

The listings: 30 % carry the organisation's unified social credit code, 55 % its name in
another spelling (有限责任公司 for 有限公司, full-width brackets, spaces) with the
organisation's province as region, 5 % a name two organisations of the province share
(→ proposals), 10 % a name nobody has.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/h13b_bench")
ORGS = int(os.environ.get("BENCH_ORGS", "500000"))
LISTINGS = int(os.environ.get("BENCH_LISTINGS", "100000"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402


def log(msg: str) -> None:
    print(f"[bench-links {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def main() -> None:
    from greenmfg.core.vocabulary import Level, ListType
    from greenmfg.jurisdictions.models import Jurisdiction
    from greenmfg.jurisdictions.reference import load_reference
    from greenmfg.parties.models import Organisation
    from greenmfg.parties.names import normalise_name
    from greenmfg.register.models import GreenList, Listing, ListingLink, ListSource

    call_command("migrate", verbosity=0)
    if not Jurisdiction.objects.exists():
        load_reference()
    rng = random.Random(13)
    districts = list(Jurisdiction.objects.filter(level="district").values_list("id", "path"))
    provinces = dict(Jurisdiction.objects.filter(level="province").values_list("path", "id"))
    ListingLink.objects.all().delete()
    if (
        Organisation.objects.filter(legal_representative="bench").count() == ORGS
        and Listing.objects.filter(source_key__startswith="bench-").count() == LISTINGS
    ):
        log("reusing the organisations and listings of the last run")
        Listing.objects.filter(source_key__startswith="bench-").update(unit=None)
        return run()
    log(f"{len(districts)} districts; cleaning")
    Listing.objects.filter(source_key__startswith="bench-").delete()
    Organisation.objects.filter(legal_representative="bench").delete()
    now = timezone.now()
    log(f"creating {ORGS} organisations")
    orgs = []
    for i in range(ORGS):
        did, path = districts[i % len(districts)]
        name = f"测试{i:07d}号绿色制造有限公司"
        orgs.append(
            Organisation(
                uuid=uuid.uuid4(),
                kind="enterprise",
                name=name,
                name_key=normalise_name(name),  # what save() keeps (bulk_create skips it)
                uscc=f"9B{i:016d}",
                legal_representative="bench",
                registered_division_id=did,
                created_at=now,
                updated_at=now,
            )
        )
    Organisation.objects.bulk_create(orgs, batch_size=5000)
    rows = list(
        Organisation.objects.filter(legal_representative="bench").values_list(
            "id", "name", "uscc", "registered_division__path"
        )
    )
    # pairs sharing a name within a province (the ambiguous ones)
    twins = rows[-2 * (LISTINGS // 20) :]
    for a, b in zip(twins[::2], twins[1::2], strict=False):
        Organisation.objects.filter(pk=b[0]).update(name=a[1], name_key=normalise_name(a[1]))
    green_list = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="000000"),
        level=Level.NATIONAL,
        year=2021,
        title="bench",
        source=ListSource.MIIT_2017_2021,
        source_key="bench-list",
    )
    log(f"creating {LISTINGS} listings")
    listings = []
    for i in range(LISTINGS):
        oid, name, code, path = rows[rng.randrange(len(rows) - len(twins))]
        province = provinces.get("/" + "/".join(path.strip("/").split("/")[:2]) + "/")
        kind = i % 20
        uscc = ""
        if kind < 6:
            uscc = code
        elif kind < 17:
            name = name.replace("有限公司", "（有限责任）公司").replace("测试", "测 试")
        elif kind == 17:
            name = twins[2 * ((i // 20) % (len(twins) // 2))][1]
            path2 = twins[2 * ((i // 20) % (len(twins) // 2))][3]
            province = provinces.get("/" + "/".join(path2.strip("/").split("/")[:2]) + "/")
        else:
            name = f"无此企业{i}有限公司"
        listings.append(
            Listing(
                green_list=green_list,
                unit_name=name,
                uscc=uscc,
                list_type=ListType.FACTORY,
                level=Level.NATIONAL,
                year=2021,
                region_id=province,
                source=ListSource.MIIT_2017_2021,
                source_key=f"bench-{i}",
            )
        )
    Listing.objects.bulk_create(listings, batch_size=5000)
    return run()


def run() -> None:
    from greenmfg.parties.models import Organisation
    from greenmfg.register.links import link_listings

    if connection.vendor == "postgresql":
        # not timed: the listings come fresh from an import in real use, not from the
        # last run's reset (85,000 dead row versions in 15 indexes otherwise)
        with connection.cursor() as cursor:
            for table in ("register_listing", "register_listinglink", "parties_organisation"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    connection.close()
    from cpu import Clocks  # bench/cpu.py

    clocks = Clocks().start()  # connects: the backend that does the run's work
    log("linking")
    report = link_listings()
    clocks = clocks.stop()
    log(f"{clocks}: {report.as_dict()}")
    result = {
        "benchmark": "link_listings: listings against organisations (set-based)",
        "organisations": Organisation.objects.count(),
        "listings": report.considered,
        "seconds": clocks["wall_s"],
        "clocks": clocks,
        "target_seconds": 10,
        "database": connection.vendor,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "report": {k: v for k, v in report.as_dict().items() if k != "rows"},
    }
    name = (
        "links_results.json" if connection.vendor == "postgresql" else "links_results_sqlite.json"
    )
    (ROOT / "bench" / name).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
