"""Writing many rows fast: PostgreSQL ``COPY … FROM STDIN`` through psycopg 3 on the
raw connection, ``bulk_create`` elsewhere (SQLite).

Rows are dicts keyed by field ``attname`` (``unit_id``, not ``unit``); every concrete
field not given takes its model default, ``uuid`` a value the caller generates (so a
seed decides everything), ``created_at``/``updated_at`` the caller's fixed timestamp.
Primary keys are assigned by the caller from :func:`next_ids` so foreign keys can be
set without reading rows back; on PostgreSQL the id sequence is moved past them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
from collections.abc import Iterable

from django.db import connection, models
from psycopg.types.json import Jsonb

COPY_BATCH = 50_000
CREATE_BATCH = 2_000


def next_id(model) -> int:
    """The first free primary key of ``model``'s table (max + 1)."""
    agg = model.objects.aggregate(m=models.Max("pk"))["m"]
    return (agg or 0) + 1


def _field_defaults(model) -> list[tuple[models.Field, object]]:
    out = []
    for f in model._meta.concrete_fields:
        generated = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        if f.primary_key or isinstance(f, models.UUIDField) or generated:
            default = None
        else:
            default = f.get_default()
        out.append((f, default))
    return out


class BulkWriter:
    """Writes rows of several models; ``stamp`` is the created/updated timestamp."""

    def __init__(self, *, stamp: dt.datetime, use_copy: bool | None = None):
        self.stamp = stamp
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.counts: dict[str, int] = {}

    def write(self, model, rows: Iterable[dict], *, defer_indexes: bool = False) -> int:
        """Write ``rows`` of ``model``; ``defer_indexes`` (PostgreSQL, for large loads):
        drop the table's plain indexes first and build them again afterwards, which is
        several times faster than maintaining them row by row."""
        if defer_indexes and self.use_copy:
            with _indexes_deferred(model):
                return self.write(model, rows)
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        rows = itertools.chain([first], rows)
        fields = _field_defaults(model)
        if model._meta.pk.attname not in first:  # the database numbers the rows
            fields = [(f, d) for f, d in fields if not f.primary_key]
        n = self._copy(model, fields, rows) if self.use_copy else self._create(model, fields, rows)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + n
        return n

    def _full(self, fields, row: dict) -> list:
        values = []
        for f, default in fields:
            name = f.attname
            if name in row:
                values.append(row[name])
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                values.append(self.stamp)
            else:
                values.append(default() if callable(default) else default)
        return values

    def _copy(self, model, fields, rows: Iterable[dict]) -> int:
        table = model._meta.db_table
        cols = ", ".join(connection.ops.quote_name(f.column) for f, _ in fields)
        json_idx = [i for i, (f, _) in enumerate(fields) if isinstance(f, models.JSONField)]
        n = 0
        connection.ensure_connection()
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    values = self._full(fields, row)
                    for i in json_idx:
                        values[i] = Jsonb(values[i])
                    copy.write_row(values)
                    n += 1
            if any(f.primary_key and f.attname == "id" for f, _ in fields):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"GREATEST((SELECT MAX(id) FROM {table}), 1))"
                )
        return n

    def _create(self, model, fields, rows: Iterable[dict]) -> int:
        n = 0
        batch = []
        names = [f.attname for f, _ in fields]
        for row in rows:
            values = self._full(fields, row)
            batch.append(model(**dict(zip(names, values, strict=True))))
            if len(batch) >= CREATE_BATCH:
                model.objects.bulk_create(batch)
                n += len(batch)
                batch = []
        if batch:
            model.objects.bulk_create(batch)
            n += len(batch)
        return n


def json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


@contextlib.contextmanager
def _indexes_deferred(model):
    """Drop the unique and foreign-key constraints and the plain indexes of ``model``'s
    table (not its primary key), yield, then add them back in the caller's transaction:
    building an index by sorting and validating a foreign key with one join is far
    faster than maintaining them row by row (on this 2-core machine a 500k-row COPY
    into the credit-record table took 27 s with them in place, ~8 s without)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
            [table],
        )
        constraints = cursor.fetchall()  # unique first, then foreign keys
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition, _kind in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        # pending deferred checks of other tables must run before CREATE INDEX may
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, definition, kind in constraints:
            if kind == "u":
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition, kind in constraints:
            if kind == "f":
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
