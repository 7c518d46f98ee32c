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
- (its words include those of its former names, 曾用名, so a renamed unit is found
  by its old name too);
- when ``q`` has 3 or more characters: when ``q`` is a substring of its unit,
  product or agency name (case-insensitive; the trigram indexes serve this);
- a query shorter than 3 characters that no listing carries as words (e.g. 源精,
  which straddles 绿源|精密) falls back to the substring test over the names
  (unindexed: a sequential scan, but only when the word index has nothing).

Where the indexes live:

- PostgreSQL: the narrow search table ``register_listingsearch``, written by triggers
  on the listing table, holds each listing's words as a vector (``search_vector`` =
  ``strip(to_tsvector('simple', search_text))``) and the three names one a line
  (``names``); there a GIN index over the vector and a ``pg_trgm`` GIN index over
  ``UPPER(names)`` serve the words and the substrings (``UPPER(names) LIKE
  UPPER('%q%')``). The listing table keeps no name index since migration
  ``register.0015`` and no vector since ``register.0016`` (linking rewrites every index
  entry and every stored generated column of a listing it links):
  :func:`filter_by_name` on listings searches their rows in the narrow table.
  ``pg_trgm`` needs a database with a UTF-8 ``LC_CTYPE`` (``C.UTF-8``) or it finds
  nothing in Chinese, and ``CREATE EXTENSION`` needs a superuser (docs/deploy.md).
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

import contextlib
import contextvars
import functools
import logging
import time
import unicodedata
from collections.abc import Iterable

from django.apps import apps
from django.db import connection, connections, transaction
from django.db.models import BooleanField, Expression, Q, QuerySet
from django.db.models.expressions import RawSQL

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

#: PostgreSQL index names (created in migration register.0003; the token index was
#: replaced in 0004 by the stored column PG_VECTOR_COLUMN and its index; the vector and
#: trigram indexes were dropped in 0015: the narrow table's serve the names' searches;
#: the listing table's column itself in 0016 — the narrow table has its own)
PG_TOKEN_INDEX = "listing_search_tsv_gin"
PG_VECTOR_COLUMN = "search_vector"
PG_VECTOR_INDEX = "listing_search_vector_gin"
PG_TRIGRAM_INDEXES = {
    "unit_name": "listing_unit_name_trgm",
    "product_name": "listing_product_name_trgm",
    "agency_name": "listing_agency_name_trgm",
}
NAME_FIELDS = ("unit_name", "product_name", "agency_name")


# --- segmentation ---------------------------------------------------------------------------


@functools.cache
def _jieba():
    """jieba, imported and initialised on first use (once per process)."""
    # importing jieba costs about 0.4 s (its HMM tables) and its dictionary another
    # second: processes that never segment (workers, most commands) skip both
    import jieba  # noqa: PLC0415 - expensive optional import, see above

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


def implied_by(word: str) -> set[str]:
    """The words ``cut_for_search`` emits for ``word`` besides ``word`` itself (its 2-
    and 3-character sub-words in jieba's dictionary): every name carrying ``word``
    carries these too, so a query need not ask for them."""
    freq = _jieba().dt.FREQ
    out: set[str] = set()
    for n in (2, 3):
        if len(word) > n:
            out.update(w for i in range(len(word) - n + 1) if freq.get(w := word[i : i + n]))
    return out


def required_words(terms: list[str]) -> list[str]:
    """``terms`` without those implied by another term (:func:`implied_by`): the same
    listings match, and the database estimates one word far better than a word AND-ed
    with its own parts (精密机械 instead of 精密 & 机械 & 精密机械)."""
    implied: set[str] = set()
    for term in terms:
        implied |= implied_by(term) - {term}
    return [t for t in terms if t not in implied] or terms


def search_text_for(
    *,
    unit_name: str = "",
    product_name: str = "",
    agency_name: str = "",
    former_names: Iterable[str] = (),
) -> str:
    """The ``search_text`` of a listing with these names (space-separated words);
    ``former_names``: the unit's former names (曾用名), searchable too (issue 13 item 3)."""
    seen: dict[str, None] = {}
    for name in (unit_name, product_name, agency_name, *former_names):
        for word in words(name):
            seen.setdefault(word, None)
    return " ".join(seen)


