"""Scoped reads of consultations and opinions."""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.parties.models import Role
from greenmfg.recommendation.models import Consultation, Opinion


def consultations_for(user) -> QuerySet[Consultation]:
    """Consultations the user may see: the consulting authority's officials see those
    they opened; a department user those addressed to its department; national
    officials and administrators all."""
    qs = Consultation.objects.select_related("authority", "authority__jurisdiction", "campaign")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser or user.role in (Role.NATIONAL, Role.ADMIN):
        return qs
    if user.role == Role.DEPARTMENT:
        return qs.filter(authority_id=user.authority_id, department=user.department)
    if user.is_official and user.authority_id:  # not an authority's auditor
        return qs.filter(authority_id=user.authority_id)
    return qs.none()


def opinions_for(user) -> QuerySet[Opinion]:
    return Opinion.objects.filter(consultation__in=consultations_for(user)).select_related(
        "unit", "unit__registered_division", "consultation"
    )
