"""The register's narrow search table (register_listingsearch, issue 16 item 5): the
database keeps it equal to the listings whoever writes them (services, bulk writes,
imports, a list's publication date, deletions), migration 0013 fills it for existing
rows, and the register's pages over it give exactly the rows and order of
search_listings() with every plan. Runs on whichever DATABASE_URL names (SQLite and
PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register import search, selectors
from greenmfg.register.models import GreenList, Listing, ListingSearch, ListingStatus
from greenmfg.register.search import fill_search_text
from greenmfg.register.selectors import RegisterPaginator, search_listings, search_rows
from greenmfg.register.services import listing_remove, listing_rename

pytestmark = pytest.mark.django_db

ROWS = [
    # unit name, product, agency, region, list type
    ("广州绿源精密制造有限公司", "", "中国质量认证中心", "440106", "factory"),
    ("佛山市鑫源陶瓷有限公司", "", "", "440604", "factory"),
    ("青岛海尔电冰箱有限公司", "家用电冰箱", "中国标准化研究院", "370212", "design_product"),
    ("苏州精密机械股份有限公司", "", "江苏省产品质量监督检验研究院", "320505", "factory"),
    ("广州天河绿色科技有限公司", "", "", "440106", "supply_chain"),
]


def _list(year: int, level: str, published_on: dt.date | None = None) -> GreenList:
    national = Jurisdiction.objects.get(code="000000")
    return GreenList.objects.create(
        jurisdiction=national, level=level, year=year, title="测试名单", published_on=published_on
    )


def _make(gl: GreenList, rows=ROWS, *, listed_on: dt.date | None = None) -> list[Listing]:
    objs = [
        Listing(
            green_list=gl,
            unit_name=name,
            product_name=product,
            agency_name=agency,
            list_type=list_type,
            level=gl.level,
            year=gl.year,
            region=Jurisdiction.objects.get(code=region),
            listed_on=listed_on,
        )
        for name, product, agency, region, list_type in rows
    ]
    return Listing.objects.bulk_create(fill_search_text(objs))


def _expected() -> dict[int, tuple]:
    """{listing id: its narrow row}, computed in Python from the listings."""
    out = {}
    for li in Listing.objects.select_related("green_list"):
        listed_from = li.listed_on or li.green_list.published_on or dt.date(li.year, 12, 31)
        removed_from = (
            (li.removed_on or dt.date(1, 1, 1)) if li.status == ListingStatus.REMOVED else None
        )
        names = "\n".join((li.unit_name, li.product_name, li.agency_name))
        out[li.pk] = (
            li.year,
            li.level,
            li.list_type,
            li.unit_name,
            li.region_id,
            li.status,
            listed_from,
            removed_from,
            names,
        )
    return out


def _actual() -> dict[int, tuple]:
    fields = (
        "year",
        "level",
        "list_type",
        "unit_name",
        "region_id",
        "status",
        "listed_from",
        "removed_from",
        "names",
    )
    return {row[0]: row[1:] for row in ListingSearch.objects.values_list("pk", *fields)}


def assert_consistent() -> None:
    """The narrow table has exactly one row per listing, equal to the listing's; on
    PostgreSQL its words are the listing's (stripped of positions)."""
    assert _actual() == _expected()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM register_listing l JOIN register_listingsearch s"
                " ON s.listing_id = l.id"
                " WHERE s.search_vector <> strip(to_tsvector('simple', l.search_text))"
            )
            assert cursor.fetchone()[0] == 0


def test_narrow_table_follows_bulk_writes_saves_and_deletions():
    gl = _list(2024, "municipal")
    listings = _make(gl)
    assert_consistent()
    one = listings[0]
    one.unit_name = "广州绿源新材料有限公司"
    one.region = Jurisdiction.objects.get(code="440604")
    one.save()
    Listing.objects.filter(pk=listings[1].pk).update(list_type="design_product", year=2023)
    listings[2].delete()
    assert_consistent()
    assert [r.unit_name for r in search_rows(q="新材料")] == ["广州绿源新材料有限公司"]
    assert not ListingSearch.objects.filter(pk=listings[2].pk).exists()


