"""The annual dynamic form (动态管理表): who files (dynamic.filing_levels), by when
(dynamic.annual_report_deadline of the unit's city), the Guangzhou filing officer's
training (004 第十三条), unit checks, review by the authority the rules name, reminders
30/7/1 days before the deadline (idempotent), the overdue list and anomaly flags."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.supervision.dynamic import obligations
from greenmfg.supervision.dynamic import services as dynamic
from greenmfg.supervision.models import FormState, ReminderSent
from tests.oversight import (
    city_official,
    district_official,
    filed_form,
    listed_unit,
    officer,
    values,
)

pytestmark = pytest.mark.django_db

#: district, levels its units are listed at, deadline, article
DEADLINES = [
    pytest.param("440106", ("municipal",), "04-01", "004 第十三条", id="guangzhou-004-13-04-01"),
    pytest.param("350203", ("municipal",), "03-30", "002 第十七条", id="xiamen-002-17-03-30"),
    pytest.param("410305", ("provincial",), "04-15", "003 第十六条", id="luoyang-003-16-04-15"),
    pytest.param("440304", ("municipal",), "04-15", "000 第十八条", id="guangdong-000-18-04-15"),
]


def codes(rows):
    return sorted(r.unit.uscc for r in rows)


@pytest.mark.parametrize("district,levels,deadline,article", DEADLINES)
def test_deadline_of_the_units_city(district, levels, deadline, article):
    unit, user = listed_unit(district, *levels)
    officer(user, unit)
    with clock.frozen("2026-02-01"):
        form = dynamic.form_create(actor=user, unit=unit, list_type="factory", data_year=2025)
    assert form.deadline.isoformat() == f"2026-{deadline}"
    assert form.deadline_ref == article
    assert form.filing_year == 2026


@pytest.mark.parametrize("district,levels,deadline,article", DEADLINES)
def test_overdue_the_day_after_the_deadline(district, levels, deadline, article):
    unit, _user = listed_unit(district, *levels)
    due = dt.date.fromisoformat(f"2026-{deadline}")
    city = Jurisdiction.objects.get(code=unit.registered_division.parent.code)
    assert obligations.overdue(2026, city, due) == []
    late = obligations.overdue(2026, city, due + dt.timedelta(days=1))
    assert codes(late) == [unit.uscc]
    assert late[0].deadline_ref == article


@pytest.mark.parametrize("district,levels,deadline,article", DEADLINES)
def test_filed_in_time_is_not_overdue_and_a_late_form_is_marked_late(
    district, levels, deadline, article
):
    unit, user = listed_unit(district, *levels)
    officer(user, unit)
    due = dt.date.fromisoformat(f"2026-{deadline}")
    other, other_user = listed_unit(district, *levels)
    officer(other_user, other)
    filed_form(user, unit, on=due)
    late = filed_form(other_user, other, on=due + dt.timedelta(days=2))
    assert late.late
    city = unit.registered_division.parent
    rows = obligations.overdue(2026, city, due + dt.timedelta(days=5))
    assert codes(rows) == [other.uscc]
    assert rows[0].filed_on == due + dt.timedelta(days=2)


def test_luoyang_municipal_units_do_not_file_003_16():
    """003 第十六条: only national and provincial list units file the form."""
    municipal, m_user = listed_unit("410305", "municipal")
    provincial, _ = listed_unit("410305", "provincial")
    assert codes(obligations.obligations(2026, unit=municipal)) == []
    assert codes(obligations.obligations(2026, unit=provincial)) == [provincial.uscc]
    with clock.frozen("2026-02-01"), pytest.raises(RuleViolation) as exc:
        dynamic.form_create(actor=m_user, unit=municipal, list_type="factory", data_year=2025)
    assert exc.value.reasons[0].code == "dynamic.filing_levels"
    assert exc.value.reasons[0].citation.startswith("003 第十六条")


def test_every_level_files_in_guangzhou_000_18():
    unit, _ = listed_unit("440106", "municipal", "provincial", "national")
    [ob] = obligations.obligations(2026, unit=unit)
    assert ob.levels == ["municipal", "national", "provincial"]


def test_a_unit_listed_this_year_files_from_next_year():
    unit, _ = listed_unit("440106", year=2026)
    assert obligations.obligations(2026, unit=unit) == []
    assert len(obligations.obligations(2027, unit=unit)) == 1


def test_guangzhou_filing_officer_must_have_attended_training_004_13():
    unit, user = listed_unit("440106")
    with clock.frozen("2026-02-01"):
        form = dynamic.form_create(actor=user, unit=unit, list_type="factory", data_year=2025)
        dynamic.form_update(actor=user, form=form, data=values())
        with pytest.raises(RuleViolation) as exc:
            dynamic.form_submit(actor=user, form=form)
        assert [r.code for r in exc.value.reasons] == ["dynamic.officer_missing"]
        assert exc.value.reasons[0].citation == "004 第十三条"
    officer(user, unit, trained_on=None)
    with clock.frozen("2026-02-01"):
        with pytest.raises(RuleViolation) as exc:
            dynamic.form_submit(actor=user, form=form)
        assert [r.code for r in exc.value.reasons] == ["dynamic.officer_training"]
    officer(user, unit, trained_on=dt.date(2026, 1, 20))
    with clock.frozen("2026-02-01"):
        form = dynamic.form_submit(actor=user, form=form)
    assert form.state == FormState.SUBMITTED
    assert form.officer_name == "王专员"


def test_xiamen_needs_no_trained_officer_002_17():
    unit, user = listed_unit("350203")
    form = filed_form(user, unit, on=dt.date(2026, 3, 1))
    assert form.state == FormState.SUBMITTED


@pytest.mark.parametrize(
    "overrides,code",
    [
        ({"energy_total": Decimal("-1")}, "dynamic.negative"),
        ({"renewable_share": Decimal("100.5")}, "dynamic.percent"),
        ({"water_reuse_rate": Decimal("130")}, "dynamic.percent"),
        ({"energy_intensity": Decimal("0.2")}, "dynamic.intensity"),
        ({"co2_intensity": Decimal("0.5")}, "dynamic.intensity"),
        ({"output_value": Decimal("0")}, "dynamic.output_value"),
        ({"co2_total": None}, "dynamic.required"),
    ],
)
def test_unit_checks_refuse_the_submission(overrides, code):
    unit, user = listed_unit("350203")
    with clock.frozen("2026-03-01"):
        form = dynamic.form_create(actor=user, unit=unit, list_type="factory", data_year=2025)
        dynamic.form_update(actor=user, form=form, data=values(**overrides))
        with pytest.raises(RuleViolation) as exc:
            dynamic.form_submit(actor=user, form=form)
    assert code in [r.code for r in exc.value.reasons]


def test_intensity_within_tolerance_passes():
    unit, user = listed_unit("350203")
    # 8000 / 50000 = 0.16; 0.164 is within 5 %
    form = filed_form(user, unit, on=dt.date(2026, 3, 1), energy_intensity=Decimal("0.164"))
    assert form.state == FormState.SUBMITTED


def test_reviewed_by_the_city_000_19_and_returned_form_is_resubmitted():
    unit, user = listed_unit("440106")
    officer(user, unit)
    form = filed_form(user, unit, on=dt.date(2026, 3, 1))
    assert form.reviewer.code == "440100"
    tianhe = district_official("440106")
    gz = city_official("440106")
    with clock.frozen("2026-03-05"):
        with pytest.raises(NotPermitted):
            dynamic.form_review(actor=tianhe, form=form, decision="accept")
        with pytest.raises(RuleViolation) as exc:
            dynamic.form_review(actor=gz, form=form, decision="return")
        assert [(r.code, r.citation) for r in exc.value.reasons] == [("review.reason_required", "")]
        form = dynamic.form_review(
            actor=gz, form=form, decision="return", note="能耗数据需附统计报表"
        )
        assert form.state == FormState.RETURNED
        form = dynamic.form_update(actor=user, form=form, data={"note": "已补充"})
        form = dynamic.form_submit(actor=user, form=form)
        assert form.first_submitted_on == dt.date(2026, 3, 1)
        form = dynamic.form_review(actor=gz, form=form, decision="check", note="现场核实能耗")
        assert form.state == FormState.ON_SITE_CHECK_REQUESTED
        assert form.checks.count() == 1
        form = dynamic.form_review(actor=gz, form=form, decision="accept", note="核查无误")
    assert form.state == FormState.ACCEPTED


def test_submitted_form_is_locked():
    unit, user = listed_unit("350203")
    form = filed_form(user, unit, on=dt.date(2026, 3, 1))
    with clock.frozen("2026-03-02"), pytest.raises(RuleViolation) as exc:
        dynamic.form_update(actor=user, form=form, data={"note": "x"})
    assert [(r.code, r.citation) for r in exc.value.reasons] == [("dynamic.locked", "")]


# --- reminders -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "district,levels,deadline",
    [
        ("440106", ("municipal",), dt.date(2026, 4, 1)),
        ("350203", ("municipal",), dt.date(2026, 3, 30)),
        ("410305", ("national",), dt.date(2026, 4, 15)),
    ],
    ids=["guangzhou-04-01", "xiamen-03-30", "luoyang-04-15"],
)
def test_reminders_30_7_and_1_days_before_the_deadline_are_sent_once(district, levels, deadline):
    unit, user = listed_unit(district, *levels, email="unit@example.com")
    for days, expected in [(30, 1), (29, 0), (7, 1), (1, 1), (0, 0)]:
        day = deadline - dt.timedelta(days=days)
        mail.outbox.clear()
        with clock.frozen(day):
            run = obligations.reminders_send(day)
            again = obligations.reminders_send(day)
        assert len(run.sent) == expected, days
        assert len(mail.outbox) == expected
        assert again.sent == [] and again.already == expected
        if expected:
            assert mail.outbox[0].to == ["unit@example.com"]
            assert deadline.isoformat() in mail.outbox[0].subject
    assert sorted(ReminderSent.objects.filter(unit=unit).values_list("days_before", flat=True)) == [
        1,
        7,
        30,
    ]


def test_reminders_command_is_idempotent_and_skips_filed_units():
    unit, user = listed_unit("350203", email="a@example.com")
    filer, filer_user = listed_unit("350203", email="b@example.com")
    filed_form(filer_user, filer, on=dt.date(2026, 2, 20))
    out = StringIO()
    call_command("reminders_send", "--today", "2026-02-28", "--json", stdout=out)
    first = json.loads(out.getvalue())
    assert [r["uscc"] for r in first["sent"]] == [unit.uscc]
    out = StringIO()
    call_command("reminders_send", "--today", "2026-02-28", "--json", stdout=out)
    second = json.loads(out.getvalue())
    assert second["sent"] == [] and second["already_sent"] == 1
    assert len(mail.outbox) == 1


def test_reminder_goes_to_the_filing_officer_too():
    unit, user = listed_unit("440106")
    officer(user, unit)
    with clock.frozen("2026-03-02"):
        run = obligations.reminders_send(dt.date(2026, 3, 2))
    assert run.sent[0].recipients == ["officer@example.com"]


# --- overdue command -----------------------------------------------------------------------------


def test_overdue_command_lists_the_jurisdictions_non_filers():
    late, _ = listed_unit("440106")
    listed_unit("350203")  # another city
    out = StringIO()
    call_command(
        "dynamic_overdue",
        "--jurisdiction",
        "guangzhou",
        "--year",
        "2026",
        "--today",
        "2026-04-02",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert [r["uscc"] for r in data["overdue"]] == [late.uscc]
    assert data["overdue"][0]["deadline"] == "2026-04-01"
    assert data["overdue"][0]["deadline_ref"] == "004 第十三条"
    out = StringIO()
    call_command(
        "dynamic_overdue",
        "--jurisdiction",
        "440100",
        "--year",
        "2026",
        "--today",
        "2026-04-01",
        stdout=out,
    )
    assert "0家" in out.getvalue()


def test_two_word_commands_are_mapped():
    from greenmfg.cli import translate_argv

    assert translate_argv(["reminders", "send", "--today", "2026-03-01"])[0] == "reminders_send"
    assert translate_argv(["dynamic", "overdue"])[0] == "dynamic_overdue"
    assert translate_argv(["spot-check", "draw"])[0] == "spot_check_draw"


# --- anomaly flags --------------------------------------------------------------------------------


def test_year_on_year_jump_is_flagged():
    unit, user = listed_unit("350203", year=2023)
    filed_form(user, unit, on=dt.date(2025, 3, 1), data_year=2024)
    form = filed_form(
        user,
        unit,
        on=dt.date(2026, 3, 1),
        energy_total=Decimal("16000"),
        energy_intensity=Decimal("0.32"),
    )
    flags = {(f.kind, f.field) for f in form.flags.all()}
    assert ("yoy", "energy_total") in flags
    assert ("yoy", "energy_intensity") in flags
    assert ("yoy", "output_value") not in flags


def test_outlier_among_peers_of_the_same_industry_is_flagged_with_enough_peers():
    forms = []
    for i in range(5):
        unit, user = listed_unit("350203", industry="3360")
        total = Decimal(8000 + 100 * i)
        forms.append(
            filed_form(
                user,
                unit,
                on=dt.date(2026, 3, 1),
                energy_total=total,
                energy_intensity=(total / Decimal(50000)).quantize(Decimal("0.000001")),
            )
        )
    assert not any(f.flags.filter(kind="peer").exists() for f in forms)
    odd, odd_user = listed_unit("350203", industry="3360")
    outlier = filed_form(
        odd_user,
        odd,
        on=dt.date(2026, 3, 2),
        energy_total=Decimal("40000"),
        energy_intensity=Decimal("0.8"),
    )
    peer = outlier.flags.filter(kind="peer", field="energy_intensity")
    assert peer.exists()
    assert "稳健Z值" in peer.first().message


def test_fewer_peers_than_the_minimum_give_no_peer_flag():
    for i in range(3):
        unit, user = listed_unit("350203", industry="3360")
        filed_form(user, unit, on=dt.date(2026, 3, 1), energy_total=Decimal(8000 + i))
    odd, odd_user = listed_unit("350203", industry="3360")
    outlier = filed_form(
        odd_user,
        odd,
        on=dt.date(2026, 3, 2),
        energy_total=Decimal("40000"),
        energy_intensity=Decimal("0.8"),
    )
    assert not outlier.flags.filter(kind="peer").exists()


def test_emissions_above_the_permit_are_flagged():
    unit, user = listed_unit("350203")
    form = filed_form(
        user,
        unit,
        on=dt.date(2026, 3, 1),
        pollutant_emissions=Decimal("25"),
        pollutant_permit_limit=Decimal("20"),
    )
    assert form.flags.filter(kind="permit").exists()


def test_energy_intensity_inconsistent_with_the_evaluation_report_is_flagged():
    from greenmfg.selection.models import EvaluationReport, ReportItem

    unit, user = listed_unit("350203")
    report = EvaluationReport.objects.create(
        unit=unit,
        list_type="factory",
        standard_code="gbt36132_2025",
        year=2025,
        state="submitted",
        eligible=True,
        submitted_on=dt.date(2025, 4, 1),
    )
    ReportItem.objects.create(report=report, indicator_code="C-01", value="0.10")
    form = filed_form(user, unit, on=dt.date(2026, 3, 1))
    [flag] = form.flags.filter(kind="report")
    assert flag.field == "energy_intensity"
    assert flag.reference == Decimal("0.10")
