"""Issue 17, items 4 and 5: formula injection in exported spreadsheets, and control
characters that broke a public download.

- A name change to ``=HYPERLINK(…)`` accepted by the city was a live formula in the
  public list XLSX: every XLSX and CSV export now writes its cells through
  ``greenmfg.core.spreadsheets`` (text cells with Excel's quote prefix; a ``'`` before a
  formula-like CSV cell, reversible for the audit export's hashes).
- A unit name with ``\\x07`` made its list's XLSX answer 500 for everyone: submitted text
  with a control character is refused before any view (400 naming the field,
  ``greenmfg.core.text``), and exports drop any stored before.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from greenmfg.audit.exports import events_export, export_verify, read_export
from greenmfg.audit.services import record_event
from greenmfg.core import clock
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.recommendation import services as recommendation
from greenmfg.recommendation.exports import recommendation_summary_xlsx, rewards_xlsx
from greenmfg.recommendation.models import Reward
from greenmfg.register.exports import green_list_pdf, green_list_xlsx
from greenmfg.register.models import GreenList, Listing
from greenmfg.selection import services
from greenmfg.supervision.changes import services as changes
from greenmfg.supervision.models import ChangeReport
from tests.cycle import consult_without_objection
from tests.factories import OrganisationFactory, official
from tests.oversight import city_official, listed_unit

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","点击查看")'
#: (a carriage return is a trigger too, but XML reads it back as a line feed: see the CSV test)
FORMULA_LIKE = [FORMULA, "+86-20-1234", "-1+1", "@SUM(A1:A9)", "\tcmd"]


def formula_cells(data: bytes) -> list[str]:
    """Every cell of every sheet stored as a formula (``<f>`` in the sheet XML)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        found = [n for n in sheets if b"<f>" in z.read(n) or b"<f " in z.read(n)]
    wb = load_workbook(io.BytesIO(data))
    found += [
        f"{ws.title}!{c.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    return found


def cell_with(data: bytes, text: str):
    ws = load_workbook(io.BytesIO(data)).active
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def a_list(*names: str) -> GreenList:
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440100"),
        level="municipal",
        year=2025,
        title="2025年度广州市绿色制造名单",
        published_on=dt.date(2025, 6, 1),
    )
    for name in names:
        Listing.objects.create(
            green_list=gl,
            unit_name=name,
            list_type="factory",
            level="municipal",
            year=2025,
            listed_on=dt.date(2025, 6, 1),
        )
    return gl


# --- item 4: formula injection ------------------------------------------------------------


def test_a_name_change_to_a_formula_is_plain_text_in_the_public_list_xlsx_asvs_1_2_10():
    unit, user = listed_unit("440106", "municipal")
    city = city_official("440106")
    with clock.frozen("2026-03-01"):
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="name",
            new_value=FORMULA,
            formalities_completed_on=dt.date(2026, 2, 20),
        )
        changes.change_review(actor=city, change=change, decision="accept", opinion="同意")
    listing = unit.listings.get(level="municipal")
    assert listing.unit_name == FORMULA
    data = green_list_xlsx(listing.green_list)
    assert formula_cells(data) == []
    cell = cell_with(data, FORMULA)
    assert cell.data_type == "s" and cell.quotePrefix


def test_every_formula_trigger_is_neutralised_in_the_list_xlsx_asvs_1_2_10():
    data = green_list_xlsx(a_list(*FORMULA_LIKE))
    assert formula_cells(data) == []
    for text in FORMULA_LIKE:
        cell = cell_with(data, text)
        assert cell.data_type == "s" and cell.quotePrefix, text
    # an ordinary name is left alone
    assert not cell_with(
        green_list_xlsx(a_list("广州绿源有限公司")), "广州绿源有限公司"
    ).quotePrefix


def test_the_officials_exports_neutralise_formulas_too_asvs_1_2_10():
    gl = a_list(FORMULA)
    listing = gl.listings.get()
    Reward.objects.create(
        listing=listing, jurisdiction=gl.jurisdiction, level="municipal", citation="@cite"
    )
    rewards = rewards_xlsx(Reward.objects.select_related("listing__green_list"))
    assert formula_cells(rewards) == []
    assert cell_with(rewards, FORMULA).quotePrefix

    province = official("province", "440000")
    city = official("city", "440100")
    unit = OrganisationFactory(name="=1+1有限公司", district="440106")
    own = Listing.objects.create(
        green_list=gl,
        unit=unit,
        unit_name=unit.name,
        uscc=unit.uscc,
        list_type="factory",
        level="municipal",
        year=2025,
        region=unit.registered_division,
        star=1,
        listed_on=dt.date(2025, 6, 1),
    )
    with clock.frozen(dt.date(2026, 5, 20)):
        campaign = services.campaign_open(actor=province)
    consult_without_objection(city, campaign, [own], on=dt.date(2026, 5, 21))
    with clock.frozen(dt.date(2026, 5, 28)):  # before Guangdong's binding 05-31 (000 第十三条)
        recommendation.application_recommend(actor=city, listing=own)
    summary = recommendation_summary_xlsx(campaign, city.authority)
    assert formula_cells(summary) == []
    assert cell_with(summary, "=1+1有限公司").quotePrefix


