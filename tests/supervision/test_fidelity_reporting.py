"""Fidelity, round two (issue 15, items 12 and 13): reporting lines and citations of
the dynamic management articles (002 第十七条—第二十条, 004 第十五条)."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.core import clock
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.supervision.changes import services as changes
from greenmfg.supervision.dynamic import services as dynamic
from tests.oversight import listed_unit, officer

pytestmark = pytest.mark.django_db


def test_xiamen_dynamic_forms_reviewed_by_the_city_cites_supervision_not_changes_002_19():
    rules = rules_for(Jurisdiction.objects.get(code="350200"), dt.date(2026, 5, 1))
    ref = rules.ref("dynamic.reviewed_by")
    assert rules.get("dynamic.reviewed_by") == "city"
    assert "第十七条" not in ref  # 第十七条 is about changes (复核确认 of a change)
    assert ref.startswith("002 第十九条")


def test_guangzhou_change_is_reported_promptly_and_explained_in_the_form_004_15():
    unit, user = listed_unit("440106", "municipal")
    officer(user, unit)
    with clock.frozen("2026-05-20"):
        form = dynamic.form_create(actor=user, unit=unit, list_type="factory", data_year=2026)
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="name",
            new_value="新名称有限公司",
            formalities_completed_on=dt.date(2026, 5, 10),
        )
    # 及时报所在区: no fixed day, not deferred to the next form's deadline …
    assert change.due_on is None and not change.late
    assert change.due_ref.startswith("004 第十五条")
    assert "及时报所在区" in change.due_ref
    # … and 在填报动态管理表时予以说明: attached to the unit's open form
    assert change.form == form


# --- item 12: Xiamen reports to the ministry and to Fujian --------------------------------


def _xm_incident(actor, unit):
    from greenmfg.supervision.incidents import services as incidents

    with clock.frozen("2026-05-10"):
        return incidents.incident_record(
            actor=actor,
            unit=unit,
            kind="safety_accident",
            occurred_on=dt.date(2026, 5, 10),
            description="车间爆燃，造成重大人员伤亡",
            source_document="应急管理部门事故认定",
        )


def test_xiamen_reports_a_major_incident_to_the_ministry_and_to_fujian_002_19():
    from greenmfg.audit.models import AuditEvent
    from greenmfg.supervision.incidents import services as incidents
    from tests.oversight import city_official

    unit, _ = listed_unit("350203", "municipal")
    inc = _xm_incident(city_official("350203"), unit)
    with clock.frozen("2026-05-10"):
        inc = incidents.incident_report(actor=city_official("350203"), incident=inc)
    assert sorted(inc.recipients.values_list("code", flat=True)) == ["000000", "350000"]
    event = AuditEvent.objects.get(action="incident.report", object_uuid=str(inc.uuid))
    assert any(c.startswith("002 第十九条") for c in event.citations)


def test_xiamen_city_forwards_an_incident_recorded_by_a_district_002_19():
    from greenmfg.audit.models import AuditEvent
    from greenmfg.supervision.incidents import services as incidents
    from tests.oversight import city_official, district_official

    unit, _ = listed_unit("350203", "municipal")
    inc = _xm_incident(district_official("350203"), unit)
    with clock.frozen("2026-05-10"):
        inc = incidents.incident_report(actor=district_official("350203"), incident=inc)
        assert list(inc.recipients.values_list("code", flat=True)) == ["350200"]
        inc = incidents.incident_forward(actor=city_official("350203"), incident=inc)
    assert sorted(inc.recipients.values_list("code", flat=True)) == [
        "000000",
        "350000",
        "350200",
    ]
    event = AuditEvent.objects.get(action="incident.forward", object_uuid=str(inc.uuid))
    assert any(c.startswith("002 第十九条") for c in event.citations)
    assert sorted(event.payload["to"]) == ["000000", "350000"]


def test_xiamen_removal_reports_national_listing_to_the_ministry_and_provincial_to_fujian_002_20():
    from greenmfg.supervision.incidents import services as incidents
    from greenmfg.supervision.removals.models import UpwardReport
    from tests.oversight import city_official

    unit, _ = listed_unit("350203", "municipal", "provincial", "national")
    inc = _xm_incident(city_official("350203"), unit)
    with clock.frozen("2026-05-11"):
        removal = incidents.immediate_removal(actor=city_official("350203"), incident=inc)
    assert removal.levels == ["municipal"]  # 及时调整市级绿色制造名单
    assert removal.citation.startswith("002 第二十条")
    sent = dict(
        UpwardReport.objects.filter(removal=removal).values_list(
            "to_level", "to_jurisdiction__code"
        )
    )
    assert sent == {"provincial": "350000", "national": "000000"}


def test_the_city_forwards_a_districts_incident_from_its_page_002_19(client):
    """The incident page offers 转报 to the city for an incident its district recorded."""
    from tests.oversight import city_official, district_official

    unit, _ = listed_unit("350203", "municipal")
    district, city = district_official("350203"), city_official("350203")
    inc = _xm_incident(district, unit)
    from greenmfg.supervision.incidents import services as incidents

    with clock.frozen("2026-05-10"):
        incidents.incident_report(actor=district, incident=inc)
    client.force_login(city)
    url = f"/oversight/incidents/{inc.uuid}/"
    assert 'data-testid="incident-forward"' in client.get(url).content.decode()
    page = client.post(f"{url}forward/", follow=True).content.decode()
    assert "已转报上级主管部门" in page
    inc.refresh_from_db()
    assert sorted(inc.recipients.values_list("code", flat=True)) == ["000000", "350000", "350200"]
