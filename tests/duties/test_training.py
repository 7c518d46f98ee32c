"""Training (绿色制造培训: 000 第二十六条, 002 第二十三条, 003 第二十二条, 004 第十三条,
第十七条): courses held by an authority, attendance recorded by it; Guangzhou's filing
officer must have attended a course of the city — the unit's own statement is no proof."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.audit.models import AuditEvent
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.duties import services as duties
from greenmfg.duties.models import Attendance, Course
from greenmfg.supervision.dynamic import services as dynamic
from greenmfg.supervision.models import FormState
from tests.cast import official_of
from tests.oversight import attend, listed_unit, values

pytestmark = pytest.mark.django_db


def _course(official, held_on=dt.date(2026, 1, 10), **kw):
    with clock.frozen(held_on):
        return duties.course_create(
            actor=official,
            title="绿色制造专员培训",
            held_on=held_on,
            for_filing_officers=True,
            **kw,
        )


def test_guangzhou_officer_declared_trained_is_refused_without_the_citys_record_004_13():
    unit, user = listed_unit("440106")
    with clock.frozen("2026-02-01"):
        dynamic.filing_officer_set(
            actor=user, unit=unit, name="王专员", trained_on=dt.date(2026, 1, 20), training="自学"
        )
        form = dynamic.form_create(actor=user, unit=unit, list_type="factory", data_year=2025)
        dynamic.form_update(actor=user, form=form, data=values())
        with pytest.raises(RuleViolation) as exc:
            dynamic.form_submit(actor=user, form=form)
    assert [(r.code, r.citation) for r in exc.value.reasons] == [
        ("dynamic.officer_training", "004 第十三条")
    ]
    attend(official_of("city", "440100"), unit, "王专员", dt.date(2026, 1, 20))
    with clock.frozen("2026-02-01"):
        assert dynamic.form_submit(actor=user, form=form).state == FormState.SUBMITTED


def test_a_course_of_another_city_or_for_other_people_does_not_count_004_13():
    unit, user = listed_unit("440106")
    with clock.frozen("2026-02-01"):
        dynamic.filing_officer_set(actor=user, unit=unit, name="王专员")
    # the province's course is not the city's (市工业和信息化局组织的相关培训)
    province = official_of("province", "440000")
    course = _course(province)
    with clock.frozen("2026-01-20"):
        duties.attendance_record(actor=province, course=course, unit=unit, person_name="王专员")
    # the city's general course is not the filing officers' course
    city = official_of("city", "440100")
    with clock.frozen("2026-01-10"):
        general = duties.course_create(
            actor=city, title="绿色制造政策宣讲", held_on=dt.date(2026, 1, 10)
        )
    with clock.frozen("2026-01-20"):
        duties.attendance_record(actor=city, course=general, unit=unit, person_name="王专员")
        # another person of the unit attended the right course
        right = _course(city)
        duties.attendance_record(actor=city, course=right, unit=unit, person_name="李四")
    assert duties.officer_attended(unit, "王专员", dt.date(2026, 2, 1)) is None
    assert duties.officer_attended(unit, "李四", dt.date(2026, 2, 1)).course == right


def test_only_the_courses_authority_records_attendance_and_only_after_it_was_held():
    unit, _user = listed_unit("440106")
    city = official_of("city", "440100")
    with clock.frozen("2026-01-05"):
        course = duties.course_create(
            actor=city, title="专员培训", held_on=dt.date(2026, 1, 10), for_filing_officers=True
        )
        with pytest.raises(RuleViolation) as exc:
            duties.attendance_record(actor=city, course=course, unit=unit, person_name="王专员")
    assert [r.code for r in exc.value.reasons] == ["attendance.not_held"]
    with clock.frozen("2026-01-11"), pytest.raises(NotPermitted):
        duties.attendance_record(
            actor=official_of("city", "440300"), course=course, unit=unit, person_name="王专员"
        )
    with clock.frozen("2026-01-11"):
        duties.attendance_record(actor=city, course=course, unit=unit, person_name="王专员")
        with pytest.raises(RuleViolation) as exc:
            duties.attendance_record(actor=city, course=course, unit=unit, person_name="王专员")
    assert [r.code for r in exc.value.reasons] == ["attendance.duplicate"]
    assert Attendance.objects.count() == 1
    assert AuditEvent.objects.filter(action="training.attendance").count() == 1
    assert AuditEvent.objects.filter(action="training.course").count() == 1


def test_a_city_cannot_record_attendance_of_a_unit_outside_it():
    city = official_of("city", "440300")  # Shenzhen
    course = _course(city)
    unit, _user = listed_unit("440106")  # Guangzhou
    with clock.frozen("2026-01-11"), pytest.raises(RuleViolation) as exc:
        duties.attendance_record(actor=city, course=course, unit=unit, person_name="王专员")
    assert [r.code for r in exc.value.reasons] == ["attendance.unit_scope"]


def test_a_unit_cannot_hold_a_course_000_26(cast):
    with pytest.raises(NotPermitted):
        duties.course_create(actor=cast.enterprise_user, title="培训", held_on=dt.date(2026, 1, 10))
    assert Course.objects.count() == 0


def test_training_pages_record_a_course_and_its_attendance_in_chinese(client):
    unit, _user = listed_unit("440106")
    city = official_of("city", "440100")
    client.force_login(city)
    response = client.post(
        "/training/",
        {
            "title": "2026年动态管理填报专员培训",
            "held_on": "2026-01-10",
            "for_filing_officers": "on",
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/training/{course.uuid}/"
    response = client.post(
        f"/training/{course.uuid}/", {"uscc": unit.uscc, "person_name": "王专员"}, follow=True
    )
    assert "参训已登记" in response.content.decode()
    assert "王专员" in response.content.decode()
    assert duties.officer_attended(unit, "王专员", dt.date(2026, 2, 1)) is not None


def test_the_training_list_has_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    city = official_of("city", "440100")
    for i in range(12):
        _course(city, held_on=dt.date(2026, 1, 1 + i))
    client.force_login(city)
    with django_assert_max_num_queries(15):
        response = client.get("/training/")
    assert response.status_code == 200
    assert response.content.decode().count("/training/") >= 12


def test_a_unit_sees_its_citys_courses_and_its_attendance_not_another_citys(client):
    unit, user = listed_unit("440106")
    attend(official_of("city", "440100"), unit, "王专员", dt.date(2026, 1, 20))
    with clock.frozen("2026-01-10"):
        duties.course_create(
            actor=official_of("city", "440300"), title="深圳市培训", held_on=dt.date(2026, 1, 10)
        )
    client.force_login(user)
    page = client.get("/training/").content.decode()
    assert "动态管理填报专员培训" in page and "深圳市培训" not in page
    assert 'data-testid="own-attendance"' in page
