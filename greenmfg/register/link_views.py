"""Pages of the links of listings to their enterprises (greenmfg/register/links.py):
the enterprise's claims, the official's decisions and chase list, and the public page
of one unit across its lists. Thin: the services decide."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.audit.selectors import timeline_for
from greenmfg.core.web import get_for_user, run_action
from greenmfg.parties.models import Organisation
from greenmfg.parties.permissions import may
from greenmfg.parties.scoping import scope_by_unit
from greenmfg.register import links
from greenmfg.register.models import Listing, ListingLink

PAGE = 50


@login_required
def link_claims(request):
    """这些名单中可能是贵单位: the listings that look like the user's unit's, and its claims."""
    if not may(request.user, "register.claim_listing"):
        raise Http404
    org = request.user.organisation
    candidates = list(links.candidate_listings(org)[:200])
    mine = (
        scope_by_unit(ListingLink.objects.all(), request.user, "organisation")
        .select_related("listing", "listing__green_list", "listing__region")
        .order_by("-created_at")[:200]
    )
    return render(
        request,
        "register/links/claims.html",
        {"candidates": candidates, "mine": mine},
    )


@require_POST
@login_required
def link_claim(request, uuid):
    if not may(request.user, "register.claim_listing"):
        raise Http404
    listing = get_for_user(Listing.objects.filter(unit__isnull=True), uuid)
    run_action(
        request,
        lambda: links.listing_claim(
            actor=request.user, listing=listing, note=request.POST.get("note", "")
        ),
        _("已认领，待所在区县或地市主管部门确认"),
    )
    return redirect("link_claims")


@login_required
def link_decisions(request):
    """待确认的名单条目关联: claims and proposals of units in the official's scope."""
    if not may(request.user, "register.view_chase_list"):
        raise Http404
    qs = links.pending_links(request.user).order_by("created_at", "id")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "register/links/decisions.html", {"page": page})


@login_required
def link_decide(request, uuid):
    """One claim or proposal (GET, from the inbox); the official confirms, refuses or
    undoes it (POST)."""
    link = get_for_user(
        scope_by_unit(
            ListingLink.objects.select_related(
                "listing",
                "listing__green_list",
                "listing__region",
                "organisation",
                "organisation__registered_division",
            ),
            request.user,
            "organisation",
        ),
        uuid,
    )
    if request.method != "POST":
        return render(
            request, "register/links/link.html", {"link": link, "events": timeline_for(link)}
        )
    decision = request.POST.get("decision")
    reason = request.POST.get("reason", "")
    if decision == "confirm":
        run_action(
            request,
            lambda: links.link_confirm(actor=request.user, link=link),
            _("已确认关联"),
        )
    elif decision == "refuse":
        run_action(
            request,
            lambda: links.link_refuse(actor=request.user, link=link, reason=reason),
            _("已驳回"),
        )
    elif decision == "unlink":
        run_action(
            request,
            lambda: links.link_unlink(actor=request.user, link=link, reason=reason),
            _("已解除关联"),
        )
    return redirect(request.POST.get("next") or "link_decisions")


@login_required
def chase_list(request):
    """待关联名单单位: listed units in the official's area not yet linked, with their next
    dynamic-form deadline (50 a page)."""
    if not may(request.user, "register.view_chase_list"):
        raise Http404
    qs = (
        links.chase_listings(request.user)
        .select_related("green_list", "region")
        .defer("search_text")
        .order_by("-year", "unit_name", "id")
    )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    rows = links.chase_rows(request.user, list(page.object_list))
    return render(request, "register/links/chase.html", {"page": page, "rows": rows})


def unit_page(request, uuid):
    """一个单位的各级名单 (public): a linked unit's listings over the years and levels,
    its current and former names and its status."""
    unit = get_for_user(
        Organisation.objects.filter(listings__isnull=False)
        .select_related("registered_division")
        .distinct(),
        uuid,
    )
    record = links.unit_record(unit)
    return render(request, "register/links/unit.html", {"record": record})