def listing_search_text(listing) -> str:
    """The ``search_text`` of one listing (its unit, product and agency names, and
    the former names kept in ``details["former_names"]``)."""
    return search_text_for(
        unit_name=listing.unit_name,
        product_name=listing.product_name,
        agency_name=listing.agency_name,
        former_names=former_names(listing),
    )


def former_names(listing) -> list[str]:
    """The former names (曾用名) of ``listing``, oldest first (``details["former_names"]``,
    kept by :func:`greenmfg.register.services.listing_rename`)."""
    return former_names_in(listing.details)


def former_names_in(details: dict | None) -> list[str]:
    """The former names kept in a listing's ``details`` (``details["former_names"]``),
    oldest first; ``[]`` when there are none."""
    names = (details or {}).get("former_names") or []
    return [str(n) for n in names if n]


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


#: set while :func:`words_unindexed` compiles a query
_UNINDEXED = contextvars.ContextVar("register_words_unindexed", default=False)


@contextlib.contextmanager
def words_unindexed():
    """Compile the word and name conditions of a search (:class:`VectorMatch`,
    :class:`NamesContain`) in a form no index serves, for the queries compiled inside:
    the planner then finds rows through the other filters' indexes (or a scan) and tests
    the words on each (greenmfg.register.selectors.settled_page, for a very common word,
    whose bitmap would hold half the table)."""
    token = _UNINDEXED.set(True)
    try:
        yield
    finally:
        _UNINDEXED.reset(token)


class _NameCondition(Expression):
    """A search condition on a column of the table of the query it is compiled in (its
    alias: inside a subquery, ``U0``, it refers to the subquery's own rows; a raw
    ``register_listing.search_vector`` would refer to the outer query's row there and
    make the subquery correlated: wrong rows, and a scan per outer row). Subclasses give
    the column, the SQL around it, its parameter and the form no index serves
    (:func:`words_unindexed`)."""

    conditional = True
    output_field = BooleanField()
    column = ""
    template = ""
    unindexed = ""

    def __init__(self, value: str):
        super().__init__()
        self.value = value

    def param(self, connection) -> str:
        return self.value

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        column = f"{alias}.{self.column}"
        if _UNINDEXED.get():
            column = self.unindexed.format(column=column)
        return self.template.format(column=column), [self.param(connection)]


class VectorMatch(_NameCondition):
    """``<table>.search_vector @@ plainto_tsquery('simple', words)`` (PostgreSQL; the
    words space-separated)."""

    column = PG_VECTOR_COLUMN
    template = "{column} @@ plainto_tsquery('simple', %s)"
    unindexed = "({column} || ''::tsvector)"


class NamesContain(_NameCondition):
    """``q`` a case-insensitive substring of the narrow table's ``names`` (PostgreSQL):
    ``UPPER(names) LIKE UPPER('%q%')``, served by the table's trigram index, or under
    :func:`words_unindexed` by none (the same rows)."""

    column = '"names"'
    template = "UPPER({column}) LIKE UPPER(%s)"
    unindexed = "({column} || '')"

    def param(self, connection) -> str:
        return f"%{connection.ops.prep_for_like_query(self.value)}%"


def _word_condition(terms: list[str]) -> Q:
    if connection.vendor == "postgresql":
        # the stored tsvector column of migration 0004 (GIN-indexed); the terms are
        # jieba words of letters and digits, AND-ed by plainto_tsquery
        return Q(VectorMatch(" ".join(terms))), {}
    if connection.vendor == "sqlite":
        expr = " AND ".join(_fts5_phrase(t) for t in terms)
        return Q(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expr])
        ), {}
    # other databases: every word in the segmented text, by LIKE
    cond = Q()
    for t in terms:
        cond &= Q(search_text__regex=rf"(^| ){t}( |$)")
    return cond, {}


def _substring_condition(q: str, *, indexed: bool, narrow: bool = False) -> Q:
    """``q`` a case-insensitive substring of the unit, product or agency name. ``narrow``:
    for the narrow table (its ``names``: the three names one a line, pg_trgm-indexed)."""
    if indexed and connection.vendor == "sqlite":
        return Q(
            pk__in=RawSQL(
                f"SELECT rowid FROM {TRGM_TABLE} WHERE {TRGM_TABLE} MATCH %s", [_fts5_phrase(q)]
            )
        )
    if narrow:
        if NAMES_SEPARATOR in q:  # cannot be in one name: the listing table says
            listing_model = apps.get_model("register", "Listing")
            return Q(pk__in=listing_model.objects.filter(_substring_condition(q, indexed=False)))
        if connection.vendor == "postgresql":
            return Q(NamesContain(q))
        return Q(names__icontains=q)
    cond = Q()
    for name in NAME_FIELDS:
        cond |= Q(**{f"{name}__icontains": q})
    return cond


