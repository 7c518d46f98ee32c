"""The yearly 企业绿码 grading run (工信厅节函〔2023〕384号; 000 第二十六条, 002 第二十六条,
004 第二十条): exact shares, no code without a proper filing (told why), stored inputs
that re-derive every code, withdrawal at removal (000 第二十一条), the command line."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from greenmfg.audit.models import AuditEvent
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.greencode.models import CodeState, GradingRun, GreenCode, RunState
from greenmfg.greencode.services import grading_run, rederive
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.services import listing_remove
from tests.greencode.support import factory_with_form

ON = dt.date(2026, 1, 12)


def national():
    return Jurisdiction.objects.get(code="000000")


def grade(year=2025, on=ON, jurisdiction=None, level="national", actor=None):
    return grading_run(
        actor=actor, jurisdiction=jurisdiction or national(), level=level, year=year, on=on
    )


@pytest.mark.django_db
def test_twenty_national_factories_get_1_a_plus_7_a_12_b_384():
    for i in range(20):
        factory_with_form(str(1 + i))
    run = grade()
    assert run.counts == {"A+": 1, "A": 7, "B": 12, "none": 0, "not_linked": 0}
    best = GreenCode.objects.get(run=run, grade="A+")
    assert best.form.energy_intensity == 1
    assert GreenCode.objects.filter(run=run).count() == 20


@pytest.mark.django_db
def test_units_without_a_proper_form_get_no_code_and_the_reason_384():
    for i in range(5):
        factory_with_form(str(1 + i))
    _u, late, _f = factory_with_form("1", submitted=dt.date(2025, 4, 16), name="逾期单位")
    _u, odd, _f = factory_with_form("1", anomalous=True, name="异常单位")
    _u, pending, _f = factory_with_form("1", state="submitted", name="待审单位")
    _u, sparse, _f = factory_with_form(
        None, co2_intensity=None, water_intensity=None, renewable_share=None, name="指标不全单位"
    )
    from greenmfg.register.models import Listing

    imported = Listing.objects.create(
        green_list=late.green_list,
        unit_name="历史名单单位",
        list_type="factory",
        level="national",
        year=2024,
    )
    from tests.factories import OrganisationFactory
    from tests.oversight import list_unit

    silent = list_unit(OrganisationFactory(name="未填报单位"), "national", year=2024)
    run = grade()
    reasons = {u.listing_id: u.reason for u in run.ungraded.all()}
    assert reasons == {
        late.pk: "late",
        odd.pk: "anomalous",
        pending.pk: "not_accepted",
        sparse.pk: "too_few_indicators",
        imported.pk: "not_linked",
        silent.pk: "no_form",
    }
    assert run.counts["none"] == 5 and run.counts["not_linked"] == 1
    assert not GreenCode.objects.filter(listing__in=[late, odd, pending, sparse, silent]).exists()


@pytest.mark.django_db
def test_every_code_re_derives_from_its_stored_inputs_and_method_version():
    for i in range(12):
        factory_with_form(str(i % 4 + 1), renewable_share=str(i * 3))
    run = grade()
    assert run.method_version == "gc-1"
    assert run.parameters["shares"] == {"A+": 5, "A": 35, "B": 60}
    assert "384号" in run.parameters["refs"]["green_code.grade_shares"]
    assert rederive(run) == []
    # a tampered input no longer re-derives
    code = GreenCode.objects.filter(run=run).order_by("-rank").first()
    code.inputs["values"]["energy_intensity"] = "0.0001"
    code.inputs["values"]["renewable_share"] = "99"
    code.save()
    assert rederive(run) != []


@pytest.mark.django_db
def test_a_run_before_the_dynamic_form_deadline_is_refused_13_16():
    factory_with_form("1")
    with pytest.raises(RuleViolation) as err:
        grade(year=2026, on=dt.date(2026, 1, 12))
    assert [r.code for r in err.value.reasons] == ["green_code.before_deadline"]


@pytest.mark.django_db
def test_a_provincial_pilot_runs_only_where_the_ruleset_enables_it_384():
    factory_with_form("1", level="provincial")
    factory_with_form("2", level="provincial")
    run = grade(jurisdiction=Jurisdiction.objects.get(code="440000"), level="provincial")
    assert run.counts["A+"] + run.counts["A"] + run.counts["B"] == 2
    with pytest.raises(RuleViolation) as err:
        grade(jurisdiction=Jurisdiction.objects.get(code="410000"), level="provincial")
    assert "green_code.not_enabled" in [r.code for r in err.value.reasons]


@pytest.mark.django_db
def test_a_city_official_may_not_grade(cast):
    factory_with_form("1")
    with pytest.raises(NotPermitted):
        grade(actor=cast.guangzhou)


@pytest.mark.django_db
def test_a_new_run_supersedes_the_earlier_codes_and_both_are_audited():
    factory_with_form("1")
    first = grade()
    second = grade(on=dt.date(2026, 1, 13))
    first.refresh_from_db()
    assert first.state == RunState.SUPERSEDED
    assert set(first.codes.values_list("state", flat=True)) == {CodeState.SUPERSEDED}
    assert set(second.codes.values_list("state", flat=True)) == {CodeState.VALID}
    actions = list(
        AuditEvent.objects.filter(action__startswith="green_code.").values_list("action", flat=True)
    )
    assert actions.count("green_code.grade") == 2 and actions.count("green_code.supersede") == 1


@pytest.mark.django_db
def test_removing_the_listing_withdraws_its_code_000_21():
    _unit, listing, _f = factory_with_form("1")
    factory_with_form("2")
    run = grade()
    listing_remove(actor=None, listing=listing, on=dt.date(2026, 1, 20), reason="移出")
    code = GreenCode.objects.get(run=run, listing=listing)
    assert code.state == CodeState.WITHDRAWN and code.ended_on == dt.date(2026, 1, 20)
    assert AuditEvent.objects.filter(
        action="green_code.withdraw", object_uuid=str(code.uuid)
    ).exists()
    other = GreenCode.objects.exclude(pk=code.pk).get(run=run)
    assert other.state == CodeState.VALID


@pytest.mark.django_db
def test_the_command_runs_a_background_job_and_prints_counts_and_reasons():
    for i in range(3):
        factory_with_form(str(i + 1))
    factory_with_form("1", submitted=dt.date(2025, 5, 1), name="逾期单位")
    out = StringIO()
    call_command("green_code_grade", jurisdiction="000000", year=2025, json=True, stdout=out)
    data = json.loads(out.getvalue())
    # 3 graded units: A+ cut round(0.15) = 0, A cut round(1.2) = 1
    assert data["counts"] == {"A+": 0, "A": 1, "B": 2, "none": 1, "not_linked": 0}
    assert [(u["unit"], u["reason"]) for u in data["ungraded"]] == [("逾期单位", "late")]
    run = GradingRun.objects.get(uuid=data["run"])
    assert run.job is not None and run.job.kind == "green_code_grade"
    text = StringIO()
    call_command("green_code_grade", jurisdiction="000000", year=2025, stdout=text)
    assert "逾期单位" in text.getvalue() and "A+\t0" in text.getvalue()


@pytest.mark.django_db
def test_a_national_official_queues_a_run_from_the_web_as_a_background_job(
    client, cast, django_capture_on_commit_callbacks
):
    factory_with_form("1")
    client.force_login(cast.national)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/green-code/grade/", {"jurisdiction": "000000", "year": "2025"})
    assert resp.status_code == 302
    run = GradingRun.objects.get()
    assert run.job.kind == "green_code_grade"
    from greenmfg.jobs.models import Job

    job = Job.objects.get(kind="green_code_grade")
    assert job.state == "done" and job.result["run"] == str(run.uuid)
    assert AuditEvent.objects.get(action="green_code.grade").actor_label != "system"


@pytest.mark.django_db
def test_the_web_refuses_a_city_official_and_a_run_before_the_deadline(client, cast):
    client.force_login(cast.guangzhou)
    assert (
        client.post("/green-code/grade/", {"jurisdiction": "000000", "year": "2025"}).status_code
        == 403
    )
    client.force_login(cast.national)
    resp = client.post(
        "/green-code/grade/", {"jurisdiction": "000000", "year": "2026"}, follow=True
    )
    assert "填报截止日" in resp.content.decode()
    assert not GradingRun.objects.exists()
