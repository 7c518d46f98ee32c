"""On-site guidance of candidates (现场指导培育, 004 第九条) and the listed units'
disclosures (000 第二十九条, 002 第二十六条, 003 第二十四条, 004 第二十条)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.duties import services as duties
from greenmfg.duties.models import Disclosure, DisclosureState, GuidanceVisit
from tests.cast import official_of
from tests.factories import OrganisationFactory, unit_user
from tests.oversight import listed_unit

pytestmark = pytest.mark.django_db

EVIDENCE = (
    __import__("pathlib").Path(__file__).parent.parent / "data" / "evidence.pdf"
).read_bytes()


def _candidate(unit, year=2026):
    return Registration.objects.create(
        unit=unit,
        jurisdiction=unit.registered_division.ancestor_at("city"),
        list_type="factory",
        year=year,
        state=RegistrationState.ACCEPTED,
        unit_name=unit.name,
        contact_name="张三",
        contact_phone="020-12345678",
        valid_from=dt.date(year, 2, 1),
        valid_until=dt.date(year + 3, 1, 31),
    )


def test_guidance_of_a_candidate_is_recorded_by_the_city_004_9():
    unit = OrganisationFactory(district="440106")
    _candidate(unit)
    city = official_of("city", "440100")
    with clock.frozen("2026-03-01"):
        visit = duties.guidance_record(
            actor=city,
            unit=unit,
            visited_on=dt.date(2026, 2, 20),
            findings="能源计量器具配备不全，建议完善能源管理体系。",
        )
    assert visit.authority.jurisdiction.code == "440100"


def test_guidance_of_a_unit_that_is_not_a_candidate_is_refused_004_9():
    unit = OrganisationFactory(district="440106")
    city = official_of("city", "440100")
    with clock.frozen("2026-03-01"), pytest.raises(RuleViolation) as exc:
        duties.guidance_record(
            actor=city,
            unit=unit,
            visited_on=dt.date(2026, 2, 20),
            findings="现场查看了生产线和能源计量。",
        )
    assert [(r.code, r.citation) for r in exc.value.reasons] == [
        ("guidance.not_candidate", "004 第九条")
    ]
    assert GuidanceVisit.objects.count() == 0


def test_guidance_outside_the_officials_jurisdiction_is_not_permitted():
    unit = OrganisationFactory(district="440106")
    _candidate(unit)
    with clock.frozen("2026-03-01"), pytest.raises(NotPermitted):
        duties.guidance_record(
            actor=official_of("city", "440300"),
            unit=unit,
            visited_on=dt.date(2026, 2, 20),
            findings="现场查看了生产线和能源计量。",
        )


def test_a_listed_unit_publishes_its_low_carbon_report_000_29(client):
    unit, user = listed_unit("440106")
    with clock.frozen("2026-05-01"):
        disclosure = duties.disclosure_publish(
            actor=user,
            kind="low_carbon_report",
            year=2025,
            title="2025年度绿色低碳发展报告",
            document=SimpleUploadedFile("r.pdf", EVIDENCE, content_type="application/pdf"),
        )
    assert disclosure.document_sha256 and disclosure.state == DisclosureState.PUBLISHED
    page = client.get("/disclosures/").content.decode()
    assert "2025年度绿色低碳发展报告" in page and unit.name in page
    response = client.get(f"/disclosures/{disclosure.uuid}/document/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == EVIDENCE


def test_a_new_disclosure_of_the_same_year_and_kind_replaces_the_old_004_20():
    unit, user = listed_unit("440106")
    with clock.frozen("2026-05-01"):
        first = duties.disclosure_publish(
            actor=user,
            kind="environmental",
            year=2025,
            title="环境信息依法披露报告",
            url="https://example.com/a",
        )
        second = duties.disclosure_publish(
            actor=user,
            kind="environmental",
            year=2025,
            title="环境信息依法披露报告（更正）",
            url="https://example.com/b",
        )
    first.refresh_from_db()
    assert first.state == DisclosureState.WITHDRAWN
    assert list(Disclosure.objects.filter(state="published")) == [second]
    with pytest.raises(TransitionConflict):
        duties.disclosure_withdraw(actor=user, disclosure=first)


def test_a_unit_not_on_any_list_cannot_publish_and_input_is_checked():
    unit = OrganisationFactory(district="440106")
    user = unit_user(unit)
    with clock.frozen("2026-05-01"), pytest.raises(RuleViolation) as exc:
        duties.disclosure_publish(actor=user, kind="other", year=2030, title="", url="ftp://x")
    assert sorted(r.code for r in exc.value.reasons) == [
        "disclosure.kind",
        "disclosure.not_listed",
        "disclosure.title",
        "disclosure.url",
        "disclosure.year",
    ]
    assert Disclosure.objects.count() == 0


def test_another_unit_cannot_withdraw_a_disclosure():
    _unit, user = listed_unit("440106")
    _other, other_user = listed_unit("440104")
    with clock.frozen("2026-05-01"):
        d = duties.disclosure_publish(
            actor=user,
            kind="environmental",
            year=2025,
            title="环境信息披露",
            url="https://example.com/a",
        )
    with pytest.raises(NotPermitted):
        duties.disclosure_withdraw(actor=other_user, disclosure=d)


def test_the_public_disclosure_list_has_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    for i in range(8):
        _unit, user = listed_unit("440106")
        with clock.frozen("2026-05-01"):
            duties.disclosure_publish(
                actor=user,
                kind="environmental",
                year=2025,
                title=f"环境信息披露{i}",
                url="https://example.com/a",
            )
    with django_assert_max_num_queries(8):
        response = client.get("/disclosures/")
    assert response.content.decode().count("环境信息披露") >= 8
