"""Chinese name search of the public register (公开名录检索), on PostgreSQL and SQLite.

Why two indexes: trigram indexes (PostgreSQL ``pg_trgm``, SQLite FTS5 ``trigram``)
cannot serve queries shorter than 3 characters, and 2-character queries (海尔, 绿源,
科技) are common in Chinese names. So every listing also stores ``search_text``: the
jieba ``cut_for_search`` words of its unit, product and agency names, normalised
(NFKC, lower case), separated by spaces, each word letters/digits only.

The meaning of ``q`` (the same on both databases; :func:`matches` states it in
Python and the tests compare the databases with it):

- ``terms`` = the words of ``q`` segmented the same way;
- a listing matches when it carries **every** term (tokens AND-ed), or
- when ``q`` has 3 or more characters: when ``q`` is a substring of its unit,
  product or agency name (case-insensitive; the trigram indexes serve this);
- a query shorter than 3 characters that no listing carries as words (e.g. 源精,
  which straddles 绿源|精密) falls back to the substring test over the names
  (unindexed: a sequential scan, but only when the word index has nothing).

Where the indexes live:

- PostgreSQL: a GIN index over ``to_tsvector('simple', search_text)`` and
  ``pg_trgm`` GIN indexes over ``UPPER(unit_name)``, ``UPPER(product_name)``,
  ``UPPER(agency_name)`` (Django's ``icontains`` compiles to ``UPPER(col) LIKE
  UPPER(%q%)``, which these serve). ``pg_trgm`` needs a database with a UTF-8
  ``LC_CTYPE`` (``C.UTF-8``) or it finds nothing in Chinese, and ``CREATE EXTENSION``
  needs a superuser (docs/deploy.md).
- SQLite: two external-content FTS5 tables over ``register_listing``:
  ``register_listing_fts`` (``unicode61 remove_diacritics 0`` over ``search_text``)
  and ``register_listing_trgm`` (``trigram`` over the three names), kept in sync by
  triggers defined in migration ``register.0003`` and re-created after every
  ``migrate`` if a table rebuild dropped them (:func:`ensure_sqlite_index`).

Who writes ``search_text``: the services that create listings
(:func:`greenmfg.register.services.listings_create_for`, the national import, the
synthetic-country generator) call :func:`search_text_for`; ``greenmfg
reindex-search`` recomputes it for existing rows (after a bulk load behind the
services' back, or a change of the segmentation).
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet

#: queries with fewer characters cannot use a trigram index
TRIGRAM_MIN = 3

FTS_TABLE = "register_listing_fts"
TRGM_TABLE = "register_listing_trgm"
SQLITE_TRIGGERS = (
    "register_listing_search_ai",
    "register_listing_search_ad",
    "register_listing_search_au_text",
    "register_listing_search_au_names",
)

SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        search_text, content='register_listing', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TRGM_TABLE} USING fts5(
        unit_name, product_name, agency_name, content='register_listing',
        content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS register_listing_search_ai
        AFTER INSERT ON register_listing BEGIN
          INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
          INSERT INTO {TRGM_TABLE}(rowid, unit_name, product_name, agency_name)
            VALUES (new.id, new.unit_name, new.product_name, new.agency_name);
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS register_listing_search_ad
        AFTER DELETE ON register_listing BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
          INSERT INTO {TRGM_TABLE}({TRGM_TABLE}, rowid, unit_name, product_name, agency_name)
            VALUES ('delete', old.id, old.unit_name, old.product_name, old.agency_name);
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS register_listing_search_au_text
        AFTER UPDATE OF search_text ON register_listing BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
          INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS register_listing_search_au_names
        AFTER UPDATE OF unit_name, product_name, agency_name ON register_listing BEGIN
          INSERT INTO {TRGM_TABLE}({TRGM_TABLE}, rowid, unit_name, product_name, agency_name)
            VALUES ('delete', old.id, old.unit_name, old.product_name, old.agency_name);
          INSERT INTO {TRGM_TABLE}(rowid, unit_name, product_name, agency_name)
            VALUES (new.id, new.unit_name, new.product_name, new.agency_name);
        END""",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
    f"DROP TABLE IF EXISTS {TRGM_TABLE}",
]

