"""The settled register order (issue 16 item 5): ``greenmfg settle-register`` rewrites the
narrow search table in the register's order (PostgreSQL CLUSTER), and a search with a name,
a region or a day reads its first matches off the table's pages in that order
(greenmfg.register.selectors.settled_page), the rows written since sorted apart and merged.
Every page and count equals search_listings(), before and after writes that follow the
settle. On SQLite there is nothing to settle."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from greenmfg.register import selectors
from greenmfg.register.models import Listing
from greenmfg.register.search import SETTLE_TABLE, settle_search_rows
from greenmfg.register.selectors import (
    RegisterPaginator,
    register_paginator,
    search_listings,
    search_rows,
    settled_for,
)
from greenmfg.register.services import listing_remove, listing_rename
from tests.register.test_search_rows import SEARCHES, _list, _make, register  # noqa: F401

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the settled order is PostgreSQL's"
)

#: the searches read off the settled order (a name, a region or a day)
SETTLED_SEARCHES = [f for f in SEARCHES if f.get("q") or f.get("region") or f.get("as_of")]


def _pages(filters: dict, *, walk: bool, per_page: int = 2) -> tuple[list[int], int]:
    paginator = RegisterPaginator(search_rows(**filters, bound_years=False), per_page, settled=walk)
    got = [li.pk for n in paginator.page_range for li in paginator.page(n).object_list]
    return got, paginator.count


def _generations() -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT listing_id, generation FROM register_listingsearch")
        return dict(cursor.fetchall())


def _settled_upto() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT settled_upto FROM {SETTLE_TABLE}")
        return cursor.fetchone()[0]


@postgres_only
@pytest.mark.parametrize("walk", [False, True])
@pytest.mark.parametrize("cap", [3, 1000])
@pytest.mark.parametrize("filters", SETTLED_SEARCHES, ids=lambda f: repr(f))
def test_a_settled_search_pages_the_register_order(register, monkeypatch, walk, cap, filters):  # noqa: F811
    """The listings were written oldest year first; settled, the first matches met in the
    table's order are the register's (newest year first): every page and the capped
    count equal search_listings()."""
    settle_search_rows()
    monkeypatch.setattr(selectors, "REGISTER_COUNT_CAP", cap)
    expected = [li.pk for li in search_listings(**filters)]
    got, count = _pages(filters, walk=walk)
    assert got == expected[:cap]
    assert count == min(len(expected), cap)


@postgres_only
def test_rows_written_after_the_settle_are_merged_into_the_order(register, cast, monkeypatch):  # noqa: F811
    """A new list, a rename and a removal after the settle: their rows carry a newer
    generation, are sorted apart and merged; the pages still equal search_listings()."""
    settle_search_rows()
    upto = _settled_upto()
    assert set(_generations().values()) <= set(range(upto + 1))
    fresh = _make(_list(2026, "provincial"))
    renamed = listing_rename(
        actor=cast.guangdong,
        listing=register[3],
        name="广州绿源新材料有限公司",
        on=dt.date(2025, 6, 1),
    )
    listing_remove(actor=cast.guangdong, listing=register[4], on=dt.date(2025, 7, 1))
    generations = _generations()
    assert all(generations[li.pk] > upto for li in [*fresh, renamed, register[4]])
    monkeypatch.setattr(selectors, "REGISTER_COUNT_CAP", 3)
    for filters in [*SETTLED_SEARCHES, {"q": "新材料"}, {"q": "绿源", "status": "removed"}]:
        for walk in (False, True):
            expected = [li.pk for li in search_listings(**filters)]
            got, count = _pages(filters, walk=walk)
            assert (got, count) == (expected[:3], min(len(expected), 3)), filters


@postgres_only
def test_the_register_page_reads_a_settled_search_within_its_query_budget(
    register,  # noqa: F811
    client,
    django_assert_max_num_queries,
):
    settle_search_rows()
    with django_assert_max_num_queries(12):
        resp = client.get("/register/", {"q": "绿源", "region": "440000"})
    assert resp.status_code == 200
    paginator = register_paginator(50, q="绿源", region="440000")
    assert paginator.settled is False
    names = [li.unit_name for li in paginator.get_page(1).object_list]
    assert names and all("绿源" in n for n in names)


def test_settle_register_command_reports_what_it_settled(register):  # noqa: F811
    out = StringIO()
    call_command("settle_register", "--json", stdout=out)
    result = json.loads(out.getvalue())
    if connection.vendor == "postgresql":
        assert result["rows"] == Listing.objects.count() == len(register)
        assert result["generation"] == _settled_upto() >= 1
    else:  # SQLite: nothing to settle, and no search reads a settled order
        assert result["rows"] == 0
        assert settled_for("绿源") is None
