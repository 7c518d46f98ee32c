"""`make bench-load`: 100 concurrent users for 5 minutes on the production topology.

Creates a throwaway PostgreSQL database (``LOAD_DB``, default ``greenmfg_load``), sets it
up (migrations, reference data, rulesets, the MIIT national lists), seeds the load-test
accounts (30 enterprises in 天河区 and 越秀区, 3 + 3 district officials, 4 city officials,
each with an API token) and a public notice, starts two gunicorn app servers and a Celery
worker against it and Redis (the topology of docs/topology.md), then runs locust headless
from another process on loopback (bench/locustfile.py): public register reads, notices
and verification mixed with real workflow transitions. Results: bench/load_results.json
and bench/load_results.md. Exits non-zero when any request failed.

    LOAD_SECONDS=300   how long the load runs (default 5 minutes)
    LOAD_USERS=100     concurrent users (30 enterprises and 10 officials among them)
    LOAD_SPAWN_RATE=20 users started per second
    LOAD_WORKERS=2     gunicorn workers per app server (two servers)

The platform date of the servers is pinned to 2026-01-12 (the Guangzhou registration
window, 004 第九条) with ``GREENMFG_TODAY``. Run from the project root:
``python bench/load.py`` (the Makefile target does).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = Path(os.environ.get("LOAD_OUT", ROOT / "bench"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "300"))
USERS = int(os.environ.get("LOAD_USERS", "100"))
SPAWN_RATE = int(os.environ.get("LOAD_SPAWN_RATE", "20"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "2"))
DB = os.environ.get("LOAD_DB", "greenmfg_load")
PG = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/9")
TODAY = "2026-01-12"
ENTERPRISES = int(os.environ.get("LOAD_ENTERPRISES", "30"))
#: (role, jurisdiction code, how many)
OFFICIALS = [("district", "440106", 3), ("district", "440104", 3), ("city", "440100", 4)]


def log(msg: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def env() -> dict[str, str]:
    out = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB}",
        "DJANGO_SETTINGS_MODULE": "greenmfg.settings",
        "CELERY_BROKER_URL": REDIS,
        "GREENMFG_TODAY": TODAY,
        "CONN_MAX_AGE": "60",
    }
    out.pop("GREENMFG_DEMO_CLOCK", None)
    return out


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def create_database() -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    admin_sql(
        f"CREATE DATABASE \"{DB}\" TEMPLATE template0 ENCODING 'UTF8' "
        "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    )


# --- seed (run in a child process: ``python bench/load.py seed FILE``) -------------------------


def seed(path: str) -> None:
    """The load-test accounts, their tokens and a public notice, written to ``path``."""
    import random

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from greenmfg.accounts.tokens import token_issue
    from greenmfg.core import clock
    from greenmfg.cultivation import services as pool
    from greenmfg.jurisdictions.models import IndustryCode, Jurisdiction
    from greenmfg.parties.models import Authority, Organisation, OrganisationKind, User
    from greenmfg.parties.uscc import make_uscc
    from greenmfg.register.models import Listing
    from greenmfg.selection import publication, reports, services
    from greenmfg.standards.samples import sample_values

    rng = random.Random(2026)
    industry = IndustryCode.objects.filter(code="3360").first()

    def unit(i: int, district: str) -> Organisation:
        division = Jurisdiction.objects.get(code=district)
        return Organisation.objects.create(
            kind=OrganisationKind.ENTERPRISE,
            name=f"负载测试{division.name}制造有限公司{i:03d}",
            uscc=make_uscc(district, rng),
            legal_representative="张三",
            registered_division=division,
            production_division=division,
            registered_address="科韵路1号",
            production_address="科韵路1号",
            industry=industry,
            scale="medium",
            is_independent_legal_entity=True,
        )

    def user(name: str, **kw) -> User:
        u = User.objects.create(username=name, real_name=name, **kw)
        u.set_unusable_password()
        u.save()
        return u

    enterprises = []
    for i in range(ENTERPRISES):
        org = unit(i, "440106" if i % 2 == 0 else "440104")
        u = user(f"load_ent_{i:03d}", role="enterprise", organisation=org)
        token = token_issue(user=u, second_factor=True).key
        enterprises.append({"username": u.username, "token": token})
    officials = []
    for role, code, n in OFFICIALS:
        authority = Authority.objects.get(jurisdiction__code=code)
        for k in range(n):
            u = user(f"load_{role}_{code}_{k}", role=role, authority=authority)
            officials.append(
                {
                    "role": role,
                    "token": token_issue(user=u, second_factor=True).key,
                    "share": k,
                    "shares": n,
                }
            )
    # a unit through the Guangzhou cycle to a running public notice (004 第九、十条)
    city_official = User.objects.get(username="load_city_440100_0")
    district_official = User.objects.get(username="load_district_440106_0")
    org = unit(999, "440106")
    owner = user("load_noticed", role="enterprise", organisation=org)
    with clock.frozen(dt.date(2025, 1, 10)):
        reg = pool.registration_create(
            actor=owner,
            unit=org,
            list_type="factory",
            data={k: v for k, v in FORM_DATA.items()},
        )
        reg = pool.registration_submit(actor=owner, registration=reg)
        reg = pool.registration_review(
            actor=district_official, registration=reg, decision="approve"
        )
        pool.registration_review(actor=city_official, registration=reg, decision="approve")
    with clock.frozen(dt.date(2025, 4, 8)):
        campaign = services.campaign_open(actor=city_official)
        rep = reports.report_create(actor=owner, unit=org, list_type="factory")
        rep = reports.report_save_items(
            actor=owner, report=rep, values=sample_values(rep.standard_code, scored_fraction=0.9)
        )
        rep = reports.report_submit(actor=owner, report=rep)
        app = services.application_create(actor=owner, unit=org, list_type="factory", report=rep)
        app = services.application_submit(actor=owner, application=app)
        app = services.application_review(
            actor=district_official, application=app, decision="approve"
        )
        services.application_review(
            actor=city_official, application=app, decision="approve", score="88"
        )
    with clock.frozen(dt.date(2025, 4, 21)):
        publication.notice_open(actor=city_official, campaign=campaign, start=dt.date(2025, 4, 21))
    names = list(
        Listing.objects.exclude(unit_name="")
        .order_by("?")
        .values_list("unit_name", flat=True)[:200]
    )
    Path(path).write_text(
        json.dumps(
            {"enterprises": enterprises, "officials": officials, "names": names or ["绿色"]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


FORM_DATA = {
    "unit_nature": "民营企业",
    "main_products": "汽车零部件",
    "output_value": "12000.50",
    "energy_consumption": "3000.00",
    "is_manufacturer": True,
    "clean_production_certified": True,
    "clean_production_certificate_no": "穗清洁〔2025〕1号",
    "clean_production_valid_until": dt.date(2027, 12, 31),
    "management_systems": ["quality", "environment"],
    "cultivation_plan": "三年内完成绿色化改造",
    "contact_name": "张三",
    "contact_phone": "020-12345678",
    "contact_email": "zhangsan@example.com",
    "commitment": True,
}


# --- the run -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, deadline: float) -> None:
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def read_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def results(prefix: Path, meta: dict) -> dict:
    stats = read_csv(Path(f"{prefix}_stats.csv"))
    failures = read_csv(Path(f"{prefix}_failures.csv"))
    exceptions = read_csv(Path(f"{prefix}_exceptions.csv"))
    rows = []
    for row in stats:
        rows.append(
            {
                "type": row["Type"],
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": float(row["Median Response Time"] or 0),
                "p95_ms": float(row["95%"] or 0) if row.get("95%") not in (None, "N/A") else 0.0,
                "p99_ms": float(row["99%"] or 0) if row.get("99%") not in (None, "N/A") else 0.0,
                "max_ms": float(row["Max Response Time"] or 0),
                "rps": float(row["Requests/s"] or 0),
            }
        )
    total = next((r for r in rows if r["name"] == "Aggregated"), None)
    return {
        **meta,
        "total": total,
        "endpoints": [r for r in rows if r["name"] != "Aggregated"],
        "failures": failures,
        "exceptions": exceptions,
        "errors": (total["failures"] if total else 0) + len(exceptions),
    }


def write_results(data: dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load_results.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    t = data["total"] or {}
    lines = [
        "# Load test (`make bench-load`)",
        "",
        f"{data['users']} concurrent users for {data['seconds']} s on {data['date']}: two gunicorn "
        f"app servers ({data['workers']} workers each) and a Celery worker on PostgreSQL 15 and "
        "Redis, locust on loopback (bench/locustfile.py). This machine: 2 cores.",
        "",
        f"**{t.get('requests', 0)} requests, {data['errors']} errors**, "
        f"{t.get('rps', 0):.1f} requests/s; median {t.get('median_ms', 0):.0f} ms, "
        f"95th percentile {t.get('p95_ms', 0):.0f} ms, 99th {t.get('p99_ms', 0):.0f} ms.",
        "",
        "| request | count | failures | median ms | p95 ms | p99 ms | max ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(data["endpoints"], key=lambda r: -r["requests"]):
        lines.append(
            f"| {r['type']} {r['name']} | {r['requests']} | {r['failures']} | {r['median_ms']:.0f} "
            f"| {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['max_ms']:.0f} | {r['rps']:.1f} |"
        )
    lines += ["", f"Workflow transitions written during the run: {data.get('transitions', 0)}."]
    if data["failures"] or data["exceptions"]:
        lines += ["", "## Failures", ""]
        for f in data["failures"]:
            lines.append(
                f"- {f.get('Method')} {f.get('Name')}: {f.get('Error')} ×{f.get('Occurrences')}"
            )
        for e in data["exceptions"]:
            lines.append(f"- exception ×{e.get('Count')}: {e.get('Message')}")
    (OUT / "load_results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def count_transitions(e: dict) -> int:
    out = subprocess.run(
        [
            str(BIN / "python"),
            str(ROOT / "manage.py"),
            "shell",
            "-c",
            "from greenmfg.audit.models import AuditEvent as A; "
            "print(A.objects.filter(action__startswith='registration.').count())",
        ],
        env=e,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.split()[-1])


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def main() -> int:
    if not redis_up():
        raise SystemExit("Redis is not running on 127.0.0.1:6379 (redis-server --daemonize yes)")
    e = env()
    tmp = Path(tempfile.mkdtemp(prefix="greenmfg-load-"))
    procs: list[subprocess.Popen] = []
    try:
        log(f"database {DB}")
        create_database()
        subprocess.run([str(BIN / "greenmfg"), "setup", "-v", "0"], env=e, cwd=ROOT, check=True)
        accounts = tmp / "accounts.json"
        subprocess.run(
            [str(BIN / "python"), str(Path(__file__).resolve()), "seed", str(accounts)],
            env=e,
            cwd=ROOT,
            check=True,
        )
        before = count_transitions(e)
        ports = [free_port(), free_port()]
        for port in ports:
            procs.append(
                subprocess.Popen(
                    [
                        str(BIN / "gunicorn"),
                        "greenmfg.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(WORKERS),
                        "--timeout",
                        "60",
                    ],
                    env={**e, "GREENMFG_VAR_DIR": str(tmp)},
                    cwd=ROOT,
                    stderr=(tmp / f"gunicorn-{port}.log").open("w"),
                )
            )
        procs.append(
            subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "-A",
                    "greenmfg",
                    "worker",
                    "-l",
                    "warning",
                    "-c",
                    "1",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-n",
                    "load@%h",
                ],
                env={**e, "CELERY_TASK_ALWAYS_EAGER": "0", "GREENMFG_VAR_DIR": str(tmp)},
                cwd=ROOT,
                stdout=(tmp / "celery.log").open("w"),
                stderr=subprocess.STDOUT,
            )
        )
        hosts = [f"http://127.0.0.1:{p}" for p in ports]
        for h in hosts:
            wait_http(h + "/rules/", time.time() + 90)
        log(f"locust: {USERS} users for {SECONDS} s against {', '.join(hosts)}")
        prefix = tmp / "load"
        started = time.time()
        run = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                str(SPAWN_RATE),
                "--run-time",
                f"{SECONDS}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            env={**e, "LOAD_ACCOUNTS": str(accounts), "LOAD_HOSTS": ",".join(hosts)},
            cwd=ROOT,
            timeout=SECONDS + 300,
        )
        elapsed = time.time() - started
        data = results(
            prefix,
            {
                "date": dt.date.today().isoformat(),
                "users": USERS,
                "seconds": SECONDS,
                "elapsed_s": round(elapsed, 1),
                "workers": WORKERS,
                "servers": len(ports),
                "locust_exit": run.returncode,
            },
        )
        data["transitions"] = count_transitions(e) - before
        write_results(data)
        log(
            f"{(data['total'] or {}).get('requests', 0)} requests, {data['errors']} errors, "
            f"{data['transitions']} transitions → {OUT / 'load_results.md'}"
        )
        return 0 if data["errors"] == 0 and data["total"] else 1
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        try:
            admin_sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        except Exception as exc:  # pragma: no cover - reported, not fatal
            log(f"could not drop {DB}: {exc}")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "seed":
        seed(sys.argv[2])
    else:
        sys.exit(main())
