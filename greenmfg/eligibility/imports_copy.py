"""The PostgreSQL bulk path of the credit-record import: COPY, then merge in SQL.

:func:`greenmfg.eligibility.imports.import_credit_records` calls :func:`copy_import`
for a CSV file on PostgreSQL. It streams the file's bytes (after the header) into a
temporary table with ``COPY … FROM STDIN (FORMAT csv)``, checks in SQL that every row
would pass the row-by-row validation (:func:`greenmfg.eligibility.imports.clean_rows`),
and merges: records whose key (USCC, kind, occurred_on, document_no) exists are
updated when their content differs, the others inserted, with one ``INSERT … SELECT``
and one ``UPDATE … FROM``. Nothing crosses to Python but the header, the distinct
kind spellings and dates (a few hundred values) and the counts.

The checks are the same rules, never looser: text cells are trimmed with the
characters Python's ``str.strip()`` removes; a USCC must be 18 ASCII letters or
digits whose upper-case form passes GB 32100-2015 (alphabet, division digits, check
character, computed in SQL); kinds and dates are mapped by the Python functions
themselves. Whenever the file is not one this path can take whole — a row the
checks refuse, a row with the wrong number of cells, a blank row, bytes that are
not UTF-8, two rows of one key that disagree — :func:`copy_import` returns ``None``
having written nothing (its savepoint is rolled back), and the caller runs the
row-by-row path, which names every problem with its row and field. So both paths
give the same records, the same report and the same errors (tests/eligibility/test_credit_import_copy.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from greenmfg.eligibility.models import CreditRecord
from greenmfg.parties.models import Organisation
from greenmfg.parties.uscc import validate_uscc

#: every character ``str.strip()`` removes (str.isspace), for btrim()
PY_WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
#: the temporary tables of one import (dropped at the end; ON COMMIT DROP as well)
TEMP_TABLES = "credit_import_raw, credit_import_unique"
FIELDS = ("uscc", "kind", "occurred_on", "ended_on", "description", "source", "document_no")


def _ws_literal() -> str:
    """PY_WHITESPACE as a PostgreSQL E'' literal (\\uXXXX escapes)."""
    return "E'" + "".join(f"\\u{ord(ch):04x}" for ch in PY_WHITESPACE) + "'"


WS = _ws_literal()


def copy_import(path: Path, report, *, today: dt.date, kind_lookup, parse_date, header_map):
    """Import ``path`` (a CSV file) on PostgreSQL by COPY and SQL; fills ``report``
    (an ImportReport) and returns it, or returns ``None`` (nothing written) when the
    row-by-row path must take the file. Runs inside the caller's transaction.

    The file is read with Python's ``csv`` module (the row-by-row path's reader, so
    quoting, short rows and blank rows mean the same) and streamed to a temporary
    table with ``COPY … FROM STDIN``; everything after that is SQL. ``kind_lookup``
    (raw cell → kind or None), ``parse_date`` (cell → date, raises ValueError) and
    ``header_map`` are the row-by-row path's own functions, so the two paths cannot
    disagree on what a kind, a date or a column is.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                return None
            mapping, ignored, problems = header_map(header)
            if problems:
                return None
            index = [mapping.get(name) for name in FIELDS]
            with transaction.atomic(), connection.cursor() as c:
                c.execute(f"DROP TABLE IF EXISTS {TEMP_TABLES}")
                c.execute(
                    "CREATE TEMP TABLE credit_import_raw (n bigint, "
                    + ", ".join(f"{name} text" for name in FIELDS)
                    + ") ON COMMIT DROP"
                )
                rows = 0
                with c.cursor.copy(
                    f"COPY credit_import_raw (n, {', '.join(FIELDS)}) FROM STDIN"
                ) as copy:
                    for number, cells in enumerate(reader, start=2):
                        width = len(cells)
                        values = [cells[i] if i is not None and i < width else None for i in index]
                        if not any(v and v.strip() for v in values) and not any(
                            v.strip() for v in cells
                        ):
                            continue  # a blank row: skipped, as row by row
                        copy.write_row((number, *values))
                        rows += 1
                if not rows:
                    raise _Fallback
                if _merge(c, report, rows, today, kind_lookup, parse_date) is None:
                    raise _Fallback
                c.execute(f"DROP TABLE {TEMP_TABLES}")
    except (_Fallback, DatabaseError, UnicodeDecodeError, csv.Error):
        return None
    report.ignored_columns = ignored
    return report


class _Fallback(Exception):
    """The file needs the row-by-row path (the savepoint is rolled back)."""


