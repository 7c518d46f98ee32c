"""Inserting many new rows with one ``executemany`` (set-based imports).

Django's ``bulk_create`` compiles every value of every row through the field machinery
(``pre_save``, ``get_db_prep_save``, one SQL fragment per value) and, on SQLite, splits
the rows into ~50-row statements (999 bound variables): at 100,000 rows that is most of
an import's time. :func:`insert_many` builds one ``INSERT`` and hands all the rows to the
driver's ``executemany``; only the fields that need a database form (UUID, JSON, dates
and times, decimals) go through ``get_db_prep_save``; the others are passed as they are.

The rows must be complete: every concrete field except an auto primary key has its
value on the instance (``auto_now``/``auto_now_add`` are *not* applied: the caller sets
them). No signals are sent, no primary keys are returned.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

#: field classes whose Python values the driver takes as they are
PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def insert_many(model: type[models.Model], objs: Sequence[models.Model], chunk: int = 5000) -> int:
    """INSERT ``objs`` (new instances of ``model``) with ``executemany``, ``chunk`` rows at
    a time. Returns the number of rows. Raises what the database raises."""
    if not objs:
        return 0
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    plans = [(f.attname, None if isinstance(f, PLAIN) else f) for f in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), chunk):
            params = [
                tuple(
                    getattr(obj, attname)
                    if field is None
                    else field.get_db_prep_save(getattr(obj, attname), connection)
                    for attname, field in plans
                )
                for obj in objs[start : start + chunk]
            ]
            cursor.executemany(sql, params)
    return len(objs)
