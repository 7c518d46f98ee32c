"""Exports read back: the published list as XLSX and PDF, the recommendation summary
table (001 附件1) and the one-time rewards (002 第二十三条), column by column."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from greenmfg.core import clock
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.recommendation import services as rec
from greenmfg.recommendation.exports import (
    REWARD_COLUMNS,
    SUMMARY_COLUMNS,
    recommendation_summary_xlsx,
    rewards_xlsx,
)
from greenmfg.recommendation.models import Reward
from greenmfg.register.exports import LIST_COLUMNS, green_list_pdf, green_list_xlsx
from greenmfg.register.models import GreenList, Listing
from greenmfg.selection import services
from tests.cycle import consult_without_objection
from tests.factories import OrganisationFactory, official

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def gz_list():
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440100"),
        level="municipal",
        year=2026,
        title="2026年度广州市绿色制造名单",
        published_on=D(2026, 5, 13),
    )
    orgs = [
        OrganisationFactory(name=f"导出测试制造有限公司{i}", district="440106") for i in range(3)
    ]
    for i, org in enumerate(orgs):
        Listing.objects.create(
            green_list=gl,
            unit=org,
            unit_name=org.name,
            uscc=org.uscc,
            list_type="factory",
            level="municipal",
            year=2026,
            region=org.registered_division,
            star=1,
            agency_name="广州中绿认证评价有限公司" if i == 0 else "",
            listed_on=D(2026, 5, 13),
        )
    return gl


def _rows(data: bytes):
    ws = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_published_list_xlsx_reads_back_column_by_column(gz_list):
    rows = _rows(green_list_xlsx(gz_list))
    assert rows[0][0] == "2026年度广州市绿色制造名单"
    assert rows[2] == [c for c, _ in LIST_COLUMNS]
    body = rows[3:]
    assert [r[0] for r in body] == [1, 2, 3]
    first = dict(zip(rows[2], body[0], strict=True))
    listing = gz_list.listings.order_by("unit_name").first()
    assert first["单位名称"] == listing.unit_name
    assert first["统一社会信用代码"] == listing.uscc
    assert (first["名单类型"], first["层级"], first["星级"], first["状态"]) == (
        "绿色工厂",
        "市级",
        1,
        "有效",
    )
    assert first["地区"] == "广东省广州市天河区"
    assert first["列入日期"].date() == D(2026, 5, 13)


def test_published_list_pdf_is_a_pdf_with_the_title(gz_list):
    data = green_list_pdf(gz_list)
    assert data.startswith(b"%PDF-")
    assert len(data) > 2000


def test_list_downloads_are_public_attachments(client, gz_list):
    from greenmfg.register.documents import document_render

    # rendered ahead of time by a job; the download serves the stored file (issue 17)
    for fmt in ("pdf", "xlsx"):
        document_render(green_list=gz_list, fmt=fmt)
    for name, ctype in (
        ("green_list_xlsx", "spreadsheetml"),
        ("green_list_pdf", "application/pdf"),
    ):
        resp = client.get(reverse(name, args=[gz_list.uuid]))
        assert resp.status_code == 200 and ctype in resp["Content-Type"]
        assert resp["Content-Disposition"].startswith("attachment")


def test_recommendation_summary_table_reads_back_001_annex_1(gz_list):
    province = official("province", "440000")
    city = official("city", "440100")
    with clock.frozen(D(2026, 5, 20)):
        campaign = services.campaign_open(actor=province)
    listings = list(gz_list.listings.order_by("unit_name"))
    consult_without_objection(city, campaign, listings, on=D(2026, 5, 21))
    with clock.frozen(D(2026, 5, 28)):  # before Guangdong's binding 05-31 (000 第十三条)
        for lst in listings[:2]:
            rec.application_recommend(actor=city, listing=lst)
    rows = _rows(recommendation_summary_xlsx(campaign, city.authority))
    assert rows[1] == SUMMARY_COLUMNS
    body = [dict(zip(SUMMARY_COLUMNS, r, strict=True)) for r in rows[2:]]
    assert [b["单位名称"] for b in body] == [lst.unit_name for lst in listings[:2]]
    assert {b["推荐类别"] for b in body} == {"绿色工厂"}
    assert {b["所在地市"] for b in body} == {"广东省广州市"}
    assert {b["下一级名单"] for b in body} == {"2026年度广州市绿色制造名单"}
    assert {b["推荐单位"] for b in body} == {"广州市工业和信息化局"}
    assert {b["申报状态"] for b in body} == {"已提交，待审核"}


def test_rewards_xlsx_reads_back_002_23():
    xm = OrganisationFactory(name="厦门导出奖励有限公司", district="350206")
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="350200"),
        level="municipal",
        year=2026,
        title="2026年度厦门市绿色制造名单",
    )
    lst = Listing.objects.create(
        green_list=gl,
        unit=xm,
        unit_name=xm.name,
        uscc=xm.uscc,
        list_type="factory",
        level="municipal",
        year=2026,
    )
    Reward.objects.create(
        listing=lst, jurisdiction=gl.jurisdiction, level="municipal", citation="002 第二十三条"
    )
    rows = _rows(rewards_xlsx(Reward.objects.select_related("listing__green_list")))
    assert rows[1] == REWARD_COLUMNS
    row = dict(zip(REWARD_COLUMNS, rows[2], strict=True))
    assert (row["单位名称"], row["层级"], row["奖励状态"], row["依据"]) == (
        xm.name,
        "市级",
        "待兑现",
        "002 第二十三条",
    )
