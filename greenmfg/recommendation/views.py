"""Pages of department consultation (征求意见) and quotas (名额). Thin: services decide."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.audit.selectors import timeline_for
from greenmfg.core.web import get_for_user, run_action
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.permissions import may
from greenmfg.recommendation import services
from greenmfg.recommendation.exports import recommendation_summary_xlsx
from greenmfg.recommendation.exports import rewards_xlsx as build_rewards_xlsx
from greenmfg.recommendation.forms import OpinionForm, QuotaForm, ResolveForm
from greenmfg.recommendation.models import Reward
from greenmfg.recommendation.selectors import consultations_for, opinions_for
from greenmfg.selection.selectors import campaigns_for, recommendable_listings


@login_required
def consultation_list(request):
    """征求意见: the consultations the user opened, or, for a department, its pending opinions."""
    consultations = consultations_for(request.user).order_by("-sent_on")[:200]
    return render(
        request, "recommendation/consultation_list.html", {"consultations": consultations}
    )


@login_required
def consultation_detail(request, uuid):
    cons = get_for_user(consultations_for(request.user), uuid)
    opinions = list(opinions_for(request.user).filter(consultation=cons).order_by("unit__name"))
    return render(
        request,
        "recommendation/consultation_detail.html",
        {
            "cons": cons,
            "opinions": opinions,
            "opinion_form": OpinionForm(),
            "resolve_form": ResolveForm(),
            "events": timeline_for(cons),
        },
    )


@require_POST
@login_required
def opinion_answer(request, uuid):
    opinion = get_for_user(opinions_for(request.user), uuid)
    form = OpinionForm(request.POST, request.FILES)
    if form.is_valid():
        run_action(
            request,
            lambda: services.opinion_record(
                actor=request.user,
                opinion=opinion,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                attachment=form.cleaned_data.get("attachment"),
            ),
            _("意见已反馈"),
        )
    return redirect("consultation_detail", uuid=opinion.consultation.uuid)


@login_required
def opinion_attachment(request, uuid):
    """A department's attachment, for those who may see the consultation (as an
    attachment, under its stored name)."""
    opinion = get_for_user(opinions_for(request.user), uuid)
    if not opinion.attachment:
        raise Http404
    try:
        fh = opinion.attachment.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(fh, as_attachment=True, filename=opinion.attachment.name.rsplit("/", 1)[-1])


@require_POST
@login_required
def opinion_resolve(request, uuid):
    opinion = get_for_user(opinions_for(request.user), uuid)
    form = ResolveForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.opinion_resolve(
                actor=request.user, opinion=opinion, resolution=form.cleaned_data["resolution"]
            ),
            _("处理情况已记录"),
        )
    return redirect("consultation_detail", uuid=opinion.consultation.uuid)


@require_POST
@login_required
def campaign_consult(request, uuid):
    """Consult the departments on every listing the official may recommend to this campaign."""
    campaign = get_for_user(campaigns_for(request.user), uuid)
    listings = [
        lst
        for lst in recommendable_listings(request.user).filter(
            uuid__in=request.POST.getlist("listing")
        )
        if campaign.jurisdiction.contains(lst.unit.registered_division)
    ]
    if listings:
        run_action(
            request,
            lambda: services.consultation_open(
                actor=request.user, campaign=campaign, listings=listings
            ),
            _("已向各部门征求意见"),
        )
    return redirect("campaign_detail", uuid=campaign.uuid)


@require_POST
@login_required
def campaign_recommend(request, uuid):
    """Recommend one listing of the official's own list to this upper campaign (推荐)."""
    campaign = get_for_user(campaigns_for(request.user), uuid)
    listing = get_for_user(recommendable_listings(request.user), request.POST.get("listing"))
    run_action(
        request,
        lambda: services.application_recommend(
            actor=request.user, listing=listing, campaign=campaign
        ),
        _("已推荐至上一级"),
    )
    return redirect("campaign_detail", uuid=campaign.uuid)


@require_POST
@login_required
def campaign_quota(request, uuid):
    campaign = get_for_user(campaigns_for(request.user), uuid)
    provinces = Jurisdiction.objects.filter(level="province")
    form = QuotaForm(request.POST, provinces=provinces)
    if form.is_valid():
        province = provinces.get(code=form.cleaned_data["jurisdiction"])
        run_action(
            request,
            lambda: services.quota_set(
                actor=request.user,
                campaign=campaign,
                jurisdiction=province,
                list_type=form.cleaned_data["list_type"],
                quota=form.cleaned_data["quota"],
                basis=form.cleaned_data["basis"],
            ),
            _("名额已分配"),
        )
    return redirect("campaign_detail", uuid=campaign.uuid)


@login_required
def campaign_recommendations_xlsx(request, uuid):
    """The recommendation list into a campaign: the recommending official's own
    recommendations, or all of them for the campaign's own officials."""
    user = request.user
    campaign = get_for_user(campaigns_for(user), uuid)
    if not may(user, "recommendation.export_recommendations", campaign):
        raise Http404  # a department sees the campaign, not who was recommended into it
    own = bool(user.authority_id) and user.authority.jurisdiction_id == campaign.jurisdiction_id
    authority = None if (own or user.is_superuser) else user.authority
    resp = HttpResponse(
        recommendation_summary_xlsx(campaign, authority),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="recommendations-{campaign.uuid}.xlsx"'
    return resp


@login_required
def rewards_xlsx(request):
    """The one-time rewards due from the official's jurisdiction (002 第二十三条)."""
    if not may(request.user, "recommendation.export_rewards"):
        raise Http404  # not a department or an auditor of the authority (access matrix)
    path = request.user.authority.jurisdiction.path
    rewards = (
        Reward.objects.filter(jurisdiction__path__startswith=path)
        .select_related("listing__green_list")
        .order_by("-created_at")
    )
    resp = HttpResponse(
        build_rewards_xlsx(rewards),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = 'attachment; filename="rewards.xlsx"'
    return resp
