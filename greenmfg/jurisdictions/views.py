"""The public rules pages (no sign-in): every ruleset file, one jurisdiction's rules in
force on a date, two jurisdictions side by side. Thin: the data comes from
:mod:`greenmfg.jurisdictions.selectors`, shared with the ``rules`` commands."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from greenmfg.core import clock
from greenmfg.core.vocabulary import Role
from greenmfg.core.web import run_action
from greenmfg.jurisdictions import sources
from greenmfg.jurisdictions.calendar import known_years
from greenmfg.jurisdictions.forms import CalendarYearForm
from greenmfg.jurisdictions.models import CalendarYear
from greenmfg.jurisdictions.rulesets import binding_conflicts, registry
from greenmfg.jurisdictions.selectors import (
    UnknownJurisdiction,
    rules_comparison,
    rules_table,
    ruleset_index,
)
from greenmfg.jurisdictions.services import calendar_year_enter


def _on(request) -> tuple[dt.date, bool]:
    """The ``?on=YYYY-MM-DD`` date (default: platform today) and whether it was bad."""
    raw = request.GET.get("on", "").strip()
    if raw:
        try:
            return dt.date.fromisoformat(raw), False
        except ValueError:
            return clock.today(), True
    return clock.today(), False


def source_texts(request):
    """The five source documents, article by article (``?doc=004``; without it, the list of
    the five): every citation on the platform links here (``{{ ref|cite }}``)."""
    code = request.GET.get("doc", "")
    doc = None
    if code:
        try:
            doc = sources.document(code)
        except KeyError:
            raise Http404 from None
    docs = [(c, t) for c, t in sources.TITLES.items()]
    return render(request, "rules/sources.html", {"doc": doc, "docs": docs})


def rules_index(request):
    """``/rules/``: every ruleset file with its jurisdiction, parent, status, sources."""
    reg = registry()
    context = {
        "rulesets": ruleset_index(),
        "binding_conflicts": binding_conflicts(reg),
        "source_codes": list(sources.TITLES),
    }
    if request.user.is_authenticated and (request.user.is_official or request.user.is_staff):
        # files refused or not yet loaded (GREENMFG_RULESETS_DIR): for the authorities
        context.update(refused=reg.errors, pending=reg.pending)
    return render(request, "rules/index.html", context)


def rules_detail(request, slug):
    """``/rules/<slug>/?on=``: the rules in force for a jurisdiction (code, slug or
    ruleset), grouped by subject; 404 for an unknown jurisdiction."""
    on, bad_date = _on(request)
    try:
        table = rules_table(slug, on)
    except UnknownJurisdiction as exc:
        raise Http404(str(exc)) from exc
    return render(
        request,
        "rules/detail.html",
        {"table": table, "on": on, "bad_date": bad_date, "raw_on": request.GET.get("on", "")},
    )


def rules_compare(request):
    """``/rules/compare/?a=&b=&on=&only=diff``: two jurisdictions' rules side by side,
    differing rows marked (``only=diff``: only those); without ``a`` and ``b`` only the
    form. 404 for an unknown jurisdiction."""
    on, bad_date = _on(request)
    only_diff = request.GET.get("only") == "diff"
    a = request.GET.get("a", "").strip()
    b = request.GET.get("b", "").strip()
    comparison = None
    if a and b:
        try:
            comparison = rules_comparison(a, b, on)
        except UnknownJurisdiction as exc:
            raise Http404(str(exc)) from exc
    choices = [(rf.slug, rf.name) for rf in registry().files.values()]
    known = {slug for slug, _name in choices}
    for extra in (a, b):
        if extra and extra not in known:
            choices.append((extra, extra))
            known.add(extra)
    return render(
        request,
        "rules/compare.html",
        {
            "comparison": comparison,
            "groups": comparison.groups(only_diff) if comparison else [],
            "only_diff": only_diff,
            "choices": choices,
            "a": a,
            "b": b,
            "on": on,
            "bad_date": bad_date,
            "raw_on": request.GET.get("on", ""),
        },
    )


def calendar_index(request):
    """工作日 calendar: the years whose holiday schedule is known (chinese-calendar or
    entered here), the entered years' days, and for national officials the entry form."""
    user = request.user
    can_enter = user.is_authenticated and (
        user.is_superuser or user.role in (Role.NATIONAL, Role.ADMIN)
    )
    form = CalendarYearForm(request.POST or None) if can_enter else None
    if request.method == "POST" and can_enter and form.is_valid():
        ok, _entry = run_action(
            request,
            lambda: calendar_year_enter(
                actor=user,
                year=form.cleaned_data["year"],
                document=form.cleaned_data["document"],
                text=form.cleaned_data["days"],
            ),
            _("节假日安排已录入"),
        )
        if ok:
            return redirect("calendar_index")
    entered = CalendarYear.objects.prefetch_related("days").order_by("-year")
    years = known_years()
    return render(
        request,
        "rules/calendar.html",
        {
            "entered": entered,
            "library_years": [y for y in years if y not in {e.year for e in entered}],
            "form": form,
        },
    )
