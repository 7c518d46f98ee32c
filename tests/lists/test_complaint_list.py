"""The complaints list /oversight/complaints/ (issue 18 item 6): filters, search, scope,
the XLSX export (never the complainant's identity), the shared API filters and the
query budget."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from greenmfg.core import clock
from tests.lists.support import cell_of, complaint, sheet_rows


def _get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("complaint_list"), params)


def test_state_and_overdue_filters_narrow_the_complaints(client, city_official):
    complaint("广州甲有限公司", state="open", due_on=dt.date(2026, 1, 5))
    complaint("广州乙有限公司", state="dismissed")
    complaint("广州丙有限公司", state="open", due_on=dt.date(2026, 12, 31))
    body = _get(client, city_official, state="dismissed").content.decode()
    assert "广州乙有限公司" in body and "广州甲有限公司" not in body
    with clock.frozen(dt.date(2026, 2, 1)):
        body = _get(client, city_official, overdue="on").content.decode()
    assert "广州甲有限公司" in body
    assert "广州乙有限公司" not in body and "广州丙有限公司" not in body


def test_search_finds_a_complaint_by_unit_name_and_by_credit_code(client, city_official):
    c = complaint("广州绿源精密制造有限公司")
    complaint("广州越秀新材料有限公司", district="440104")
    body = _get(client, city_official, q="绿源").content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body
    body = _get(client, city_official, q=c.target.uscc).content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body


def test_handled_by_my_authority_narrows_to_my_own_complaints(client, province_official):
    complaint("省级受理有限公司", handler="440000")
    complaint("市级受理有限公司", handler="440100")
    body = _get(client, province_official, mine="on").content.decode()
    assert "省级受理有限公司" in body and "市级受理有限公司" not in body


def test_a_province_official_filters_by_city_and_district_through_the_cascade(
    client, province_official
):
    complaint("天河企业有限公司", district="440106", handler="440000")
    complaint("福田企业有限公司", district="440304", handler="440000")
    body = _get(client, province_official, region_1="440300").content.decode()
    assert "福田企业有限公司" in body and "天河企业有限公司" not in body
    # a district left over from another city is dropped: the city decides
    body = _get(client, province_official, region_1="440300", region_2="440106").content.decode()
    assert "福田企业有限公司" in body and "天河企业有限公司" not in body
    body = _get(client, province_official, region_1="440100", region_2="440106").content.decode()
    assert "天河企业有限公司" in body and "福田企业有限公司" not in body


def test_a_city_official_cannot_widen_scope_by_passing_another_region(client, city_official):
    complaint("广州甲有限公司")
    complaint("深圳福田企业有限公司", district="440304", handler="440300")
    for region in ("440300", "440000", "000000"):
        body = _get(client, city_official, region=region).content.decode()
        assert "深圳福田企业有限公司" not in body and "不在您的辖区内" in body
    resp = _get(client, city_official, region="440304", export="xlsx")
    assert [r[0] for r in sheet_rows(resp.content)[1][1:]] == ["广州甲有限公司"]


def test_the_export_holds_the_filtered_rows_without_the_complainants_identity(
    client, city_official
):
    complaint("天河企业有限公司", state="open")
    complaint("越秀企业有限公司", district="440104", state="rectification")
    resp = _get(client, city_official, state="rectification", export="xlsx")
    assert 'filename="complaints-2026-' in resp["Content-Disposition"]
    top, rows = sheet_rows(resp.content)
    assert top[0][0] == "实名举报" and "状态：责令整改" in top[1][0]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2 and row["被举报对象"] == "越秀企业有限公司"
    assert (row["被举报对象类型"], row["状态"], row["核实期限"]) == (
        "企业",
        "责令整改",
        "2026-06-04",
    )
    flat = " ".join(str(c) for r in rows for c in r)
    assert "赵六" not in flat and "13811223344" not in flat and "440106199001011236" not in flat


def test_a_unit_name_starting_with_equals_is_neutralised_in_the_export(client, city_official):
    complaint("=cmd|' /C calc'!A0")
    cell = cell_of(_get(client, city_official, export="xlsx").content, "=cmd|' /C calc'!A0")
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_api_list_has_the_same_filters(client, city_official):
    complaint("天河企业有限公司")
    complaint("越秀企业有限公司", district="440104", state="dismissed")
    client.force_login(city_official)
    assert client.get("/api/v1/complaints/", {"region": "440104"}).json()["count"] == 1
    assert client.get("/api/v1/complaints/", {"q": "天河企业"}).json()["count"] == 1
    assert client.get("/api/v1/complaints/", {"region": "440304"}).status_code == 400


@pytest.mark.parametrize("n", [5, 60])
def test_the_page_and_the_export_have_the_same_query_budget_at_5_and_60_rows(
    client, city_official, django_assert_max_num_queries, n
):
    for i in range(n):
        complaint(f"天河批量企业{i:03d}有限公司")
    client.force_login(city_official)
    client.get(reverse("complaint_list"))
    params = {"region_1": "440106", "q": "批量", "state": "open"}
    with django_assert_max_num_queries(16):  # 7 of them: the audited identity read
        resp = client.get(reverse("complaint_list"), params)
    assert f"共 {n} 条" in resp.content.decode()
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("complaint_list"), {**params, "export": "xlsx"})
    assert len(sheet_rows(resp.content)[1]) == n + 1


def test_search_finds_a_complaint_by_its_receipt_number(client, city_official):
    """The number the complainant was given (回执号, issue 18 item 3) finds the complaint."""
    c = complaint("广州绿源精密制造有限公司")
    complaint("广州越秀新材料有限公司", district="440104")
    type(c).objects.filter(pk=c.pk).update(receipt_number="TS-2026-000042")
    body = _get(client, city_official, q="TS-2026-000042").content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body
