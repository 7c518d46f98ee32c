"""Read-side queries of the agencies app, scoped to the user (DESIGN.md decision 4):
the public registry and sanctions notice, projects, agencies within an official's
jurisdiction, work reports, and the inbox items of agencies and units."""

from __future__ import annotations

from django.db.models import Max, Q, QuerySet

from greenmfg.agencies.models import (
    AgencyFraudFinding,
    AgencyProject,
    AgencyWorkReport,
    ProjectState,
)
from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import Role
from greenmfg.parties.models import Organisation, OrganisationKind
from greenmfg.parties.scoping import official_path, scope_by_unit, sees_everything


def public_agencies() -> QuerySet[Organisation]:
    """Every registered agency (public), with its profile, division and the last day
    its reports are not accepted (``distrusted_until``, None if never)."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.AGENCY)
        .select_related("agency_profile", "registered_division")
        .annotate(distrusted_until=Max("agency_fraud_findings__distrusted_until"))
        .order_by("name", "id")
    )


def public_findings() -> QuerySet[AgencyFraudFinding]:
    """The public notice of agency sanctions (在管理平台中进行通报, 000 第二十四条)."""
    return AgencyFraudFinding.objects.select_related("agency", "decided_by").order_by(
        "-decided_on", "-id"
    )


def projects_for(user) -> QuerySet[AgencyProject]:
    """Projects the user may see: an agency its own, a unit those it commissioned,
    officials those of units in their jurisdiction, national officials all."""
    qs = AgencyProject.objects.select_related(
        "unit", "unit__registered_division", "agency", "report"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.AGENCY:
        return qs.filter(agency_id=user.organisation_id) if user.organisation_id else qs.none()
    return scope_by_unit(qs, user)


def agencies_for_official(user) -> QuerySet[Organisation]:
    """Agencies registered in the official's jurisdiction or evaluating units there."""
    qs = public_agencies()
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    path = official_path(user)
    if path is None:
        return qs.none()
    working = AgencyProject.objects.filter(unit__registered_division__path__startswith=path).values(
        "agency_id"
    )
    return qs.filter(Q(registered_division__path__startswith=path) | Q(id__in=working))


def work_reports_for(user) -> QuerySet[AgencyWorkReport]:
    qs = AgencyWorkReport.objects.select_related("agency")
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.AGENCY:
        return qs.filter(agency_id=user.organisation_id) if user.organisation_id else qs.none()
    if sees_everything(user) or official_path(user):
        return qs.filter(agency__in=agencies_for_official(user).values("id"))
    return qs.none()


def findings_for_official(user) -> QuerySet[AgencyFraudFinding]:
    return public_findings().filter(agency__in=agencies_for_official(user).values("id"))


def inbox_items(user, limit: int = 200) -> list:
    """待办 of the agencies app: an agency's commissions to accept and projects being
    evaluated; a unit's submitted reports to confirm."""

    if not user.is_authenticated or not user.organisation_id:
        return []
    if user.role == Role.AGENCY:
        states = [ProjectState.PROPOSED, ProjectState.ACCEPTED]
    elif user.role in (Role.ENTERPRISE, Role.PARK):
        states = [ProjectState.REPORT_SUBMITTED]
    else:
        return []
    qs = projects_for(user).filter(state__in=states).order_by("updated_at")[:limit]
    return [
        InboxItem(
            "agency_project",
            str(p),
            "agency_project_detail",
            str(p.uuid),
            p.get_state_display(),
            p.updated_at,
        )
        for p in qs
    ]
