"""Dashboards of the gradient (issue 16 item 3): the numbers equal the public register's
counts for the same filters; the public dashboard shows published lists only; an
official's dashboard is limited to their jurisdiction, with drill-down to units; every
chart has a table and a CSV; query budgets."""

from __future__ import annotations

import csv
import io
import json

import pytest

from greenmfg.register.models import ListingStatus
from greenmfg.register.selectors import search_listings
from tests.factories import OrganisationFactory
from tests.oversight import list_unit


@pytest.fixture
def gradient(db):
    """Units in 天河 (广州), 福田 (深圳) and 洛阳 listed at several levels; one removed."""
    made = []
    for district, levels in (
        ("440106", ("municipal", "provincial", "national")),
        ("440106", ("municipal",)),
        ("440304", ("provincial",)),
        ("410305", ("municipal", "national")),
    ):
        unit = OrganisationFactory(district=district)
        for lv in levels:
            made.append(list_unit(unit, lv, year=2024))
    removed = list_unit(OrganisationFactory(district="440106"), "municipal", year=2023)
    removed.status = ListingStatus.REMOVED
    removed.save()
    return made


def data(resp):
    html = resp.content.decode()
    start = html.index('id="dashboard-data" type="application/json">') + len(
        'id="dashboard-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.parametrize("region", ["", "440000", "440100", "410000"])
def test_the_pyramid_equals_the_registers_counts_for_the_same_filters(client, gradient, region):
    charts = data(client.get("/dashboards/", {"region": region, "list_type": "factory"}))
    got = {row[0]: row[1] for row in charts["pyramid"]["rows"]}
    for level, label in (("national", "国家级"), ("provincial", "省级"), ("municipal", "市级")):
        expected = search_listings(
            region=region, list_type="factory", level=level, status="active"
        ).count()
        assert got[label] == expected
    assert "培育库（培育对象）" not in got  # the pool is not published


def test_the_province_tiles_and_trends_add_up_to_the_register(client, gradient):
    charts = data(client.get("/dashboards/"))
    tiles = {row[0]: row[2] for row in charts["provinces"]["rows"]}
    assert tiles["440000"] == search_listings(region="440000", status="active").count() == 5
    assert tiles["410000"] == 2 and tiles["110000"] == 0
    assert len(tiles) == 34
    trend = {row[0]: sum(row[1:]) for row in charts["trends"]["rows"]}
    assert trend == {2024: search_listings(year=2024, status="active").count()}
    assert (
        sum(r[1] for r in charts["industries"]["rows"]) == search_listings(status="active").count()
    )


def test_the_public_dashboard_has_no_indicators_and_every_chart_a_table_and_csv(client, gradient):
    resp = client.get("/dashboards/")
    page = resp.content.decode()
    charts = data(resp)
    assert set(charts) == {"pyramid", "trends", "industries", "provinces"}
    for name in charts:
        assert f'data-testid="table-{name}"' in page and f'data-testid="csv-{name}"' in page
    assert "vendor/echarts-6.1.0.min.js" in page


def test_the_csv_holds_the_same_numbers_as_the_table(client, gradient):
    resp = client.get("/dashboards/csv/pyramid/", {"region": "440000"})
    assert resp["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    charts = data(client.get("/dashboards/", {"region": "440000"}))
    assert rows[1:] == [[str(v) for v in r] for r in charts["pyramid"]["rows"]]


def test_an_official_sees_only_their_jurisdiction_even_when_asking_for_another(
    client, cast, gradient
):
    client.force_login(cast.guangzhou)
    charts = data(client.get("/dashboards/official/", {"region": "410000"}))
    got = {row[0]: row[1] for row in charts["pyramid"]["rows"]}
    assert (
        got["国家级"]
        == search_listings(region="440100", level="national", status="active").count()
        == 1
    )
    assert got["市级"] == 2
    assert "培育库（培育对象）" in got and "indicators" in charts
    tiles = {row[0]: row[2] for row in charts["provinces"]["rows"]}
    assert tiles["410000"] == 0 and tiles["440000"] == 4


def test_the_drill_down_lists_the_units_of_the_officials_scope_only(client, cast, gradient):
    client.force_login(cast.guangzhou)
    page = client.get("/dashboards/official/units/", {"region": "410000", "level": "municipal"})
    html = page.content.decode()
    names = {li.unit_name for li in gradient if li.level == "municipal"}
    guangzhou = {
        li.unit_name for li in gradient if li.level == "municipal" and li.region.code == "440106"
    }
    for n in names:
        assert (n in html) == (n in guangzhou)


def test_the_public_may_not_open_the_officials_dashboard(client, cast, gradient):
    assert client.get("/dashboards/official/").status_code == 302
    client.force_login(cast.enterprise_user)
    assert client.get("/dashboards/official/").status_code == 403
    assert client.get("/dashboards/csv/indicators/", {"official": "1"}).status_code == 403


def test_dashboards_keep_to_a_query_budget(client, cast, gradient, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get("/dashboards/", {"region": "440000"}).status_code == 200
    client.force_login(cast.guangdong)
    with django_assert_max_num_queries(25):
        assert client.get("/dashboards/official/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/dashboards/official/units/").status_code == 200


def test_the_officials_indicator_distributions_count_the_accepted_forms_of_their_scope(
    client, cast, db
):
    from tests.greencode.support import factory_with_form

    for i in range(4):
        factory_with_form(str(0.1 * (i + 1)))  # 天河 (广州)
    factory_with_form("0.9", state="submitted")  # not accepted: not counted
    factory_with_form("0.5", district="350203")  # 厦门: outside Guangzhou
    client.force_login(cast.guangzhou)
    charts = data(client.get("/dashboards/official/", {"year": "2025"}))
    rows = {r[0]: r for r in charts["indicators"]["rows"]}
    energy = rows["单位产值综合能耗"]
    assert energy[2] == 4  # forms counted
    assert energy[8] == 0.25  # the mean: 基准值 (行业平均水平)
    assert energy[9] < energy[8]  # 引领值: the best quartile, lower is better
    assert charts["indicators"]["marks"] == {"base": "基准值", "lead": "引领值"}
