"""The objections list /objections/ (issue 18 item 6): filters, search, scope, the XLSX
export (never the objector's identity), the shared API filters and the query budget."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.lists.support import application, cell_of, objection, sheet_rows


def _get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("objection_list"), params)


def test_a_state_filter_narrows_the_objections(client, city_official):
    objection(application("广州甲有限公司"), state="open")
    objection(application("广州乙有限公司"), state="dismissed")
    body = _get(client, city_official, state="open").content.decode()
    assert "广州甲有限公司" in body and "广州乙有限公司" not in body


def test_search_finds_an_objection_by_unit_name_and_by_credit_code(client, city_official):
    a = application("广州绿源精密制造有限公司")
    objection(a)
    objection(application("广州越秀新材料有限公司", district="440104"))
    body = _get(client, city_official, q="绿源").content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body
    body = _get(client, city_official, q=a.unit.uscc).content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body


def test_an_official_cannot_widen_scope_by_passing_another_region(client, city_official):
    objection(application("广州甲有限公司"))
    objection(application("深圳福田企业有限公司", district="440304"))
    body = _get(client, city_official, region="440304").content.decode()
    assert "深圳福田企业有限公司" not in body and "不在您的辖区内" in body
    resp = _get(client, city_official, region="440304", export="xlsx")
    assert [r[0] for r in sheet_rows(resp.content)[1][1:]] == ["广州甲有限公司"]


def test_the_export_holds_the_filtered_rows_without_the_objectors_identity(client, city_official):
    objection(application("天河企业有限公司"), state="open")
    objection(application("越秀企业有限公司", district="440104"), state="upheld")
    resp = _get(client, city_official, state="upheld", export="xlsx")
    top, rows = sheet_rows(resp.content)
    assert top[0][0] == "公示异议" and "状态：异议成立" in top[1][0]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2 and row["异议对象"] == "越秀企业有限公司"
    assert (row["状态"], row["提交日期"]) == ("异议成立", "2026-05-07")
    flat = " ".join(str(c) for r in rows for c in r)
    assert "王五" not in flat and "13924681357" not in flat and "11010519491231002X" not in flat


def test_a_unit_name_starting_with_equals_is_neutralised_in_the_export(client, city_official):
    objection(application("@SUM(A1:A9)"))
    cell = cell_of(_get(client, city_official, export="xlsx").content, "@SUM(A1:A9)")
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_api_list_has_the_same_filters(client, city_official):
    objection(application("天河企业有限公司"), state="open")
    objection(application("越秀企业有限公司", district="440104"), state="dismissed")
    client.force_login(city_official)
    assert client.get("/api/v1/objections/", {"region": "440104"}).json()["count"] == 1
    assert client.get("/api/v1/objections/", {"q": "天河企业"}).json()["count"] == 1
    assert client.get("/api/v1/objections/", {"state": "nonsense"}).status_code == 400


@pytest.mark.parametrize("n", [5, 60])
def test_the_page_and_the_export_have_the_same_query_budget_at_5_and_60_rows(
    client, city_official, django_assert_max_num_queries, n
):
    for i in range(n):
        objection(application(f"天河批量企业{i:03d}有限公司"))
    client.force_login(city_official)
    client.get(reverse("objection_list"))
    params = {"region_1": "440106", "q": "批量", "state": "open"}
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("objection_list"), params)
    assert f"共 {n} 条" in resp.content.decode()
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("objection_list"), {**params, "export": "xlsx"})
    assert len(sheet_rows(resp.content)[1]) == n + 1


def test_open_objections_come_first_by_default(client, city_official):
    import datetime as dt

    objection(
        application("已驳回企业有限公司"), state="dismissed", submitted_on=dt.date(2026, 5, 9)
    )
    objection(application("待处理企业有限公司"), state="open", submitted_on=dt.date(2026, 5, 7))
    body = _get(client, city_official).content.decode()
    assert body.index("待处理企业有限公司") < body.index("已驳回企业有限公司")


def test_search_finds_an_objection_by_its_receipt_number(client, city_official):
    """The number the objector was given (回执号, issue 18 item 3) finds the objection."""
    o = objection(application("广州绿源精密制造有限公司"))
    objection(application("广州越秀新材料有限公司", district="440104"))
    type(o).objects.filter(pk=o.pk).update(receipt_number="YY-2026-000042")
    body = _get(client, city_official, q="yy-2026-000042").content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body
