"""Read-side queries of the cultivation pool, always scoped to the user (DESIGN.md
decision 4), and the pool's items of the inbox (待办)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from greenmfg.core import clock
from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import ListType, Role
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.cultivation.services import (
    clean_production_lapsed,
    offered_list_types,
    pool_jurisdiction,
)
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.jurisdictions.selectors import VALUE_LABELS
from greenmfg.parties.permissions import may
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
    return items + lapsed_items(user, limit) + window_items(user)


def window_items(user, limit: int = 200) -> list[InboxItem]:
    """The pool's registration window open for the unit (``pool.registration_window``:
    004 第九条 每年1月 in Guangzhou, 002 第十三条 by 03-30 in Xiamen), while it may still
    register: it is not a candidate and has no undecided registration for any list
    type (then the list types :func:`offered_list_types` offers are named). One item, due on the window's
    last day; none where the rules set no window. A few queries, whatever the data."""
    if user.role not in Role.unit_roles() or not user.organisation_id:
        return []
    unit = user.organisation
    if not may(user, "cultivation.create_registration", unit):
        return []
    today = clock.today()
    rules = rules_for(pool_jurisdiction(unit), today)
    if not rules.has("pool.registration_window"):
        return []
    start, end = rules.window("pool.registration_window", today.year)
    if not start <= today <= end:
        return []
    regs = Registration.objects.filter(unit=unit).only("state", "valid_from", "valid_until")
    if any(r.state in RegistrationState.open_states() or r.is_candidate_on(today) for r in regs):
        return []  # already registered or a candidate: the window is not its to-do
    types, _reasons = offered_list_types(unit, today)
    if not types:
        return []
    return [
        InboxItem(
            "registration_window",
            gettext_now("培育入库登记开放（{types}）").format(
                types="、".join(str(VALUE_LABELS.get(t, t)) for t in types)
            ),
            "registration_new",
            "",
            gettext_now("开放中"),
            start,
            due_on=end,
            url=reverse("registration_new"),
        )
    ][:limit]


#: days before a candidate's 清洁生产企业 validity ends that its renewal shows in the 待办
RENEWAL_NOTICE_DAYS = 30


def lapsed_items(user, limit: int = 200) -> list[InboxItem]:
    """004 第七条(一)2: candidates whose 清洁生产企业 status has lapsed — or lapses within
    :data:`RENEWAL_NOTICE_DAYS` — flagged to the unit and to its district, due on the
    status's last valid day (renewal: ``registration_renew``). One query; the rules of
    each pool are read once."""
    if user.role not in (*Role.unit_roles(), Role.DISTRICT):
        return []
    today = clock.today()
    soon = today + dt.timedelta(days=RENEWAL_NOTICE_DAYS)
    regs = registrations_for(user).filter(
        state=RegistrationState.ACCEPTED,
        list_type=ListType.FACTORY,
        clean_production_valid_until__lte=soon,
    )
    out = []
    for r in regs.order_by("clean_production_valid_until")[:limit]:
        until = r.clean_production_valid_until
        if clean_production_lapsed(r, today):
            kind, state = "clean_production_lapsed", _("清洁生产企业有效期已届满，续期前不能申报")
        elif until >= today and clean_production_lapsed(r, until + dt.timedelta(days=1)):
            kind, state = "clean_production_expiring", _("清洁生产企业有效期即将届满，请及时续期")
        else:
            continue
        out.append(
            InboxItem(
                kind,
                str(r),
                "registration_detail",
                str(r.uuid),
                str(state),
                r.updated_at,
                api_name="api-registrations-detail",
                due_on=until,
            )
        )
    return out