def filter_by_name(qs: QuerySet, q: str) -> QuerySet:
    """``qs`` narrowed to the listings matching ``q`` (see the module docstring).

    Costs one extra query (an indexed ``EXISTS``) only for queries shorter than 3
    characters, to decide whether to fall back to the substring test (over the whole
    table of ``qs``'s model).
    """
    q = normalise(q)
    if not q:
        return qs
    # the narrow search table (ListingSearch) has ``names`` in place of the three names
    narrow = qs.model._meta.db_table == SEARCH_TABLE
    if not narrow and connection.vendor == "postgresql":
        # the listing table keeps no name index on PostgreSQL (migration 0015: every
        # index entry is written again when linking sets a listing's unit): its names
        # are searched in the narrow table, whose triggers keep the same words and names
        rows = filter_by_name(apps.get_model("register", "ListingSearch").objects.all(), q)
        return qs.filter(pk__in=rows.values("pk"))
    terms = words(q)
    if terms:
        word_cond, aliases = _word_condition(required_words(terms))
    if len(q) >= TRIGRAM_MIN:
        cond = _substring_condition(q, indexed=True, narrow=narrow)
        if terms:
            cond = word_cond | cond
        return qs.alias(**aliases).filter(cond) if terms else qs.filter(cond)
    if terms and qs.model._default_manager.alias(**aliases).filter(word_cond).exists():
        return qs.alias(**aliases).filter(word_cond)
    return qs.filter(_substring_condition(q, indexed=False, narrow=narrow))


# --- common words (PostgreSQL) ------------------------------------------------------------------

#: a query is "common" when its rarest word is on more than this many listings (a GIN
#: bitmap costs about 0.4 µs a row: 50,000 rows are 20 ms before the first row is read)
COMMON_WORD_ROWS = 50_000
#: how long the word shares read from the statistics are kept (seconds)
COMMON_WORDS_TTL = 600
_word_shares: dict[str, object] = {"at": 0.0, "shares": {}}


def word_shares() -> tuple[dict[str, float], float]:
    """{word: share of listings carrying it} for the commonest words, from the
    planner's statistics of the narrow search table's ``search_vector`` column
    (ANALYZE keeps up to 10,000 words with ``SET STATISTICS 1000``), and that table's
    estimated number of rows (one a listing);
    read at most every ten minutes per process. Empty on other databases or before
    the first ANALYZE."""
    if connection.vendor != "postgresql":
        return {}, 0.0
    now = time.monotonic()
    if now - _word_shares["at"] > COMMON_WORDS_TTL:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs,"
                " c.reltuples FROM pg_class c LEFT JOIN pg_stats s"
                " ON s.tablename = c.relname AND s.attname = %s"
                " WHERE c.relname = %s",
                [PG_VECTOR_COLUMN, SEARCH_TABLE],
            )
            row = cursor.fetchone()
        shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _word_shares.update(at=now, shares=shares, rows=float(row[2] or 0) if row else 0.0)
    return _word_shares["shares"], _word_shares.get("rows", 0.0)


def forget_word_shares() -> None:
    """Make the next :func:`word_shares` read the statistics again (after a bulk load
    and ANALYZE, as in the benchmarks)."""
    _word_shares["at"] = 0.0


def common_share(q: str) -> float:
    """The share of listings carrying the rarest word ``q`` requires, when even that
    word is common (on more than :data:`COMMON_WORD_ROWS` listings by the statistics),
    else 0. For such a query a GIN bitmap is the slow way (500,000 rows cost 200 ms
    before the first row is read), and walking a b-tree while testing each row's
    stored words finds a page of matches within a few hundred rows
    (:func:`greenmfg.register.selectors.walk_for`). 0 on other databases."""
    q = normalise(q)
    if not q:
        return 0.0
    shares, rows = word_shares()
    terms = required_words(words(q))
    if not terms or not shares:
        return 0.0
    share = min(shares.get(w, 0.0) for w in terms)
    return share if share * rows > COMMON_WORD_ROWS else 0.0


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
    """Drop the search indexes (migration 0003 reversed)."""
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
    # from the app registry: greenmfg.register.models imports this module (Listing.save)
    listing_model = apps.get_model("register", "Listing")
    qs = listing_model.objects.order_by("id")
    if only_missing:
        qs = qs.filter(search_text="")
    changed = 0
    last = 0
    while True:
        batch = list(
            qs.filter(id__gt=last).only("id", "search_text", "details", *NAME_FIELDS)[:batch_size]
        )
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
                listing_model.objects.bulk_update(dirty, ["search_text"], batch_size=500)
            changed += len(dirty)
        if progress is not None:
            progress(len(batch))
    return changed


