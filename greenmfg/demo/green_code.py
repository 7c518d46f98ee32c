"""The demo's 企业绿码: synthetic dynamic forms (合成数据) for the units of the simulated
year's national green-factory list, then the national grading run of the next filing
year, so that `make run` shows codes, a card and its verification. Never real data."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from greenmfg.core import clock
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.greencode.models import GradingRun, GreenCode
from greenmfg.greencode.services import grading_run
from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.register.models import Listing, ListingStatus
from greenmfg.supervision.models import DynamicForm, FormState

Q6 = Decimal("0.000001")


@dataclass
class DemoCodes:
    forms_created: int = 0
    run: GradingRun | None = None
    skipped: str = ""
    example: GreenCode | None = None
    counts: dict = field(default_factory=dict)


def _form(listing: Listing, filing_year: int, rng: random.Random) -> DynamicForm:
    unit = listing.unit
    division = unit.registered_division
    rules = rules_for(division, dt.date(filing_year, 1, 1))
    deadline = rules.month_day("dynamic.annual_report_deadline", filing_year)
    city = division.ancestor_at(JurisdictionLevel.CITY) or division
    late = rng.random() < 0.07
    submitted = (
        deadline + dt.timedelta(days=rng.randint(1, 20))
        if late
        else deadline - dt.timedelta(days=rng.randint(1, 60))
    )
    output = Decimal(rng.randint(5_000, 2_000_000))
    energy = (output * Decimal(rng.uniform(0.02, 0.6))).quantize(Decimal("0.01"))
    water = (output * Decimal(rng.uniform(0.5, 12))).quantize(Decimal("0.01"))
    co2 = (energy * Decimal("2.6")).quantize(Decimal("0.01"))
    return DynamicForm(
        unit=unit,
        list_type=ListType.FACTORY,
        data_year=filing_year - 1,
        filing_year=filing_year,
        deadline=deadline,
        deadline_ref=rules.ref("dynamic.annual_report_deadline"),
        reviewer=city,
        state=FormState.ACCEPTED,
        output_value=output,
        energy_total=energy,
        energy_intensity=(energy / output).quantize(Q6),
        water_withdrawal=water,
        water_intensity=(water / output).quantize(Q6),
        co2_total=co2,
        co2_intensity=(co2 / output).quantize(Q6),
        renewable_share=Decimal(rng.randint(0, 600)) / 10,
        water_reuse_rate=Decimal(rng.randint(500, 990)) / 10,
        solid_waste_utilisation_rate=Decimal(rng.randint(300, 1000)) / 10,
        note="合成数据（演示）",
        first_submitted_on=submitted,
        submitted_on=submitted,
        reviewed_on=submitted + dt.timedelta(days=rng.randint(3, 20)),
    )


@transaction.atomic
def demo_green_codes(*, listed_year: int, seed: int = 2025) -> DemoCodes:
    """Synthetic forms (filing year ``listed_year + 1``) for the active national
    green factories of ``listed_year`` that have none, then the national grading run of
    that filing year, on the platform date or, before the filing deadline, on the day
    after it (its codes then take effect that day). Idempotent: a second call finds the
    run and does nothing."""
    out = DemoCodes()
    filing_year = listed_year + 1
    national = Jurisdiction.objects.get(code="000000")
    existing = GradingRun.objects.filter(
        jurisdiction=national, level=Level.NATIONAL, year=filing_year
    ).first()
    if existing:
        out.run, out.skipped = existing, "already graded"
    else:
        rng = random.Random(seed)
        listings = (
            Listing.objects.filter(
                level=Level.NATIONAL,
                list_type=ListType.FACTORY,
                year=listed_year,
                status=ListingStatus.ACTIVE,
                unit__isnull=False,
            )
            .select_related("unit__registered_division")
            .order_by("id")
        )
        have = set(
            DynamicForm.objects.filter(
                list_type=ListType.FACTORY, data_year=listed_year
            ).values_list("unit_id", flat=True)
        )
        forms = [_form(li, filing_year, rng) for li in listings if li.unit_id not in have]
        DynamicForm.objects.bulk_create(forms)
        out.forms_created = len(forms)
        deadline = rules_for(national, dt.date(filing_year, 1, 1)).month_day(
            "dynamic.annual_report_deadline", filing_year
        )
        on = max(clock.today(), deadline + dt.timedelta(days=1))
        out.run = grading_run(
            actor=None, jurisdiction=national, level=Level.NATIONAL, year=filing_year, on=on
        )
    out.counts = out.run.counts
    out.example = (
        GreenCode.objects.filter(run=out.run).select_related("unit").order_by("rank", "id").first()
    )
    return out
