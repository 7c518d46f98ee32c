"""Read-side queries of selection and the pool, always scoped to the user
(DESIGN.md decision 4), and the inbox (待办) of each role."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.parties.models import Role
from greenmfg.parties.scoping import scope_by_unit, sees_everything
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


def registrations_for(user) -> QuerySet[Registration]:
    """Registrations the user may see."""
    qs = Registration.objects.select_related("unit", "unit__registered_division", "jurisdiction")
    return scope_by_unit(qs, user)


def reports_for(user) -> QuerySet[EvaluationReport]:
    """Evaluation reports the user may see (agencies: the ones they wrote)."""
    qs = EvaluationReport.objects.select_related("unit", "unit__registered_division", "agency")
    if user.is_authenticated and user.role == Role.AGENCY:
        return qs.filter(agency_id=user.organisation_id) if user.organisation_id else qs.none()
    if user.is_authenticated and user.role == Role.EXPERT:  # the reports they were assigned
        from greenmfg.expert_review.selectors import assigned_reports

        return qs.filter(pk__in=assigned_reports(user))
    return scope_by_unit(qs, user)


def evidence_for(user) -> QuerySet[Evidence]:
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
    from greenmfg.register.models import Listing, ListingStatus

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
    return PublicNotice.objects.select_related("campaign", "campaign__jurisdiction").order_by(
        "-first_day"
    )


@dataclass
class InboxItem:
    """One thing waiting for the user: what, which object, why."""

    kind: str
    label: str
    url_name: str
    uuid: str
    state: str
    since: object


def _item(kind: str, url_name: str, obj, since) -> InboxItem:
    return InboxItem(kind, str(obj), url_name, str(obj.uuid), obj.get_state_display(), since)


def inbox_for(user, limit: int = 200) -> list[InboxItem]:
    """待办: what waits for this user's role, within its scope, oldest first.

    Officials: registrations and applications whose pending review step is performed
    by their role (``pending_role``, set by the services from the ruleset's steps),
    open objections of their notices. Units: drafts and returned forms. A bounded
    number of queries whatever the row count.
    """
    if not user.is_authenticated:
        return []
    role = user.role
    if role in (Role.ENTERPRISE, Role.PARK):
        regs = registrations_for(user).filter(
            state__in=[RegistrationState.DRAFT, RegistrationState.RETURNED]
        )
        apps = applications_for(user).filter(
            state__in=[ApplicationState.DRAFT, ApplicationState.RETURNED]
        )
        objections = Objection.objects.none()
    elif role in (Role.DISTRICT, Role.CITY, Role.PROVINCE, Role.NATIONAL):
        regs = registrations_for(user).filter(pending_role=role)
        apps = applications_for(user).filter(pending_role=role)
        objections = objections_for(user).filter(state=ObjectionState.OPEN)
    elif role == Role.EXPERT:
        from greenmfg.expert_review.models import ExpertAssignment

        pending = ExpertAssignment.objects.filter(expert=user, state="assigned").select_related(
            "application__unit"
        )
        return [
            InboxItem(
                "expert",
                str(a.application.unit),
                "expert_assignment_detail",
                str(a.uuid),
                a.get_state_display(),
                a.created_at,
            )
            for a in pending.order_by("created_at")[:limit]
        ]
    elif role == Role.DEPARTMENT:
        from greenmfg.recommendation.selectors import opinions_for

        return [
            InboxItem(
                "opinion",
                f"{o.consultation.department} · {o.unit}",
                "consultation_detail",
                str(o.consultation.uuid),
                o.get_kind_display(),
                o.created_at,
            )
            for o in opinions_for(user).filter(kind="pending").order_by("created_at")[:limit]
        ]
    elif role == Role.AGENCY:
        from greenmfg.agencies.selectors import inbox_items as agency_items

        return agency_items(user, limit)
    else:
        return []
    items = [
        _item("registration", "registration_detail", r, r.updated_at)
        for r in regs.order_by("updated_at")[:limit]
    ]
    items += [
        _item("application", "application_detail", a, a.updated_at)
        for a in apps.order_by("updated_at")[:limit]
    ]
    items += [
        _item("objection", "objection_detail", o, o.created_at)
        for o in objections.order_by("created_at")[:limit]
    ]
    from greenmfg.agencies.selectors import inbox_items as agency_items
    from greenmfg.supervision.selectors import inbox_items

    return items + inbox_items(user, limit) + agency_items(user, limit)
