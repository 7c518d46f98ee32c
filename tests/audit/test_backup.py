"""`greenmfg backup OUT` and `greenmfg restore IN` round-trip a populated database on the
suite's database (SQLite, or PostgreSQL with DATABASE_URL): pg_dump/pg_restore or the
SQLite backup API, a manifest with row counts, chain head and SHA-256, the refusal to
overwrite a database that holds rows, and the audit chain verified after the restore
(等保 8.1.4.9 a 数据备份恢复, 8.1.4.3 c 审计记录定期备份).

The dump is taken by another process (pg_dump), which sees only committed rows: these
tests run in transactions of their own (``transactional_db``) and restore into a new
database (a new PostgreSQL database, dropped afterwards, or a new SQLite file)."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.utils import load_backend

from greenmfg.audit.backup import manifest_path, sha256_file, table_counts
from greenmfg.audit.models import AuditEvent, ChainHead
from greenmfg.audit.services import chain_head_publish, record_event, verify_chain
from greenmfg.cultivation.models import Registration
from tests.cycle import candidate

ALIAS = "restored"


@pytest.fixture
def reference_back_after_flush(django_db_blocker):
    """A transactional test ends with a flush that empties every table, the reference
    data loaded once per session included: load it again for the tests that follow.
    Requested before ``transactional_db``, so it is torn down after the flush."""
    yield
    from greenmfg.jurisdictions.reference import load_reference

    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def fresh_database(tmp_path):
    """A new, empty database of the suite's vendor under the alias ``restored``."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    if connection.vendor == "postgresql":
        name = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    else:
        name = str(tmp_path / "restored.sqlite3")
    settings_dict["NAME"] = name
    # a connection made here, not a settings alias: Django's test case allows it
    connections[ALIAS] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, ALIAS)
    yield ALIAS
    connections[ALIAS].close()
    del connections[ALIAS]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def populated(enterprise_user, tianhe_official, city_official):
    """A unit accepted into the Guangzhou pool (audited transitions) and a published head."""
    reg = candidate(enterprise_user, enterprise_user.organisation, tianhe_official, city_official)
    chain_head_publish(on=dt.date(2026, 1, 12))
    record_event(actor=None, action="test.after_head", object_type="test", object_uuid="x")
    return reg


def test_backup_and_restore_round_trip_a_populated_database_djbh_8_1_4_9_a(
    reference_back_after_flush, transactional_db, populated, fresh_database, tmp_path
):
    before = table_counts()
    head = ChainHead.objects.get(pk=1)
    out = tmp_path / "greenmfg.dump"
    text = _run("backup", str(out))
    assert str(out) in text and f"#{head.seq}" in text

    manifest = json.loads(manifest_path(out).read_text(encoding="utf-8"))
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"] == before and manifest["tables"]["cultivation_registration"] == 1
    assert manifest["audit_chain_head"] == {"seq": head.seq, "hash": head.hash}
    assert manifest["dump"]["sha256"] == sha256_file(out)
    # the newest migration of the audit app applied (0003 the triggers, 0004 an index …)
    audit_migrations = Path(__file__).resolve().parents[2] / "greenmfg/audit/migrations"
    assert manifest["migrations"]["audit"] == max(p.stem for p in audit_migrations.glob("0*.py"))
    assert out.stat().st_mode & 0o777 == 0o600  # it holds personal data
    backup_event = AuditEvent.objects.order_by("-seq").first()
    assert backup_event.action == "database.backup"
    assert backup_event.payload["sha256"] == manifest["dump"]["sha256"]

    # the source changes after the backup: the restore brings back the backed-up state
    Registration.objects.all().delete()
    record_event(actor=None, action="test.after_backup", object_type="test", object_uuid="y")

    text = _run("restore", str(out), "--database", fresh_database)
    restored = table_counts(fresh_database)
    # the restore appends one event, database.restore, after comparing the counts
    assert {**restored, "audit_auditevent": restored["audit_auditevent"] - 1} == before
    assert "audit chain OK" in text and "1 published heads match" in text
    assert "cultivation_registration" in text
    assert verify_chain(using=fresh_database).ok
    reg = Registration.objects.using(fresh_database).get(uuid=populated.uuid)
    assert reg.state == populated.state
    last = AuditEvent.objects.using(fresh_database).order_by("-seq").first()
    assert last.action == "database.restore" and last.to_state == "verified"
    assert AuditEvent.objects.using(fresh_database).filter(action="test.after_backup").count() == 0

    # the restored database is not empty now: refused without --force, overwritten with it
    with pytest.raises(CommandError, match="not empty"):
        _run("restore", str(out), "--database", fresh_database)
    text = _run("restore", str(out), "--database", fresh_database, "--force")
    assert "audit chain OK" in text
    again = table_counts(fresh_database)
    assert {**again, "audit_auditevent": again["audit_auditevent"] - 1} == before


def test_restore_refuses_a_dump_that_differs_from_its_manifest_and_a_non_empty_database(
    reference_back_after_flush, transactional_db, populated, fresh_database, tmp_path
):
    out = tmp_path / "greenmfg.dump"
    _run("backup", str(out))
    with pytest.raises(CommandError, match="exists"):
        _run("backup", str(out))  # never overwrites an earlier backup
    # the suite's own database holds rows: refused, and nothing changed
    counts = table_counts()
    with pytest.raises(CommandError, match="not empty"):
        _run("restore", str(out))
    assert table_counts() == counts
    # a damaged dump is refused before anything is written
    damaged = tmp_path / "damaged.dump"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    manifest_path(damaged).write_text(manifest_path(out).read_text())
    with pytest.raises(CommandError, match="SHA-256"):
        _run("restore", str(damaged), "--database", fresh_database)
    assert table_counts(fresh_database) == {}
