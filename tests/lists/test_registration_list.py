"""The pool registrations list /pool/ (issue 18 item 6): filters, search, scope, the
XLSX export, the shared API filters and the query budget."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.lists.support import cell_of, registration, sheet_rows


def _get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("registration_list"), params)


def test_a_state_and_list_type_filter_narrow_the_registrations(client, city_official):
    registration("广州甲工厂有限公司", state="submitted")
    registration("广州乙园区", state="accepted", list_type="park")
    body = _get(client, city_official, state="accepted").content.decode()
    assert "广州乙园区" in body and "广州甲工厂有限公司" not in body
    body = _get(client, city_official, list_type="factory").content.decode()
    assert "广州甲工厂有限公司" in body and "广州乙园区" not in body


def test_search_finds_a_registration_by_name_and_by_credit_code(client, city_official):
    r = registration("广州绿源精密制造有限公司")
    registration("广州越秀新材料有限公司", district="440104")
    body = _get(client, city_official, q="绿源精密").content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body
    body = _get(client, city_official, q=r.uscc).content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body


def test_pending_at_my_step_shows_only_what_my_role_reviews(client, city_official):
    registration("待市级审核有限公司", pending_role="city")
    registration("待区级初审有限公司", pending_role="district")
    body = _get(client, city_official, mine="on").content.decode()
    assert "待市级审核有限公司" in body and "待区级初审有限公司" not in body


def test_a_district_official_cannot_widen_scope_by_passing_another_region(client, tianhe_official):
    registration("天河工厂有限公司", district="440106")
    registration("越秀工厂有限公司", district="440104")
    for region in ("440104", "440100"):
        body = _get(client, tianhe_official, region=region).content.decode()
        assert "越秀工厂有限公司" not in body and "天河工厂有限公司" in body
    resp = _get(client, tianhe_official, region="440104", export="xlsx")
    assert [r[0] for r in sheet_rows(resp.content)[1][1:]] == ["天河工厂有限公司"]


def test_the_export_holds_exactly_the_filtered_rows_with_chinese_labels(client, city_official):
    registration("天河工厂有限公司", district="440106")
    registration("越秀工厂有限公司", district="440104")
    resp = _get(client, city_official, region_1="440104", export="xlsx")
    assert 'filename="registrations-2026-' in resp["Content-Disposition"]
    top, rows = sheet_rows(resp.content)
    assert top[0][0] == "培育入库登记" and "地区：广东省广州市越秀区" in top[1][0]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2 and row["单位"] == "越秀工厂有限公司"
    assert (row["类别"], row["状态"], row["提交日期"]) == (
        "绿色工厂",
        "已提交，待审核",
        "2026-01-15",
    )


def test_a_name_starting_with_equals_is_neutralised_in_the_export(client, city_official):
    registration("=1+2")
    cell = cell_of(_get(client, city_official, export="xlsx").content, "=1+2")
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_api_list_has_the_same_filters(client, city_official):
    registration("天河工厂有限公司", district="440106")
    registration("越秀工厂有限公司", district="440104")
    client.force_login(city_official)
    assert client.get("/api/v1/registrations/", {"region": "440104"}).json()["count"] == 1
    assert client.get("/api/v1/registrations/", {"q": "越秀"}).json()["count"] == 1
    assert client.get("/api/v1/registrations/", {"region": "350200"}).status_code == 400


@pytest.mark.parametrize("n", [5, 60])
def test_the_page_and_the_export_have_the_same_query_budget_at_5_and_60_rows(
    client, city_official, django_assert_max_num_queries, n
):
    for i in range(n):
        registration(f"天河批量工厂{i:03d}有限公司")
    client.force_login(city_official)
    client.get(reverse("registration_list"))
    params = {"region_1": "440106", "q": "批量"}
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("registration_list"), params)
    assert f"共 {n} 条" in resp.content.decode()
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("registration_list"), {**params, "export": "xlsx"})
    assert len(sheet_rows(resp.content)[1]) == n + 1
