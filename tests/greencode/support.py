"""Helpers of the 企业绿码 tests: national (or provincial) green factories with dynamic
forms written directly (accepted, on time, no anomaly unless told otherwise)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from greenmfg.jurisdictions.models import IndustryCode, Jurisdiction
from greenmfg.supervision.models import AnomalyFlag, DynamicForm
from tests.factories import OrganisationFactory
from tests.oversight import list_unit

DEADLINE_2025 = dt.date(2025, 4, 15)


def factory_with_form(
    energy: str | None,
    *,
    level: str = "national",
    industry: str = "3360",
    district: str = "440106",
    state: str = "accepted",
    submitted: dt.date = dt.date(2025, 4, 1),
    anomalous: bool = False,
    name: str | None = None,
    **values,
):
    """A unit on the ``level`` factory list (2024) with an accepted 2025 form (data year
    2024) whose indicators are ``energy`` (energy intensity) and ``values``; by default
    the other five indicators are equal for everyone, so ``energy`` alone orders them."""
    kw = {"district": district}
    if name:
        kw["name"] = name
    unit = OrganisationFactory(**kw)
    unit.industry = IndustryCode.objects.get(code=industry)
    unit.save(update_fields=["industry"])
    listing = list_unit(unit, level, year=2024)
    indicators = {
        "energy_intensity": None if energy is None else Decimal(energy),
        "co2_intensity": Decimal("1"),
        "water_intensity": Decimal("1"),
        "renewable_share": Decimal("10"),
        "water_reuse_rate": Decimal("90"),
        "solid_waste_utilisation_rate": Decimal("80"),
    }
    indicators.update({k: (None if v is None else Decimal(v)) for k, v in values.items()})
    form = DynamicForm.objects.create(
        unit=unit,
        list_type="factory",
        data_year=2024,
        filing_year=2025,
        deadline=DEADLINE_2025,
        reviewer=Jurisdiction.objects.get(code="440100"),
        state=state,
        first_submitted_on=submitted,
        submitted_on=submitted,
        **indicators,
    )
    if anomalous:
        AnomalyFlag.objects.create(
            form=form,
            kind="yoy",
            field="energy_intensity",
            message="同比异常",
            created_on=submitted,
        )
    return unit, listing, form
