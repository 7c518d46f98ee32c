"""Who is told of an audit event: ``(object_type, action/to_state)`` → recipients.

Each route reads the event's object (by its type and uuid) and answers the
:class:`Delivery` items: the kind, the users told in-app (and by e-mail per their
preferences), the page linked, and — for the anonymous objector or complainant — the
address the outcome is mailed to (they have no account). The actor is never told of
their own act. Events of other types, and other actions, tell nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from greenmfg.core.vocabulary import Role
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.notifications.kinds import NotificationKind as K
from greenmfg.parties.models import User
from greenmfg.register.models import Listing
from greenmfg.selection.models import Application, ApplicationState, Objection, ObjectionState
from greenmfg.supervision.models import (
    ChangeReport,
    ChangeState,
    Complaint,
    ComplaintState,
    DynamicForm,
    FormState,
)

#: officials who handle objections to a notice (the publishing authority: 004 第十条)
OBJECTION_HANDLERS = (Role.CITY, Role.PROVINCE, Role.NATIONAL)
#: officials of a complaint's handling authority (000 第二十五条)
COMPLAINT_HANDLERS = (Role.DISTRICT, Role.CITY, Role.PROVINCE, Role.NATIONAL)


@dataclass
class Delivery:
    """One route's answer: ``user_ids`` told in-app about ``kind``, the page
    ``url_name`` (with ``url_uuid``), and ``public_email`` (an anonymous sender's
    address) with the ``receipt_number`` quoted in their outcome mail."""

    kind: str
    user_ids: list[int] = field(default_factory=list)
    url_name: str = ""
    url_uuid: str = ""
    public_email: str = ""
    receipt_number: str = ""


def unit_users(unit_id: int | None) -> list[int]:
    """The active users of organisation ``unit_id`` (ids; [] without a unit)."""
    if not unit_id:
        return []
    return list(
        User.objects.filter(organisation_id=unit_id, is_active=True).values_list("pk", flat=True)
    )


def officials_of(jurisdiction_id: int, roles: tuple[str, ...]) -> list[int]:
    """The active officials (``roles``) of the authority of ``jurisdiction_id`` (ids)."""
    return list(
        User.objects.filter(
            authority__jurisdiction_id=jurisdiction_id, role__in=roles, is_active=True
        ).values_list("pk", flat=True)
    )


def _changed(event, states) -> bool:
    """A move between two states into one of ``states`` (not a creation, a filing or
    an edit that keeps the state)."""
    return (
        bool(event.from_state) and event.to_state in states and event.to_state != event.from_state
    )


def _registration(event) -> list[Delivery]:
    S = RegistrationState
    if not _changed(event, {S.PRELIMINARY_APPROVED, S.ACCEPTED, S.RETURNED, S.REJECTED}):
        return []
    unit_id = (
        Registration.objects.filter(uuid=event.object_uuid)
        .values_list("unit_id", flat=True)
        .first()
    )
    return [Delivery(K.REGISTRATION, unit_users(unit_id), "registration_detail", event.object_uuid)]


_APPLICATION_STATES = {
    ApplicationState.RETURNED,
    ApplicationState.RECOMMENDED,
    ApplicationState.APPROVED,
    ApplicationState.NOT_APPROVED,
    ApplicationState.IN_NOTICE,
    ApplicationState.LISTED,
    ApplicationState.WITHDRAWN,
    ApplicationState.CANCELLED,
}


def _application(event) -> list[Delivery]:
    if not _changed(event, _APPLICATION_STATES):
        return []
    unit_id = (
        Application.objects.filter(uuid=event.object_uuid).values_list("unit_id", flat=True).first()
    )
    return [Delivery(K.APPLICATION, unit_users(unit_id), "application_detail", event.object_uuid)]


def _dynamic_form(event) -> list[Delivery]:
    S = FormState
    if not _changed(event, {S.ACCEPTED, S.RETURNED, S.ON_SITE_CHECK_REQUESTED}):
        return []
    unit_id = (
        DynamicForm.objects.filter(uuid=event.object_uuid).values_list("unit_id", flat=True).first()
    )
    return [Delivery(K.DYNAMIC_FORM, unit_users(unit_id), "dynamic_form_detail", event.object_uuid)]


def _change_report(event) -> list[Delivery]:
    if not _changed(event, {ChangeState.ACCEPTED, ChangeState.REMOVAL_PROPOSED}):
        return []
    unit_id = (
        ChangeReport.objects.filter(uuid=event.object_uuid)
        .values_list("unit_id", flat=True)
        .first()
    )
    return [Delivery(K.CHANGE_REPORT, unit_users(unit_id), "change_detail", event.object_uuid)]


def _listing(event) -> list[Delivery]:
    if event.action != "listing.remove":
        return []
    unit_id = (
        Listing.objects.filter(uuid=event.object_uuid).values_list("unit_id", flat=True).first()
    )
    return [Delivery(K.LISTING, unit_users(unit_id), "register_search")]


def _objection(event) -> list[Delivery]:
    obj = (
        Objection.objects.filter(uuid=event.object_uuid)
        .select_related("application", "notice__campaign")
        .first()
    )
    if obj is None:
        return []
    app = obj.application
    if event.action == "objection.submit":
        return [
            Delivery(
                K.OBJECTION,
                officials_of(obj.notice.campaign.jurisdiction_id, OBJECTION_HANDLERS),
                "objection_detail",
                event.object_uuid,
            ),
            Delivery(K.OBJECTION, unit_users(app.unit_id), "application_detail", str(app.uuid)),
        ]
    if _changed(event, {ObjectionState.UPHELD, ObjectionState.DISMISSED}):
        return [
            Delivery(K.OBJECTION, unit_users(app.unit_id), "application_detail", str(app.uuid)),
            Delivery(
                K.OBJECTION,
                public_email=obj.objector_email,
                receipt_number=getattr(obj, "receipt_number", "") or "",
            ),
        ]
    return []


def _complaint(event) -> list[Delivery]:
    c = Complaint.objects.filter(uuid=event.object_uuid).first()
    if c is None:
        return []
    if event.action == "complaint.submit":
        return [
            Delivery(
                K.COMPLAINT,
                officials_of(c.handler_id, COMPLAINT_HANDLERS),
                "complaint_detail",
                event.object_uuid,
            )
        ]
    if event.from_state == ComplaintState.OPEN and event.to_state != ComplaintState.OPEN:
        return [
            Delivery(
                K.COMPLAINT,
                public_email=c.complainant_email,
                receipt_number=getattr(c, "receipt_number", "") or "",
            )
        ]
    return []


#: object type (as ``AuditEvent.object_type``) → its route
ROUTES: dict[str, Callable] = {
    "cultivation.registration": _registration,
    "selection.application": _application,
    "supervision.dynamicform": _dynamic_form,
    "supervision.changereport": _change_report,
    "register.listing": _listing,
    "selection.objection": _objection,
    "supervision.complaint": _complaint,
}


def deliveries_for(event) -> list[Delivery]:
    """The deliveries of ``event`` (an ``AuditEvent``): [] for events nobody is told of."""
    route = ROUTES.get(event.object_type)
    return route(event) if route else []