def test_narrow_table_follows_a_rename_and_a_removal_by_the_services(cast):
    gl = _list(2024, "provincial", published_on=dt.date(2024, 11, 20))
    listings = _make(gl)
    listing_rename(
        actor=cast.guangdong,
        listing=listings[0],
        name="广州绿洲智造有限公司",
        on=dt.date(2025, 3, 1),
    )
    listing_remove(
        actor=cast.guangdong, listing=listings[1], on=dt.date(2025, 6, 30), reason="测试"
    )
    assert_consistent()
    # the renamed unit is found by its new and its former name (曾用名)
    for q in ("绿洲", "绿源"):
        assert [r.pk for r in search_rows(q=q)] == [listings[0].pk]
    assert [r.pk for r in search_rows(status="removed")] == [listings[1].pk]


def test_a_lists_publication_date_moves_listed_from_of_its_undated_listings():
    gl = _list(2025, "municipal")
    undated = _make(gl, ROWS[:2])
    dated = _make(gl, ROWS[2:3], listed_on=dt.date(2025, 9, 30))
    assert ListingSearch.objects.get(pk=undated[0].pk).listed_from == dt.date(2025, 12, 31)
    GreenList.objects.filter(pk=gl.pk).update(published_on=dt.date(2025, 10, 8))
    assert_consistent()
    assert ListingSearch.objects.get(pk=undated[0].pk).listed_from == dt.date(2025, 10, 8)
    assert ListingSearch.objects.get(pk=dated[0].pk).listed_from == dt.date(2025, 9, 30)


def test_narrow_table_follows_the_national_import():
    from greenmfg.register.imports.national import import_national_lists

    import_national_lists()
    assert Listing.objects.count() > 6000
    assert_consistent()


def test_the_migrations_fill_fills_the_table_for_existing_rows_0013():
    """Migration 0013's forwards step (install_search_rows) on rows written before it:
    the triggers are re-created and the table refilled from the listings."""
    _make(_list(2024, "municipal"))
    _make(_list(2023, "national", published_on=dt.date(2023, 12, 1)), ROWS[:3])
    ListingSearch.objects.all().delete()
    assert not ListingSearch.objects.exists()
    search.install_search_rows(connection)
    assert_consistent()


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_triggers_of_the_narrow_table_dropped_by_a_table_rebuild_are_repaired():
    gl = _list(2024, "municipal")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER register_listingsearch_ai")
    _make(gl)  # written while the trigger is missing
    assert search.ensure_sqlite_search_rows() is True
    assert_consistent()
    assert search.ensure_sqlite_search_rows() is False


# --- the same search on both tables ---------------------------------------------------------

SEARCHES = [
    {},
    {"q": "绿源"},
    {"q": "源精"},  # the substring fallback of a short query
    {"q": "精密机械"},  # words or a 3+ character substring
    {"q": "认证中心"},  # an agency's name
    {"q": "冰箱", "list_type": "design_product"},
    {"level": "municipal"},
    {"year": "2023"},
    {"region": "440000"},
    {"region": "440100", "level": "municipal"},
    {"status": "removed"},
    {"status": "active", "q": "有限公司"},
    {"as_of": dt.date(2024, 6, 30)},
    {"as_of": dt.date(2024, 12, 31), "status": "removed"},
    {"as_of": dt.date(2025, 12, 31), "status": "active"},
    {"as_of": dt.date(2023, 12, 31), "q": "绿源"},
]


@pytest.fixture
def register(cast):
    """Three years and two levels of the same units, one list published in October, one
    listing removed on a date and one without a date."""
    out = []
    for year, level, published in (
        (2023, "municipal", None),
        (2024, "municipal", dt.date(2024, 10, 8)),
        (2024, "provincial", None),
        (2025, "national", dt.date(2025, 3, 1)),
    ):
        out += _make(_list(year, level, published_on=published))
    listing_remove(actor=cast.guangdong, listing=out[1], on=dt.date(2024, 8, 1))
    Listing.objects.filter(pk=out[6].pk).update(status=ListingStatus.REMOVED, removed_on=None)
    return out


