"""The synthetic country (greenmfg generate-country) at small numbers: valid USCCs in
real districts, listings at every level, deterministic for a seed, no audit events."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from greenmfg.audit.models import AuditEvent
from greenmfg.cultivation.models import Registration
from greenmfg.demo.country import generate_country
from greenmfg.duties.models import Attendance, Course
from greenmfg.eligibility.models import CreditRecord
from greenmfg.parties.models import Organisation
from greenmfg.parties.uscc import is_valid_uscc
from greenmfg.register.models import GreenList, Listing
from greenmfg.register.search import listing_search_text
from greenmfg.selection.models import Application, Campaign
from greenmfg.supervision.models import DynamicForm, FilingOfficer

pytestmark = pytest.mark.django_db

SMALL = {"enterprises": 300, "listed": 60, "credit_records": 900, "years": 4}


def _wipe():
    for model in (
        CreditRecord,
        DynamicForm,
        FilingOfficer,
        Attendance,
        Course,
        Registration,
        Listing,
        Application,
        GreenList,
        Campaign,
        Organisation,
    ):
        model.objects.all().delete()


def _fingerprint():
    return (
        list(
            Organisation.objects.order_by("uscc").values_list(
                "uuid", "uscc", "name", "registered_division__code", "industry__code", "scale"
            )
        ),
        list(
            Listing.objects.order_by("uuid").values_list(
                "uuid",
                "unit__uscc",
                "unit_name",
                "level",
                "year",
                "list_type",
                "star",
                "grade",
                "status",
                "search_text",
            )
        ),
        list(
            CreditRecord.objects.order_by("uuid").values_list(
                "uuid", "uscc", "kind", "occurred_on", "ended_on"
            )
        ),
        list(DynamicForm.objects.order_by("uuid").values_list("uuid", "unit__uscc", "deadline")),
        sorted(GreenList.objects.values_list("jurisdiction__code", "level", "year")),
    )


def test_the_country_is_realistic_and_valid():
    report = generate_country(seed=7, **SMALL)
    orgs = Organisation.objects.filter(kind="enterprise")
    assert orgs.count() == 300
    for uscc, code in orgs.values_list("uscc", "registered_division__code"):
        assert is_valid_uscc(uscc) and uscc[2:8] == code
    assert orgs.filter(registered_division__level="district").count() == 300
    assert orgs.filter(industry__section="C").count() == 300
    assert Listing.objects.values("unit").distinct().count() == 60
    assert set(Listing.objects.values_list("level", flat=True)) == {
        "municipal",
        "provincial",
        "national",
    }
    assert not Listing.objects.filter(application=None).exists()
    for listing in Listing.objects.all()[:50]:
        assert listing.search_text == listing_search_text(listing)
        assert listing.unit.uscc == listing.uscc
    assert CreditRecord.objects.count() == 900
    assert CreditRecord.objects.exclude(ended_on=None).exists()
    assert CreditRecord.objects.values("kind").distinct().count() >= 8
    assert DynamicForm.objects.exists() and Registration.objects.exists()
    assert Campaign.objects.count() == GreenList.objects.count()
    assert report.counts["parties.Organisation"] == 300
    assert not AuditEvent.objects.exists()  # synthetic history: no audit events


def test_a_seed_gives_the_same_country():
    generate_country(seed=11, **SMALL)
    first = _fingerprint()
    _wipe()
    generate_country(seed=11, **SMALL)
    assert _fingerprint() == first
    _wipe()
    generate_country(seed=12, **SMALL)
    assert _fingerprint()[0] != first[0]


def test_command_tops_up_the_register_and_reports(capsys):
    call_command(
        "generate_country",
        "--enterprises=100",
        "--listed=20",
        "--credit-records=50",
        "--years=3",
        "--seed=3",
        "--listing-rows=200",
        "--no-progress",
        "--json",
    )
    out = capsys.readouterr().out
    assert '"register.Listing": 200' in out
    assert Listing.objects.count() == 200
    assert Listing.objects.filter(list_type="design_product").exclude(product_name="").exists()


def test_command_refuses_more_listed_than_enterprises():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_country", "--enterprises=5", "--listed=9", "--no-progress")
