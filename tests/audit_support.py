"""Test helpers for the append-only audit tables (migration audit.0003): on PostgreSQL a
trigger refuses UPDATE, DELETE and TRUNCATE of audit events and published heads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_publishedchainhead")


def allow_flush_of_the_test_database() -> None:
    """Transactional tests end with Django's flush, a TRUNCATE of every table: turn the
    TRUNCATE triggers off in the test database only (UPDATE and DELETE stay refused).
    Called once by tests/conftest.py's ``django_db_setup``."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in APPEND_ONLY_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_truncate")


@contextmanager
def superuser_rewrite() -> Iterator[None]:
    """What a database superuser who wants to rewrite history does first: disable the
    row triggers (``ALTER TABLE … DISABLE TRIGGER``; the test database's role is a
    superuser). Re-enabled on the way out; inside a test's transaction the change is
    rolled back anyway. On SQLite there is nothing to disable."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        for table in APPEND_ONLY_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for table in APPEND_ONLY_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
