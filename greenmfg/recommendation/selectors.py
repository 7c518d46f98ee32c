"""Scoped reads of recommendation upward: the listings an official may recommend into a
campaign, consultations and opinions."""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import Role
from greenmfg.recommendation.models import Consultation, Opinion, OpinionKind
from greenmfg.recommendation.services import LOWER_LEVEL
from greenmfg.selection.models import Application, Campaign, CampaignState
from greenmfg.selection.selectors import recommendable_listings


def recommendable_into(user, campaign: Campaign, limit: int = 500) -> list:
    """The listings of ``user``'s own lists (``recommendable_listings``: scoped to the
    lists its authority published) that may still be recommended into ``campaign``:
    of the level below it, units within its jurisdiction, not yet recommended into it.
    Empty unless the campaign is open and has a level below it."""
    lower = LOWER_LEVEL.get(campaign.level)
    if lower is None or campaign.state != CampaignState.OPEN:
        return []
    already = set(
        Application.objects.filter(campaign=campaign, source_listing__isnull=False).values_list(
            "source_listing_id", flat=True
        )
    )
    return [
        lst
        for lst in recommendable_listings(user).filter(level=lower)[:limit]
        if lst.id not in already and campaign.jurisdiction.contains(lst.unit.registered_division)
    ]


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


def inbox_items(user, limit: int = 200) -> list[InboxItem]:
    """待办 of the consultations (004 第十一条): a consulted department — the opinions it
    has not given yet, due on the consultation's ``due_on``; an official of the consulting
    authority — the departments' objections (有意见) not yet resolved, which hold the
    unit back until it records how they were resolved. One query per kind."""
    if user.role == Role.DEPARTMENT:
        rows = opinions_for(user).filter(kind=OpinionKind.PENDING)
        kind = "opinion"
    elif user.is_official and user.authority_id:
        rows = Opinion.objects.filter(
            consultation__authority_id=user.authority_id,
            kind=OpinionKind.OBJECTION,
            resolved=False,
        ).select_related("unit", "consultation")
        kind = "opinion_objection"
    else:
        return []
    return [
        InboxItem(
            kind,
            f"{o.consultation.department} · {o.unit}",
            "consultation_detail",
            str(o.consultation.uuid),
            o.get_kind_display(),
            o.created_at,
            due_on=o.consultation.due_on if kind == "opinion" else None,
        )
        for o in rows.order_by("created_at")[:limit]
    ]
