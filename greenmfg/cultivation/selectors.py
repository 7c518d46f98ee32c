"""Read-side queries of the cultivation pool, always scoped to the user (DESIGN.md
decision 4), and the pool's items of the inbox (待办)."""

from __future__ import annotations

from django.db.models import QuerySet

from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import Role
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.parties.scoping import scope_by_unit


def registrations_for(user) -> QuerySet[Registration]:
    """Registrations the user may see."""
    qs = Registration.objects.select_related("unit", "unit__registered_division", "jurisdiction")
    return scope_by_unit(qs, user)


def inbox_items(user, limit: int = 200) -> list[InboxItem]:
    """待办 of the pool: units — their draft and returned registrations; officials —
    registrations whose pending review step their role performs (``pending_role``).
    One query."""
    if user.role in Role.unit_roles():
        regs = registrations_for(user).filter(state__in=RegistrationState.unit_todo_states())
    elif user.role in Role.official_roles():
        regs = registrations_for(user).filter(pending_role=user.role)
    else:
        return []
    return [
        InboxItem(
            "registration",
            str(r),
            "registration_detail",
            str(r.uuid),
            r.get_state_display(),
            r.updated_at,
            api_name="api-registrations-detail",
        )
        for r in regs.order_by("updated_at")[:limit]
    ]