def test_the_audit_csv_export_quotes_formulas_and_still_reverifies_asvs_1_2_10(tmp_path):
    record_event(
        actor=None,
        action="test.formula",
        object_type="test.thing",
        object_uuid="obj-1",
        object_label=FORMULA,
        reason="-不成立",
    )
    record_event(actor=None, action="test.quote", object_label="'已引用", reason="@某人")
    record_event(actor=None, action="test.cr", object_label="\rcmd", reason="\tcmd")
    out = tmp_path / "audit.csv"
    events_export(out, fmt="csv")
    raw = out.read_text(encoding="utf-8")
    for text in (FORMULA, "-不成立", "@某人", "'已引用"):
        assert "'" + text.replace('"', '""') in raw, text
    rows = {r["action"]: r for r in read_export(out)}
    assert rows["test.formula"]["object_label"] == FORMULA
    assert rows["test.formula"]["reason"] == "-不成立"
    assert rows["test.quote"]["object_label"] == "'已引用"
    assert (rows["test.cr"]["object_label"], rows["test.cr"]["reason"]) == ("\rcmd", "\tcmd")
    assert export_verify(out).ok


# --- item 5: control characters ----------------------------------------------------------


def test_a_control_character_in_a_stored_name_does_not_break_the_downloads():
    """Rows stored before input was checked: the exports drop the character."""
    gl = a_list("广州响铃\x07制造有限公司", "双向\u202e覆盖有限公司")
    ws = load_workbook(io.BytesIO(green_list_xlsx(gl))).active
    names = [row[1] for row in ws.iter_rows(min_row=4, values_only=True)]
    assert sorted(names) == sorted(["广州响铃制造有限公司", "双向覆盖有限公司"])
    assert green_list_pdf(gl).startswith(b"%PDF-")


def test_a_control_character_is_refused_at_input_by_the_api_naming_the_field():
    unit, user = listed_unit("440106", "municipal")
    api = APIClient()
    api.force_authenticate(user)
    with clock.frozen("2026-03-01"):
        resp = api.post(
            "/api/v1/change-reports/",
            {
                "kind": "name",
                "new_value": "广州响铃\x07制造有限公司",
                "formalities_completed_on": "2026-02-20",
            },
            format="json",
        )
    assert resp.status_code == 400
    body = resp.json()
    assert body["field"] == "new_value"
    assert (
        "“new_value”含有控制字符 U+0007" in body["detail"] and "不得包含控制字符" in body["detail"]
    )
    assert not ChangeReport.objects.filter(unit=unit).exists()


def test_a_control_character_deep_in_a_json_body_is_named_by_its_path():
    api = APIClient()
    resp = api.post(
        "/api/v1/listings/",
        json.dumps({"items": [{"note": "ok"}, {"note": "右到左\u202e"}]}),
        content_type="application/json",
    )
    assert resp.status_code == 400 and resp.json()["field"] == "items[1].note"


def test_a_control_character_is_refused_at_input_by_the_web_form_naming_the_field():
    unit, user = listed_unit("440106", "municipal")
    client = Client()
    client.force_login(user)
    with clock.frozen("2026-03-01"):
        resp = client.post(
            reverse("change_new"),
            {
                "kind": "name",
                "new_value": "广州响铃\x07制造有限公司",
                "formalities_completed_on": "2026-02-20",
            },
        )
    assert resp.status_code == 400
    page = resp.content.decode()
    assert "“new_value”含有控制字符 U+0007" in page
    assert not ChangeReport.objects.filter(unit=unit).exists()


def test_tabs_and_line_breaks_stay_allowed_in_submitted_text():
    unit, user = listed_unit("440106", "municipal")
    api = APIClient()
    api.force_authenticate(user)
    with clock.frozen("2026-03-01"):
        resp = api.post(
            "/api/v1/change-reports/",
            {
                "kind": "scope",
                "new_value": "增加精密铸件",
                "description": "第一行\r\n第二行\t说明",
                "formalities_completed_on": "2026-02-20",
            },
            format="json",
        )
    assert resp.status_code == 201, resp.content
