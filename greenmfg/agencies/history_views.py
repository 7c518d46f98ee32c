"""The page of historical agency names (greenmfg/agencies/history.py): national and
provincial officials confirm a group of spellings as one agency or leave it as text."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.agencies import history
from greenmfg.agencies.models import AgencyNameState
from greenmfg.core.web import get_for_user, run_action
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.models import Organisation, OrganisationKind
from greenmfg.parties.permissions import may

PAGE = 50


@login_required
def agency_history(request):
    """历史评价机构名称: the groups of one state (default: to confirm), 50 a page."""
    if not may(request.user, "agencies.confirm_history"):
        raise Http404
    state = request.GET.get("state") or AgencyNameState.PROPOSED
    if state not in AgencyNameState.values:
        state = AgencyNameState.PROPOSED
    qs = history.agency_names_for(request.user).filter(state=state)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "agencies/history.html",
        {"page": page, "state": state, "states": AgencyNameState.choices},
    )


def _agency(uuid: str) -> Organisation | None:
    if not uuid:
        return None
    try:
        return Organisation.objects.select_related("registered_division").get(
            uuid=uuid, kind=OrganisationKind.AGENCY
        )
    except (Organisation.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc


@require_POST
@login_required
def agency_history_decide(request, uuid):
    group = get_for_user(history.agency_names_for(request.user), uuid)
    if request.POST.get("decision") == "reject":
        run_action(
            request,
            lambda: history.agency_name_reject(
                actor=request.user, group=group, reason=request.POST.get("reason", "")
            ),
            _("已保留为文字"),
        )
    else:
        agency = _agency(request.POST.get("agency", "").strip())
        code = request.POST.get("division", "").strip()
        division = (
            Jurisdiction.objects.filter(code=code, level="district").first() if code else None
        )
        run_action(
            request,
            lambda: history.agency_name_confirm(
                actor=request.user, group=group, agency=agency, division=division
            ),
            _("已确认为评价机构"),
        )
    return redirect("agency_history")
