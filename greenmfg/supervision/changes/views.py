"""Pages of changes (变更): the unit reports, the reviewing authority gives its opinion.
Thin: the services decide, the templates ask the predicates who may act."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.audit.selectors import timeline_for
from greenmfg.core.web import form_errors, get_for_user, run_action
from greenmfg.supervision.changes import forms as f
from greenmfg.supervision.changes import services
from greenmfg.supervision.changes.models import ChangeState
from greenmfg.supervision.changes.selectors import changes_for
from greenmfg.supervision.web import PAGE, is_unit


@login_required
def change_list(request):
    """变更: the changes in the user's scope; a unit reports a new one."""
    qs = changes_for(request.user)
    state = request.GET.get("state", "")
    if state in ChangeState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("-reported_on", "-id"), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/change_list.html",
        {
            "page": page,
            "state": state,
            "states": ChangeState.choices,
            "new": f.ChangeForm() if is_unit(request.user) else None,
        },
    )


@require_POST
@login_required
def change_new(request):
    if not is_unit(request.user):
        raise Http404
    form = f.ChangeForm(request.POST)
    if form.is_valid():
        ok, change = run_action(
            request,
            lambda: services.change_report(
                actor=request.user, unit=request.user.organisation, **form.cleaned_data
            ),
            _("变更情况已报送"),
        )
        if ok:
            return redirect("change_detail", uuid=change.uuid)
    else:
        form_errors(request, form)
    return redirect("change_list")


@login_required
def change_detail(request, uuid):
    """One change; the reviewing authority records its opinion."""
    change = get_for_user(changes_for(request.user), uuid)
    if request.method == "POST":
        form = f.ChangeReviewForm(request.POST)
        if form.is_valid():
            run_action(
                request,
                lambda: services.change_review(
                    actor=request.user, change=change, **form.cleaned_data
                ),
                _("变更意见已记录"),
            )
        return redirect("change_detail", uuid=change.uuid)
    return render(
        request,
        "supervision/change_detail.html",
        {"change": change, "form": f.ChangeReviewForm(), "events": timeline_for(change)},
    )
