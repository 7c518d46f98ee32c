"""The selection app's items of the inbox (待办), registered with :mod:`greenmfg.core.inbox`
(imported by the portal's ``ready()``): applications and objections
(:func:`greenmfg.selection.selectors.inbox_items`) and the open campaign a unit may
apply in (:func:`campaign_items`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from greenmfg.core import clock, inbox
from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import Role
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.cultivation.services import pool_jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.parties.permissions import may
from greenmfg.selection.models import Application
from greenmfg.selection.selectors import inbox_items
from greenmfg.selection.services import open_campaign_for


def campaign_items(user, limit: int = 200) -> list[InboxItem]:
    """The open municipal campaign of the unit's city (:func:`open_campaign_for`) while
    the unit has no application in it and may apply: where the pool's rules make
    candidacy a condition (``pool.required_for_application``, 004 第十条) only a
    current candidate (培育对象). Due on the campaign's deadline, else on the last day
    of the rules' application window (``selection.municipal.application_window``); no
    deadline where neither is set. A few queries, whatever the data."""
    if user.role not in Role.unit_roles() or not user.organisation_id:
        return []
    unit = user.organisation
    if not may(user, "selection.create_application", unit):
        return []
    today = clock.today()
    campaign = open_campaign_for(unit, today.year)
    if campaign is None or Application.objects.filter(unit=unit, campaign=campaign).exists():
        return []
    if rules_for(pool_jurisdiction(unit), today).get("pool.required_for_application", False):
        accepted = Registration.objects.filter(unit=unit, state=RegistrationState.ACCEPTED)
        if not any(r.is_candidate_on(today) for r in accepted):
            return []
    due = campaign.deadline
    rules = rules_for(campaign.jurisdiction, today)
    key = f"selection.{campaign.level}.application_window"
    if due is None and rules.has(key):
        due = rules.window(key, campaign.year)[1]
    return [
        InboxItem(
            "campaign_open",
            campaign.title,
            "application_new",
            "",
            gettext_now("可申报"),
            campaign.opened_on,
            due_on=due,
            url=reverse("application_new"),
        )
    ][:limit]


def selection_items(user, limit: int = 200) -> list[InboxItem]:
    """Applications and objections to act on, and the open campaign to apply in."""
    return inbox_items(user, limit) + campaign_items(user, limit)


inbox.register_provider("selection", selection_items, order=20)
inbox.register_kinds(
    {
        "application": _("申报"),
        "campaign_open": _("年度申报开放"),
        "objection": _("公示异议"),
    }
)
inbox.register_object_pages(
    {
        "selection.application": "application_detail",
        "selection.campaign": "campaign_detail",
        "selection.objection": "objection_detail",
        "selection.evaluationreport": "report_detail",
        "selection.publicnotice": "notice_detail",
    }
)
