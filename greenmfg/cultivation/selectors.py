"""Read-side queries of the cultivation pool, always scoped to the user (DESIGN.md
decision 4), and the pool's items of the inbox (待办)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from greenmfg.core import clock
from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import ListType, Role
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.cultivation.services import clean_production_lapsed
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
    items = [
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
    return items + lapsed_items(user, limit)


def lapsed_items(user, limit: int = 200) -> list[InboxItem]:
    """004 第七条(一)2: candidates whose 清洁生产企业 status has lapsed, flagged to the
    unit and to its district (one query; the rules of each pool are read once)."""
    if user.role not in (*Role.unit_roles(), Role.DISTRICT):
        return []
    today = clock.today()
    regs = registrations_for(user).filter(
        state=RegistrationState.ACCEPTED,
        list_type=ListType.FACTORY,
        clean_production_valid_until__lt=today,
    )
    out = []
    for r in regs.order_by("clean_production_valid_until")[:limit]:
        if clean_production_lapsed(r, today):
            out.append(
                InboxItem(
                    "clean_production_lapsed",
                    str(r),
                    "registration_detail",
                    str(r.uuid),
                    str(_("清洁生产企业有效期已届满，续期前不能申报")),
                    r.updated_at,
                    api_name="api-registrations-detail",
                )
            )
    return out
