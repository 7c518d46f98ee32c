"""The supervision app's items of the inbox (待办), registered with :mod:`greenmfg.core.inbox`
(imported by the portal's ``ready()``): the dynamic form (动态管理表) due or overdue, forms
and changes to review, complaints, incidents, on-site checks and removal proposals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenmfg.core import clock, inbox
from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import Role
from greenmfg.jurisdictions.rulesets import registry, rules_for, rules_for_slug
from greenmfg.supervision.changes.models import ChangeReport, ChangeState
from greenmfg.supervision.complaints.models import Complaint, ComplaintState
from greenmfg.supervision.dynamic import obligations as dyn
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

#: labels of the supervision app's inbox kinds
KIND_LABELS = {
    "dynamic_form": gettext_lazy("动态管理表"),
    "dynamic_form_due": gettext_lazy("动态管理表待填报"),
    "dynamic_forms_overdue": gettext_lazy("动态管理表逾期未填报"),
    "dynamic_forms_due": gettext_lazy("动态管理表即将截止"),
    "change_report": gettext_lazy("变更"),
    "complaint": gettext_lazy("举报"),
    "incident": gettext_lazy("事故和环境事件"),
    "on_site_check": gettext_lazy("现场核查"),
    "removal_proposal": gettext_lazy("拟移出"),
}


def unit_dynamic_form_items(user, limit: int, today: dt.date) -> list[InboxItem]:
    """The unit's dynamic forms to fill in this filing year: a draft or returned form
    (with the deadline while it has never been submitted) and, for each obligation
    without a form yet, an item to start it, due on the deadline of the unit's rules
    (``dynamic.annual_report_deadline``: 004 第十三条 04-01 for Guangzhou; 000 第十八条
    04-15). Bounded: the obligations' three queries and one for the forms."""
    obs = {}
    if user.organisation_id:
        obs = {
            (ob.list_type, ob.filing_year): ob
            for ob in dyn.obligations(today.year, unit=user.organisation)
        }
    items = []
    for form in (
        forms_for(user)
        .filter(state__in=FormState.editable_states())
        .order_by("filing_year", "list_type")[:limit]
    ):
        ob = obs.get((form.list_type, form.filing_year))
        items.append(
            InboxItem(
                "dynamic_form",
                str(form),
                "dynamic_form_detail",
                str(form.uuid),
                form.get_state_display(),
                form.updated_at,
                api_name=API_NAMES["dynamic_form"],
                due_on=ob.deadline if ob is not None and ob.filed_on is None else None,
            )
        )
    for ob in list(obs.values())[:limit]:
        if ob.form is not None:
            continue
        items.append(
            InboxItem(
                "dynamic_form_due",
                _("{year}年度动态管理表（{list_type}）").format(
                    year=ob.data_year, list_type=ob.list_type_label
                ),
                "oversight_home",
                "",
                _("未创建"),
                ob.deadline,
                due_on=ob.deadline,
                url=reverse("oversight_home"),
            )
        )
    return items


def reviewer_levels(on: dt.date) -> set[str]:
    """The levels any installed ruleset names as the reviewer of the dynamic form
    (``dynamic.reviewed_by``; today ``city`` everywhere): an official of another level
    reviews none, so its inbox skips the obligations (no scan of a province's or the
    country's listings). Reads the rulesets only, no query."""
    return {rules_for_slug(slug, on).get("dynamic.reviewed_by", None) for slug in registry().files}


def official_dynamic_form_items(user, today: dt.date) -> list[InboxItem]:
    """For the official whose authority reviews the units' dynamic forms
    (``dynamic.reviewed_by``: the city in Guangdong and Guangzhou, 000 第十九条), the
    units within its jurisdiction overdue on this filing year's form — the count of
    /oversight/overdue/ — and those not yet filed whose deadline is within the first
    reminder (``dynamic.reminder_days``, 30 days): one grouped item per deadline with
    the number of units. Bounded: the obligations' queries, whatever the unit count."""
    jur = user.authority.jurisdiction
    if jur.level not in reviewer_levels(today):
        return []
    year = today.year
    soon = max(rules_for(jur, today).get("dynamic.reminder_days", []) or [0])
    overdue: dict[dt.date, set[int]] = defaultdict(set)
    due: dict[dt.date, set[int]] = defaultdict(set)
    for ob in dyn.obligations(year, within=jur):
        if ob.reviewer is None or ob.reviewer.pk != jur.pk:
            continue
        if ob.overdue_on(today):
            overdue[ob.deadline].add(ob.unit.pk)
        elif ob.filed_on is None and 0 <= (ob.deadline - today).days <= soon:
            due[ob.deadline].add(ob.unit.pk)
    items = []
    for deadline, units in sorted(overdue.items()):
        items.append(
            InboxItem(
                "dynamic_forms_overdue",
                _("{n}家单位逾期未填报{year}年动态管理表").format(n=len(units), year=year),
                "overdue_list",
                "",
                _("已逾期"),
                deadline,
                due_on=deadline,
                url=f"{reverse('overdue_list')}?year={year}",
                count=len(units),
            )
        )
    for deadline, units in sorted(due.items()):
        items.append(
            InboxItem(
                "dynamic_forms_due",
                _("{n}家单位尚未提交{year}年动态管理表").format(n=len(units), year=year),
                "dynamic_form_list",
                "",
                _("未提交"),
                deadline,
                due_on=deadline,
                url=f"{reverse('dynamic_form_list')}?year={year}",
                count=len(units),
            )
        )
    return items


def inbox_items(user, limit: int = 200) -> list:
    """待办 of supervision: units — the dynamic form due (not yet created, draft or
    returned) with its deadline; officials — the units overdue or soon due on their
    dynamic form where their authority reviews it, forms and changes waiting for their
    review, open complaints they handle (due on the verification deadline), incidents
    they recorded and have not reported (due on the report date), open on-site checks
    and removal proposals waiting for their confirmation. Bounded queries per kind."""

    if not user.is_authenticated:
        return []
    today = clock.today()
    items: list = []

    def add(kind, url_name, rows, since, due=None):
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
                    due_on=due(r) if due else None,
                )
            )

    if user.role in (Role.ENTERPRISE, Role.PARK):
        return unit_dynamic_form_items(user, limit, today)
    if not (user.is_official and user.authority_id):
        return items
    jid = user.authority.jurisdiction_id
    items += official_dynamic_form_items(user, today)
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
        lambda r: r.due_on,
    )
    add(
        "incident",
        "incident_detail",
        Incident.objects.filter(recorded_by_id=jid, state=IncidentState.RECORDED)
        .select_related("unit")
        .order_by("report_due_on"),
        lambda r: r.created_at,
        lambda r: r.report_due_on,
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
inbox.register_kinds(KIND_LABELS)
inbox.register_object_pages(
    {
        "supervision.dynamicform": "dynamic_form_detail",
        "supervision.changereport": "change_detail",
        "supervision.complaint": "complaint_detail",
        "supervision.incident": "incident_detail",
        "supervision.onsitecheck": "check_detail",
        "supervision.removalproposal": "proposal_detail",
    }
)