@pytest.mark.parametrize("filters", SEARCHES, ids=lambda f: repr(f))
def test_search_rows_gives_the_rows_and_order_of_search_listings(register, filters):
    expected = [li.pk for li in search_listings(**filters)]
    assert [r.pk for r in search_rows(**filters)] == expected


@pytest.mark.parametrize("cap", [3, 1000])
@pytest.mark.parametrize("walk", [False, True])
@pytest.mark.parametrize("filters", SEARCHES[:4] + SEARCHES[12:14], ids=lambda f: repr(f))
def test_every_plan_over_the_narrow_table_gives_the_register_order(
    register, monkeypatch, cap, walk, filters
):
    """Probe, sorted page or walked page, capped or not: the pages over the narrow
    table are the listings of search_listings(), in its order, as far as the cap."""
    monkeypatch.setattr(selectors, "REGISTER_COUNT_CAP", cap)
    expected = [li.pk for li in search_listings(**filters)][:cap]
    paginator = RegisterPaginator(search_rows(**filters), 2, walk=walk)
    got = []
    for n in paginator.page_range:
        rows = paginator.page(n).object_list
        assert all(isinstance(li, Listing) for li in rows)
        got += [li.pk for li in rows]
    assert got == expected
    assert paginator.count == min(len(expected), cap)


@pytest.mark.parametrize("scan", [1, 4, 7, 10_000])
@pytest.mark.parametrize("filters", [f for f in SEARCHES if not f.get("q")], ids=lambda f: repr(f))
def test_the_bounded_walk_gives_the_sorted_page_or_nothing(register, monkeypatch, scan, filters):
    """bounded_walk (a search without a name, past the cap) answers the page of the
    register's order when the first ``scan`` rows its year, type and day allow hold it,
    and None otherwise (the sorted page follows); through the paginator, every page
    is the register's, walked or not."""
    expected = [li.pk for li in search_listings(**filters)]
    qs = search_rows(**filters)
    for bottom in range(0, len(expected), 2):
        top = min(bottom + 2, len(expected))
        got = selectors.bounded_walk(qs, filters, bottom, top, rows=scan)
        assert got is None or got == expected[bottom:top]
    if len(expected) >= 2:
        assert selectors.bounded_walk(qs, filters, 0, 2, rows=10_000) == expected[:2]
    monkeypatch.setattr(selectors, "REGISTER_COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "BOUNDED_WALK_ROWS", scan)
    paginator = RegisterPaginator(qs, 2, bounded=filters)
    got = [li.pk for n in paginator.page_range for li in paginator.page(n).object_list]
    assert got == expected[:3]


def test_the_as_of_year_bound_is_empty_before_anything_was_listed(register):
    assert list(search_rows(as_of=dt.date(2020, 1, 1))) == []
    assert list(search_listings(as_of=dt.date(2020, 1, 1))) == []


def test_a_region_that_cannot_match_answers_an_empty_register_not_a_server_error(client):
    """An unknown region code makes the search's conditions empty (Django's EmptyResultSet
    when the probe's SQL is built): the register answers 200 with no rows (issue 17 item 1's
    hostile sweep found the 500)."""
    for region in ("999999", "0", "-1"):
        resp = client.get("/register/", {"region": region})
        assert resp.status_code == 200, region
    resp = client.get("/api/v1/listings/", {"region": "999999"})
    assert resp.status_code in (200, 400)


def test_linking_a_listing_to_its_unit_leaves_its_search_row_alone(cast):
    """Only the columns a search row is made of rewrite it: linking (``unit``) 85,000
    listings must not rewrite 85,000 search rows and their index entries (issue 13 speed).
    A search row made stale on purpose stays stale when only ``unit`` changes, and is
    rewritten when the name changes."""
    one = _make(_list(2024, "municipal"))[0]
    ListingSearch.objects.filter(pk=one.pk).update(unit_name="陈旧")
    Listing.objects.filter(pk=one.pk).update(unit=cast.enterprise)
    assert ListingSearch.objects.get(pk=one.pk).unit_name == "陈旧"
    Listing.objects.filter(pk=one.pk).update(unit_name="广州绿源新材料有限公司")
    assert ListingSearch.objects.get(pk=one.pk).unit_name == "广州绿源新材料有限公司"
