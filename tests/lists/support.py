"""Rows for the officials' list tests (issue 18 item 6): applications, objections,
registrations and complaints of units in Tianhe (440106), Yuexiu (440104) and
Shenzhen's Futian (440304), written directly (the lists read them, no transition is
under test)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from greenmfg.core.lists import HEADER_ROW
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.selection.models import Application, Campaign, Objection, PublicNotice
from tests.factories import OrganisationFactory

YEAR = 2026


def campaign(code: str = "440100", year: int = YEAR) -> Campaign:
    jur = Jurisdiction.objects.get(code=code)
    return Campaign.objects.get_or_create(
        jurisdiction=jur,
        level="municipal",
        year=year,
        defaults={
            "title": f"{year}年度{jur.name}绿色工厂",
            "opened_on": dt.date(year, 4, 1),
            "list_types": ["factory", "park"],
        },
    )[0]


def application(
    name: str,
    *,
    district: str = "440106",
    state: str = "submitted",
    list_type: str = "factory",
    submitted_on: dt.date | None = dt.date(YEAR, 4, 10),
    pending_role: str = "",
    year: int = YEAR,
    uscc: str | None = None,
) -> Application:
    kw = {"uscc": uscc} if uscc else {}
    unit = OrganisationFactory(name=name, district=district, **kw)
    city = "440300" if district.startswith("4403") else "440100"
    return Application.objects.create(
        unit=unit,
        campaign=campaign(city, year),
        list_type=list_type,
        level="municipal",
        year=year,
        state=state,
        submitted_on=submitted_on,
        pending_role=pending_role,
        score=Decimal("85"),
    )


def applications(n: int, *, district: str = "440106", prefix: str = "天河批量企业") -> list:
    return [application(f"{prefix}{i:03d}有限公司", district=district) for i in range(n)]


def notice(city: str = "440100") -> PublicNotice:
    c = campaign(city)
    return PublicNotice.objects.get_or_create(
        campaign=c,
        defaults={
            "title": f"{YEAR}年度{c.jurisdiction.name}绿色工厂名单公示",
            "first_day": dt.date(YEAR, 5, 6),
            "last_day": dt.date(YEAR, 5, 14),
            "length": 7,
            "unit": "calendar_days",
            "citation": "004 第十条",
        },
    )[0]


def objection(app: Application, *, state: str = "open", submitted_on=dt.date(YEAR, 5, 7)):
    city = "440300" if app.unit.registered_division.code.startswith("4403") else "440100"
    return Objection.objects.create(
        notice=notice(city),
        application=app,
        objector_name="王五",
        objector_id_number="11010519491231002X",
        objector_phone="13924681357",
        statement="材料不实",
        submitted_on=submitted_on,
        state=state,
    )


def sheet_rows(content: bytes) -> tuple[list[list], list[list]]:
    """(the rows above the header, the header and data rows) of an exported XLSX."""
    ws = load_workbook(io.BytesIO(content)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[: HEADER_ROW - 1], rows[HEADER_ROW - 1 :]


def cell_of(content: bytes, text: str):
    """The openpyxl cell whose value is ``text`` (for the formula checks)."""
    ws = load_workbook(io.BytesIO(content)).active
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not in the sheet")


def registration(
    name: str,
    *,
    district: str = "440106",
    state: str = "submitted",
    list_type: str = "factory",
    submitted_on: dt.date | None = dt.date(YEAR, 1, 15),
    pending_role: str = "",
):
    """A registration of a new unit named ``name`` in ``district``."""
    from greenmfg.cultivation.models import Registration

    unit = OrganisationFactory(name=name, district=district)
    city = "440300" if district.startswith("4403") else "440100"
    return Registration.objects.create(
        unit=unit,
        jurisdiction=Jurisdiction.objects.get(code=city),
        list_type=list_type,
        year=YEAR,
        state=state,
        unit_name=name,
        uscc=unit.uscc,
        contact_name="李四",
        contact_phone="020-88886666",
        submitted_on=submitted_on,
        pending_role=pending_role,
    )


def complaint(
    name: str,
    *,
    district: str = "440106",
    state: str = "open",
    submitted_on: dt.date = dt.date(YEAR, 5, 4),
    due_on: dt.date = dt.date(YEAR, 6, 4),
    handler: str = "440100",
):
    """A complaint against a new unit named ``name`` in ``district``, handled by the
    authority of ``handler``."""
    from greenmfg.supervision.complaints.models import Complaint

    unit = OrganisationFactory(name=name, district=district)
    return Complaint.objects.create(
        target=unit,
        complainant_name="赵六",
        complainant_id_number="440106199001011236",
        complainant_phone="13811223344",
        statement="数据造假",
        submitted_on=submitted_on,
        handler=Jurisdiction.objects.get(code=handler),
        due_on=due_on,
        state=state,
    )
