"""Read-side queries of removals: proposals, fraud findings and matters reported upward,
scoped to the officials (DESIGN.md decision 4); the public read models (announcements,
removals) and what an annual publication shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from greenmfg.eligibility.models import FraudFinding
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.scoping import official_path, scope_by_unit, sees_everything
from greenmfg.supervision.changes.models import ChangeReport, ChangeState
from greenmfg.supervision.removals.models import (
    Announcement,
    Removal,
    RemovalProposal,
    UpwardReport,
)

UNIT = ("unit", "unit__registered_division")


def proposals_for(user) -> QuerySet[RemovalProposal]:
    """Removal proposals, for officials only, within their jurisdiction."""
    if not (sees_everything(user) or official_path(user)):
        return RemovalProposal.objects.none()
    return scope_by_unit(RemovalProposal.objects.select_related(*UNIT, "authority"), user)


def fraud_findings_for(user) -> QuerySet[FraudFinding]:
    """Fraud findings, for officials only, within their jurisdiction."""
    if not (sees_everything(user) or official_path(user)):
        return FraudFinding.objects.none()
    return scope_by_unit(FraudFinding.objects.select_related(*UNIT, "decided_by"), user)


def upward_for(user) -> QuerySet[UpwardReport]:
    """Matters reported to or from the official's authority."""
    qs = UpwardReport.objects.select_related(
        "unit", "listing", "from_jurisdiction", "to_jurisdiction"
    )
    if sees_everything(user):
        return qs
    if not (user.is_authenticated and user.is_official and user.authority_id):
        return qs.none()
    jid = user.authority.jurisdiction_id
    return qs.filter(Q(from_jurisdiction_id=jid) | Q(to_jurisdiction_id=jid))


# --- public ------------------------------------------------------------------------------------


def public_announcements() -> QuerySet[Announcement]:
    """Every announcement (public), newest first."""
    return Announcement.objects.select_related("jurisdiction").order_by("-published_on", "-id")


def public_removals() -> QuerySet[Removal]:
    """Every removal (public), newest first."""
    return Removal.objects.select_related("unit", "authority", "announcement").order_by(
        "-removed_on", "-id"
    )


@dataclass
class AnnouncementContent:
    """The removals and changes a list publication of one level shows."""

    removals: list[Removal]
    changes: list[ChangeReport]
    upward: list[UpwardReport]


def removals_for_announcement(
    jurisdiction: Jurisdiction, level: str, year: int
) -> AnnouncementContent:
    """The removals from ``jurisdiction``'s ``level`` lists in ``year``, the changes it
    accepted that year for units on those lists, and the matters reported to it from
    below for that level (000 第二十一条、第二十三条: 在发布年度名单时予以公告和变更).
    Three queries."""
    removals = list(
        Removal.objects.filter(
            listings__green_list__jurisdiction=jurisdiction,
            listings__level=level,
            removed_on__year=year,
        )
        .distinct()
        .select_related("unit", "announcement")
        .order_by("removed_on", "id")
    )
    changes = list(
        ChangeReport.objects.filter(
            reviewer=jurisdiction,
            state=ChangeState.ACCEPTED,
            reviewed_on__year=year,
            unit__listings__green_list__jurisdiction=jurisdiction,
            unit__listings__level=level,
        )
        .distinct()
        .select_related("unit")
        .order_by("reviewed_on", "id")
    )
    upward = list(
        UpwardReport.objects.filter(
            to_jurisdiction=jurisdiction,
            to_level=level,
            submitted_on__year=year,
        )
        .select_related("unit", "from_jurisdiction", "listing")
        .order_by("submitted_on", "id")
    )
    return AnnouncementContent(removals, changes, upward)
