"""The officials' applications list (issue 18 item 6): filters, search, scope, pages,
the XLSX export and the query budget; the API list shares the FilterSet."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.lists.support import application, applications, cell_of, sheet_rows

URL = "/applications/"


def _get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_a_state_filter_narrows_the_applications(client, city_official):
    application("广州甲有限公司", state="submitted")
    application("广州乙有限公司", state="draft", submitted_on=None)
    body = _get(client, city_official, state="draft").content.decode()
    assert "广州乙有限公司" in body and "广州甲有限公司" not in body
    assert "共 1 条" in body


def test_search_finds_an_application_by_unit_name_and_by_credit_code(client, city_official):
    a = application("广州绿源精密制造有限公司")
    application("广州越秀新材料有限公司", district="440104")
    body = _get(client, city_official, q="绿源").content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body
    body = _get(client, city_official, q=a.unit.uscc.lower()).content.decode()
    assert "广州绿源精密制造有限公司" in body and "广州越秀新材料有限公司" not in body
    body = _get(client, city_official, q=str(a.uuid)).content.decode()
    assert "广州绿源精密制造有限公司" in body and "共 1 条" in body


def test_a_city_official_filters_by_district_through_the_cascade(client, city_official):
    application("天河企业有限公司", district="440106")
    application("越秀企业有限公司", district="440104")
    body = _get(client, city_official, region_1="440104").content.decode()
    assert "越秀企业有限公司" in body and "天河企业有限公司" not in body
    # the same filter as a code, as the API and links give it
    body = _get(client, city_official, region="440106").content.decode()
    assert "天河企业有限公司" in body and "越秀企业有限公司" not in body


def test_a_district_official_cannot_widen_scope_by_passing_another_region(client, tianhe_official):
    application("天河企业有限公司", district="440106")
    application("越秀企业有限公司", district="440104")
    application("深圳福田企业有限公司", district="440304")
    for region in ("440104", "440100", "440000", "000000", "440304"):
        resp = _get(client, tianhe_official, region=region)
        assert resp.status_code == 200
        body = resp.content.decode()
        assert "越秀企业有限公司" not in body and "深圳福田企业有限公司" not in body, region
        assert "不在您的辖区内" in body, region
    resp = _get(client, tianhe_official, region="440104", export="xlsx")
    _top, rows = sheet_rows(resp.content)
    assert [r[0] for r in rows[1:]] == ["天河企业有限公司"]


def test_bad_filter_values_are_ignored_with_a_message_never_a_500(client, city_official):
    application("广州甲有限公司")
    for params in (
        {"state": "nonsense"},
        {"year": "abc"},
        {"year": "99999"},
        {"submitted_from": "2026-13-45"},
        {"region": "zzz"},
        {"sort": "drop table"},
        {"page": "-1"},
        {"region_1": "x", "region_2": "440106"},
    ):
        resp = _get(client, city_official, **params)
        assert resp.status_code == 200, params
        assert "广州甲有限公司" in resp.content.decode(), params


def test_submission_dates_and_my_pending_step_narrow_the_list(client, city_official):
    application("早提交有限公司", submitted_on=dt.date(2026, 4, 2))
    application("晚提交有限公司", submitted_on=dt.date(2026, 4, 20), pending_role="city")
    body = _get(client, city_official, submitted_from="2026-04-10").content.decode()
    assert "晚提交有限公司" in body and "早提交有限公司" not in body
    body = _get(client, city_official, submitted_to="2026-04-10").content.decode()
    assert "早提交有限公司" in body and "晚提交有限公司" not in body
    body = _get(client, city_official, mine="on").content.decode()
    assert "晚提交有限公司" in body and "早提交有限公司" not in body


def test_pages_of_50_with_the_total(client, city_official):
    applications(55)
    body = _get(client, city_official, sort="unit").content.decode()
    assert "共 55 条" in body
    assert body.count("天河批量企业") == 50
    body = _get(client, city_official, sort="unit", page=2).content.decode()
    assert body.count("天河批量企业") == 5 and "天河批量企业054有限公司" in body


def test_the_export_holds_exactly_the_filtered_rows_with_chinese_labels(client, city_official):
    application("天河企业有限公司", district="440106", state="submitted")
    application("越秀企业有限公司", district="440104", state="submitted")
    application("天河草稿有限公司", district="440106", state="draft", submitted_on=None)
    resp = _get(client, city_official, region_1="440106", state="submitted", export="xlsx")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="applications-2026-' in resp["Content-Disposition"]
    top, rows = sheet_rows(resp.content)
    assert top[0][0] == "申报"
    assert "状态：已提交，待审核" in top[1][0]
    assert "地区：广东省广州市天河区" in top[1][0]
    assert rows[0][:3] == ["单位", "统一社会信用代码", "类别"]
    assert [r[0] for r in rows[1:]] == ["天河企业有限公司"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["类别"] == "绿色工厂" and row["层级"] == "市级"
    assert row["提交日期"] == "2026-04-10"
    assert row["状态"] == "已提交，待审核"


def test_a_unit_name_starting_with_equals_is_neutralised_in_the_export(client, city_official):
    application('=HYPERLINK("http://evil.example","点击")')
    resp = _get(client, city_official, export="xlsx")
    cell = cell_of(resp.content, '=HYPERLINK("http://evil.example","点击")')
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_api_list_has_the_same_filters(client, city_official, tianhe_official):
    a = application("天河企业有限公司", district="440106")
    application("越秀企业有限公司", district="440104")
    client.force_login(city_official)
    data = client.get("/api/v1/applications/", {"region": "440104"}).json()
    assert data["count"] == 1
    data = client.get("/api/v1/applications/", {"q": a.unit.uscc}).json()
    assert data["count"] == 1
    assert client.get("/api/v1/applications/", {"region": "350200"}).status_code == 400
    client.force_login(tianhe_official)
    assert client.get("/api/v1/applications/", {"region": "440104"}).status_code == 400


@pytest.mark.parametrize("n", [5, 60])
def test_the_page_and_the_export_have_the_same_query_budget_at_5_and_60_rows(
    client, city_official, django_assert_max_num_queries, n
):
    applications(n)
    client.force_login(city_official)
    params = {"region_1": "440106", "state": "submitted", "q": "天河批量"}
    client.get(URL)  # the session and the user's authority, once
    with django_assert_max_num_queries(12):
        resp = client.get(URL, params)
    assert f"共 {n} 条" in resp.content.decode()
    with django_assert_max_num_queries(10):
        resp = client.get(URL, {**params, "export": "xlsx"})
    assert len(sheet_rows(resp.content)[1]) == n + 1


def test_an_enterprise_sees_its_own_applications_with_the_filters_but_no_region(
    client, enterprise_user, enterprise
):
    from greenmfg.selection.models import Application
    from tests.lists.support import campaign

    Application.objects.create(
        unit=enterprise, campaign=campaign(), list_type="factory", level="municipal", year=2026
    )
    application("别家企业有限公司")
    resp = _get(client, enterprise_user, region="440106", mine="on")
    body = resp.content.decode()
    assert enterprise.name in body and "别家企业有限公司" not in body
    assert 'name="region_1"' not in body and 'name="mine"' not in body
    assert 'name="state"' in body and "共 1 条" in body


def test_the_english_page_filters_too_and_the_export_stays_chinese(client, city_official):
    application("天河企业有限公司", state="submitted")
    client.force_login(city_official)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    body = client.get(URL, {"state": "submitted"}).content.decode()
    assert "Export XLSX" in body and "Clear filters" in body
    assert "天河企业有限公司" in body
    resp = client.get(URL, {"state": "submitted", "export": "xlsx"})
    top, rows = sheet_rows(resp.content)
    assert top[0][0] == "申报" and "状态：已提交，待审核" in top[1][0]
    assert rows[0][0] == "单位"


def test_an_export_over_the_cap_is_refused_with_a_message_to_narrow_the_filters(
    client, city_official, monkeypatch
):
    from greenmfg.core import lists

    monkeypatch.setattr(lists, "EXPORT_MAX_ROWS", 3)
    applications(4)
    resp = _get(client, city_official, state="submitted", export="xlsx")
    assert resp.status_code == 302 and "export" not in resp["Location"]
    assert "state=submitted" in resp["Location"]
    body = client.get(resp["Location"]).content.decode()
    assert "超过单次导出上限3条" in body
    resp = _get(client, city_official, q="天河批量企业000", export="xlsx")
    assert resp.status_code == 200 and len(sheet_rows(resp.content)[1]) == 2


def test_a_national_official_picks_province_city_and_district(client, cast):
    application("天河企业有限公司", district="440106")
    application("福田企业有限公司", district="440304")
    body = _get(client, cast.national, region_1="440000", region_2="440100").content.decode()
    assert 'name="region_3"' in body and '<option value="440106">天河区</option>' in body
    assert "天河企业有限公司" in body and "福田企业有限公司" not in body
