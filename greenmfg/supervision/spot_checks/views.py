"""Pages of the random spot checks (双随机、一公开): the officials draw and record results,
everyone sees the draws, their seeds, the method and the results. Thin: the services
decide, the templates ask the predicates who may act."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.audit.selectors import timeline_for
from greenmfg.core import clock
from greenmfg.core.web import get_for_user, run_action
from greenmfg.parties.models import User
from greenmfg.supervision.spot_checks import forms as f
from greenmfg.supervision.spot_checks import selectors as sel
from greenmfg.supervision.spot_checks import services
from greenmfg.supervision.web import PAGE, official_jurisdiction


@login_required
def spot_check_list(request):
    jur = official_jurisdiction(request)
    draws = (
        sel.draws_for(request.user)
        .annotate(n_items=Count("items"))
        .order_by("-drawn_on", "-id")[:200]
    )
    pool = list(request.user.authority.inspectors.select_related("user").order_by("user__username"))
    return render(
        request,
        "supervision/spot_check_list.html",
        {
            "draws": draws,
            "pool": pool,
            "jurisdiction": jur,
            "form": f.DrawForm(initial={"year": clock.today().year}),
            "inspector_form": f.InspectorForm(),
        },
    )


@require_POST
@login_required
def spot_check_draw(request):
    jur = official_jurisdiction(request)
    form = f.DrawForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, draw = run_action(
            request,
            lambda: services.spot_check_draw(
                actor=request.user,
                authority=jur,
                year=data["year"],
                count=data["count"],
                seed=data["seed"],
                inspectors_per_unit=data["inspectors_per_unit"],
                anomaly_weight=float(data["anomaly_weight"] or 0),
            ),
            _("抽取完成"),
        )
        if ok:
            return redirect("spot_check_detail", uuid=draw.uuid)
    return redirect("spot_check_list")


@require_POST
@login_required
def inspector_add(request):
    official_jurisdiction(request)
    form = f.InspectorForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            messages.error(request, _("没有该用户"))
        else:
            run_action(
                request,
                lambda: services.inspector_add(actor=request.user, user=user),
                _("已加入检查人员库"),
            )
    return redirect("spot_check_list")


@login_required
def spot_check_detail(request, uuid):
    official_jurisdiction(request)
    draw = get_for_user(sel.draws_for(request.user), uuid)
    return render(
        request,
        "supervision/spot_check_detail.html",
        {
            "draw": draw,
            "items": sel.draw_items(draw),
            "form": f.ResultForm(),
            "events": timeline_for(draw),
        },
    )


@require_POST
@login_required
def spot_check_result(request, uuid):
    official_jurisdiction(request)
    item = get_object_or_404(sel.items_for(request.user), uuid=uuid)
    form = f.ResultForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.spot_check_result(actor=request.user, item=item, **form.cleaned_data),
            _("检查结果已记录"),
        )
    return redirect("spot_check_detail", uuid=item.draw.uuid)


# --- public ----------------------------------------------------------------------------------


def spot_check_public(request):
    """双随机、一公开: every draw with its seed, method and results."""
    page = Paginator(sel.public_draws().order_by("-drawn_on", "-id"), PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "supervision/spot_check_public.html", {"page": page})


def spot_check_method(request):
    return render(
        request,
        "supervision/spot_check_method.html",
        {"method": services.METHOD, "version": services.METHOD_VERSION},
    )


def spot_check_public_detail(request, uuid):
    draw = get_for_user(sel.public_draws(), uuid)
    items = SpotItems(sel.draw_items(draw))
    return render(
        request,
        "supervision/spot_check_public_detail.html",
        {"draw": draw, "items": items},
    )


class SpotItems(list):
    """Drawn items with the inspectors' count only (names are not published)."""

    def __init__(self, qs):
        super().__init__(qs)
        for it in self:
            it.n_inspectors = len(it.inspectors.all())
