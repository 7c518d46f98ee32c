"""The yearly summary of an authority (000 第十九条: 总结本地区绿色制造培育成效和存在的
问题): figures generated from the platform, the official's narrative, submission that
freezes the figures, XLSX and PDF, and who may read it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from greenmfg.audit.models import AuditEvent
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.summaries import services
from greenmfg.summaries.figures import summary_figures
from greenmfg.summaries.models import SummaryState
from tests.cast import official_of
from tests.oversight import attend, filed_form, listed_unit, officer

pytestmark = pytest.mark.django_db

GZ = "440100"


def _gz():
    return Jurisdiction.objects.get(code=GZ)


def test_the_figures_count_the_citys_lists_forms_and_training_000_19():
    a, a_user = listed_unit("440106", year=2024)
    listed_unit("440104", "municipal", "provincial", year=2025)
    listed_unit("440304", year=2025)  # Shenzhen: not Guangzhou's
    officer(a_user, a, trained_on=dt.date(2026, 1, 20))
    filed_form(a_user, a, on=dt.date(2026, 3, 1))
    figures = summary_figures(_gz(), 2026)
    assert figures["lists"]["active_at_year_end"]["municipal"] == {"factory": 2}
    assert figures["lists"]["active_at_year_end"]["provincial"] == {"factory": 1}
    assert figures["dynamic"]["by_state"] == {"submitted": 1}
    assert figures["training"] == {"courses": 1, "attendees": 1}
    assert summary_figures(_gz(), 2024)["lists"]["active_at_year_end"]["municipal"] == {
        "factory": 1
    }


def test_the_city_writes_and_submits_its_summary_which_freezes_the_figures_000_19():
    listed_unit("440106", year=2025)
    city = official_of("city", GZ)
    with clock.frozen("2026-12-20"):
        with pytest.raises(RuleViolation) as exc:
            summary = services.summary_save(actor=city, jurisdiction=_gz(), year=2026, results="短")
            services.summary_submit(actor=city, summary=summary)
        assert [(r.code, r.citation) for r in exc.value.reasons] == [
            ("summary.results", "000 第十九条"),
            ("summary.problems", "000 第十九条"),
        ]
        summary = services.summary_save(
            actor=city,
            jurisdiction=_gz(),
            year=2026,
            results="全市新增市级绿色工厂，动态管理表按期填报率提高。",
            problems="部分企业能源计量基础薄弱，第三方评价质量参差不齐。",
        )
        summary = services.summary_submit(actor=city, summary=summary)
    assert summary.state == SummaryState.SUBMITTED
    frozen = summary.figures["lists"]["active_at_year_end"]["municipal"]
    listed_unit("440106", year=2026)  # a later listing does not change what was submitted
    assert services.current_figures(summary)["lists"]["active_at_year_end"]["municipal"] == frozen
    with pytest.raises(TransitionConflict):
        services.summary_submit(actor=city, summary=summary)
    with clock.frozen("2026-12-21"), pytest.raises(RuleViolation) as exc:
        services.summary_save(actor=city, jurisdiction=_gz(), year=2026, results="x" * 20)
    assert [r.code for r in exc.value.reasons] == ["summary.submitted"]
    assert AuditEvent.objects.filter(action="summary.submit").count() == 1


def test_only_the_citys_own_authority_writes_its_summary():
    with pytest.raises(NotPermitted):
        services.summary_save(
            actor=official_of("province", "440000"), jurisdiction=_gz(), year=2026, results="x"
        )
    with pytest.raises(NotPermitted):
        services.summary_save(
            actor=official_of("city", "440300"), jurisdiction=_gz(), year=2026, results="x"
        )


def test_the_province_reads_the_citys_summary_and_another_city_does_not(client):
    url = f"/summaries/{GZ}/2026/"
    client.force_login(official_of("province", "440000"))
    assert client.get(url).status_code == 200
    client.force_login(official_of("city", "440300"))
    assert client.get(url).status_code == 404
    client.force_login(official_of("district", "440106"))
    assert client.get(url).status_code == 404


def test_the_summary_page_xlsx_and_pdf_say_the_same_figures(client, django_assert_max_num_queries):
    unit, user = listed_unit("440106", year=2025)
    attend(official_of("city", GZ), unit, "王专员", dt.date(2026, 1, 20))
    city = official_of("city", GZ)
    client.force_login(city)
    with django_assert_max_num_queries(40):
        page = client.get(f"/summaries/{GZ}/2026/").content.decode()
    assert '<td>市级 · 绿色工厂</td><td class="num">1</td>' in page
    assert "参训人次" in page
    response = client.get(f"/summaries/{GZ}/2026/summary.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = {(r[1], str(r[2])) for r in ws.iter_rows(values_only=True) if len(r) > 2 and r[1]}
    assert ("参训人次", "1") in cells
    assert ("举办培训", "1") in cells
    response = client.get(f"/summaries/{GZ}/2026/summary.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_narrative_is_saved_and_submitted_from_the_page(client):
    client.force_login(official_of("city", GZ))
    with clock.frozen("2026-12-20"):
        response = client.post(
            f"/summaries/{GZ}/2026/",
            {
                "results": "全年组织两期培训，新增绿色工厂十家。",
                "problems": "中小企业绿色化改造资金不足。",
                "submit": "1",
            },
            follow=True,
        )
    assert "年度工作总结已报送" in response.content.decode()
    assert 'data-testid="summary-form"' not in response.content.decode()


def test_a_hostile_year_is_a_404_not_a_500(client):
    client.force_login(official_of("city", GZ))
    assert client.get(f"/summaries/{GZ}/0/").status_code == 404
    assert client.get(f"/summaries/{GZ}/99999/").status_code == 404
    assert client.get("/summaries/999999/2026/").status_code == 404
