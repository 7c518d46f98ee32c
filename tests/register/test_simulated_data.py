"""Issue 18 item 2: demo data is unmistakable. Every list and listing has a source; simulated
ones are labelled 模拟数据 on the pages and in the API (``source``, ``simulated``), watermarked in
their PDF and XLSX, never signed with a bare authority name; the demo's codes cannot be real
(registration authority ``0``, GB 32100-2015); a demo deployment shows a banner on every page;
the home page keeps simulated lists apart from the real ones."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from greenmfg.demo.simulation import simulate
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.uscc import (
    is_simulated_uscc,
    is_valid_uscc,
    make_simulated_uscc,
    make_uscc,
)
from greenmfg.register.exports import green_list_pdf, green_list_xlsx
from greenmfg.register.models import GreenList, Listing, ListSource

D = dt.date
pytestmark = pytest.mark.django_db


def _list(source: str, year: int, title: str, level: str = "national") -> GreenList:
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="000000"),
        level=level,
        year=year,
        title=title,
        published_on=D(year, 12, 1),
        source=source,
    )
    Listing.objects.create(
        green_list=gl,
        unit_name=f"{title}的单位",
        uscc=make_simulated_uscc("440106", random.Random(year))
        if source == ListSource.SIMULATED
        else "",
        list_type="factory",
        level=level,
        year=year,
        source=source,
    )
    return gl


def test_simulated_codes_are_well_formed_but_have_an_unassigned_registration_authority():
    rng = random.Random(1)
    codes = [make_simulated_uscc("440106", rng) for _ in range(200)]
    assert all(is_valid_uscc(c) and c[2:8] == "440106" for c in codes)
    assert all(c[0] == "0" and is_simulated_uscc(c) for c in codes)
    assert not is_simulated_uscc(make_uscc("440106", rng))


def test_a_simulated_year_publishes_simulated_lists_of_simulated_units():
    result = simulate(
        jurisdiction=Jurisdiction.objects.get(code="440100"), year=2025, units=12, seed=3
    )
    assert result.lists
    for entry in result.lists:
        gl = GreenList.objects.get(uuid=entry["uuid"])
        assert gl.source == ListSource.SIMULATED and gl.is_simulated
        assert set(gl.listings.values_list("source", flat=True)) == {ListSource.SIMULATED}
        assert all(is_simulated_uscc(u) for u in gl.listings.values_list("uscc", flat=True))


def test_simulated_lists_are_labelled_on_every_public_page_and_in_the_api(client):
    sim = _list(ListSource.SIMULATED, 2025, "2025年度绿色制造名单")
    real = _list(ListSource.MIIT_2017_2021, 2021, "2021年度绿色制造名单")
    for url in (
        reverse("green_list_detail", args=[sim.uuid]),
        reverse("green_list_index"),
        reverse("register_search") + "?year=2025",
    ):
        html = client.get(url).content.decode()
        assert 'data-testid="simulated"' in html and "模拟数据" in html, url
    real_page = client.get(reverse("green_list_detail", args=[real.uuid])).content.decode()
    assert 'data-testid="simulated"' not in real_page
    listings = client.get("/api/v1/listings/?year=2025").json()["results"]
    assert listings[0]["source"] == "simulated" and listings[0]["simulated"] is True
    lists = {row["title"]: row for row in client.get("/api/v1/green-lists/").json()["results"]}
    assert lists["2025年度绿色制造名单"]["simulated"] is True
    assert lists["2021年度绿色制造名单"]["source"] == "miit_green_lists_2017_2021"


def test_home_page_keeps_the_simulated_2025_list_apart_from_the_real_2021_list(client):
    _list(ListSource.SIMULATED, 2025, "2025年度绿色制造名单")
    _list(ListSource.MIIT_2017_2021, 2021, "2021年度绿色制造名单")
    html = client.get(reverse("home")).content.decode()
    real_at = html.index("2021年度绿色制造名单")
    sim_at = html.index("2025年度绿色制造名单")
    assert real_at < html.index('data-testid="simulated-lists"') < sim_at


def test_simulated_list_documents_carry_the_watermark_and_no_bare_authority_signature():
    sim = _list(ListSource.SIMULATED, 2025, "2025年度绿色制造名单")
    ws = load_workbook(io.BytesIO(green_list_xlsx(sim))).active
    assert ws["A1"].value.startswith("【模拟数据】")
    assert "模拟数据" in ws["A2"].value and "模拟数据" in ws.oddHeader.center.text
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(green_list_pdf(sim))).pages)
    assert "模拟数据" in text
    authority = sim.jurisdiction.authority.name
    assert f"{authority}（模拟）" in text.replace("\n", "")
    real = _list(ListSource.PLATFORM, 2024, "2024年度绿色制造名单")
    real_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(green_list_pdf(real))).pages)
    assert "模拟数据" not in real_text


def test_a_demo_deployment_shows_the_banner_on_every_page(client, settings):
    settings.GREENMFG_DEMO_CLOCK = True
    for name in ("home", "register_search", "notice_list", "login"):
        assert 'data-testid="demo-banner"' in client.get(reverse(name)).content.decode(), name
    settings.GREENMFG_DEMO_CLOCK = False
    assert 'data-testid="demo-banner"' not in client.get(reverse("login")).content.decode()
