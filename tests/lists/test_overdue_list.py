"""The overdue dynamic forms list /oversight/overdue/ (issue 18 item 6): filters,
search, scope, pages, the XLSX export and the query budget. Guangzhou's units file by
04-01 (004 第十三条); on 2026-04-16 those without a form are overdue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from greenmfg.core import clock
from tests.lists.support import cell_of, sheet_rows
from tests.oversight import listed_unit

ON = "2026-04-16"


def _get(client, user, **params):
    client.force_login(user)
    with clock.frozen(ON):
        return client.get(reverse("overdue_list"), {"year": 2026, **params})


def test_a_list_type_filter_narrows_the_overdue_units(client, city_official):
    listed_unit("440106", name="天河工厂有限公司")
    listed_unit("440106", name="天河园区", list_type="park")
    body = _get(client, city_official, list_type="park").content.decode()
    assert "天河园区" in body and "天河工厂有限公司" not in body
    assert "共 1 条" in body


def test_search_finds_an_overdue_unit_by_name_and_by_credit_code(client, city_official):
    unit, _user = listed_unit("440106", name="广州绿源精密制造有限公司")
    listed_unit("440104", name="广州越秀新材料有限公司")
    body = _get(client, city_official, q="绿源").content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body
    body = _get(client, city_official, q=unit.uscc).content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body


def test_a_city_official_filters_by_district(client, city_official):
    listed_unit("440106", name="天河工厂有限公司")
    listed_unit("440104", name="越秀工厂有限公司")
    body = _get(client, city_official, region_1="440104").content.decode()
    assert "越秀工厂有限公司" in body and "天河工厂有限公司" not in body


def test_a_district_official_cannot_widen_scope_by_passing_another_region(client, tianhe_official):
    listed_unit("440106", name="天河工厂有限公司")
    listed_unit("440104", name="越秀工厂有限公司")
    for region in ("440104", "440100"):
        body = _get(client, tianhe_official, region=region).content.decode()
        assert "越秀工厂有限公司" not in body and "天河工厂有限公司" in body
        assert "不在您的辖区内" in body
    resp = _get(client, tianhe_official, region="440104", export="xlsx")
    assert [r[0] for r in sheet_rows(resp.content)[1][1:]] == ["天河工厂有限公司"]


def test_the_export_holds_exactly_the_filtered_rows_with_chinese_labels(client, city_official):
    listed_unit("440106", name="天河工厂有限公司")
    listed_unit("440104", name="越秀工厂有限公司")
    resp = _get(client, city_official, region_1="440106", export="xlsx")
    assert 'filename="overdue-forms-2026-04-16.xlsx"' in resp["Content-Disposition"]
    top, rows = sheet_rows(resp.content)
    assert top[0][0] == "广州市2026年逾期未填报动态管理表的单位"
    assert "地区：广东省广州市天河区" in top[1][0] and "2026-04-16" in top[2][0]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2 and row["单位"] == "天河工厂有限公司"
    assert (row["名单类型"], row["名单层级"], row["截止日期"], row["提交情况"]) == (
        "绿色工厂",
        "市级",
        "2026-04-01",
        "未提交",
    )


def test_a_unit_name_starting_with_equals_is_neutralised_in_the_export(client, city_official):
    listed_unit("440106", name="=2*3")
    cell = cell_of(_get(client, city_official, export="xlsx").content, "=2*3")
    assert cell.data_type == "s" and cell.quotePrefix


def test_bad_filter_values_are_ignored_never_a_500(client, city_official):
    listed_unit("440106", name="天河工厂有限公司")
    for params in ({"filed": "x"}, {"level": "galactic"}, {"region": "abc"}, {"year": "0"}):
        resp = _get(client, city_official, **params)
        assert resp.status_code == 200 and "天河工厂有限公司" in resp.content.decode()


@pytest.mark.parametrize("n", [5, 60])
def test_the_page_and_the_export_have_the_same_query_budget_at_5_and_60_rows(
    client, city_official, django_assert_max_num_queries, n
):
    for i in range(n):
        listed_unit("440106", name=f"天河批量工厂{i:03d}有限公司")
    client.force_login(city_official)
    params = {"year": 2026, "region_1": "440106", "q": "批量"}
    with clock.frozen(ON):
        client.get(reverse("overdue_list"))
        with django_assert_max_num_queries(16):
            resp = client.get(reverse("overdue_list"), params)
        assert f"共 {n} 条" in resp.content.decode()
        with django_assert_max_num_queries(16):
            resp = client.get(reverse("overdue_list"), {**params, "export": "xlsx"})
    assert len(sheet_rows(resp.content)[1]) == n + 1