# --- the narrow search table (register_listingsearch) --------------------------------------------
#
# The public register answers from ``register_listingsearch`` (greenmfg.register.models.
# ListingSearch): one row per listing with its filters, its sort key and its words,
# about half the width of a listing row, so that a search with 20,000 matches sorts them
# from a table and indexes that stay in memory, and only the page's 50 listings are read
# from ``register_listing``. The database keeps it: row triggers on ``register_listing``
# (insert, update, delete: every writer, the services, ``bulk_create``, ``COPY``, a raw
# UPDATE, is covered) and a trigger on ``register_greenlist`` (a list's publication date
# moves ``listed_from`` of its listings without a date of listing). The table is
# migration ``register.0012_regscale_listing_search_rows``; the triggers and the fill for
# existing rows ``register.0013_regscale_listing_search_fill``; on SQLite the triggers are
# re-created after ``migrate`` when a table rebuild dropped them
# (:func:`ensure_sqlite_search_rows`).

SEARCH_TABLE = "register_listingsearch"
#: the separator of ``names`` (a query containing it falls back to the listing table)
NAMES_SEPARATOR = "\n"
PG_SEARCH_ROWS_VECTOR_INDEX = "listingsearch_vector_gin"
PG_SEARCH_ROWS_NAMES_INDEX = "listingsearch_names_trgm"
_COLUMNS = (
    "listing_id, year, level, list_type, unit_name, region_id, status, listed_from,"
    " removed_from, names"
)

