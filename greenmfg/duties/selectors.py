"""Scoped reads of the duties app: courses, attendance, guidance visits, disclosures."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from greenmfg.core.vocabulary import Role
from greenmfg.duties.models import Attendance, Course, Disclosure, DisclosureState, GuidanceVisit
from greenmfg.parties.models import Organisation
from greenmfg.parties.scoping import official_path, scope_by_unit, sees_everything


def courses_for(user) -> QuerySet[Course]:
    """Courses an official may see: those held by authorities within (or above, for a
    unit's city) the official's jurisdiction; national officials see all. A unit's users
    see the courses where someone of theirs attended or that their city and province
    hold. Each with ``attendees`` counted."""
    qs = (
        Course.objects.select_related("authority__jurisdiction")
        .annotate(attendees=Count("attendances"))
        .order_by("-held_on", "title")
    )
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    path = official_path(user)
    if path:
        return qs.filter(authority__jurisdiction__path__startswith=path)
    if user.role in Role.unit_roles() and user.organisation_id:
        codes = user.organisation.registered_division.ancestor_codes
        attended = Attendance.objects.filter(unit_id=user.organisation_id).values("course_id")
        return qs.filter(Q(id__in=attended) | Q(authority__jurisdiction__code__in=codes))
    return qs.none()


def attendances_of(user, course: Course) -> QuerySet[Attendance]:
    """The attendance of ``course`` that ``user`` may see (units within scope)."""
    return scope_by_unit(
        Attendance.objects.filter(course=course).select_related("unit"), user
    ).order_by("unit__name", "person_name")


def attendances_of_unit(unit: Organisation) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(unit=unit)
        .select_related("course__authority")
        .order_by("-course__held_on")
    )


def guidance_for(user) -> QuerySet[GuidanceVisit]:
    """Guidance visits of the units the user may see."""
    return scope_by_unit(GuidanceVisit.objects.select_related("unit", "authority"), user).order_by(
        "-visited_on"
    )


def public_disclosures() -> QuerySet[Disclosure]:
    """Published disclosures (public)."""
    return Disclosure.objects.filter(state=DisclosureState.PUBLISHED).select_related("unit")


def disclosures_of_unit(unit: Organisation) -> QuerySet[Disclosure]:
    return public_disclosures().filter(unit=unit)
