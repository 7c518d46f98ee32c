"""The self-evaluation form (评价报告) in the browser-less pages: one form per indicator
system with unit-checked inputs, saved section by section without JavaScript, the
live score (htmx) that scores without saving and needs the CSRF header, and the gap
analysis to the unit's pass mark (004 第三条)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from greenmfg.core import clock
from greenmfg.selection import reports
from greenmfg.selection.models import EvaluationReport, ReportItem
from greenmfg.standards.systems import all_systems, system
from tests.cycle import APRIL, full_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _report(unit, code: str) -> EvaluationReport:
    sys = system(code)
    return EvaluationReport.objects.create(
        unit=unit, list_type=sys.list_type, standard_code=code, year=2026
    )


def _client(client, user):
    client.force_login(user)
    return client


def _section_post(code: str, section_values: dict, section: int = 1) -> dict:
    """The form fields a section posts for ``section_values`` ({code: value})."""
    sys = system(code)
    data: dict = {"section": str(section)}
    for ind_code, v in section_values.items():
        ind = sys.indicator(ind_code)
        if ind.functions:
            data[f"f_{ind_code}__present"] = "1"
            data[f"f_{ind_code}"] = [str(s) for s in v]
        elif isinstance(v, dict):
            data[f"v_{ind_code}"] = v["value"]
            data[f"b_{ind_code}"] = v["base"]
            data[f"l_{ind_code}"] = v["lead"]
        else:
            data[f"v_{ind_code}"] = "true" if v is True else "false" if v is False else v
    return data


# --- the form of every system --------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(all_systems()))
def test_the_form_renders_for_each_system_with_unit_checked_inputs(
    client, enterprise_user, enterprise, code
):
    sys = system(code)
    rep = _report(enterprise, code)
    with clock.frozen(APRIL):
        html = _client(client, enterprise_user).get(reverse("report_detail", args=[rep.uuid]))
    assert html.status_code == 200
    page = html.content.decode()
    for ind in sys.indicators:
        assert f'id="ind-{ind.code}"' in page, ind.code
        if ind.industry_thresholds:
            for prefix in ("v", "b", "l"):
                field = re.search(
                    rf'<input [^>]*type="number" name="{prefix}_{ind.code}"[^>]*>', page
                )
                assert field, (prefix, ind.code)
                assert f'step="{reports.fmt(ind.input_step)}"' in field[0]
                assert 'min="0"' in field[0] or ind.min_value is not None
                if ind.is_percent:
                    assert 'max="100"' in field[0]
        elif ind.entry in ("points", "measured") and not ind.functions:
            field = re.search(rf'<input [^>]*type="number" name="v_{ind.code}"[^>]*>', page)
            assert field and "min=" in field[0] and "step=" in field[0], ind.code
    # one form for the whole report (issue 18: saving never drops another section's typing);
    # each section posts all of it to the live score on change
    assert len(re.findall(r'<form id="report-form" method="post" action="[^"]+/save/"', page)) == 1
    forms = re.findall(r'<section class="card" id="s\d+" data-testid="section-\d+"[^>]*>', page)
    assert len(forms) == len(sys.categories)
    for form in forms:
        assert 'hx-post="' + reverse("report_score_preview", args=[rep.uuid]) + '"' in form
        assert 'hx-trigger="change"' in form and 'hx-target="#score-panel"' in form
        assert 'hx-include="#report-form"' in form
    assert 'id="score-panel"' in page and 'data-testid="gap-analysis"' in page
    assert "<script>" not in page and "style=" not in page  # no inline JS or CSS (CSP)
    assert 'src="/static/vendor/htmx-2.0.4.min.js"' in page
    assert re.search(r'<body hx-headers=\'\{"X-CSRFToken": "[^"]+"\}\'>', page)


def test_the_2025_form_offers_the_12_platform_functions_as_checkboxes(
    client, enterprise_user, enterprise
):
    rep = _report(enterprise, "gbt36132_2025")
    page = _client(client, enterprise_user).get(reverse("report_detail", args=[rep.uuid]))
    page = page.content.decode()
    boxes = re.findall(
        r'<input form="report-form" type="checkbox" name="f_C-04" value="(\d+)"', page
    )
    assert boxes == [str(n) for n in range(1, 13)]
    assert "能耗查询" in page and "碳资产管理" in page
    assert "引领值 8 项，基准值 0 项" in page
    assert "仅作为示例提供参考" in page  # Annex C: the weights are examples


# --- saving without JavaScript ---------------------------------------------------------------


def test_a_section_is_saved_by_a_normal_post_and_rescored(client, enterprise_user, enterprise):
    rep = _report(enterprise, "gbt36132_2025")
    c = _client(client, enterprise_user)
    data = _section_post(
        "gbt36132_2025",
        {
            "C-01": {"value": "0.82", "base": "1.00", "lead": "0.60"},
            "C-02": {"value": "", "base": "", "lead": ""},
            "C-03": {"value": "", "base": "", "lead": ""},
            "C-04": [1, 2, 3, 4, 5, 6, 7, 8],
        },
        section=2,
    )
    data["n_C-04"] = "平台2025年上线"
    resp = c.post(reverse("report_save", args=[rep.uuid]), data)
    assert resp.status_code == 302 and resp["Location"].endswith("#s2")
    items = {i.indicator_code: i for i in rep.items.all()}
    assert (items["C-01"].measured, items["C-01"].lead_value) == (Decimal("0.82"), Decimal("0.6"))
    assert items["C-04"].value == "f:1,2,3,4,5,6,7,8" and items["C-04"].measured == 8
    assert items["C-04"].note == "平台2025年上线"
    assert items["C-02"].value == "" and items["C-02"].measured is None
    rep.refresh_from_db()
    assert str(rep.total_score) == "9.60"  # 3.6 (45% of 8) + 6 (C-04 at 引领值)
    page = c.get(reverse("report_detail", args=[rep.uuid])).content.decode()
    assert "实测 0.82 tce/产品单位 或 tce/万元，基准值 1，引领值 0.6 → 45% → 3.6分" in page
    assert 'value="0.82"' in page and 'value="0.6"' in page


def test_the_server_refuses_a_value_out_of_its_unit_range_naming_the_indicator(
    client, enterprise_user, enterprise
):
    rep = _report(enterprise, "gbt36132_2025")
    c = _client(client, enterprise_user)
    data = _section_post("gbt36132_2025", {"C-03": {"value": "120", "base": "5", "lead": "20"}})
    resp = c.post(reverse("report_save", args=[rep.uuid]), data, follow=True)
    text = resp.content.decode()
    assert "C-03 可再生能源利用率：实测值应在 0 到 100% 之间" in text
    assert not ReportItem.objects.filter(report=rep).exists()
    data = _section_post("gbt36132_2025", {"C-01": {"value": "0.8", "base": "0.6", "lead": "1"}})
    text = c.post(reverse("report_save", args=[rep.uuid]), data, follow=True).content.decode()
    assert "C-01 能源消耗强度：逆向指标的引领值应低于基准值" in text


def test_the_energy_benchmark_attained_is_recorded_on_the_report(
    client, enterprise_user, enterprise
):
    rep = _report(enterprise, "gbt36132_2025")
    c = _client(client, enterprise_user)
    c.post(
        reverse("report_save", args=[rep.uuid]),
        {"section": "0", "energy_efficiency_level": "benchmark"},
    )
    rep.refresh_from_db()
    assert rep.energy_efficiency_level == "benchmark"
    c.post(reverse("report_save", args=[rep.uuid]), {"energy_efficiency_level": "top"})
    rep.refresh_from_db()
    assert rep.energy_efficiency_level == "benchmark"


# --- the live score ---------------------------------------------------------------------------


def test_the_live_score_scores_the_posted_section_without_saving(
    client, enterprise_user, enterprise
):
    rep = _report(enterprise, "gbt36132_2025")
    with clock.frozen(APRIL):
        reports.report_save_items(
            actor=enterprise_user, report=rep, values={"B25-BR-1": True, "C-12": True}
        )
    c = _client(client, enterprise_user)
    data = _section_post(
        "gbt36132_2025",
        {
            "C-06": {"value": "3.2", "base": "3.5", "lead": "2.5"},
            "C-07": {"value": "", "base": "", "lead": ""},
        },
        section=3,
    )
    with clock.frozen(APRIL):
        resp = c.post(
            reverse("report_score_preview", args=[rep.uuid]), data, HTTP_HX_REQUEST="true"
        )
    assert resp.status_code == 200
    html = resp.content.decode()
    assert html.startswith('<section class="card scorecard" id="score-panel"')
    assert "<html" not in html
    # 8 (C-12 saved) + 2.4 (C-06 posted: 30% of 8)
    assert '<strong data-testid="report-score">10.4</strong>' in html
    assert "试算，尚未保存" in html
    assert (
        "市级入选分数线 80分" in html and "《广州市绿色工厂梯度培育及管理暂行办法》第三条" in html
    )
    assert 'data-testid="gap-steps"' in html and "取水强度：从 3.2 降到 2.5 m³" in html
    assert set(rep.items.values_list("indicator_code", flat=True)) == {"B25-BR-1", "C-12"}
    rep.refresh_from_db()
    assert str(rep.total_score) == "8.00"


def test_the_live_score_shows_a_bad_value_and_keeps_the_saved_one(
    client, enterprise_user, enterprise
):
    rep = _report(enterprise, "gbt36132_2025")
    c = _client(client, enterprise_user)
    data = _section_post("gbt36132_2025", {"C-04": [1, 2]}, section=2)
    data["v_C-01"] = "0.9"  # measured but no 基准值/引领值 yet
    html = c.post(reverse("report_score_preview", args=[rep.uuid]), data).content.decode()
    assert "C-01 能源消耗强度：请同时填写实测值、基准值和引领值" in html
    assert '<strong data-testid="report-score">1.5</strong>' in html  # C-04: 2 of 8 → 25% of 6


def test_the_live_score_endpoint_needs_the_csrf_header(enterprise_user, enterprise):
    rep = _report(enterprise, "gbt36132_2025")
    c = Client(enforce_csrf_checks=True)
    c.force_login(enterprise_user)
    page = c.get(reverse("report_detail", args=[rep.uuid]))
    token = page.cookies["csrftoken"].value
    url = reverse("report_score_preview", args=[rep.uuid])
    data = _section_post("gbt36132_2025", {"C-12": True}, section=5)
    assert c.post(url, data, HTTP_HX_REQUEST="true").status_code == 403
    resp = c.post(url, data, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert resp.status_code == 200
    assert '<strong data-testid="report-score">8</strong>' in resp.content.decode()
    assert c.get(url).status_code == 405


def test_the_live_score_is_scoped_like_the_report(client, enterprise, other_enterprise_user):
    rep = _report(enterprise, "gbt36132_2025")
    resp = _client(client, other_enterprise_user).post(
        reverse("report_score_preview", args=[rep.uuid]), {"v_C-12": "true"}
    )
    assert resp.status_code == 404


# --- the dashboard: gap analysis and query budget ---------------------------------------------


def test_the_report_page_shows_the_gap_to_the_pass_mark_and_then_to_full_marks(
    client, enterprise_user, enterprise
):
    rep = _report(enterprise, "gbt36132_2025")
    c = _client(client, enterprise_user)
    with clock.frozen(APRIL):
        reports.report_save_items(
            actor=enterprise_user,
            report=rep,
            values=full_values("gbt36132_2025", scored_fraction=0.5),
        )
        page = c.get(reverse("report_detail", args=[rep.uuid])).content.decode()
        assert "市级入选分数线 80分" in page and 'data-testid="gap-steps"' in page
        reports.report_save_items(
            actor=enterprise_user,
            report=rep,
            values=full_values("gbt36132_2025", scored_fraction=0.9),
        )
        page = c.get(reverse("report_detail", args=[rep.uuid])).content.decode()
    # 92.05 passes 80 and Guangdong's provincial grade A (90): the next mark is full marks
    assert "市级入选分数线" not in page
    assert re.search(r'data-testid="gap-target">满分 100分', page)


def test_the_report_page_stays_within_its_query_budget(
    client, enterprise_user, enterprise, django_assert_max_num_queries
):
    with clock.frozen(APRIL):
        rep = reports.report_create(actor=enterprise_user, unit=enterprise, list_type="factory")
        reports.report_save_items(
            actor=enterprise_user, report=rep, values=full_values(rep.standard_code)
        )
        for code in ("C-01", "C-04", "C-12"):
            reports.evidence_upload(
                actor=enterprise_user,
                report=rep,
                indicator_code=code,
                upload=SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"),
            )
    c = _client(client, enterprise_user)
    url = reverse("report_detail", args=[rep.uuid])
    with clock.frozen(APRIL), django_assert_max_num_queries(8):
        assert c.get(url).status_code == 200
    data = _section_post(rep.standard_code, {"C-12": False}, section=5)
    with clock.frozen(APRIL), django_assert_max_num_queries(6):
        assert c.post(reverse("report_score_preview", args=[rep.uuid]), data).status_code == 200


def test_officials_see_the_report_read_only_with_its_score(
    client, enterprise_user, enterprise, tianhe_official
):
    with clock.frozen(APRIL):
        rep = reports.report_create(actor=enterprise_user, unit=enterprise, list_type="factory")
        reports.report_save_items(
            actor=enterprise_user, report=rep, values=full_values(rep.standard_code)
        )
        page = _client(client, tianhe_official).get(reverse("report_detail", args=[rep.uuid]))
    html = page.content.decode()
    assert page.status_code == 200 and "<select" not in html.split('id="s0"')[-1]
    assert '<strong data-testid="report-score">92.05</strong>' in html


def test_the_form_in_english_shows_english_indicator_names(client, enterprise_user, enterprise):
    rep = _report(enterprise, "gbt36132_2025")
    c = _client(client, enterprise_user)
    html = c.get(reverse("report_detail", args=[rep.uuid]), HTTP_ACCEPT_LANGUAGE="en")
    html = html.content.decode()
    assert "Energy consumption intensity" in html and "Carbon asset management" in html