#: the listing's columns the search row is made of: an update of any other column (the
#: unit a listing is linked to, ``updated_at``) leaves the search row alone — linking
#: 85,000 listings must not rewrite 85,000 search rows and their GIN entries (issue 13)
_SOURCE_COLUMNS = (
    "year, level, list_type, unit_name, product_name, agency_name, region_id, status,"
    " listed_on, removed_on, green_list_id, search_text"
)
#: a listing's words as a vector, computed where the search row is written: the listing
#: table keeps no vector of its own since migration 0016 (a stored generated column is
#: computed again by every UPDATE of the row, the unit's included, and widens each of its
#: row versions; the narrow table's copy is the one searched)
PG_LISTING_VECTOR = "to_tsvector('simple'::regconfig, COALESCE({r}.search_text, ''))"
#: the row of a listing ``{r}`` (``NEW`` in a trigger, ``l`` in a fill) on PostgreSQL
_PG_ROW = (
    "{r}.id, {r}.year, {r}.level, {r}.list_type, {r}.unit_name, {r}.region_id, {r}.status,"
    " COALESCE({r}.listed_on,"
    " (SELECT g.published_on FROM register_greenlist g WHERE g.id = {r}.green_list_id),"
    " make_date({r}.year::int, 12, 31)),"
    " CASE WHEN {r}.status = 'removed' THEN COALESCE({r}.removed_on, DATE '0001-01-01') END,"
    " {r}.unit_name || E'\\n' || {r}.product_name || E'\\n' || {r}.agency_name,"
    f" strip({PG_LISTING_VECTOR.format(r='{r}')})"
)
#: the settle table (PostgreSQL): ``current``, the generation the triggers stamp on the
#: search rows they write; ``settled_upto``, the newest generation whose rows the last
#: settle (:func:`settle_search_rows`) wrote in the register's order
SETTLE_TABLE = "register_searchsettle"
_PG_GENERATION = f"(SELECT current FROM {SETTLE_TABLE})"
#: the search rows in the register's order on the table's pages (PostgreSQL)
PG_SETTLED = f"(SELECT settled_upto FROM {SETTLE_TABLE})"
PG_SETTLE_CREATE = [
    # each search row's generation (not a model field, as search_vector)
    f"ALTER TABLE {SEARCH_TABLE} ADD COLUMN IF NOT EXISTS generation integer NOT NULL DEFAULT 0",
    f"CREATE INDEX IF NOT EXISTS listingsearch_generation ON {SEARCH_TABLE} (generation)",
    f"CREATE TABLE IF NOT EXISTS {SETTLE_TABLE} (id integer PRIMARY KEY CHECK (id = 1),"
    " current integer NOT NULL, settled_upto integer NOT NULL, settled_at timestamptz)",
    # nothing settled yet: every row is read as written since (sorted)
    f"INSERT INTO {SETTLE_TABLE} (id, current, settled_upto) VALUES (1, 1, -1)"
    " ON CONFLICT (id) DO NOTHING",
]
PG_SEARCH_ROWS_CREATE = [
    f"ALTER TABLE {SEARCH_TABLE} ADD COLUMN IF NOT EXISTS {PG_VECTOR_COLUMN} tsvector",
    *PG_SETTLE_CREATE,
    f"""CREATE OR REPLACE FUNCTION register_listingsearch_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        DELETE FROM {SEARCH_TABLE} WHERE listing_id = OLD.id;
        RETURN NULL;
      END IF;
      INSERT INTO {SEARCH_TABLE} ({_COLUMNS}, {PG_VECTOR_COLUMN}, generation)
      VALUES ({_PG_ROW.format(r="NEW")}, {_PG_GENERATION})
      ON CONFLICT (listing_id) DO UPDATE SET
        year = EXCLUDED.year, level = EXCLUDED.level, list_type = EXCLUDED.list_type,
        unit_name = EXCLUDED.unit_name, region_id = EXCLUDED.region_id,
        status = EXCLUDED.status, listed_from = EXCLUDED.listed_from,
        removed_from = EXCLUDED.removed_from, names = EXCLUDED.names,
        {PG_VECTOR_COLUMN} = EXCLUDED.{PG_VECTOR_COLUMN},
        generation = EXCLUDED.generation;
      RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION register_listingsearch_list_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE {SEARCH_TABLE} s
         SET listed_from = COALESCE(NEW.published_on, make_date(l.year::int, 12, 31)),
             generation = {_PG_GENERATION}
        FROM register_listing l
       WHERE l.green_list_id = NEW.id AND l.listed_on IS NULL AND s.listing_id = l.id;
      RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS register_listingsearch_sync ON register_listing",
    "CREATE TRIGGER register_listingsearch_sync AFTER INSERT OR DELETE"
    f" OR UPDATE OF {_SOURCE_COLUMNS}"
    " ON register_listing FOR EACH ROW EXECUTE FUNCTION register_listingsearch_sync()",
    "DROP TRIGGER IF EXISTS register_listingsearch_list_sync ON register_greenlist",
    "CREATE TRIGGER register_listingsearch_list_sync AFTER UPDATE OF published_on"
    " ON register_greenlist FOR EACH ROW"
    " WHEN (OLD.published_on IS DISTINCT FROM NEW.published_on)"
    " EXECUTE FUNCTION register_listingsearch_list_sync()",
]
PG_SEARCH_ROWS_FILL = (
    f"INSERT INTO {SEARCH_TABLE} ({_COLUMNS}, {PG_VECTOR_COLUMN}, generation)"
    f" SELECT {_PG_ROW.format(r='l')}, {_PG_GENERATION} FROM register_listing l ORDER BY l.id"
)
PG_SEARCH_ROWS_INDEXES = [
    # the register's order, covering the filters a walk tests (region, status, the
    # as_of days): an index-only walk reads no table row it does not keep (a walk for
    # 广东's listings tested 9,000 entries in 1.5 ms instead of 21 ms). Django's model
    # index has no INCLUDE (SQLite has none, and the model check warns of it)
    "DROP INDEX IF EXISTS listingsearch_order",
    f"CREATE INDEX listingsearch_order ON {SEARCH_TABLE}"
    " (year DESC, level, list_type, unit_name, listing_id)"
    " INCLUDE (region_id, status, listed_from, removed_from)",
    f"CREATE INDEX IF NOT EXISTS {PG_SEARCH_ROWS_VECTOR_INDEX} ON {SEARCH_TABLE}"
    f" USING gin ({PG_VECTOR_COLUMN})",
    f"CREATE INDEX IF NOT EXISTS {PG_SEARCH_ROWS_NAMES_INDEX} ON {SEARCH_TABLE}"
    " USING gin (UPPER(names) gin_trgm_ops)",
    # the word statistics of the planner, as for register_listing (migration 0004)
    f"ALTER TABLE {SEARCH_TABLE} ALTER COLUMN {PG_VECTOR_COLUMN} SET STATISTICS 1000",
    f"ANALYZE {SEARCH_TABLE}",
]
PG_SEARCH_ROWS_DROP = [
    "DROP TRIGGER IF EXISTS register_listingsearch_sync ON register_listing",
    "DROP TRIGGER IF EXISTS register_listingsearch_list_sync ON register_greenlist",
    "DROP FUNCTION IF EXISTS register_listingsearch_sync()",
    "DROP FUNCTION IF EXISTS register_listingsearch_list_sync()",
]

#: the same row on SQLite (dates are ISO text there)
_SQLITE_ROW = (
    "{r}.id, {r}.year, {r}.level, {r}.list_type, {r}.unit_name, {r}.region_id, {r}.status,"
    " COALESCE({r}.listed_on,"
    " (SELECT g.published_on FROM register_greenlist g WHERE g.id = {r}.green_list_id),"
    " printf('%04d-12-31', {r}.year)),"
    " CASE WHEN {r}.status = 'removed' THEN COALESCE({r}.removed_on, '0001-01-01') END,"
    " {r}.unit_name || char(10) || {r}.product_name || char(10) || {r}.agency_name"
)
SQLITE_SEARCH_ROWS_TRIGGERS = {
    "register_listingsearch_ai": f"""CREATE TRIGGER IF NOT EXISTS register_listingsearch_ai
        AFTER INSERT ON register_listing BEGIN
        INSERT OR REPLACE INTO {SEARCH_TABLE} ({_COLUMNS})
        VALUES ({_SQLITE_ROW.format(r="new")}); END""",
    "register_listingsearch_au": f"""CREATE TRIGGER IF NOT EXISTS register_listingsearch_au
        AFTER UPDATE OF {_SOURCE_COLUMNS} ON register_listing BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE listing_id = old.id;
        INSERT OR REPLACE INTO {SEARCH_TABLE} ({_COLUMNS})
        VALUES ({_SQLITE_ROW.format(r="new")}); END""",
    "register_listingsearch_ad": f"""CREATE TRIGGER IF NOT EXISTS register_listingsearch_ad
        AFTER DELETE ON register_listing BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE listing_id = old.id; END""",
    "register_listingsearch_list_au": f"""CREATE TRIGGER IF NOT EXISTS
        register_listingsearch_list_au AFTER UPDATE OF published_on ON register_greenlist
        BEGIN
        UPDATE {SEARCH_TABLE} SET listed_from = COALESCE(new.published_on,
            (SELECT printf('%04d-12-31', l.year) FROM register_listing l
              WHERE l.id = {SEARCH_TABLE}.listing_id))
        WHERE listing_id IN (SELECT id FROM register_listing
                              WHERE green_list_id = new.id AND listed_on IS NULL); END""",
}
SQLITE_SEARCH_ROWS_FILL = (
    f"INSERT OR REPLACE INTO {SEARCH_TABLE} ({_COLUMNS})"
    f" SELECT {_SQLITE_ROW.format(r='l')} FROM register_listing l"
)


def install_settle(conn) -> None:
    """Create the settle table and re-create the narrow table's trigger functions so
    that they stamp each row's generation (PostgreSQL; migration 0014). Nothing is
    settled until the first :func:`settle_search_rows`."""
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        for sql in PG_SEARCH_ROWS_CREATE:  # the settle table, the column, the functions
            cursor.execute(sql)


def drop_listing_vector(conn) -> None:
    """PostgreSQL (migration 0016): the narrow table's trigger computes the listing's
    vector from ``search_text`` (:data:`PG_LISTING_VECTOR`), then the listing table's
    stored generated column ``search_vector`` goes. The narrow table's vectors stay as
    they are (the same words). Nothing on SQLite."""
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        for sql in PG_SEARCH_ROWS_CREATE:  # the functions, with the vector computed
            cursor.execute(sql)
        cursor.execute(f"ALTER TABLE register_listing DROP COLUMN IF EXISTS {PG_VECTOR_COLUMN}")


def restore_listing_vector(conn) -> None:
    """The listing table's stored generated word vector with its word statistics
    (PostgreSQL): migration 0004, and 0016 reversed (the trigger keeps computing the
    narrow table's vector itself: the same words)."""
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(
            f"ALTER TABLE register_listing ADD COLUMN IF NOT EXISTS {PG_VECTOR_COLUMN} tsvector"
            " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
            " STORED"
        )
        cursor.execute(
            f"ALTER TABLE register_listing ALTER COLUMN {PG_VECTOR_COLUMN} SET STATISTICS 1000"
        )


def settle_search_rows(using: str = "default") -> dict:
    """Rewrite the narrow search table in the register's order (PostgreSQL ``CLUSTER``
    on ``listingsearch_order``) and mark every row written so far as settled: the
    register then reads the first matches of a search off the table's pages in order
    (:func:`greenmfg.register.selectors.settled_page`), at a cost that does not grow
    with the number of matches. Rows written afterwards (imports, publications,
    removals) carry a newer generation and are sorted apart until the next settle.

    Writers of listings and lists wait while it runs (``SHARE`` locks on
    ``register_listing`` and ``register_greenlist``), and the register's reads wait
    for the ``CLUSTER`` (30 s at 1,000,000 listings in ``make bench``): run it
    at night (Celery beat ``register-settle``, ``greenmfg settle-register``).
    Returns ``{"rows", "generation", "seconds"}``; on other databases nothing is done
    (``{"rows": 0, ...}``). Raises what the database raises (nothing is changed then).
    """
    conn = connections[using]
    started = time.monotonic()
    if conn.vendor != "postgresql":
        return {"rows": 0, "generation": 0, "seconds": 0.0}
    with transaction.atomic(using=using), conn.cursor() as cursor:
        cursor.execute("LOCK TABLE register_listing, register_greenlist IN SHARE MODE")
        cursor.execute(
            f"UPDATE {SETTLE_TABLE} SET settled_upto = current, current = current + 1,"
            " settled_at = now() RETURNING settled_upto"
        )
        generation = cursor.fetchone()[0]
        cursor.execute(f"CLUSTER {SEARCH_TABLE} USING listingsearch_order")
        cursor.execute(f"ANALYZE {SEARCH_TABLE}")
        cursor.execute(f"SELECT COUNT(*) FROM {SEARCH_TABLE}")
        rows = cursor.fetchone()[0]
    return {"rows": rows, "generation": generation, "seconds": time.monotonic() - started}


def install_search_rows(conn) -> None:
    """Install the narrow table's triggers on the database of ``conn`` (a Django
    connection) and fill it from ``register_listing``, then (PostgreSQL) build its word
    and name indexes (migration 0013). The table itself is the model
    :class:`greenmfg.register.models.ListingSearch`."""
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            for sql in PG_SEARCH_ROWS_CREATE:
                cursor.execute(sql)
            cursor.execute(f"DELETE FROM {SEARCH_TABLE}")
            cursor.execute(PG_SEARCH_ROWS_FILL)
            for sql in PG_SEARCH_ROWS_INDEXES:
                cursor.execute(sql)
        elif conn.vendor == "sqlite":
            _sqlite_search_rows(cursor)


def uninstall_search_rows(conn) -> None:
    """Drop the narrow table's triggers on the database of ``conn`` (migration 0013
    reversed; the table goes with the model)."""
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            for sql in PG_SEARCH_ROWS_DROP:
                cursor.execute(sql)
        elif conn.vendor == "sqlite":
            for name in SQLITE_SEARCH_ROWS_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _sqlite_search_rows(cursor) -> None:
    """(Re)create the SQLite triggers and refill the narrow table from the listings."""
    for sql in SQLITE_SEARCH_ROWS_TRIGGERS.values():
        cursor.execute(sql)
    cursor.execute(f"DELETE FROM {SEARCH_TABLE}")
    cursor.execute(SQLITE_SEARCH_ROWS_FILL)


def ensure_sqlite_search_rows(using: str = "default") -> bool:
    """On SQLite, re-create the narrow table's triggers if a table rebuild of
    ``register_listing`` or ``register_greenlist`` dropped them, and refill the table.
    Returns whether anything was repaired. Called after ``migrate``."""
    conn = connections[using]
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        if SEARCH_TABLE not in set(conn.introspection.table_names(cursor)):
            return False  # migration 0012 not applied (yet)
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        if set(SQLITE_SEARCH_ROWS_TRIGGERS) <= {row[0] for row in cursor.fetchall()}:
            return False
        _sqlite_search_rows(cursor)
    return True
