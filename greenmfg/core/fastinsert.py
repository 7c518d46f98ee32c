"""Inserting many new rows fast (set-based imports).

Django's ``bulk_create`` compiles every value of every row through the field machinery
(``pre_save``, ``get_db_prep_save``, one SQL fragment per value) and, on SQLite, splits
the rows into ~50-row statements (999 bound variables): at 100,000 rows that is most of
an import's time. Here the rows are tuples of Python values in a given column order:

- on PostgreSQL they are streamed with ``COPY … FROM STDIN`` (psycopg 3's
  ``cursor.copy``): the driver adapts UUIDs, dates, times and decimals itself, JSON
  values are wrapped in ``Jsonb``;
- elsewhere (SQLite) one ``INSERT`` is handed all the rows through the driver's
  ``executemany``, with a converter per column only where the database needs another
  form (UUID → 32 hex digits, dates and times, JSON text, decimals) — the same forms
  Django's ``get_db_prep_save`` gives.

:func:`insert_rows` takes tuples (no model instance per row: ``Model.__init__`` was a
fifth of a 100,000-row list import); :func:`insert_many` takes instances. The rows
must be complete: every column named has its value (``auto_now``/``auto_now_add`` are
*not* applied: the caller sets them). No signals are sent, no primary keys are returned.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

#: field classes whose Python values the driver takes as they are
PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def insert_fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete fields of ``model`` an INSERT names (all but an auto primary key)."""
    return [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]


def _sqlite_converter(field: models.Field) -> Callable[[Any], Any] | None:
    """How a Python value of ``field`` is handed to a driver other than psycopg (None:
    as it is)."""
    if isinstance(field, PLAIN):
        return None
    ops = connection.ops
    if isinstance(field, models.UUIDField):
        return lambda v: None if v is None else v.hex
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda v: None if v is None and field.null else json.dumps(v, cls=encoder)
    return lambda v: field.get_db_prep_save(v, connection)


def insert_rows(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Iterable[tuple],
    chunk: int = 5000,
) -> int:
    """INSERT ``rows`` (tuples of Python values in the order of ``attnames``, field
    attnames such as ``green_list_id``) into ``model``'s table: ``COPY`` on PostgreSQL,
    ``executemany`` of ``chunk`` rows at a time elsewhere. Returns the number of rows.
    Raises what the database raises (the caller's transaction rolls back with it)."""
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in attnames]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    n = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb  # noqa: PLC0415 - PostgreSQL only

            json_idx = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    if json_idx:
                        row = list(row)
                        for i in json_idx:
                            if row[i] is not None:
                                row[i] = Jsonb(row[i])
                    copy.write_row(row)
                    n += 1
            return n
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        plans = [(i, conv) for i, f in enumerate(fields) if (conv := _sqlite_converter(f))]
        batch: list[tuple] = []
        for row in rows:
            if plans:
                row = list(row)
                for i, conv in plans:
                    row[i] = conv(row[i])
            batch.append(tuple(row))
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                n += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            n += len(batch)
    return n


def insert_many(model: type[models.Model], objs: Sequence[models.Model], chunk: int = 5000) -> int:
    """INSERT ``objs`` (new instances of ``model``) through :func:`insert_rows`.
    Returns the number of rows. Raises what the database raises."""
    if not objs:
        return 0
    names = [f.attname for f in insert_fields(model)]
    return insert_rows(
        model, names, (tuple(getattr(obj, n) for n in names) for obj in objs), chunk=chunk
    )
