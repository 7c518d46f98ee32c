"""The public rules pages (no sign-in): /rules/, /rules/<slug>/, /rules/compare/."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
TODAY = "2026-01-12"


def _row(html: str, key: str) -> str:
    """The <tr> of one parameter key."""
    match = re.search(rf'<tr data-key="{re.escape(key)}"[^>]*>.*?</tr>', html, re.S)
    assert match, f"no row for {key}"
    return match.group(0)


def test_rules_index_lists_every_ruleset_with_status_and_sources_without_sign_in(client):
    resp = client.get(reverse("rules_index"))
    assert resp.status_code == 200
    html = resp.content.decode()
    for slug in ("national", "guangdong", "guangzhou", "fujian", "xiamen", "henan", "luoyang"):
        assert f'data-slug="{slug}"' in html
        assert reverse("rules_detail", args=[slug]) in html
    assert "provincial round on national defaults (own rules not encoded)" in html
    assert "status-partial" in html
    assert "广州市绿色工厂梯度培育及管理暂行办法（征求意见稿）" in html  # source document 004
    assert "洛工信〔2024〕95号" in html


def test_guangzhou_page_shows_notice_length_7_citing_004_10(client):
    resp = client.get(reverse("rules_detail", args=["guangzhou"]), {"on": TODAY})
    assert resp.status_code == 200
    row = _row(resp.content.decode(), "public_notice.municipal.length")
    assert ">7<" in row and "004 第十条" in row
    assert "继承自" not in row


def test_inherited_guangdong_grade_row_says_it_is_inherited_000_14(client):
    html = client.get(reverse("rules_detail", args=["guangzhou"]), {"on": TODAY}).content.decode()
    row = _row(html, "scoring.provincial.grades")
    assert "继承自 广东省" in row and "000 第十四条" in row and "A、B、C" in row


def test_detail_page_renders_values_readably_and_groups_in_chinese(client):
    html = client.get(reverse("rules_detail", args=["guangzhou"]), {"on": TODAY}).content.decode()
    assert "01-01 至 01-31" in _row(html, "pool.registration_window")
    assert ">是<" in _row(html, "pool.required_for_application")
    conditions = _row(html, "disqualification.conditions")
    assert (
        conditions.count("<li>") == 6
        and "《广州市绿色工厂梯度培育及管理暂行办法》第十二条(六)" in conditions
    )
    assert "自然日" in _row(html, "public_notice.municipal.unit")
    for title in ("培育库", "公示", "否决条件", "动态管理", "遴选推荐"):
        assert f"<h2>{title}</h2>" in html
    assert "未规定的参数" in html and "scoring.national.pass_mark" in html


def test_district_page_follows_guangzhou_and_says_so(client):
    resp = client.get(reverse("rules_detail", args=["440106"]), {"on": TODAY})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'data-testid="rules-follows"' in html and "广州市" in html
    assert "004 第十条" in _row(html, "public_notice.municipal.length")


def test_detail_page_date_selects_the_dated_value_2025_390(client):
    url = reverse("rules_detail", args=["national"])
    old = _row(client.get(url, {"on": "2024-06-01"}).content.decode(), "list_types")
    new = _row(client.get(url, {"on": "2025-06-01"}).content.decode(), "list_types")
    assert "绿色供应链管理企业" in old and "绿色供应链管理企业" not in new
    assert "工信厅节函〔2025〕390号" in new


def test_detail_page_bad_date_falls_back_and_says_so(client):
    resp = client.get(reverse("rules_detail", args=["guangzhou"]), {"on": "2026-13-40"})
    assert resp.status_code == 200
    assert "不是有效日期" in resp.content.decode()


def test_unknown_slug_is_404(client):
    assert client.get(reverse("rules_detail", args=["atlantis"])).status_code == 404
    assert client.get(reverse("rules_detail", args=["999999"])).status_code == 404
    assert (
        client.get(reverse("rules_compare"), {"a": "guangzhou", "b": "atlantis"}).status_code == 404
    )


def test_compare_highlights_the_notice_length_row_7_vs_5_004_10_002_15(client):
    resp = client.get(reverse("rules_compare"), {"a": "guangzhou", "b": "xiamen", "on": TODAY})
    assert resp.status_code == 200
    html = resp.content.decode()
    row = _row(html, "public_notice.municipal.length")
    assert 'class="diff"' in row
    assert "004 第十条" in row and "002 第十五条" in row
    assert re.search(r">7<.*>5<", row, re.S)
    same = _row(html, "disqualification.lookback_years")
    assert 'class="diff"' not in same
    # the form: two selects with the current choices selected
    assert '<select name="a">' in html and '<select name="b">' in html
    assert '<option value="guangzhou" selected>' in html
    assert '<option value="xiamen" selected>' in html


def test_compare_only_differences(client):
    html = client.get(
        reverse("rules_compare"), {"a": "guangzhou", "b": "xiamen", "on": TODAY, "only": "diff"}
    ).content.decode()
    assert 'data-key="public_notice.municipal.length"' in html
    assert 'data-key="disqualification.lookback_years"' not in html


def test_compare_without_choices_shows_only_the_form(client):
    resp = client.get(reverse("rules_compare"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "请选择两个辖区" in html and "data-key=" not in html


def test_pages_have_no_inline_style_or_script(client):
    for url in (
        reverse("rules_index"),
        reverse("rules_detail", args=["guangzhou"]),
        reverse("rules_compare") + "?a=guangzhou&b=xiamen",
    ):
        html = client.get(url).content.decode()
        assert " style=" not in html
        # scripts only from files (the vendored htmx), none inline (strict CSP)
        assert all(" src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
        assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html)


@pytest.mark.parametrize(
    ("name", "args", "query", "budget"),
    [
        ("rules_index", [], {}, 3),
        ("rules_detail", ["guangzhou"], {"on": TODAY}, 3),
        ("rules_detail", ["440106"], {"on": TODAY}, 3),
        ("rules_compare", [], {"a": "guangzhou", "b": "luoyang", "on": TODAY}, 4),
    ],
)
def test_rules_pages_use_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, name, args, query, budget
):
    with django_assert_max_num_queries(budget):
        resp = client.get(reverse(name, args=args), query)
    assert resp.status_code == 200