#: PostgreSQL index names (created in migration register.0003)
PG_TOKEN_INDEX = "listing_search_tsv_gin"
PG_TRIGRAM_INDEXES = {
    "unit_name": "listing_unit_name_trgm",
    "product_name": "listing_product_name_trgm",
    "agency_name": "listing_agency_name_trgm",
}
NAME_FIELDS = ("unit_name", "product_name", "agency_name")


# --- segmentation ---------------------------------------------------------------------------


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def normalise(text: str | None) -> str:
    """NFKC (full-width Ａ → A, ① → 1) and lower case; the form both the names and
    the queries are segmented in."""
    return unicodedata.normalize("NFKC", text or "").lower().strip()


def words(text: str | None) -> list[str]:
    """The search words of ``text``: jieba ``cut_for_search`` (HMM off, so words not
    in jieba's dictionary fall apart into single characters the same way in a name
    and in a query), letters/digits only, first occurrence order, no repeats.

    ``words("广州绿源精密制造有限公司")`` →
    ``['广州', '绿', '源', '精密', '制造', '有限', '公司', '有限公司']``.
    """
    text = normalise(text)
    if not text:
        return []
    out: dict[str, None] = {}
    for word in _jieba().cut_for_search(text, HMM=False):
        word = word.strip()
        if word and all(ch.isalnum() for ch in word):
            out.setdefault(word, None)
    return list(out)


def search_text_for(*, unit_name: str = "", product_name: str = "", agency_name: str = "") -> str:
    """The ``search_text`` of a listing with these names (space-separated words)."""
    seen: dict[str, None] = {}
    for name in (unit_name, product_name, agency_name):
        for word in words(name):
            seen.setdefault(word, None)
    return " ".join(seen)


def listing_search_text(listing) -> str:
    return search_text_for(
        unit_name=listing.unit_name,
        product_name=listing.product_name,
        agency_name=listing.agency_name,
    )


def fill_search_text(listings: Iterable) -> list:
    """Set ``search_text`` on unsaved listings (before ``bulk_create``); returns them."""
    out = list(listings)
    for listing in out:
        listing.search_text = listing_search_text(listing)
    return out


# --- the meaning, in Python (tests compare both databases with it) ------------------------------


def matches(q: str, *, unit_name: str, product_name: str, agency_name: str, any_word_hit: bool):
    """Whether a listing with these names matches ``q``. ``any_word_hit``: whether some
    listing of the table carries all the words of ``q`` (decides the short-query
    fallback)."""
    q = normalise(q)
    if not q:
        return True
    terms = words(q)
    have = set(
        search_text_for(
            unit_name=unit_name, product_name=product_name, agency_name=agency_name
        ).split()
    )
    names = [normalise(n) for n in (unit_name, product_name, agency_name)]
    substring = any(q in n for n in names)
    if terms and set(terms) <= have:
        return True
    if len(q) >= TRIGRAM_MIN:
        return substring
    return (not terms or not any_word_hit) and substring


# --- the query --------------------------------------------------------------------------------


def _fts5_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _word_condition(terms: list[str]) -> Q:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # the same expression as the GIN index of migration 0003 (see _pg_indexes)
        return Q(
            _search_vector=SearchQuery(" ".join(terms), config="simple", search_type="plain")
        ), {"_search_vector": SearchVector("search_text", config="simple")}
    if connection.vendor == "sqlite":
        from django.db.models.expressions import RawSQL

        expr = " AND ".join(_fts5_phrase(t) for t in terms)
        return Q(
            id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expr])
        ), {}
    # other databases: every word in the segmented text, by LIKE
    cond = Q()
    for t in terms:
        cond &= Q(search_text__regex=rf"(^| ){t}( |$)")
    return cond, {}


def _substring_condition(q: str, *, indexed: bool) -> Q:
    if indexed and connection.vendor == "sqlite":
        from django.db.models.expressions import RawSQL

        return Q(
            id__in=RawSQL(
                f"SELECT rowid FROM {TRGM_TABLE} WHERE {TRGM_TABLE} MATCH %s", [_fts5_phrase(q)]
            )
        )
    cond = Q()
    for name in NAME_FIELDS:
        cond |= Q(**{f"{name}__icontains": q})
    return cond


