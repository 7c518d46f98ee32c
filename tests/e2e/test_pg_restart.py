"""The app reconnects after a PostgreSQL restart, with no manual step and no retry.

A gunicorn app server with persistent database connections (``CONN_MAX_AGE=600``, so the
connection it opened before the restart is the one it holds afterwards) answers a public
and a signed-in request; PostgreSQL is restarted (``pg_ctlcluster … restart``, the CI
machine's local cluster); once it accepts connections again the very next requests are
answered normally: ``CONN_HEALTH_CHECKS`` (greenmfg/settings.py) finds the dead
connection at the start of the request and opens a new one.

**This test restarts the PostgreSQL server** of the machine it runs on: it runs only in the
PostgreSQL pass of ``make test`` (skipped on SQLite and where the cluster is not local),
and it waits for the server to accept connections again before it ends. Anything else
connected to that server at that moment (another test run) loses its connections.
等保 8.1.4.9 (可用性: 服务自动恢复); docs/security.md “Hostile input, faults and load”.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CLUSTERS = Path("/etc/postgresql")


def _local_cluster() -> tuple[str, str] | None:
    """(version, name) of the machine's one PostgreSQL cluster, if it is local."""
    if not shutil.which("pg_ctlcluster") or not CLUSTERS.is_dir():
        return None
    versions = sorted(p.name for p in CLUSTERS.iterdir() if (p / "main").is_dir())
    return (versions[-1], "main") if versions else None


pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql"
    or connection.settings_dict.get("HOST") not in ("127.0.0.1", "localhost", "")
    or _local_cluster() is None,
    reason="restarts the local PostgreSQL cluster: the PostgreSQL pass on the CI machine only",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    if token:
        req.add_header("Authorization", f"Token {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _pg_ready(deadline: float) -> bool:
    while time.time() < deadline:
        ok = subprocess.run(
            ["pg_isready", "-h", "127.0.0.1", "-p", str(connection.settings_dict["PORT"] or 5432)],
            capture_output=True,
        )
        if ok.returncode == 0:
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def signed_in_token(django_db_setup, django_db_blocker):
    """A committed city official with an API token in the test database (no test
    transaction: the restart would break it); removed afterwards."""
    from rest_framework.authtoken.models import Token

    from greenmfg.accounts.tokens import token_issue
    from greenmfg.parties.models import Authority, User

    with django_db_blocker.unblock():
        user = User.objects.create(
            username="pg_restart_probe",
            role="city",
            authority=Authority.objects.get(jurisdiction__code="440100"),
        )
        # as the sign-in endpoint issues it to an official who gave the TOTP code
        token = token_issue(user=user, second_factor=True).key
        connection.close()
    yield token
    with django_db_blocker.unblock():
        for conn in connections.all():
            conn.close()  # the test process's own connection died with the restart
        Token.objects.filter(user__username="pg_restart_probe").delete()
        User.objects.filter(username="pg_restart_probe").delete()


# a database test, so that pytest-django creates the test database when this file runs alone
@pytest.mark.django_db(transaction=True)
def test_the_app_answers_the_first_request_after_a_postgresql_restart_djbh_8_1_4_9(
    signed_in_token, tmp_path
):
    version, cluster = _local_cluster()
    s = connection.settings_dict
    url = f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CONN_MAX_AGE": "600",
        "GREENMFG_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "greenmfg.settings",
    }
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "greenmfg.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        cwd=ROOT,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, _ = _get(f"{base}/api/v1/listings/?q=%E7%BB%BF%E8%89%B2")  # q=绿色
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise AssertionError("the app server did not start")
        assert status == 200
        assert _get(f"{base}/api/v1/inbox/", signed_in_token)[0] == 200

        restarted = subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "restart"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert restarted.returncode == 0, restarted.stderr
        assert _pg_ready(time.time() + 120), "PostgreSQL did not come back"

        # the first requests after the restart, each exactly once: no retry
        status, body = _get(f"{base}/api/v1/listings/?q=%E7%BB%BF%E8%89%B2")  # q=绿色
        assert status == 200, body[:500]
        status, body = _get(f"{base}/api/v1/inbox/", signed_in_token)
        assert status == 200, body[:500]
        assert isinstance(json.loads(body), list)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        # leave the server up for whatever runs next, whatever happened above
        _pg_ready(time.time() + 120)
