"""Backup and restore of the whole database (`greenmfg backup OUT`, `greenmfg restore IN`).

PostgreSQL: ``pg_dump --format=custom`` of the ``DATABASE_URL`` database, taken in the
snapshot the manifest's row counts are read in (so they describe the dump exactly),
and ``pg_restore``. SQLite: the online backup API (``sqlite3.Connection.backup``),
which copies a consistent database while the platform runs.

Next to the dump ``OUT`` a manifest ``OUT.manifest.json`` records the database vendor,
the time, the row count of every table, the audit chain head (``seq``, ``hash``), the
latest migration of each app and the SHA-256 of the dump. A restore refuses a dump
whose SHA-256 or vendor does not match its manifest, refuses to overwrite a database
that holds any row unless forced, then verifies the audit chain and compares the row
counts with the manifest.

Source: 等保 GB/T 22239-2019 8.1.4.9 a (重要数据的本地数据备份与恢复) and 8.1.4.3 c
(审计记录定期备份).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from greenmfg.audit.services import VerifyResult, record_event, verify_chain

MANIFEST_FORMAT = "greenmfg-backup/1"
#: libpq environment variables taken from a database's OPTIONS
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


@dataclass
class BackupResult:
    """What :func:`database_backup` wrote: the dump, its manifest and the manifest's data."""

    path: str
    manifest_path: str
    manifest: dict[str, Any]


@dataclass
class RestoreResult:
    """What :func:`database_restore` found after restoring: the row count of every table,
    the audit chain verification, and the tables whose counts differ from the manifest
    (``{table: [manifest, restored]}``; empty when all match or there was no manifest)."""

    counts: dict[str, int]
    chain: VerifyResult
    mismatches: dict[str, list[int | None]] = field(default_factory=dict)
    manifest: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.mismatches


def manifest_path(path: str | Path) -> Path:
    """The manifest that goes with the dump ``path``: ``path`` + ``.manifest.json``."""
    return Path(f"{path}.manifest.json")


def sha256_file(path: str | Path) -> str:
    """SHA-256 (hex) of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The tables of every installed model (auto-created many-to-many tables included)
    that exist in the database, sorted."""
    conn = connections[using]
    return sorted(conn.introspection.django_table_names(only_existing=True, include_views=False))


