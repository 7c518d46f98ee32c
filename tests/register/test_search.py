"""Chinese name search of the public register (greenmfg/register/search.py): 2-character
and longer queries, the fallback for words that straddle a segmentation, the same
meaning on SQLite and PostgreSQL (this module runs on whichever DATABASE_URL names),
the indexes in use, reindexing and bounded query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register import search
from greenmfg.register.models import GreenList, Listing
from greenmfg.register.search import fill_search_text, words
from greenmfg.register.selectors import search_listings

pytestmark = pytest.mark.django_db

ROWS = [
    # unit name, product, agency, region
    ("广州绿源精密制造有限公司", "", "中国质量认证中心", "440106"),
    ("佛山市鑫源陶瓷有限公司", "", "", "440604"),
    ("青岛海尔电冰箱有限公司", "家用电冰箱", "中国标准化研究院", "370212"),
    ("合肥美的洗衣机有限公司", "滚筒洗衣机", "", "340104"),
    ("苏州精密机械股份有限公司", "", "江苏省产品质量监督检验研究院", "320505"),
    ("广州天河绿色科技有限公司", "", "", "440106"),
    ("ＡＢＢ（中国）有限公司", "", "", "110105"),
]


def _make(rows=ROWS, *, segmented=True, year=2024, level="municipal"):
    national = Jurisdiction.objects.get(code="000000")
    gl = GreenList.objects.create(jurisdiction=national, level=level, year=year, title="测试名单")
    objs = [
        Listing(
            green_list=gl,
            unit_name=name,
            product_name=product,
            agency_name=agency,
            list_type="design_product" if product else "factory",
            level=level,
            year=year,
            region=Jurisdiction.objects.get(code=region),
        )
        for name, product, agency, region in rows
    ]
    if segmented:
        fill_search_text(objs)
    return Listing.objects.bulk_create(objs)


def _names(**filters) -> list[str]:
    return sorted(li.unit_name for li in search_listings(**filters))


def test_segmentation_keeps_words_and_splits_unknown_names():
    assert words("广州绿源精密制造有限公司") == [
        "广州",
        "绿",
        "源",
        "精密",
        "制造",
        "有限",
        "公司",
        "有限公司",
    ]
    assert words("Ａ型号①") == ["a", "型号", "1"]  # NFKC, lower case
    assert words("企业2021-003") == ["企业", "2021", "003"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("绿源", ["广州绿源精密制造有限公司"]),  # 2 characters, not in jieba's dictionary
        ("海尔", ["青岛海尔电冰箱有限公司"]),
        ("精密", ["广州绿源精密制造有限公司", "苏州精密机械股份有限公司"]),
        ("陶瓷", ["佛山市鑫源陶瓷有限公司"]),
        ("冰箱", ["青岛海尔电冰箱有限公司"]),  # the product name
        ("认证", ["广州绿源精密制造有限公司"]),  # the agency name
        ("源精", ["广州绿源精密制造有限公司"]),  # straddles 绿源|精密: substring fallback
        ("精密制造", ["广州绿源精密制造有限公司"]),  # 4 characters
        ("绿源精密", ["广州绿源精密制造有限公司"]),
        ("美的洗衣", ["合肥美的洗衣机有限公司"]),  # 3+: substring (trigram)
        ("洗衣机", ["合肥美的洗衣机有限公司"]),
        ("abb", ["ＡＢＢ（中国）有限公司"]),  # full width and case folded
        ("广州 科技", ["广州天河绿色科技有限公司"]),  # words AND-ed
        ("广州", ["广州天河绿色科技有限公司", "广州绿源精密制造有限公司"]),
        ("不存在", []),
        ("鑫", ["佛山市鑫源陶瓷有限公司"]),  # one character
    ],
)
def test_chinese_queries_find_the_right_rows(q, expected):
    _make()
    assert _names(q=q) == expected


def test_the_database_agrees_with_the_stated_meaning():
    """Every query gives exactly the rows ``search.matches`` (the meaning in Python) says."""
    _make()
    _make(
        [
            ("深圳华为技术有限公司", "", "", "440307"),
            ("东莞绿源新材料有限公司", "", "中国质量认证中心", "441900"),
            ("宁波精密铸造有限公司", "铸件", "", "330203"),
        ],
        year=2025,
    )
    rows = list(Listing.objects.all())
    for q in [
        "绿源",
        "精密",
        "源精",
        "有限",
        "公司",
        "华为技术",
        "认证中心",
        "铸",
        "新材料",
        "宁波 铸件",
        "质量",
        "洗衣",
    ]:
        any_hit = any(set(words(q)) <= set(li.search_text.split()) for li in rows if words(q))
        expected = sorted(
            li.unit_name
            for li in rows
            if search.matches(
                q,
                unit_name=li.unit_name,
                product_name=li.product_name,
                agency_name=li.agency_name,
                any_word_hit=any_hit,
            )
        )
        assert _names(q=q) == expected, q


def test_filters_still_apply_with_a_name():
    _make()
    _make([("广州绿源新能源有限公司", "", "", "440106")], year=2025, level="provincial")
    assert _names(q="绿源", year=2025) == ["广州绿源新能源有限公司"]
    assert _names(q="绿源", level="municipal") == ["广州绿源精密制造有限公司"]
    assert _names(q="绿源", region="440100") == [
        "广州绿源新能源有限公司",
        "广州绿源精密制造有限公司",
    ]
    assert _names(q="绿源", region="370000") == []
    assert _names(q="绿源", region="999999") == []


def test_rows_written_behind_the_services_back_are_found_after_reindex(capsys):
    from django.core.management import call_command

    _make(segmented=False)
    assert Listing.objects.filter(search_text="").count() == len(ROWS)
    assert _names(q="海尔") == ["青岛海尔电冰箱有限公司"]  # substring fallback
    call_command("reindex_search", "--no-progress")
    assert "7" in capsys.readouterr().out
    assert not Listing.objects.filter(search_text="").exists()
    assert _names(q="海尔") == ["青岛海尔电冰箱有限公司"]
    call_command("reindex_search", "--no-progress", "--missing-only")
    assert "0" in capsys.readouterr().out


def test_listings_created_by_the_service_carry_their_words():
    import datetime as dt

    from greenmfg.register.services import listings_create_for
    from greenmfg.selection.models import Application, Campaign
    from tests.factories import OrganisationFactory

    gz = Jurisdiction.objects.get(code="440100")
    campaign = Campaign.objects.create(
        jurisdiction=gz, level="municipal", year=2026, title="t", opened_on=dt.date(2026, 4, 1)
    )
    org = OrganisationFactory(name="广州绿源精密制造有限公司")
    app = Application.objects.create(
        unit=org, campaign=campaign, list_type="factory", level="municipal", year=2026, star=1
    )
    gl = GreenList.objects.create(jurisdiction=gz, level="municipal", year=2026, title="t")
    (listing,) = listings_create_for(
        green_list=gl, applications=[app], listed_on=dt.date(2026, 9, 30)
    )
    assert "精密" in listing.search_text.split()
    assert _names(q="绿源") == ["广州绿源精密制造有限公司"]


def test_the_indexes_serve_the_queries():
    _make()
    if connection.vendor == "postgresql":
        # planner switches so that only an index condition can avoid a scan (the
        # tables here are tiny; at scale the planner picks these on its own)
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_indexscan = off")
            try:
                # the listing table's names are searched in the narrow table's indexes
                # (migration 0015 dropped the listing table's own)
                plan = search_listings(q="绿源").explain()
                assert search.PG_SEARCH_ROWS_VECTOR_INDEX in plan, plan
                plan = search_listings(q="美的洗衣").explain()
                assert search.PG_SEARCH_ROWS_VECTOR_INDEX in plan, plan
                assert search.PG_SEARCH_ROWS_NAMES_INDEX in plan, plan
            finally:
                cursor.execute("RESET enable_seqscan")
                cursor.execute("RESET enable_indexscan")
        with connection.cursor() as cursor:
            cursor.execute("SELECT show_trgm('美的洗衣')")
            assert cursor.fetchone()[0], "pg_trgm needs a UTF-8 LC_CTYPE (C.UTF-8)"
    elif connection.vendor == "sqlite":
        sql = str(search_listings(q="绿源").query)
        assert search.FTS_TABLE in sql
        assert search.TRGM_TABLE in str(search_listings(q="美的洗衣").query)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_triggers_dropped_by_a_table_rebuild_are_repaired():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER register_listing_search_ai")
    assert search.ensure_sqlite_index() is True
    _make()
    assert _names(q="海尔") == ["青岛海尔电冰箱有限公司"]
    assert search.ensure_sqlite_index() is False


@pytest.mark.parametrize("n", [5, 60])
def test_register_page_and_api_query_counts_do_not_grow_with_rows(
    client, django_assert_max_num_queries, n
):
    rows = [(f"广州绿源精密制造{i}号有限公司", "", "", "440106") for i in range(n)]
    _make(rows)
    _make([("佛山市鑫源陶瓷有限公司", "", "", "440604")])
    # the API: a count, a page, the region's divisions, on PostgreSQL at most three
    # planner questions (the word statistics, two EXPLAINs choosing the plan)
    api_budget = 6 if connection.vendor == "postgresql" else 3
    for q in ("绿源", "绿源精密", "源精"):  # word index; 3+ characters; the fallback
        with django_assert_max_num_queries(8 + api_budget - 3):
            resp = client.get(reverse("register_search"), {"region": "440100", "q": q})
        assert f"共 {n} 条" in resp.content.decode(), q
        with django_assert_max_num_queries(api_budget + 1):
            data = client.get(
                "/api/v1/listings/", {"region": "440100", "q": q, "level": "municipal"}
            ).json()
        assert data["count"] == n, q


# --- the register's pages at national scale (RegisterPaginator) ------------------------------


def test_register_count_stops_at_the_cap_and_says_so(client, monkeypatch):
    """More matches than the cap: the count stops there, the page says “超过 N 条” and
    the API answers count_is_capped; pages reach as far as the cap."""
    from greenmfg.register import selectors

    monkeypatch.setattr(selectors, "REGISTER_COUNT_CAP", 6)
    _make([(f"广州绿源精密制造{i}号有限公司", "", "", "440106") for i in range(9)])
    page = selectors.register_paginator(4, q="绿源").get_page(1)
    assert (page.paginator.count, page.paginator.capped, page.paginator.num_pages) == (6, True, 2)
    assert len(selectors.register_paginator(4, q="绿源").get_page(2).object_list) == 2
    body = client.get(reverse("register_search"), {"q": "绿源"}).content.decode()
    assert "超过 6 条" in body
    data = client.get("/api/v1/listings/", {"q": "绿源"}).json()
    assert (data["count"], data["count_is_capped"]) == (6, True)
    data = client.get("/api/v1/listings/", {"q": "绿源", "region": "440604"}).json()
    assert (data["count"], data["count_is_capped"]) == (0, False)


@pytest.mark.parametrize("cap", [3, 1000])
@pytest.mark.parametrize("walk", [False, True])
def test_every_plan_gives_the_register_order(monkeypatch, cap, walk):
    """Sorted from the matches or read off the display-order index, with bitmap scans
    or without: the same rows in the same order as search_listings()."""
    from greenmfg.register import selectors
    from greenmfg.register.selectors import RegisterPaginator

    monkeypatch.setattr(selectors, "REGISTER_COUNT_CAP", cap)
    for year, level in ((2023, "municipal"), (2024, "provincial"), (2024, "municipal")):
        _make(
            [(f"广州绿源{n}有限公司", "", "", "440106") for n in ("甲", "乙", "丙")],
            year=year,
            level=level,
        )
    expected = [li.pk for li in search_listings(q="绿源")][: min(cap, 9)]
    paginator = RegisterPaginator(search_listings(q="绿源"), 2, walk=walk)
    got = [li.pk for n in paginator.page_range for li in paginator.page(n).object_list]
    assert got == expected


@pytest.mark.parametrize("q", ["绿源", "绿源精密"])
def test_the_capped_probe_counts_the_matches_not_the_first_rows_of_the_table(monkeypatch, q):
    """The probe takes the first matches in a subquery: its word condition must refer to
    the subquery's own rows. (On PostgreSQL a condition naming ``register_listing``
    bound to the outer row: the subquery became the first rows of the whole table, the
    count the matches among them, and the page missed matches stored later.)"""
    from greenmfg.register import selectors

    monkeypatch.setattr(selectors, "REGISTER_COUNT_CAP", 5)
    matches = _make([(f"广州绿源精密制造{i}号有限公司", "", "", "440106") for i in range(2)])
    _make([(f"青岛海尔电器{i}号有限公司", "", "", "370212") for i in range(8)])
    matches += _make([(f"佛山绿源精密制造{i}号有限公司", "", "", "440604") for i in range(2)])
    page = selectors.register_paginator(50, q=q).get_page(1)
    assert (page.paginator.count, page.paginator.capped) == (4, False)
    assert sorted(li.pk for li in page.object_list) == sorted(li.pk for li in matches)


def test_the_listing_table_keeps_no_name_or_order_index_so_linking_rewrites_fewer_0015():
    """Issue 13: linking sets ``unit_id`` on every linked listing, a non-HOT update that
    writes an entry in every index of register_listing; the register's order and the
    names are indexed on the narrow search table only (migration 0015)."""
    with connection.cursor() as cursor:
        names = {
            index
            for index, info in connection.introspection.get_constraints(
                cursor, "register_listing"
            ).items()
            if info["index"]
        }
    gone = {"listing_register_order", "register_li_level_608f29_idx"}
    gone |= {"register_li_unit_na_799285_idx", "register_listing_agency_id_192067de"}
    if connection.vendor == "postgresql":
        gone |= {search.PG_VECTOR_INDEX, *search.PG_TRIGRAM_INDEXES.values()}
    assert not names & gone, names & gone
    assert "listing_agency" in names


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL column")
def test_the_listing_table_keeps_no_word_vector_the_narrow_table_has_it_0016():
    """Issue 13: a stored generated column is computed again by every UPDATE of the
    row, the linking's ``unit_id`` included; the listing table keeps no word vector
    (migration 0016) and the narrow table's trigger computes its own from the words."""
    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, "register_listing")
        }
    assert search.PG_VECTOR_COLUMN not in columns
    (listing,) = _make([("广州绿源精密制造有限公司", "", "", "440106")])
    assert _names(q="精密") == ["广州绿源精密制造有限公司"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM register_listingsearch WHERE listing_id = %s",
            [listing.pk],
        )
        vector = cursor.fetchone()[0]
    assert all(f"'{w}'" in vector for w in listing.search_text.split()), vector


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's statistics")
def test_word_shares_are_read_from_the_narrow_tables_statistics_0016():
    """The common-word plan (:func:`search.common_share`) reads the word statistics of
    the narrow table's vector, the listing table having none since migration 0016."""
    _make([(f"广州{i}号科技有限公司", "", "", "440106") for i in range(60)])
    _make([(f"佛山{i}号精密制造有限公司", "", "", "440604") for i in range(20)])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {search.SEARCH_TABLE}")
    search.forget_word_shares()
    try:
        shares, rows = search.word_shares()
    finally:
        search.forget_word_shares()
    assert rows == pytest.approx(80, abs=1)
    assert shares.get("科技") == pytest.approx(0.75, abs=0.02), shares
