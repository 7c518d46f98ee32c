"""The production topology on more than one process: two gunicorn app servers and a
Celery worker against one PostgreSQL database and Redis. Work submitted to one server
is seen on the other and completed by the worker (DESIGN.md decision 7)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _request(url: str, token: str, data: dict | None = None) -> dict:
    req = urllib.request.Request(url, method="POST" if data is not None else "GET")
    req.add_header("Authorization", f"Token {token}")
    req.add_header("Accept", "application/json")
    body = None
    if data is not None:
        req.add_header("Content-Type", "application/json")
        body = json.dumps(data).encode()
    with urllib.request.urlopen(req, body, timeout=10) as resp:
        return json.loads(resp.read())


def _wait_http(port: int, deadline: float) -> None:
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/rules/", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"app server on {port} did not start")


SETUP = """
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.models import Authority, User
from greenmfg.register.models import GreenList, Listing
from greenmfg.accounts.tokens import token_issue
city = Jurisdiction.objects.get(code="440100")
user = User.objects.create(username="topology", role="city", authority=Authority.objects.get(jurisdiction=city))
gl = GreenList.objects.create(jurisdiction=city, level="municipal", year=2025, title="2025年度广州市绿色制造名单")
Listing.objects.create(green_list=gl, unit_name="拓扑测试制造有限公司", list_type="factory", level="municipal", year=2025)
# as the sign-in endpoint issues it to an official who gave the TOTP code
print(token_issue(user=user, second_factor=True).key, gl.uuid)
"""


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the production topology runs on PostgreSQL (the CI's PostgreSQL pass)",
)
def test_work_submitted_to_one_server_is_seen_on_the_other_and_done_by_the_worker(tmp_path):
    if not _redis_up():
        pytest.fail("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    settings_db = connection.settings_dict
    name = f"greenmfg_topology_{uuid.uuid4().hex[:8]}"
    host, port_db, user = (
        settings_db["HOST"] or "127.0.0.1",
        settings_db["PORT"] or "5432",
        settings_db["USER"] or "postgres",
    )
    admin = f"postgres://{user}@{host}:{port_db}/postgres"
    url = f"postgres://{user}@{host}:{port_db}/{name}"
    redis_db = 7
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GREENMFG_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "greenmfg.settings",
    }
    env.pop("GREENMFG_TODAY", None)
    subprocess.run(
        [
            str(BIN / "python"),
            "-c",
            f"import psycopg; c = psycopg.connect('{admin}', autocommit=True); c.execute(\"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'\")",
        ],
        check=True,
    )
    procs: list[subprocess.Popen] = []
    try:
        subprocess.run(
            [str(BIN / "greenmfg"), "setup", "--skip-national-lists", "-v", "0"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        out = subprocess.run(
            [str(BIN / "python"), str(ROOT / "manage.py"), "shell", "-c", SETUP],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        token, list_uuid = out.stdout.split()[-2:]
        ports = [_free_port(), _free_port()]
        for p in ports:
            procs.append(
                subprocess.Popen(
                    [
                        str(BIN / "gunicorn"),
                        "greenmfg.wsgi",
                        "--bind",
                        f"127.0.0.1:{p}",
                        "--workers",
                        "1",
                    ],
                    env=env,
                    cwd=ROOT,
                    stderr=subprocess.DEVNULL,
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
                    "topology@%h",
                ],
                env=env,
                cwd=ROOT,
                stderr=subprocess.DEVNULL,
            )
        )
        deadline = time.time() + 60
        for p in ports:
            _wait_http(p, deadline)
        job = _request(
            f"http://127.0.0.1:{ports[0]}/api/v1/jobs/",
            token,
            {"kind": "export_list_xlsx", "params": {"green_list": list_uuid}},
        )
        assert job["state"] == "queued"
        seen = None
        while time.time() < deadline:
            seen = _request(f"http://127.0.0.1:{ports[1]}/api/v1/jobs/{job['uuid']}/", token)
            if seen["state"] in ("done", "failed"):
                break
            time.sleep(0.5)
        assert seen is not None and seen["state"] == "done", seen
        assert seen["result"]["file"].startswith("exports/") and seen["result"]["size"] > 0
        worker_pid = int(seen["worker"].rsplit(":", 1)[1])
        assert worker_pid not in {procs[0].pid, procs[1].pid}
        assert (tmp_path / "media" / seen["result"]["file"]).exists()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        subprocess.run(
            [
                str(BIN / "python"),
                "-c",
                f"import psycopg; c = psycopg.connect('{admin}', autocommit=True); c.execute(\"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname='{name}'\"); c.execute('DROP DATABASE IF EXISTS {name}')",
            ],
            check=False,
        )
        subprocess.run(
            ["redis-cli", "-n", str(redis_db), "FLUSHDB"], check=False, capture_output=True
        )