def _count(cursor, quote, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The row count of every model table of the database ``using``."""
    conn = connections[using]
    with conn.cursor() as cursor:
        return _count(cursor, conn.ops.quote_name, model_tables(using))


def _head_and_migrations(cursor) -> tuple[dict[str, Any], dict[str, str]]:
    cursor.execute("SELECT seq, hash FROM audit_chainhead WHERE id = 1")
    row = cursor.fetchone()
    head = {"seq": row[0], "hash": row[1]} if row else {"seq": 0, "hash": "0" * 64}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = name
    return head, dict(sorted(latest.items()))


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq environment for pg_dump/pg_restore (the password never on the command line)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, var in PG_OPTION_ENV.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            env[var] = str(value)
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client of the server's version "
            f"(Debian: apt-get install postgresql-client-15)"
        )
    return path


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tool = Path(cmd[0]).name
        raise BackupError(f"{tool} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def database_backup(out: str | Path, *, using: str = DEFAULT_DB_ALIAS, actor=None) -> BackupResult:
    """Back up the database ``using`` to the file ``out`` and write its manifest.

    In: the dump file to create (refused if it or its manifest exists), the database
    alias, who runs it. PostgreSQL: ``pg_dump --format=custom`` in a read-only
    repeatable-read snapshot whose row counts and chain head go into the manifest;
    SQLite: the online backup API, counts read from the copy. The dump is created
    readable by its owner only (0600): it holds personal data. Afterwards a
    ``database.backup`` audit event records the file's SHA-256 and chain head.
    Out: :class:`BackupResult`. Raises :class:`BackupError` (existing file, missing
    pg_dump, a failed dump, an open transaction on PostgreSQL).
    Source: 等保 8.1.4.9 a, 8.1.4.3 c.
    """
    out = Path(out)
    meta = manifest_path(out)
    for path in (out, meta):
        if path.exists():
            raise BackupError(f"{path} exists: choose a new file name (备份文件已存在)")
    conn = connections[using]
    conn.ensure_connection()
    vendor = conn.vendor
    if vendor == "postgresql":
        counts, head, migrations, version = _pg_backup(out, using)
        dump_format = "pg_dump custom"
    elif vendor == "sqlite":
        counts, head, migrations, version = _sqlite_backup(out, using)
        dump_format = "sqlite3 database"
    else:
        raise BackupError(f"backups of {vendor} databases are not supported")
    os.chmod(out, 0o600)
    manifest = {
        "format": MANIFEST_FORMAT,
        "vendor": vendor,
        "server_version": version,
        "database": Path(str(conn.settings_dict["NAME"])).name,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "dump": {
            "file": out.name,
            "format": dump_format,
            "size": out.stat().st_size,
            "sha256": sha256_file(out),
        },
        "audit_chain_head": head,
        "tables": counts,
        "migrations": migrations,
    }
    meta.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    record_event(
        actor=actor,
        action="database.backup",
        object_type="database",
        object_uuid=manifest["dump"]["sha256"][:36],
        object_label=out.name,
        citations=["GB/T 22239-2019 8.1.4.9 a)"],
        payload={
            "file": out.name,
            "sha256": manifest["dump"]["sha256"],
            "vendor": vendor,
            "chain_head": head,
            "rows": sum(counts.values()),
        },
        using=using,
    )
    return BackupResult(str(out), str(meta), manifest)


def _pg_backup(out: Path, using: str):
    conn = connections[using]
    if conn.in_atomic_block:
        raise BackupError("a PostgreSQL backup cannot run inside a transaction")
    tables = model_tables(using)
    with transaction.atomic(using=using), conn.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, version = cursor.fetchone()
        counts = _count(cursor, conn.ops.quote_name, tables)
        head, migrations = _head_and_migrations(cursor)
        # pg_dump reads in the same snapshot while this transaction stays open
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={out}",
                f"--dbname={conn.settings_dict['NAME']}",
            ],
            _pg_env(conn.settings_dict),
        )
    return counts, head, migrations, version


def _sqlite_backup(out: Path, using: str):
    conn = connections[using]
    tables = model_tables(using)
    target = sqlite3.connect(out)
    try:
        conn.connection.backup(target)
    finally:
        target.close()
    copy = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    try:
        cursor = copy.cursor()
        counts = _count(cursor, conn.ops.quote_name, tables)
        head, migrations = _head_and_migrations(cursor)
    finally:
        copy.close()
    return counts, head, migrations, sqlite3.sqlite_version


def database_is_empty(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database holds no row in any table (a new, never migrated database;
    a migrated one has rows in ``django_migrations`` and is not empty)."""
    conn = connections[using]
    with conn.cursor() as cursor:
        for table in conn.introspection.table_names(cursor):
            cursor.execute(f"SELECT 1 FROM {conn.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                return False
    return True


def read_manifest(path: str | Path) -> dict[str, Any] | None:
    """The manifest of the dump ``path``, or ``None`` when there is none."""
    meta = manifest_path(path)
    if not meta.exists():
        return None
    try:
        manifest = json.loads(meta.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{meta} is not a manifest: {exc}") from exc
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"{meta} is not a {MANIFEST_FORMAT} manifest")
    return manifest


def database_restore(
    path: str | Path, *, using: str = DEFAULT_DB_ALIAS, force: bool = False, actor=None
) -> RestoreResult:
    """Restore the dump ``path`` into the database ``using``.

    Refused (:class:`BackupError`) when the dump's SHA-256 or vendor differs from its
    manifest (when there is one), and when the database holds any row unless
    ``force`` — then PostgreSQL objects in the dump are dropped and re-created
    (``pg_restore --clean --if-exists``), a SQLite database is overwritten whole.
    PostgreSQL: ``pg_restore --no-owner --no-privileges --single-transaction
    --exit-on-error`` into the existing database (create it first); objects are owned
    by the restoring role. SQLite: the backup API copies the dump over the database
    file. Afterwards the audit chain and its published heads are verified and every
    table's row count is compared with the manifest; a ``database.restore`` event is
    then appended to the restored chain.
    Out: :class:`RestoreResult` (``ok`` False when the chain is broken or counts differ).
    Source: 等保 8.1.4.9 a.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    manifest = read_manifest(path)
    conn = connections[using]
    conn.ensure_connection()
    vendor = conn.vendor
    if manifest is not None:
        if manifest.get("vendor") != vendor:
            raise BackupError(
                f"{path} is a {manifest.get('vendor')} backup; this database is {vendor}"
            )
        digest = sha256_file(path)
        if digest != manifest["dump"]["sha256"]:
            raise BackupError(
                f"{path}: SHA-256 {digest} differs from the manifest's "
                f"{manifest['dump']['sha256']}: the file is damaged or not this backup"
            )
    if not force and not database_is_empty(using):
        raise BackupError(
            f"database {conn.settings_dict['NAME']} is not empty: restore into a new "
            "database, or use --force to overwrite it (数据库非空)"
        )
    if vendor == "postgresql":
        conn.close()
        cmd = [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={conn.settings_dict['NAME']}",
        ]
        if force:
            cmd += ["--clean", "--if-exists"]
        _run([*cmd, str(path)], _pg_env(conn.settings_dict))
    elif vendor == "sqlite":
        _sqlite_restore(path, conn)
    else:
        raise BackupError(f"restores into {vendor} databases are not supported")
    conn.close()
    chain = verify_chain(using=using)
    counts = table_counts(using)
    mismatches: dict[str, list[int | None]] = {}
    if manifest is not None:
        for table in sorted(set(manifest["tables"]) | set(counts)):
            expected, found = manifest["tables"].get(table), counts.get(table)
            if expected != found:
                mismatches[table] = [expected, found]
    record_event(
        actor=actor,
        action="database.restore",
        object_type="database",
        object_uuid=(manifest["dump"]["sha256"][:36] if manifest else ""),
        object_label=path.name,
        to_state="verified" if chain.ok and not mismatches else "failed",
        citations=["GB/T 22239-2019 8.1.4.9 a)"],
        payload={
            "file": path.name,
            "sha256": manifest["dump"]["sha256"] if manifest else None,
            "backup_created_at": manifest["created_at"] if manifest else None,
            "chain_ok": chain.ok,
            "events": chain.checked,
            "mismatches": mismatches,
            "forced": force,
        },
        using=using,
    )
    return RestoreResult(counts, chain, mismatches, manifest)


def _sqlite_restore(path: Path, conn) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            check = source.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a SQLite database: {exc}") from exc
        if check != "ok":
            raise BackupError(f"{path} is damaged: {check}")
        conn.close()
        target = sqlite3.connect(str(conn.settings_dict["NAME"]))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
