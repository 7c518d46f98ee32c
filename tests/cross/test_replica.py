"""The public register served by a PostgreSQL streaming replica (issue 16 item 5;
docs/topology.md): a real second cluster is started on this machine from a base backup of
the primary (``pg_basebackup -R``), the anonymous register reads are routed to it
(greenmfg/core/dbrouter.py), and a list published on the primary reaches the public page
through it; a signed-in official's page still reads the primary.

Runs in the suite's PostgreSQL pass (``.ci/run`` lets the loopback make replication
connections); on SQLite there is no replica to start."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext

from greenmfg.core.dbrouter import REPLICA
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.reference import load_reference
from tests.cast import official_of
from tests.factories import OrganisationFactory
from tests.oversight import list_unit

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.flushes]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(*cmd: str, **kw) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True, **kw)


@pytest.fixture
def replica(transactional_db, monkeypatch):
    """A hot-standby cluster streaming from the test database's primary, as the
    ``replica`` alias; stopped and removed afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica is a PostgreSQL cluster (the PostgreSQL pass starts one)")
    if not Jurisdiction.objects.filter(code="440106").exists():
        load_reference()  # an earlier transactional test flushed it
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    assert bins, "the PostgreSQL server binaries are not installed"
    pg = bins[-1]
    primary = connection.settings_dict
    port = _free_port()
    datadir = tempfile.mkdtemp(prefix="greenmfg-replica-")
    wrapper = None
    shutil.chown(datadir, "postgres", "postgres") if os.geteuid() == 0 else None
    os.chmod(datadir, 0o700)
    try:
        _as_postgres(
            f"{pg}/pg_basebackup",
            "-h", primary["HOST"] or "127.0.0.1",
            "-p", str(primary["PORT"] or 5432),
            "-U", primary["USER"] or "postgres",
            "-D", datadir, "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        conf = (
            f"port = {port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{datadir}'\nhot_standby = on\n"
        )
        _as_postgres("sh", "-c", f"cat > {datadir}/postgresql.conf", input=conf)
        hba = "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        _as_postgres("sh", "-c", f"cat > {datadir}/pg_hba.conf", input=hba)
        _as_postgres(
            f"{pg}/pg_ctl", "-D", datadir, "-l", f"{datadir}/log", "-w", "-t", "60", "start"
        )
        alias = {**primary, "PORT": str(port), "HOST": "127.0.0.1", "CONN_MAX_AGE": 0}
        monkeypatch.setitem(settings.DATABASES, REPLICA, alias)
        # the connection the router's alias answers with, made here under an alias of its
        # own: the test case declared its databases before the replica existed, and Django
        # allows connections it did not configure
        configured = connections.configure_settings({"default": dict(primary), REPLICA: alias})[
            REPLICA
        ]
        wrapper = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, "test_replica")
        connections[REPLICA] = wrapper
        yield wrapper
    finally:
        if wrapper is not None:
            wrapper.close()
            del connections[REPLICA]
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                f"{pg}/pg_ctl",
                "-D",
                datadir,
                "-m",
                "immediate",
                "stop",
            ]
            if os.geteuid() == 0
            else [f"{pg}/pg_ctl", "-D", datadir, "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(datadir, ignore_errors=True)


def _replayed(conn, name: str, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM register_listing WHERE unit_name = %s", [name])
            if cur.fetchone()[0]:
                return True
        time.sleep(0.2)
    return False


def test_a_publication_reaches_the_public_register_through_the_replica(replica):
    with replica.cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery()")
        assert cur.fetchone()[0] is True, "the replica is a hot standby"
    unit = OrganisationFactory(name="广州复制验证精密制造有限公司", district="440106")
    list_unit(unit, "municipal", year=2025)
    assert _replayed(replica, unit.name), "the listing did not reach the replica"
    with CaptureQueriesContext(replica) as on_replica:
        page = Client().get("/register/", {"q": "复制验证"})
    assert page.status_code == 200
    assert unit.name in page.content.decode()
    assert any("register_listing" in q["sql"] for q in on_replica.captured_queries)


def test_signed_in_pages_and_writes_stay_on_the_primary(replica):
    client = Client()
    client.force_login(official_of("city", "440100"))
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/register/", {"q": "绿色"}).status_code == 200
        assert client.get("/api/v1/listings/", HTTP_AUTHORIZATION="Token x").status_code in (
            200,
            401,
            403,
        )
    assert on_replica.captured_queries == []
