"""Read-side queries of selection and the pool, always scoped to the user
(DESIGN.md decision 4), and the inbox (待办) of each role."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import Role
from greenmfg.expert_review.guards import assigned_reports
from greenmfg.parties.scoping import scope_by_unit, sees_everything
from greenmfg.register.models import Listing, ListingStatus
from greenmfg.selection.models import (
    Application,
    ApplicationState,
    Campaign,
    EvaluationReport,
    Evidence,
    Objection,
    ObjectionState,
    PublicNotice,
)


def reports_for(user) -> QuerySet[EvaluationReport]:
    """Evaluation reports the user may see (agencies: the ones they wrote)."""
    qs = EvaluationReport.objects.select_related("unit", "unit__registered_division", "agency")
    if user.is_authenticated and user.role == Role.AGENCY:
        return qs.filter(agency_id=user.organisation_id) if user.organisation_id else qs.none()
    if user.is_authenticated and user.role == Role.EXPERT:  # the reports they were assigned
        return qs.filter(pk__in=assigned_reports(user))
    return scope_by_unit(qs, user)


def evidence_for(user) -> QuerySet[Evidence]:
    """Evidence files of the reports the user may see."""
    return Evidence.objects.filter(report__in=reports_for(user)).select_related("report")


def applications_for(user) -> QuerySet[Application]:
    """Applications the user may see."""
    qs = Application.objects.select_related(
        "unit",
        "unit__registered_division",
        "campaign",
        "campaign__jurisdiction",
        "report",
        "source_listing",
        "recommended_by",
    )
    return scope_by_unit(qs, user)


def recommendable_listings(user) -> QuerySet:
    """Active listings, with a known unit, on the lists the user's own authority
    published: what a city (or province) official may recommend upward."""
    if (
        not user.is_authenticated
        or not user.authority_id
        or user.role not in (Role.CITY, Role.PROVINCE)
    ):
        return Listing.objects.none()
    return Listing.objects.filter(
        green_list__jurisdiction_id=user.authority.jurisdiction_id,
        status=ListingStatus.ACTIVE,
        unit__isnull=False,
    ).select_related("unit", "unit__registered_division", "green_list", "region")


def campaigns_for(user) -> QuerySet[Campaign]:
    """Campaigns an official may manage or follow: its own jurisdiction's, and those
    above or below it; units see the campaigns of their region."""
    qs = Campaign.objects.select_related("jurisdiction")
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    # officials, and the departments they consult; an authority's auditor reads the
    # audit record, not the campaigns (access matrix)
    if user.authority_id and (user.is_official or user.role == Role.DEPARTMENT):
        path = user.authority.jurisdiction.path
        codes = [c for c in path.strip("/").split("/") if c]
        return qs.filter(Q(jurisdiction__path__startswith=path) | Q(jurisdiction__code__in=codes))
    if user.organisation_id:
        codes = user.organisation.registered_division.ancestor_codes
        return qs.filter(jurisdiction__code__in=codes)
    return qs.none()


def objections_for(user) -> QuerySet[Objection]:
    """Objections (with the objector's identity) only for officials of the notice's
    jurisdiction, or national officials and administrators."""
    qs = Objection.objects.select_related(
        "notice", "notice__campaign", "application", "application__unit"
    )
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    if user.role in (Role.CITY, Role.PROVINCE) and user.authority_id:
        return qs.filter(notice__campaign__jurisdiction_id=user.authority.jurisdiction_id)
    return qs.none()


def public_notices() -> QuerySet[PublicNotice]:
    """Every public notice, newest first (public pages, no sign-in)."""
    return PublicNotice.objects.select_related("campaign", "campaign__jurisdiction").order_by(
        "-first_day"
    )


def inbox_items(user, limit: int = 200) -> list[InboxItem]:
    """待办 of selection: units — their draft and returned applications; officials —
    applications whose pending review step their role performs (``pending_role``, set
    by the services from the ruleset's steps) and open objections of their notices.
    One query per kind."""
    if user.role in Role.unit_roles():
        apps = applications_for(user).filter(state__in=ApplicationState.unit_todo_states())
        objections = Objection.objects.none()
    elif user.role in Role.official_roles():
        apps = applications_for(user).filter(pending_role=user.role)
        objections = objections_for(user).filter(state=ObjectionState.OPEN)
    else:
        return []
    items = [
        InboxItem(
            "application",
            str(a),
            "application_detail",
            str(a.uuid),
            a.get_state_display(),
            a.updated_at,
            api_name="api-applications-detail",
        )
        for a in apps.order_by("updated_at")[:limit]
    ]
    items += [
        InboxItem(
            "objection",
            str(o),
            "objection_detail",
            str(o.uuid),
            o.get_state_display(),
            o.created_at,
            api_name="api-objections-detail",
        )
        for o in objections.order_by("created_at")[:limit]
    ]
    return items
