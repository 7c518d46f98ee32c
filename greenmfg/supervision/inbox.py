"""The supervision app's items of the inbox (待办), registered with :mod:`greenmfg.core.inbox`
(imported by the portal's ``ready()``)."""

from __future__ import annotations

from greenmfg.core import inbox
from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import Role
from greenmfg.supervision.changes.models import ChangeReport, ChangeState
from greenmfg.supervision.complaints.models import Complaint, ComplaintState
from greenmfg.supervision.dynamic.models import CheckState, DynamicForm, FormState, OnSiteCheck
from greenmfg.supervision.dynamic.selectors import forms_for
from greenmfg.supervision.incidents.models import Incident, IncidentState
from greenmfg.supervision.removals.models import ProposalState, RemovalProposal

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
            forms_for(user).filter(state__in=FormState.editable_states()),
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


inbox.register_provider("supervision", inbox_items, order=50)