def _merge(c, report, rows, today, kind_lookup, parse_date):
    """Check and merge the rows of ``credit_import_raw``; None = leave it to the
    row-by-row path. Statements: one scan for the distinct spellings, one that builds
    the file's unique keys (mapped, trimmed, grouped, linked to organisations, marked
    when a record with the key exists), one check, the UPDATE and the INSERT."""

    def trim(col: str) -> str:
        return f"btrim(coalesce({col}, ''), {WS})"

    # 1. the distinct USCC, kind and date spellings, judged by the row-by-row functions
    c.execute(
        f"""SELECT DISTINCT x.t, x.v FROM credit_import_raw,
            LATERAL (VALUES ('u', {trim("uscc")}), ('k', {trim("kind")}),
                            ('o', {trim("occurred_on")}), ('e', {trim("ended_on")})) AS x (t, v)"""
    )
    kinds, dates = {}, {}
    for t, raw in c.fetchall():
        if t == "u":
            # ASCII letters and digits only, so PostgreSQL's upper() is Python's
            if not (len(raw) == 18 and raw.isascii() and raw.isalnum()):
                return None
            if validate_uscc(raw.upper()):
                return None
        elif t == "k":
            kind = kind_lookup(raw)
            if not kind:
                return None
            kinds[raw] = kind
        elif raw == "":
            if t == "o":
                return None  # occurred_on is required
        else:
            try:
                dates[raw] = parse_date(raw)
            except (ValueError, TypeError, OverflowError):
                return None
    limits = {
        name: CreditRecord._meta.get_field(name).max_length
        for name in ("description", "source", "document_no")
    }
    kind_values = ", ".join(["(%s, %s)"] * len(kinds))
    date_values = ", ".join(["(%s, %s::date)"] * len(dates)) or "(NULL, NULL::date)"
    params = [v for pair in kinds.items() for v in pair]
    params += [v for pair in dates.items() for v in pair]
    params += [today, limits["description"], limits["source"], limits["document_no"]]
    table = CreditRecord._meta.db_table
    org = Organisation._meta.db_table
    key = (
        "r.uscc = g.uscc AND r.kind = g.kind AND r.occurred_on = g.occurred_on "
        "AND r.document_no = g.document_no"
    )
    # 2. the file's unique keys; every row checked (ok), two rows of a key must agree
    c.execute(
        f"""CREATE TEMP TABLE credit_import_unique ON COMMIT DROP AS
        WITH k (raw, kind) AS (VALUES {kind_values}), d (raw, day) AS (VALUES {date_values}),
        t AS (SELECT n, upper({trim("uscc")}) AS uscc, {trim("kind")} AS kind_raw,
                     {trim("occurred_on")} AS occurred_raw, {trim("ended_on")} AS ended_raw,
                     {trim("description")} AS description, {trim("source")} AS source,
                     {trim("document_no")} AS document_no
              FROM credit_import_raw),
        v AS (SELECT t.n, t.uscc, k.kind, o.day AS occurred_on, e.day AS ended_on,
                     t.description, t.source, t.document_no
              FROM t JOIN k ON k.raw = t.kind_raw JOIN d o ON o.raw = t.occurred_raw
                     LEFT JOIN d e ON e.raw = t.ended_raw),
        g AS (SELECT min(n) AS n, uscc, kind, occurred_on, document_no, count(*) AS copies,
                     count(DISTINCT (coalesce(ended_on, '0001-01-01'::date), description,
                                     source)) AS variants,
                     min(ended_on) AS ended_on, min(description) AS description,
                     min(source) AS source,
                     bool_and(occurred_on <= %s
                              AND (ended_on IS NULL OR ended_on >= occurred_on)
                              AND char_length(description) <= %s
                              AND char_length(source) <= %s
                              AND char_length(document_no) <= %s) AS ok
              FROM v GROUP BY uscc, kind, occurred_on, document_no)
        SELECT g.*, o.id AS unit_id,
               EXISTS (SELECT 1 FROM {table} r WHERE {key}) AS existing
        FROM g LEFT JOIN {org} o ON o.uscc = g.uscc""",
        params,
    )
    c.execute(
        """SELECT count(*) FILTER (WHERE NOT ok OR variants > 1), coalesce(sum(copies), 0),
                  count(*), count(*) FILTER (WHERE existing), count(unit_id)
           FROM credit_import_unique"""
    )
    bad, total, unique, matched, linked = c.fetchone()
    if bad or total != rows:
        return None
    now = timezone.now()
    key = key.replace("g.", "s.")
    # 3. records whose key exists and whose content differs
    c.execute(
        f"""UPDATE {table} r SET ended_on = s.ended_on, description = s.description,
               source = s.source, unit_id = s.unit_id, updated_at = %s, version = r.version + 1
        FROM credit_import_unique s
        WHERE s.existing AND {key} AND (r.ended_on IS DISTINCT FROM s.ended_on
               OR r.description <> s.description OR r.source <> s.source
               OR r.unit_id IS DISTINCT FROM s.unit_id)
        RETURNING s.n""",
        [now],
    )
    updated = len({n for (n,) in c.fetchall()})
    # 4. the new records, in file order
    c.execute(
        f"""INSERT INTO {table} (uuid, created_at, updated_at, version, uscc, unit_id, kind,
               occurred_on, ended_on, description, source, document_no)
        SELECT gen_random_uuid(), %s, %s, 1, s.uscc, s.unit_id, s.kind, s.occurred_on,
               s.ended_on, s.description, s.source, s.document_no
        FROM credit_import_unique s WHERE NOT s.existing ORDER BY s.n""",
        [now, now],
    )
    report.rows = rows
    report.duplicates = rows - unique
    report.created = c.rowcount
    report.updated = updated
    report.unchanged = matched - updated
    report.linked = linked
    return report
