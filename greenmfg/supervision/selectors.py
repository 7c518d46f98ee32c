"""Read-side queries of supervision, scoped to the user (DESIGN.md decision 4), the
public read models (announcements, removals, spot-check results) and the inbox items."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import Role
from greenmfg.eligibility.models import FraudFinding
from greenmfg.parties.scoping import official_path, scope_by_unit, sees_everything
from greenmfg.supervision.models import (
    Announcement,
    ChangeReport,
    ChangeState,
    CheckState,
    Complaint,
    ComplaintState,
    DynamicForm,
    FormState,
    Incident,
    IncidentState,
    OnSiteCheck,
    ProposalState,
    Removal,
    RemovalProposal,
    SpotCheckDraw,
    SpotCheckItem,
    UpwardReport,
)

UNIT = ("unit", "unit__registered_division")


def forms_for(user) -> QuerySet[DynamicForm]:
    """Dynamic forms the user may see, with their anomaly-flag count."""
    qs = DynamicForm.objects.select_related(*UNIT, "reviewer").annotate(n_flags=Count("flags"))
    return scope_by_unit(qs, user)


def checks_for(user) -> QuerySet[OnSiteCheck]:
    return scope_by_unit(OnSiteCheck.objects.select_related(*UNIT, "authority", "form"), user)


def changes_for(user) -> QuerySet[ChangeReport]:
    return scope_by_unit(ChangeReport.objects.select_related(*UNIT, "reviewer"), user)


def incidents_for(user) -> QuerySet[Incident]:
    """Incidents, for officials only (units see none: the record is the authority's)."""
    if not (sees_everything(user) or official_path(user)):
        return Incident.objects.none()
    return scope_by_unit(Incident.objects.select_related(*UNIT, "recorded_by", "reported_to"), user)


def proposals_for(user) -> QuerySet[RemovalProposal]:
    if not (sees_everything(user) or official_path(user)):
        return RemovalProposal.objects.none()
    return scope_by_unit(RemovalProposal.objects.select_related(*UNIT, "authority"), user)


def fraud_findings_for(user) -> QuerySet[FraudFinding]:
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


def complaints_for(user) -> QuerySet[Complaint]:
    """Complaints handled within the official's jurisdiction (the identity is masked
    except for the handling authority's officials: see complaints.masked)."""
    qs = Complaint.objects.select_related("target", "target__registered_division", "handler")
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    path = official_path(user)
    if path:
        return qs.filter(handler__path__startswith=path)
    return qs.none()


def draws_for(user) -> QuerySet[SpotCheckDraw]:
    """Draws of the official's authority and those below it."""
    qs = SpotCheckDraw.objects.select_related("authority")
    if sees_everything(user):
        return qs
    path = official_path(user)
    return qs.filter(authority__path__startswith=path) if path else qs.none()


# --- public ------------------------------------------------------------------------------------


def public_announcements() -> QuerySet[Announcement]:
    return Announcement.objects.select_related("jurisdiction").order_by("-published_on", "-id")


def public_removals() -> QuerySet[Removal]:
    return Removal.objects.select_related("unit", "authority", "announcement").order_by(
        "-removed_on", "-id"
    )


def public_draws() -> QuerySet[SpotCheckDraw]:
    return SpotCheckDraw.objects.select_related("authority").annotate(n_items=Count("items"))


def draw_items(draw: SpotCheckDraw) -> QuerySet[SpotCheckItem]:
    return (
        SpotCheckItem.objects.filter(draw=draw)
        .select_related("draw", "unit", "unit__registered_division")
        .prefetch_related("inspectors")
        .order_by("position")
    )


# --- inbox -------------------------------------------------------------------------------------


#: inbox kinds -> the object's route in the API
API_NAMES = {
    "dynamic_form": "api-dynamic-forms-detail",
    "change_report": "api-change-reports-detail",
    "complaint": "api-complaints-detail",
    "incident": "api-incidents-detail",
    "on_site_check": "api-on-site-checks-detail",
    "removal_proposal": "api-removal-proposals-detail",
}


def inbox_items(user, limit: int = 200) -> list:
    """待办 of supervision: units — draft or returned dynamic forms; officials — forms
    and changes waiting for their review, open complaints they handle, incidents they
    recorded and have not reported, open on-site checks and removal proposals waiting
    for their confirmation. One query per kind."""

    if not user.is_authenticated:
        return []
    items: list = []

    def add(kind, url_name, rows, since):
        for r in rows[:limit]:
            label = str(r)
            state = r.get_state_display()
            items.append(
                InboxItem(
                    kind,
                    label,
                    url_name,
                    str(r.uuid),
                    state,
                    since(r),
                    api_name=API_NAMES.get(kind, ""),
                )
            )

    if user.role in (Role.ENTERPRISE, Role.PARK):
        add(
            "dynamic_form",
            "dynamic_form_detail",
            forms_for(user).filter(state__in=[FormState.DRAFT, FormState.RETURNED]),
            lambda r: r.updated_at,
        )
        return items
    if not (user.is_official and user.authority_id):
        return items
    jid = user.authority.jurisdiction_id
    add(
        "dynamic_form",
        "dynamic_form_detail",
        DynamicForm.objects.filter(reviewer_id=jid, state=FormState.SUBMITTED)
        .select_related("unit")
        .order_by("submitted_on"),
        lambda r: r.updated_at,
    )
    add(
        "change_report",
        "change_detail",
        ChangeReport.objects.filter(reviewer_id=jid, state=ChangeState.SUBMITTED)
        .select_related("unit")
        .order_by("reported_on"),
        lambda r: r.updated_at,
    )
    add(
        "complaint",
        "complaint_detail",
        Complaint.objects.filter(handler_id=jid, state=ComplaintState.OPEN)
        .select_related("target")
        .order_by("due_on"),
        lambda r: r.created_at,
    )
    add(
        "incident",
        "incident_detail",
        Incident.objects.filter(recorded_by_id=jid, state=IncidentState.RECORDED)
        .select_related("unit")
        .order_by("report_due_on"),
        lambda r: r.created_at,
    )
    add(
        "on_site_check",
        "check_detail",
        OnSiteCheck.objects.filter(authority_id=jid, state=CheckState.REQUESTED)
        .select_related("unit")
        .order_by("requested_on"),
        lambda r: r.created_at,
    )
    add(
        "removal_proposal",
        "proposal_detail",
        RemovalProposal.objects.filter(authority_id=jid, state=ProposalState.PROPOSED)
        .select_related("unit")
        .order_by("proposed_on"),
        lambda r: r.created_at,
    )
    return items
