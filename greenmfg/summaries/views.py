"""Pages of the yearly summary (000 第十九条): the official's index, the summary page
(figures, narrative, submission) and its XLSX and PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from greenmfg.core import clock
from greenmfg.core.web import run_action
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.permissions import may
from greenmfg.summaries import services
from greenmfg.summaries.exports import summary_pdf, summary_xlsx
from greenmfg.summaries.models import SUMMARY_ARTICLE, SummaryState, YearlySummary
from greenmfg.summaries.tables import summary_rows


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not services.FIRST_YEAR <= year <= clock.today().year:
        raise Http404
    return year


@login_required
def summary_index(request):
    """The official's summaries and those of the jurisdictions below (submitted ones)."""
    user = request.user
    if not may(user, "summaries.index"):
        raise Http404
    own = user.authority.jurisdiction
    below = (
        YearlySummary.objects.filter(
            jurisdiction__path__startswith=own.path, state=SummaryState.SUBMITTED
        )
        .exclude(jurisdiction=own)
        .select_related("jurisdiction")
        .order_by("-year", "jurisdiction__code")[:200]
    )
    mine = {s.year: s for s in YearlySummary.objects.filter(jurisdiction=own)}
    today = clock.today()
    years = [(y, mine.get(y)) for y in range(today.year, services.FIRST_YEAR - 1, -1)][:6]
    return render(
        request,
        "summaries/index.html",
        {"own": own, "years": years, "below": below, "article": SUMMARY_ARTICLE},
    )


def _summary_for(request, code: str, year: int):
    jurisdiction = get_object_or_404(Jurisdiction, code=code)
    summary = services.summary_of(jurisdiction, year)
    if not may(request.user, "summaries.read", summary):
        raise Http404
    return summary


@login_required
def summary_detail(request, code, year):
    """One summary: the figures (live while drafting, frozen once submitted), the
    narrative form for its own authority, submission."""
    year = _year(year)
    summary = _summary_for(request, code, year)
    user = request.user
    can_write = may(user, "summaries.write", summary) and summary.state == SummaryState.DRAFT
    if request.method == "POST":
        if not can_write:
            raise Http404
        narrative = {k: request.POST.get(k, "") for k in services.NARRATIVE}
        ok, saved = run_action(
            request,
            lambda: services.summary_save(
                actor=user, jurisdiction=summary.jurisdiction, year=year, **narrative
            ),
            _("年度工作总结已保存"),
        )
        if ok and request.POST.get("submit"):
            run_action(
                request,
                lambda: services.summary_submit(actor=user, summary=saved),
                _("年度工作总结已报送"),
            )
        return redirect("summary_detail", code, year)
    figures = services.current_figures(summary)
    return render(
        request,
        "summaries/detail.html",
        {
            "summary": summary,
            "rows": summary_rows(figures),
            "can_write": can_write,
            "article": SUMMARY_ARTICLE,
        },
    )


@login_required
def summary_download(request, code, year, fmt):
    """The summary as XLSX or PDF (attachment)."""
    year = _year(year)
    summary = _summary_for(request, code, year)
    figures = services.current_figures(summary)
    name = f"{summary.jurisdiction.code}-{year}-summary"
    if fmt == "xlsx":
        body = summary_xlsx(summary, figures)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "pdf":
        body = summary_pdf(summary, figures)
        ctype = "application/pdf"
    else:
        raise Http404
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
