"""Services of the duties app: courses and attendance (培训), on-site guidance
(现场指导培育) and disclosures (信息披露). Each checks who acts (``require``), what the
texts require, writes the change and its audit event in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, Reason
from greenmfg.core.uploads import check_upload, stored_name
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.duties.models import (
    DISCLOSURE_TRANSITIONS,
    TRAINING_ARTICLES,
    Attendance,
    Course,
    Disclosure,
    DisclosureKind,
    DisclosureState,
    GuidanceVisit,
)
from greenmfg.parties.models import Organisation
from greenmfg.parties.permissions import require
from greenmfg.parties.scoping import can_see_unit
from greenmfg.register.models import Listing, ListingStatus

#: 004 第九条: the city 适时组织现场指导培育 of its candidates
GUIDANCE_ARTICLE = "004 第九条"
#: the listed units' disclosures, per source text
DISCLOSURE_ARTICLES = ("000 第二十九条", "002 第二十六条", "003 第二十四条", "004 第二十条")
#: the earliest year anything is recorded for
FIRST_YEAR = 2016


def _text(value, limit: int) -> str:
    return str(value or "").strip()[:limit] if value is not None else ""


def _check_date(d: Decision, code: str, value, label, *, future_ok: bool = False) -> None:
    today = clock.today()
    if not isinstance(value, dt.date):
        d.refuse(code, _("请填写{field}"), field=label)
    elif value.year < FIRST_YEAR or (not future_ok and value > today):
        d.refuse(
            code,
            _("{field}应在{first}年至今天之间"),
            field=label,
            first=FIRST_YEAR,
        )
    elif value.year > today.year + 1:
        d.refuse(code, _("{field}不能晚于明年"), field=label)


# --- training (绿色制造培训) -----------------------------------------------------------------


@transaction.atomic
def course_create(
    *,
    actor,
    title: str,
    held_on: dt.date,
    place: str = "",
    topics: str = "",
    for_filing_officers: bool = False,
) -> Course:
    """An official's authority records a course it holds (planned or held). In: the
    title, the day (a date from 2016 to next year), place, topics, whether it trains the
    dynamic-form filing officers (004 第十三条). Out: the course. Raises NotPermitted
    (not an official), RuleViolation (``course.title``, ``course.held_on``). Articles:
    000 第二十六条, 002 第二十三条, 003 第二十二条, 004 第十七条."""
    require(actor, "duties.hold_course")
    d = Decision()
    title = _text(title, 120)
    if len(title) < 2:
        d.refuse("course.title", _("请填写培训名称"))
    _check_date(d, "course.held_on", held_on, _("培训日期"), future_ok=True)
    d.raise_if_refused()
    course = Course.objects.create(
        authority=actor.authority,
        title=title,
        held_on=held_on,
        place=_text(place, 120),
        topics=_text(topics, 2000),
        for_filing_officers=bool(for_filing_officers),
        created_by=actor,
    )
    record_event(
        actor=actor,
        action="training.course",
        obj=course,
        citations=list(TRAINING_ARTICLES),
        payload={"held_on": held_on.isoformat(), "for_filing_officers": course.for_filing_officers},
    )
    return course


@transaction.atomic
def attendance_record(*, actor, course: Course, unit: Organisation, person_name: str) -> Attendance:
    """The course's authority records that ``person_name`` of ``unit`` attended. Only
    after the course was held, only for units within the authority's jurisdiction, once
    per person. Raises NotPermitted, RuleViolation (``attendance.*``)."""
    require(actor, "duties.record_attendance", course)
    d = Decision()
    name = _text(person_name, 60)
    if len(name) < 2:
        d.refuse("attendance.person_name", _("请填写参训人员姓名"))
    if course.held_on > clock.today():
        d.refuse("attendance.not_held", _("培训尚未举办，不能登记参训"))
    if not can_see_unit(actor, unit):
        d.refuse("attendance.unit_scope", _("只能登记本辖区单位的参训人员"))
    if name and Attendance.objects.filter(course=course, unit=unit, person_name=name).exists():
        d.refuse("attendance.duplicate", _("{name}的参训已经登记"), name=name)
    d.raise_if_refused()
    attendance = Attendance.objects.create(
        course=course, unit=unit, person_name=name, recorded_by=actor
    )
    record_event(
        actor=actor,
        action="training.attendance",
        obj=attendance,
        citations=["004 第十三条"] if course.for_filing_officers else list(TRAINING_ARTICLES),
        payload={"course": str(course.uuid), "unit": str(unit.uuid)},
    )
    return attendance


def officer_attended(unit: Organisation, person_name: str, on: dt.date) -> Attendance | None:
    """The attendance that proves ``person_name`` of ``unit`` attended, by ``on``, a
    filing-officer course held by the authority of the unit's city (004 第十三条:
    专员须参加市工业和信息化局组织的相关培训), or None."""
    city = unit.registered_division.ancestor_at("city")
    if city is None:
        return None
    return (
        Attendance.objects.filter(
            unit=unit,
            person_name=person_name.strip(),
            course__for_filing_officers=True,
            course__held_on__lte=on,
            course__authority__jurisdiction=city,
        )
        .select_related("course")
        .order_by("-course__held_on")
        .first()
    )


# --- on-site guidance (现场指导培育) -------------------------------------------------------


def is_candidate(unit: Organisation, on: dt.date) -> bool:
    """Whether ``unit`` is a pool candidate (培育对象) of any list type on ``on``."""
    return any(
        reg.is_candidate_on(on)
        for reg in Registration.objects.filter(unit=unit, state=RegistrationState.ACCEPTED)
    )


@transaction.atomic
def guidance_record(
    *, actor, unit: Organisation, visited_on: dt.date, findings: str, participants: str = ""
) -> GuidanceVisit:
    """The official's authority records an on-site guidance visit of a candidate
    (004 第九条). In: the unit (a candidate on the day, within the official's
    jurisdiction), the day (not in the future), the findings (≥ 10 characters).
    Raises NotPermitted, RuleViolation (``guidance.*``)."""
    require(actor, "duties.record_guidance", unit)
    d = Decision()
    findings = _text(findings, 4000)
    _check_date(d, "guidance.visited_on", visited_on, _("指导日期"))
    if len(findings) < 10:
        d.refuse("guidance.findings", _("请填写指导意见（至少10个字）"))
    if isinstance(visited_on, dt.date) and not is_candidate(unit, visited_on):
        d.refuse(
            "guidance.not_candidate",
            _("{unit}在{day}不是培育对象：现场指导培育面向培育对象"),
            GUIDANCE_ARTICLE,
            unit=unit.name,
            day=visited_on.isoformat() if isinstance(visited_on, dt.date) else "",
        )
    d.raise_if_refused()
    visit = GuidanceVisit.objects.create(
        unit=unit,
        authority=actor.authority,
        visited_on=visited_on,
        participants=_text(participants, 200),
        findings=findings,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action="guidance.record",
        obj=visit,
        citations=[GUIDANCE_ARTICLE],
        payload={"unit": str(unit.uuid), "visited_on": visited_on.isoformat()},
    )
    return visit


# --- disclosures (信息披露) ---------------------------------------------------------------


def is_listed(unit: Organisation) -> bool:
    """Whether ``unit`` has an active listing on any green list."""
    return Listing.objects.filter(unit=unit, status=ListingStatus.ACTIVE).exists()


@transaction.atomic
def disclosure_publish(
    *,
    actor,
    kind: str,
    year: int,
    title: str,
    url: str = "",
    document=None,
) -> Disclosure:
    """A listed unit publishes its 绿色低碳发展报告 or environmental disclosure of
    ``year`` on its public page (000 第二十九条; 002 第二十六条; 003 第二十四条; 004 第二十条).
    In: the kind, the year (2016 to this year), a title, the address where it is
    published and/or a PDF (checked like every upload). One published disclosure per
    kind and year: a new one replaces the old (withdrawn). Raises NotPermitted (not a
    unit user), RuleViolation (``disclosure.*``)."""
    require(actor, "duties.publish_disclosure")
    unit = actor.organisation
    today = clock.today()
    d = Decision()
    if kind not in DisclosureKind.values:
        d.refuse("disclosure.kind", _("请选择披露类别"))
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not FIRST_YEAR <= year <= today.year:
        d.refuse(
            "disclosure.year",
            _("年度应在{first}年至{last}年之间"),
            first=FIRST_YEAR,
            last=today.year,
        )
    title = _text(title, 200)
    if len(title) < 4:
        d.refuse("disclosure.title", _("请填写标题"))
    url = _text(url, 500)
    if url and not url.startswith(("https://", "http://")):
        d.refuse("disclosure.url", _("公开网址应以 https:// 或 http:// 开头"))
    if not url and document is None:
        d.refuse("disclosure.source", _("请填写公开网址或上传报告文件"))
    if not is_listed(unit):
        d.add(
            Reason(
                "disclosure.not_listed",
                _("只有绿色制造名单单位发布信息披露"),
                DISCLOSURE_ARTICLES[0],
            )
        )
    d.raise_if_refused()
    sha = ""
    stored = None
    if document is not None:
        ctype, sha = check_upload(document)
        document.seek(0)
        stored = ContentFile(document.read(), name=stored_name(ctype, sha))
    for old in Disclosure.objects.filter(
        unit=unit, kind=kind, year=year, state=DisclosureState.PUBLISHED
    ):
        disclosure_withdraw(actor=actor, disclosure=old, reason=_("由新的披露替代"))
    disclosure = Disclosure(
        unit=unit,
        kind=kind,
        year=year,
        title=title,
        url=url,
        document_sha256=sha,
        published_on=today,
        published_by=actor,
    )
    if stored is not None:
        disclosure.document.save(stored.name, stored, save=False)
    disclosure.save()
    record_event(
        actor=actor,
        action="disclosure.publish",
        obj=disclosure,
        to_state=DisclosureState.PUBLISHED,
        citations=list(DISCLOSURE_ARTICLES),
        payload={"kind": kind, "year": year, "sha256": sha},
    )
    return disclosure


@transaction.atomic
def disclosure_withdraw(*, actor, disclosure: Disclosure, reason: str = "") -> Disclosure:
    """The unit withdraws a disclosure from its public page (a transition, audited).
    Raises NotPermitted, TransitionConflict (already withdrawn)."""
    require(actor, "duties.withdraw_disclosure", disclosure)
    disclosure = lock(Disclosure, pk=disclosure.pk)
    return apply_transition(
        disclosure,
        to=DisclosureState.WITHDRAWN,
        actor=actor,
        action="disclosure.withdraw",
        allowed=DISCLOSURE_TRANSITIONS,
        reason=str(reason or ""),
        citations=list(DISCLOSURE_ARTICLES),
    )