def filter_by_name(qs: QuerySet, q: str) -> QuerySet:
    """``qs`` narrowed to the listings matching ``q`` (see the module docstring).

    Costs one extra query (an indexed ``EXISTS``) only for queries shorter than 3
    characters, to decide whether to fall back to the substring test.
    """
    from greenmfg.register.models import Listing

    q = normalise(q)
    if not q:
        return qs
    terms = words(q)
    if terms:
        word_cond, aliases = _word_condition(terms)
    if len(q) >= TRIGRAM_MIN:
        cond = _substring_condition(q, indexed=True)
        if terms:
            cond = word_cond | cond
        return qs.alias(**aliases).filter(cond) if terms else qs.filter(cond)
    if terms and Listing.objects.alias(**aliases).filter(word_cond).exists():
        return qs.alias(**aliases).filter(word_cond)
    return qs.filter(_substring_condition(q, indexed=False))


# --- installing and rebuilding the indexes ------------------------------------------------------


#: the same expressions Django compiles the query to (SearchVector with config
#: "simple"; icontains = UPPER(col::text) LIKE UPPER(%q%)), so the planner uses them
PG_CREATE = [
    f"CREATE INDEX IF NOT EXISTS {PG_TOKEN_INDEX} ON register_listing "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))",
    *(
        f"CREATE INDEX IF NOT EXISTS {name} ON register_listing "
        f"USING gin (UPPER({field}::text) gin_trgm_ops)"
        for field, name in PG_TRIGRAM_INDEXES.items()
    ),
]
PG_DROP = [
    f"DROP INDEX IF EXISTS {name}" for name in (PG_TOKEN_INDEX, *PG_TRIGRAM_INDEXES.values())
]


def install(schema_editor, model) -> None:
    """Create the search indexes for the database of ``schema_editor`` (migration 0003)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in PG_CREATE:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)
        schema_editor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        schema_editor.execute(f"INSERT INTO {TRGM_TABLE}({TRGM_TABLE}) VALUES ('rebuild')")


def uninstall(schema_editor, model) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in PG_DROP:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


def ensure_sqlite_index(using: str = "default") -> bool:
    """On SQLite, re-create the FTS5 tables and triggers if they are missing (a later
    migration that rebuilds ``register_listing`` drops its triggers) and rebuild them
    from the table. Returns whether anything was repaired. Called after ``migrate``."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        tables = set(conn.introspection.table_names(cursor))
        if "register_listing" not in tables:
            return False
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (%s, %s)",
            [FTS_TABLE, TRGM_TABLE],
        )
        present = {row[0] for row in cursor.fetchall()}
        if present == {FTS_TABLE, TRGM_TABLE} and set(SQLITE_TRIGGERS) <= triggers:
            return False
        if not present:
            return False  # migration 0003 not applied yet (or unapplied): not ours to create
        for sql in SQLITE_CREATE:
            cursor.execute(sql)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        cursor.execute(f"INSERT INTO {TRGM_TABLE}({TRGM_TABLE}) VALUES ('rebuild')")
    return True


def reindex(*, batch_size: int = 2000, only_missing: bool = False, progress=None) -> int:
    """Recompute ``search_text`` of every listing (or only of those without one);
    returns the number of rows changed. ``progress``: a callable given the number of
    rows examined after each batch."""
    from django.db import transaction

    from greenmfg.register.models import Listing

    qs = Listing.objects.order_by("id")
    if only_missing:
        qs = qs.filter(search_text="")
    changed = 0
    last = 0
    while True:
        batch = list(qs.filter(id__gt=last).only("id", "search_text", *NAME_FIELDS)[:batch_size])
        if not batch:
            break
        last = batch[-1].id
        dirty = []
        for listing in batch:
            text = listing_search_text(listing)
            if text != listing.search_text:
                listing.search_text = text
                dirty.append(listing)
        if dirty:
            with transaction.atomic():
                Listing.objects.bulk_update(dirty, ["search_text"], batch_size=500)
            changed += len(dirty)
        if progress is not None:
            progress(len(batch))
    return changed
