"""Public register queries (no sign-in needed): published lists and listings."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import defaultdict

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection, connections, transaction
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import (
    GreenList,
    Listing,
    ListingName,
    ListingSearch,
    ListingStatus,
)
from greenmfg.register.search import (
    NAMES_SEPARATOR,
    PG_SETTLED,
    SEARCH_TABLE,
    common_share,
    filter_by_name,
    former_names,
    normalise,
    words_unindexed,
)

#: the public register's order (index ``listingsearch_order`` on the narrow table, whose
#: ``pk`` is the listing's id; the listing table has no index on it since migration 0015)
REGISTER_ORDER = ("-year", "level", "list_type", "unit_name", "pk")


def _register_filters(qs, *, q, level, list_type, year, region):
    """``qs`` (listings or their search rows: the same column names) narrowed by the
    register's name, level, list type, year and region filters; ``None`` when ``year``
    is not a number (nothing can match)."""
    if q:
        qs = filter_by_name(qs, q)
    if level:
        qs = qs.filter(level=level)
    if list_type:
        qs = qs.filter(list_type=list_type)
    if year not in (None, ""):
        try:
            qs = qs.filter(year=int(year))
        except (TypeError, ValueError):
            return None
    if region:
        # the region's subtree as a list of ids (one small query; an unknown code
        # matches nothing): the planner estimates a list from the column's statistics,
        # where a subquery left it guessing (17 rows for 广东's 144 divisions)
        qs = qs.filter(region_id__in=_subtree(region))
    return qs


def search_listings(
    *,
    q: str = "",
    level: str = "",
    list_type: str = "",
    year: int | str | None = None,
    region: str = "",
    status: str = "",
    as_of: dt.date | None = None,
) -> QuerySet[Listing]:
    """Listings matching the public register's filters.

    ``as_of``: the register as it stood on that day (issue 13 item 3): only listings
    listed by then (:func:`listed_by`), ``status`` meaning the status on that day
    (:func:`status_on`); the rows' names and statuses on that day are set on a page
    by :func:`show_as_of`.

    ``q``: Chinese or other words of a unit, product or agency name — every jieba
    word of ``q`` (2-character queries included, served by a word index), or for 3+
    characters also a substring (trigram index); see greenmfg/register/search.py;
    ``region``: a division code (e.g. ``440000``, ``440100``) — the region's whole
    subtree; ``year``: list year.
    """
    qs = Listing.objects.select_related("region", "green_list").defer("search_text")
    qs = _register_filters(qs, q=q, level=level, list_type=list_type, year=year, region=region)
    if qs is None:
        return Listing.objects.none()
    if as_of is not None:
        qs = qs.filter(listed_by(as_of))
        if status:
            qs = qs.filter(status_on(as_of, status))
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by(*REGISTER_ORDER)


def search_rows(
    *,
    q: str = "",
    level: str = "",
    list_type: str = "",
    year: int | str | None = None,
    region: str = "",
    status: str = "",
    as_of: dt.date | None = None,
    bound_years: bool = True,
) -> QuerySet[ListingSearch]:
    """The same search as :func:`search_listings` (same arguments, same rows, same
    order) over the narrow search table (:class:`ListingSearch`, one row per listing,
    ``pk`` = the listing's id): what :class:`RegisterPaginator` pages at national scale,
    reading only the page's listings from ``register_listing``.

    ``as_of`` uses the table's ``listed_from`` (:func:`listed_by`'s rule, precomputed)
    and ``removed_from`` (:func:`status_on`'s rule); ``bound_years``: also bound the
    years by the newest year listed by then (the same rows; for a walk of the display
    order, useless to :func:`settled_page`).
    """
    qs = _register_filters(
        ListingSearch.objects.all(), q=q, level=level, list_type=list_type, year=year, region=region
    )
    if qs is None:
        return ListingSearch.objects.none()
    if as_of is not None:
        # the newest year with a listing listed by then bounds the years: the walk of
        # the register's order starts there instead of passing every newer listing
        # (250,000 of 2025 for as_of=2024-12-31); the same rows, by definition
        qs = qs.filter(listed_from__lte=as_of)
        if bound_years:
            qs = qs.filter(year__lte=RawSQL(NEWEST_YEAR_LISTED_BY, [as_of.isoformat()]))
        if status == ListingStatus.REMOVED:
            qs = qs.filter(removed_from__lte=as_of)
        elif status:
            qs = qs.filter(Q(removed_from__isnull=True) | Q(removed_from__gt=as_of))
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by(*REGISTER_ORDER)


#: the newest year of a listing with ``listed_from`` on or before the parameter (a skip
#: scan over the few years: one index probe per year on ``listingsearch_listed``)
NEWEST_YEAR_LISTED_BY = """WITH RECURSIVE register_years(year) AS (
    SELECT MAX(year) FROM register_listingsearch
    UNION ALL
    SELECT (SELECT MAX(s.year) FROM register_listingsearch s WHERE s.year < y.year)
      FROM register_years y WHERE y.year IS NOT NULL)
  SELECT MAX(y.year) FROM register_years y WHERE EXISTS (
    SELECT 1 FROM register_listingsearch s WHERE s.year * 1 = y.year AND s.listed_from <= %s)"""


def _subtree(region: str) -> list[int]:
    """The ids of the division ``region`` (a code) and every division under it (one
    query; an unknown code: empty)."""
    path = Jurisdiction.objects.filter(code=region).values("path")[:1]
    return list(
        Jurisdiction.objects.filter(path__startswith=Subquery(path)).values_list("id", flat=True)
    )


def parse_as_of(text: str | None) -> dt.date | None:
    """``as_of`` of a page's query string: the date of ``YYYY-MM-DD``, else None."""
    try:
        return dt.date.fromisoformat((text or "").strip()) if text else None
    except ValueError:
        return None


def listed_by(day: dt.date) -> Q:
    """Listings on the register on ``day``: listed on or before it (``listed_on``); a
    listing without a date of listing (the imported historical lists) counts from its
    list's publication date, and without that from the last day of its year."""
    year_cut = day.year if (day.month, day.day) == (12, 31) else day.year - 1
    return (
        Q(listed_on__lte=day)
        | Q(listed_on__isnull=True, green_list__published_on__lte=day)
        | Q(listed_on__isnull=True, green_list__published_on__isnull=True, year__lte=year_cut)
    )


def status_on(day: dt.date, status: str) -> Q:
    """Listings whose status on ``day`` was ``status``: removed when removed on or
    before ``day`` (a removal without a date counts always), else active."""
    removed = Q(status=ListingStatus.REMOVED) & (
        Q(removed_on__isnull=True) | Q(removed_on__lte=day)
    )
    return removed if status == ListingStatus.REMOVED else ~removed


def listing_state_on(listing: Listing, day: dt.date) -> str:
    """The status of ``listing`` on ``day`` (the Python twin of :func:`status_on`)."""
    if listing.status == ListingStatus.REMOVED and (
        listing.removed_on is None or listing.removed_on <= day
    ):
        return ListingStatus.REMOVED
    return ListingStatus.ACTIVE


def names_on(listing_ids, day: dt.date) -> dict[int, tuple[str | None, list[str]]]:
    """{listing id: (its name on ``day`` or None when its history does not say, its
    former names by then)} from the name history (one query)."""
    out: dict[int, tuple[str | None, list[str]]] = {}
    rows = defaultdict(list)
    for h in ListingName.objects.filter(listing_id__in=list(listing_ids)).order_by(
        "listing_id", "valid_from", "id"
    ):
        rows[h.listing_id].append(h)
    for listing_id, history in rows.items():
        name = None
        former: list[str] = []
        for h in history:
            if h.valid_until is not None and h.valid_until <= day:
                if h.name not in former:
                    former.append(h.name)
            elif h.valid_from is None or h.valid_from <= day:
                name = h.name
        out[listing_id] = (name, [f for f in former if f != name])
    return out


def show_as_of(listings, day: dt.date | None) -> list[Listing]:
    """Set on each of ``listings`` what a page shows: ``shown_former_names`` (曾用名), and
    with ``day`` its ``unit_name`` and ``status`` on that day (in memory only: never
    saved). One query for a day, none without. Returns the listings."""
    rows = list(listings)
    if day is None:
        for li in rows:
            li.shown_former_names = former_names(li)
        return rows
    history = names_on([li.pk for li in rows], day)
    for li in rows:
        li.status = listing_state_on(li, day)
        if li.removed_on and li.removed_on > day:
            li.removed_on = None
        name, former = history.get(li.pk, (None, None))
        if name is not None:
            li.unit_name = name
        li.shown_former_names = former if former is not None else []
    return rows


#: the public register counts matches up to this many and says "more than 1,000"
#: beyond; the pages reach that far (a narrower search, or a list's XLSX, gives the rest)
REGISTER_COUNT_CAP = 1_000
#: past the cap, a page is sorted from the matches when the planner expects fewer than
#: this many, and read off the display-order index otherwise
REGISTER_SORT_MAX = 10_000
#: the same over the narrow search table, whose rows are cheap to sort: 33,000 matches of
#: 电子 sort in milliseconds where the walk passed 258,000 rows whose matches are older
#: (1.5 s); past it (the common words) the walk meets a page of matches early
NARROW_SORT_MAX = 50_000


class RegisterPaginator(Paginator):
    """Pages of :func:`search_rows` (or :func:`search_listings`) at national scale
    (1,000,000 listing rows); the page's ``object_list`` is :class:`Listing` rows.

    Over :func:`search_rows` (the register page and the API) the matching, the count
    and the choice of the page's rows read the narrow search table
    (:class:`ListingSearch`); one query then reads the page's listings by id
    (``pk IN (the page's ids)``, in the same statement), so a page costs the same
    number of queries as over :func:`search_listings`, which it still accepts.

    ``count`` is capped at :data:`REGISTER_COUNT_CAP` (``capped`` says whether there
    were more): a capped count reads at most that many matches, where an exact count
    of 电子 over the country reads them all.

    One query usually answers both the count and the page (the **probe**): it takes
    up to ``REGISTER_COUNT_CAP + 1`` matches through the indexes that filter (words,
    region, year), in no particular order, and sorts only those, counting them. When
    they are all the matches (the count is under the cap), its page is the page. Past
    the cap, a second query reads the page: sorted from all the matches when the
    planner expects fewer than :data:`NARROW_SORT_MAX` (:data:`REGISTER_SORT_MAX` over
    :func:`search_listings`; ordering by ``year + 0``
    keeps the planner off the display-order index, which it would otherwise walk
    hoping to meet 50 rare matches early: 80,000 rows for 苏州's municipal lists),
    else read off the display-order index, which stops after one page. Every plan
    gives the same rows in the same order. ``walk`` (:func:`walk_for`): a search for
    common words only, run with bitmap scans off.
    """

    capped = False

    def __init__(
        self,
        object_list,
        per_page,
        *,
        walk: bool = False,
        bounded: dict | None = None,
        settled: bool | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.walk = walk
        #: read the page off the settled order (:func:`settled_page`): ``None`` not,
        #: else whether its settled matches are walked in order (:func:`settled_for`)
        self.settled = settled
        #: the filters of a search without a name (:func:`search_rows`' arguments) whose
        #: page past the cap is first looked for by :func:`bounded_walk`
        self.bounded = bounded

    @property
    def narrow(self) -> bool:
        """Whether ``object_list`` is over the narrow search table."""
        return self.object_list.model is ListingSearch

    def _run(self, fn):
        """``fn()``, with PostgreSQL's bitmap scans off for a common word (the GIN
        indexes serve only bitmap scans; see :func:`greenmfg.register.search.common_share`)."""
        db = self.object_list.db  # the router's choice: the replica for the public
        if not (self.walk and connections[db].vendor == "postgresql"):
            return fn()
        with transaction.atomic(using=db), connections[db].cursor() as cursor:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            return fn()

    def _set_count(self, n: int) -> None:
        self.capped = n > REGISTER_COUNT_CAP
        self.__dict__["count"] = min(n, REGISTER_COUNT_CAP)

    @cached_property
    def count(self) -> int:
        ids = self.object_list.order_by().values("pk")[: REGISTER_COUNT_CAP + 1]
        n = self._run(ids.count)
        self.capped = n > REGISTER_COUNT_CAP
        return min(n, REGISTER_COUNT_CAP)

    @staticmethod
    def _listings(ids, **annotations) -> QuerySet[Listing]:
        """The listings whose ids ``ids`` (a sliced ``values("pk")`` of the narrow table)
        selects, in the register's order (one statement with its subquery)."""
        return (
            Listing.objects.select_related("region", "green_list")
            .defer("search_text")
            .filter(pk__in=ids)
            .annotate(**annotations)
            .order_by(*REGISTER_ORDER)
        )

    def _probe(self, number: int) -> list:
        """The page ``number`` among the first ``REGISTER_COUNT_CAP + 1`` matches, in
        the register's order, and the count of those matches (sets ``count``). Over
        the narrow table, past the cap: the ids found (not the page; no listing read)."""
        first = self.object_list.order_by().values("pk")[: REGISTER_COUNT_CAP + 1]
        bottom = (number - 1) * self.per_page
        if self.narrow:
            # the page's ids sorted from the first matches, and their number (an
            # uncorrelated subquery, run once), off the narrow table alone (the first
            # matches by id only: repeating the search's conditions let the planner run
            # the whole search again beside them); the listings are read only when
            # they are the page (under the cap): past it, another page is the page
            # (a scalar COUNT over the subquery: planned as a whole, where a window
            # function under LIMIT 1 let the planner hope to stop early and semi-join
            # the whole table against the matches)
            try:
                sql, params = first.query.sql_with_params()
            except EmptyResultSet:  # a filter that cannot match (an unknown region)
                return []
            matches = RawSQL(f"SELECT COUNT(*) FROM ({sql}) AS register_matches", params)
            ids = (
                ListingSearch.objects.filter(pk__in=first)
                .annotate(matches=ExpressionWrapper(matches, IntegerField()))
                .order_by(*REGISTER_ORDER)
                .values_list("pk", "matches")[bottom : bottom + self.per_page]
            )
            found = self._run(lambda: list(ids))
            if not found:
                return []
            self._set_count(found[0][1])
            if self.capped:
                return found  # not the page: page() reads it
            return list(self._listings([pk for pk, _n in found]))
        else:
            qs = (
                self.object_list.filter(pk__in=first)
                .annotate(matches=Window(Count("pk")))
                .order_by(*REGISTER_ORDER)
            )
            rows = self._run(lambda: list(qs[bottom : bottom + self.per_page]))
        if rows:
            self._set_count(rows[0].matches)
        return rows

    def get_page(self, number):
        """Django's ``get_page`` (a bad number → page 1, past the end → the last page),
        starting with the probe instead of a separate count."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def _wanted(self, number) -> int | None:
        """The page asked for (a bad number: 1), or ``None`` past the capped count's
        last page (no statement reads there, and a hostile ``?page=9999…`` would
        overflow an OFFSET: issue 17, item 8)."""
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1
        return wanted if wanted <= -(-REGISTER_COUNT_CAP // self.per_page) else None

    def page(self, number):
        if self.settled is not None and self.narrow:
            wanted = self._wanted(number)
            if wanted is not None:
                bottom = (wanted - 1) * self.per_page
                found = settled_page(
                    self.object_list, bottom, bottom + self.per_page, walk=self.settled
                )
                if found is not None:
                    ids, n = found
                    self._set_count(n)
                    ids = ids[: max(self.count - bottom, 0)]  # the cap's last page
                    number = self.validate_number(wanted)
                    rows = list(self._listings(ids)) if ids else []
                    return self._get_page(rows, number, self)
        rows = None
        if "count" not in self.__dict__:
            # a page past the capped count cannot be in the probe: skip it
            wanted = self._wanted(number)
            rows = self._probe(wanted) if wanted is not None else None
            if not rows:  # past the last page (or nothing matches): count it plainly
                rows = None
        number = self.validate_number(number)
        if rows is not None and not self.capped:
            return self._get_page(rows, number, self)
        qs = self.object_list
        sort_max = NARROW_SORT_MAX if self.narrow else REGISTER_SORT_MAX
        if not self.capped or (not self.walk and _estimated_rows(qs) < sort_max):
            qs = qs.order_by(
                ExpressionWrapper(F("year") + 0, output_field=IntegerField()).desc(),
                *REGISTER_ORDER[1:],
            )
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self.narrow and self.bounded is not None:
            ids = bounded_walk(self.object_list, self.bounded, bottom, top)
            if ids is not None:
                return self._get_page(list(self._listings(ids)), number, self)
        if self.narrow:
            page = self._listings(qs.values("pk")[bottom:top])
            rows = self._run(lambda: list(page))
        else:
            rows = self._run(lambda: list(qs[bottom:top]))
        return self._get_page(rows, number, self)


#: how many rows of the display order :func:`bounded_walk` reads before it gives up
BOUNDED_WALK_ROWS = 5_000
#: the narrow table's columns a search without a name filters on (all in the covering
#: order index: the walk reads no table row)
_WALK_COLUMNS = (
    "listing_id",
    "year",
    "level",
    "list_type",
    "unit_name",
    "region_id",
    "status",
    "listed_from",
    "removed_from",
)
_FROM_SEARCH_TABLE = 'FROM "register_listingsearch"'


def _reading(sql: str, source: str) -> str | None:
    """``sql`` (a compiled query over the narrow table, under its own name) reading
    ``source`` (a subquery or a CTE named as the table) instead; ``None`` when the table
    is read more than once (a subquery of the search), which this cannot redirect."""
    if sql.count(_FROM_SEARCH_TABLE) != 1:
        return None
    return sql.replace(_FROM_SEARCH_TABLE, f'FROM {source} AS "register_listingsearch"', 1)


def bounded_walk(
    qs: QuerySet[ListingSearch], filters: dict, bottom: int, top: int, rows: int = BOUNDED_WALK_ROWS
):
    """The ids of the matches ``bottom``–``top`` (in the register's order) of a search
    without a name (``qs``: :func:`search_rows` of ``filters``, its arguments but
    ``q``), looked for among the first ``rows`` rows of the display order that its
    year, list type and ``as_of`` allow; ``None`` when fewer are found there (the
    caller then sorts the matches).

    Why: past the count's cap a page is either sorted from every match or walked off
    the display order; the planner's estimates pick wrongly for filters that keep most
    rows (``as_of``: 87,000 matches sorted for a page the order's first 50 rows give).
    Bounded, the walk costs at most ``rows`` entries of the covering order index
    (``listingsearch_order`` or ``listingsearch_type_order``), and its answer is exact:
    every match outside those rows comes after them in the register's order.
    One query; the same rows as the sorted page (tests/register/test_search_rows.py).
    """
    range_filters = {k: filters[k] for k in ("year", "list_type", "as_of") if filters.get(k)}
    inner = search_rows(**range_filters)
    if inner.query.is_empty() or qs.query.is_empty():
        return None
    inner = inner.values(*_WALK_COLUMNS)[:rows]
    outer = qs.values_list("pk", flat=True)[bottom:top]
    try:
        inner_sql, inner_params = inner.query.sql_with_params()
        outer_sql, outer_params = outer.query.sql_with_params()
    except EmptyResultSet:  # a filter that cannot match
        return None
    sql = _reading(outer_sql, f"({inner_sql})")
    if sql is None:
        return None
    with connections[qs.db].cursor() as cursor:  # the router's choice (a replica)
        cursor.execute(sql, [*inner_params, *outer_params])
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) == top - bottom else None


#: the plan of :func:`settled_page`'s statement: scans that return rows in the order of
#: the table's pages only (no index scan, no parallel workers, no scan starting midway
#: beside another), and no JIT (the switched-off paths' costs would make it compile for
#: 0.2 s)
_SETTLED_PLAN = {
    "jit": "off",
    "enable_indexscan": "off",
    "enable_indexonlyscan": "off",
    "enable_seqscan": "off",
    "max_parallel_workers_per_gather": "0",
    "synchronize_seqscans": "off",
}
#: the columns of a match the settled page sorts on
_ORDER_COLUMNS = ("listing_id", "year", "level", "list_type", "unit_name")


def settled_page(qs: QuerySet[ListingSearch], bottom: int, top: int, *, walk: bool = False):
    """``(ids, n)``: the ids of the matches ``bottom``–``top`` of ``qs`` (a
    :func:`search_rows` over PostgreSQL) in the register's order, and ``n``, the number
    of matches up to the cap (``n > REGISTER_COUNT_CAP`` means more), in one query whose
    cost does not grow with the number of matches; ``None`` for a search it cannot
    read so (one that also reads the table in a subquery).

    How: :func:`greenmfg.register.search.settle_search_rows` wrote the settled rows in
    the register's order, so a bitmap or sequential scan, which returns rows in the
    order of the table's pages, meets the settled matches in the register's order: the
    first ``REGISTER_COUNT_CAP + 1`` of them are read and the scan stops (index scans,
    whose order is another, and sequential and parallel scans are switched off for the
    statement).
    The rows written since (a newer generation) are sorted apart and merged. The
    indexes' bitmaps cost their posting lists, not the matches' places in the order (a
    walk of the order met 精密机械's matches, which cluster by unit, after 213,000 rows).
    ``walk`` (a word on :data:`SETTLED_WALK_SHARE` of the listings or more, whose
    bitmap would hold half the table): the word is tested on the rows the other
    filters' bitmaps give, or on the table's rows in order, which meet a common word
    within a few thousand (:func:`greenmfg.register.search.words_unindexed`).
    """
    cap = REGISTER_COUNT_CAP + 1
    # (``+ 0``: tested on the matches' rows, never a bitmap of the generation index,
    # which holds every settled row)
    settled = RawSQL(f"generation + 0 <= {PG_SETTLED}", [], output_field=BooleanField())
    first = qs.filter(settled).order_by().values(*_ORDER_COLUMNS)[:cap]
    since = qs.order_by(*REGISTER_ORDER).values(*_ORDER_COLUMNS)[:cap]
    try:
        with words_unindexed() if walk else contextlib.nullcontext():
            sql1, params1 = first.query.sql_with_params()
        sql2, params2 = since.query.sql_with_params()
    except EmptyResultSet:  # a filter that cannot match (an unknown region)
        return [], 0
    # the rows written since the settle, read first by the generation index (few; its
    # order asked for so that a walk's plan reads the index too), then searched: the
    # planner would otherwise test the word's every match for them
    sql2 = _reading(sql2, "register_fresh")
    if sql2 is None:
        return None
    sql = (
        f"WITH register_fresh AS MATERIALIZED (SELECT * FROM {SEARCH_TABLE}"
        f" WHERE generation > {PG_SETTLED} ORDER BY generation)"
        f" SELECT listing_id, COUNT(*) OVER () FROM (({sql1}) UNION ALL ({sql2}))"
        " AS register_matches ORDER BY year DESC, level, list_type, unit_name, listing_id"
        " LIMIT %s OFFSET %s"
    )
    # (a common word may be met by a sequential scan of the settled order: in the table's
    # order, like the bitmaps)
    plan = {**_SETTLED_PLAN, "enable_seqscan": "on" if walk else "off"}
    # one round trip (client-side binding, Django's default with psycopg 3): the plan's
    # settings, the statement, and the session's settings back for the rest of an
    # enclosing transaction
    script = "; ".join(
        [
            *(f"SET LOCAL {k} = {v}" for k, v in plan.items()),
            sql,
            *(f"SET LOCAL {k} = DEFAULT" for k in plan),
        ]
    )
    # on the connection the router chose for the search's reads (a replica for the public)
    with transaction.atomic(using=qs.db), connections[qs.db].cursor() as cursor:
        cursor.execute(script, [*params1, *params2, top - bottom, bottom])
        while not cursor.description:  # past the settings' results to the statement's
            if not cursor.nextset():
                raise RuntimeError("settled_page: the statement returned no rows")
        rows = cursor.fetchall()
    if rows:
        return [row[0] for row in rows], rows[0][1]
    if bottom == 0:
        return [], 0
    # past the last match: count them (the first page's statement)
    return [], settled_page(qs, 0, 1, walk=walk)[1]


#: a word on more than this share of the listings is read by a walk of the display order
#: (its bitmap would cost more than meeting 1,001 matches in a row)
SETTLED_WALK_SHARE = 0.3


def settled_for(q: str = "", **filters) -> bool | None:
    """How :class:`RegisterPaginator` reads a search off the settled order (PostgreSQL,
    :func:`settled_page`): ``None`` when it does not (other databases; a search without
    a name, region or day, which the display-order index serves; a name with a line
    break, matched on the listing table), else whether its settled matches are walked
    in the register's order: a very common word (检测认证, 有限公司: on
    :data:`SETTLED_WALK_SHARE` of the listings or more), where every other search goes
    through its indexes' bitmaps."""
    if connection.vendor != "postgresql":
        return None
    region, as_of = filters.get("region"), filters.get("as_of")
    if not (q or region or as_of) or NAMES_SEPARATOR in normalise(q):
        return None
    return bool(q) and common_share(q) >= SETTLED_WALK_SHARE


def _estimated_rows(qs) -> float:
    """The planner's estimate of the number of rows of ``qs`` (one EXPLAIN, no rows
    read); infinity on other databases."""
    if connection.vendor != "postgresql":
        return float("inf")
    found = re.search(r"rows=(\d+)", qs.explain())
    return float(found.group(1)) if found else float("inf")


def walk_for(q: str, **filters) -> bool:
    """Whether :class:`RegisterPaginator` should walk the display order for this
    search (PostgreSQL): when every word of ``q`` is common
    (:func:`greenmfg.register.search.common_share`) and the planner expects more
    matches than :data:`NARROW_SORT_MAX` under the other filters (the word's share of
    the rows the filters leave), too many to sort, while a walk meets a page of them
    early. A common word under selective filters (陶瓷 in 2024's provincial lists:
    5,000 of 46,000) is cheaper through the indexes. Costs one EXPLAIN (no rows read),
    only for a common word."""
    share = common_share(q)
    if not share:
        return False
    # over the narrow table, the expected matches are sorted (bitmaps of the word and the
    # filters AND-ed) unless there are too many to sort: 陶瓷 in 广东, 9,500 of 86,000,
    # sorts in milliseconds where the walk of the display order met them late (0.7 s)
    return share * _estimated_rows(search_rows(**filters)) > NARROW_SORT_MAX


def register_plan(*, q: str = "", **filters) -> tuple[QuerySet[ListingSearch], dict]:
    """The register's search (:func:`search_rows`) and how :class:`RegisterPaginator`
    pages it (its keyword arguments ``walk``, ``bounded``, ``settled``), chosen from the
    filters: the settled order when :func:`settled_for` says so, else a walk for a
    common word (:func:`walk_for`), and :func:`bounded_walk` for a search without a
    name. One choice for the page and the API."""
    settled = settled_for(q, **filters)
    qs = search_rows(q=q, **filters, bound_years=settled is None)
    return qs, {
        "walk": settled is None and bool(q) and walk_for(q, **filters),
        "bounded": None if q else filters,
        "settled": settled,
    }


def register_paginator(per_page: int = 50, *, q: str = "", **filters) -> RegisterPaginator:
    """:class:`RegisterPaginator` over :func:`search_rows` (the page; the API pages
    :func:`register_plan`'s search with the same plan)."""
    qs, plan = register_plan(q=q, **filters)
    return RegisterPaginator(qs, per_page, **plan)


def published_lists() -> QuerySet[GreenList]:
    """Every published list, newest year first (public)."""
    return GreenList.objects.select_related("jurisdiction").order_by("-year", "title")
