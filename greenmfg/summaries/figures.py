"""The figures of a yearly summary (000 第十九条), computed from the platform's records of
units registered in a jurisdiction's subtree: the pool, applications, lists by level and
type, dynamic forms and their key indicators, removals, spot checks, complaints,
training, on-site guidance and disclosures. A bounded number of grouped queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Avg, Count, F, Q

from greenmfg.core.vocabulary import Level, ListType
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.duties.models import Attendance, Course, Disclosure, DisclosureKind, GuidanceVisit
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import Listing, ListingStatus
from greenmfg.selection.models import Application
from greenmfg.supervision.dynamic.models import FormState
from greenmfg.supervision.models import Complaint, DynamicForm, Removal, SpotCheckItem
from greenmfg.supervision.spot_checks.models import SpotResult

#: the key indicators averaged over the accepted dynamic forms
INDICATORS = (
    "energy_intensity",
    "water_intensity",
    "co2_intensity",
    "renewable_share",
    "solid_waste_utilisation_rate",
)


def _counts(qs, field: str) -> dict[str, int]:
    return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("id")).order_by()}


def summary_figures(jurisdiction: Jurisdiction, year: int) -> dict[str, Any]:
    """The figures of ``jurisdiction``'s summary of ``year`` as plain JSON values (counts
    as integers, averages as strings with their units in the labels): ``pool``,
    ``applications``, ``lists`` (active listings at the year's end by level and list
    type, and those listed and removed in the year), ``dynamic`` (forms filed in the year
    for the year before, by state, late, and the averages of the accepted forms' key
    indicators), ``removals``, ``spot_checks``, ``complaints``, ``training``,
    ``guidance``, ``disclosures``. 000 第十九条."""
    path = jurisdiction.path
    in_units = {"unit__registered_division__path__startswith": path}
    regs = Registration.objects.filter(year=year, **in_units)
    apps = Application.objects.filter(year=year, **in_units)
    listings = Listing.objects.filter(
        Q(unit__registered_division__path__startswith=path)
        | Q(unit__isnull=True, region__path__startswith=path)
    )
    end = f"{year}-12-31"
    active_end = listings.filter(
        Q(listed_on__lte=end) | Q(listed_on__isnull=True, year__lte=year),
    ).exclude(status=ListingStatus.REMOVED, removed_on__lte=end)
    by_level_type: dict[str, dict[str, int]] = defaultdict(dict)
    for row in active_end.values("level", "list_type").annotate(n=Count("id")).order_by():
        by_level_type[row["level"]][row["list_type"]] = row["n"]
    forms = DynamicForm.objects.filter(filing_year=year, **in_units)
    accepted = forms.filter(state=FormState.ACCEPTED)
    averages = accepted.aggregate(**{k: Avg(k) for k in INDICATORS})
    spot = SpotCheckItem.objects.filter(draw__year=year, **in_units)
    complaints = Complaint.objects.filter(
        submitted_on__year=year, target__registered_division__path__startswith=path
    )
    courses = Course.objects.filter(
        held_on__year=year, authority__jurisdiction__path__startswith=path
    )
    return {
        "pool": {
            "submitted": regs.exclude(state=RegistrationState.DRAFT).count(),
            "by_state": _counts(regs, "state"),
        },
        "applications": {"by_state": _counts(apps, "state"), "by_level": _counts(apps, "level")},
        "lists": {
            "active_at_year_end": {lv: dict(by_level_type.get(lv, {})) for lv in Level.values},
            "listed_in_year": listings.filter(listed_on__year=year).count(),
            "removed_in_year": listings.filter(removed_on__year=year).count(),
        },
        "dynamic": {
            "by_state": _counts(forms, "state"),
            "late": forms.filter(first_submitted_on__gt=F("deadline")).count(),
            "averages": {
                k: (str(round(v, 4)) if v is not None else None) for k, v in averages.items()
            },
        },
        "removals": {
            "count": Removal.objects.filter(removed_on__year=year, **in_units).count(),
            "by_cause": _counts(Removal.objects.filter(removed_on__year=year, **in_units), "cause"),
        },
        "spot_checks": {"by_result": _counts(spot, "result")},
        "complaints": {"by_state": _counts(complaints, "state")},
        "training": {
            "courses": courses.count(),
            "attendees": Attendance.objects.filter(course__in=courses).count(),
        },
        "guidance": {
            "visits": GuidanceVisit.objects.filter(visited_on__year=year, **in_units).count()
        },
        "disclosures": {
            kind: Disclosure.objects.filter(year=year, kind=kind, **in_units).count()
            for kind in DisclosureKind.values
        },
        "list_types": list(ListType.values),
        "spot_results": list(SpotResult.values),
    }
