"""Pages of the networks app: a park's or lead's network (members, invitations, roster,
plans, progress with its chart), an enterprise's invitations, the officials' overview
over their jurisdiction, and the public page of a park's or lead's green factories."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.core import clock
from greenmfg.core.decisions import Reason, RuleViolation
from greenmfg.core.web import get_for_user, run_action
from greenmfg.networks import services
from greenmfg.networks.models import MembershipState, NetworkKind, TargetLevel
from greenmfg.networks.selectors import (
    current_plan,
    green_members_public,
    kinds_of,
    memberships_for,
    overview,
    owners_for,
    plans_for,
    progress,
)
from greenmfg.parties.models import Organisation, OrganisationKind
from greenmfg.parties.permissions import may

#: ECharts, vendored by the dashboards (served locally; the chart is left out without it)
ECHARTS = "vendor/echarts-6.1.0.min.js"


def _echarts() -> str | None:
    return ECHARTS if finders.find(ECHARTS) else None


def _kind_for(user) -> str | None:
    """The network the signed-in user keeps (park → members, enterprise → suppliers)."""
    if not may(user, "networks.maintain"):
        return None
    return kinds_of(user.organisation)[0]


@login_required
def network_home(request):
    """The user's network page: the owner's members, invitations to answer, plans and
    progress; for officials the networks of their jurisdiction."""
    user = request.user
    today = clock.today()
    ctx = {"today": today, "echarts": _echarts(), "levels": TargetLevel.choices}
    kind = _kind_for(user)
    if kind:
        owner = user.organisation
        ctx.update(
            kind=kind,
            kind_label=NetworkKind(kind).label,
            owner=owner,
            memberships=memberships_for(user).filter(owner=owner).order_by("state", "name"),
            plans=plans_for(user).filter(owner=owner),
            progress=progress(owner, kind, today),
        )
    if user.organisation_id and user.organisation.uscc:
        ctx["invitations"] = memberships_for(user).filter(
            uscc=user.organisation.uscc, state=MembershipState.INVITED
        )
        ctx["belongs_to"] = memberships_for(user).filter(
            uscc=user.organisation.uscc, state=MembershipState.ACCEPTED
        )
    if may(user, "networks.oversee"):
        ctx["overview"] = overview(user, today)
    return render(request, "networks/home.html", ctx)


@login_required
def network_progress(request, uuid):
    """One park's or lead's progress: members by gradient status, plan target against
    actual per year (table and chart). The owner and the officials over it."""
    owner = get_for_user(owners_for(request.user), uuid)
    today = clock.today()
    kind = kinds_of(owner)[0]
    return render(
        request,
        "networks/progress.html",
        {
            "owner": owner,
            "progress": progress(owner, kind, today),
            "echarts": _echarts(),
            "today": today,
            "levels": TargetLevel.choices,
        },
    )


def network_public(request, uuid):
    """公开: a park's or lead's green-factory members/suppliers (names and levels, as on
    the published lists) and whether it has a current plan."""
    owner = get_for_user(
        Organisation.objects.filter(
            kind__in=[OrganisationKind.PARK, OrganisationKind.ENTERPRISE],
            network_memberships__isnull=False,
        ).distinct(),
        uuid,
    )
    today = clock.today()
    kind = kinds_of(owner)[0]
    return render(
        request,
        "networks/public.html",
        {
            "owner": owner,
            "kind_label": NetworkKind(kind).label,
            "rows": green_members_public(owner, today),
            "plan": current_plan(owner.pk, kind, today),
            "today": today,
        },
    )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_POST
def network_invite(request):
    kind = _kind_for(request.user) or NetworkKind.PARK
    p = request.POST
    tier = p.get("tier", "").strip()
    run_action(
        request,
        lambda: services.membership_invite(
            actor=request.user,
            kind=kind,
            uscc=p.get("uscc", ""),
            name=p.get("name", ""),
            since=_date(p.get("since", "")),
            until=_date(p.get("until", "")),
            tier=int(tier) if tier.isdigit() else None,
        ),
        _("已发出邀请，待该企业确认"),
    )
    return redirect("network_home")


@login_required
@require_POST
def network_roster(request):
    kind = _kind_for(request.user) or NetworkKind.PARK
    upload = request.FILES.get("roster")
    if upload is None:
        messages.error(request, _("请选择名册文件"))
        return redirect("network_home")
    run_action(
        request,
        lambda: services.roster_import(
            actor=request.user, kind=kind, data=upload.read(), filename=upload.name
        ),
        _("名册已导入，已向名册中的企业发出邀请"),
    )
    return redirect("network_home")


#: membership actions: (service, needs a reason, message)
MEMBERSHIP_ACTIONS = {
    "accept": (services.membership_accept, False),
    "decline": (services.membership_decline, True),
    "end": (services.membership_end, True),
}


@login_required
@require_POST
def membership_action(request, uuid, action):
    if action not in MEMBERSHIP_ACTIONS:
        raise PermissionDenied
    membership = get_for_user(memberships_for(request.user), uuid)
    func, with_reason = MEMBERSHIP_ACTIONS[action]
    kw = {"actor": request.user, "membership": membership}
    if with_reason:
        kw["reason"] = request.POST.get("reason", "")
    run_action(request, lambda: func(**kw), _("已办理"))
    return redirect("network_home")


def _targets(text: str) -> list[tuple[int, str, int]]:
    """Lines "2026 市级绿色工厂 2" (year, level code or label, count)."""
    labels = {str(label): value for value, label in TargetLevel.choices}
    labels.update({value: value for value in TargetLevel.values})
    out = []
    for line in text.splitlines():
        parts = line.replace(",", " ").replace("，", " ").split()
        if not parts:
            continue
        if len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit():
            raise RuleViolation(
                [Reason("plan.target", _("目标格式：年度 层级 数量，例如 2026 市级绿色工厂 2"))]
            )
        out.append((int(parts[0]), labels.get(parts[1], parts[1]), int(parts[2])))
    return out


@login_required
@require_POST
def plan_new(request):
    kind = _kind_for(request.user) or NetworkKind.PARK
    p = request.POST

    def create():
        members = []
        if p.get("all_members"):
            members = list(
                memberships_for(request.user).filter(
                    owner_id=request.user.organisation_id,
                    kind=kind,
                    state__in=MembershipState.open_states(),
                )
            )
        return services.plan_create(
            actor=request.user,
            kind=kind,
            title=p.get("title", ""),
            year_from=int(p.get("year_from") or 0),
            year_to=int(p.get("year_to") or 0),
            measures=p.get("measures", ""),
            targets=_targets(p.get("targets", "")),
            members=members,
        )

    run_action(request, create, _("培育计划已保存（草稿）"))
    return redirect("network_home")


PLAN_ACTIONS = {"publish": services.plan_publish, "withdraw": services.plan_withdraw}


@login_required
@require_POST
def plan_action(request, uuid, action):
    if action not in PLAN_ACTIONS:
        raise PermissionDenied
    plan = get_for_user(plans_for(request.user), uuid)
    kw = {"actor": request.user, "plan": plan}
    if action == "withdraw":
        kw["reason"] = request.POST.get("reason", "")
    run_action(request, lambda: PLAN_ACTIONS[action](**kw), _("已办理"))
    return redirect("network_home")
