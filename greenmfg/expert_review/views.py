"""Pages of expert review: the officials' actions from the application page (assign,
withdraw), the expert's tasks (我的评审任务) with a scoring form (the report itself is
read on the report page: ``reports_for`` lets an expert read the reports of their
assignments), and a campaign's ranking. Views only call services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.core.decisions import NotPermitted
from greenmfg.core.web import get_for_user, run_action
from greenmfg.expert_review import services
from greenmfg.expert_review.forms import ScoreForm, WithdrawForm
from greenmfg.expert_review.models import AssignmentState, ExpertAssignment
from greenmfg.expert_review.selectors import (
    assignment_view,
    campaign_ranking,
    expert_users,
    my_assignments,
)
from greenmfg.selection.selectors import applications_for, campaigns_for
from greenmfg.selection.services import campaign_rules


def _panel_url(app) -> str:
    return reverse("application_detail", args=[app.uuid]) + "#expert-review"


@require_POST
@login_required
def experts_assign(request, uuid):
    """Assign the experts ticked on the application page."""
    app = get_for_user(applications_for(request.user), uuid)
    wanted = request.POST.getlist("experts")
    try:
        experts = list(expert_users().filter(uuid__in=wanted))
    except ValidationError:
        experts = []
    if len(experts) != len(set(wanted)):
        messages.error(request, _("所选专家不存在或尚无专家档案"))
        return redirect(_panel_url(app))
    run_action(
        request,
        lambda: services.experts_assign(actor=request.user, application=app, experts=experts),
        _("评审专家已分配"),
    )
    return redirect(_panel_url(app))


@require_POST
@login_required
def assignment_withdraw(request, uuid, assignment):
    app = get_for_user(applications_for(request.user), uuid)
    a = get_for_user(ExpertAssignment.objects.filter(application=app), assignment)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.expert_assignment_withdraw(
                actor=request.user, assignment=a, reason=form.cleaned_data["reason"]
            ),
            _("已撤回该专家"),
        )
    else:
        messages.error(request, _("撤回专家须填写理由"))
    return redirect(_panel_url(app))


@login_required
def expert_inbox(request):
    """我的评审任务: the expert's assignments, pending first."""
    rows = sorted(
        my_assignments(request.user)[:500],
        key=lambda a: a.state != AssignmentState.ASSIGNED,
    )
    return render(request, "expert_review/inbox.html", {"assignments": rows})


@login_required
def assignment_detail(request, uuid):
    """One assignment: the application's unit, the report's total, a link to the
    report, the scoring form while it is open, the review as this expert may see it."""
    a = get_for_user(my_assignments(request.user), uuid)
    form = ScoreForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            ok, _result = run_action(
                request,
                lambda: services.expert_score_submit(
                    actor=request.user,
                    assignment=a,
                    score=form.cleaned_data["score"],
                    comments=form.cleaned_data["comments"],
                ),
                _("评分已提交"),
            )
            if ok:
                return redirect("expert_assignment_detail", uuid=a.uuid)
        else:
            messages.error(request, _("请检查评分"))
    app = a.application
    rules = campaign_rules(app.campaign)
    return render(
        request,
        "expert_review/assignment.html",
        {
            "a": a,
            "app": app,
            "view": assignment_view(request.user, a),
            "form": form,
            "states": AssignmentState,
            "at_scoring_step": services.at_scoring_step(app, rules),
        },
    )


@login_required
def ranking(request, uuid):
    """优中选优: a campaign's applications ranked by the experts' aggregate."""
    campaign = get_for_user(campaigns_for(request.user), uuid)
    try:
        rows = campaign_ranking(campaign, request.user)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    rules = campaign_rules(campaign)
    principle_key = f"selection.{campaign.level}.principle"
    return render(
        request,
        "expert_review/ranking.html",
        {
            "campaign": campaign,
            "rows": rows,
            "principle": rules.get(principle_key, ""),
            "principle_ref": rules.ref(principle_key) if rules.has(principle_key) else "",
            "grades": rules.has(f"scoring.{campaign.level}.grade_bands"),
            "network": any(r.network_green is not None for r in rows),
            "network_ref": rules.ref("priority.network_green_factories")
            if rules.has("priority.network_green_factories")
            else "",
        },
    )
