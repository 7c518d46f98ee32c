"""Dashboards of the gradient: the public one (published lists only) and the officials'
(their jurisdiction, with the pool, the dynamic-form indicators and drill-down to
units). Every chart has a table and a CSV download of the same numbers."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from greenmfg.core import clock
from greenmfg.core.spreadsheets import csv_cell
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.dashboards import selectors
from greenmfg.dashboards.selectors import Filters, Viewer
from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.networks.selectors import overview as network_overview
from greenmfg.register.selectors import register_paginator

CHARTS = ("pyramid", "trends", "industries", "provinces", "indicators")


def _filters(request, viewer: Viewer) -> Filters:
    g = request.GET
    list_type = g.get("list_type", "")
    year = g.get("year", "")
    return Filters(
        region=selectors.allowed_region(viewer, g.get("region", "").strip()),
        list_type=list_type if list_type in ListType.values else "",
        year=year if year.isdigit() else "",
    )


def _level_labels() -> dict[str, str]:
    return {lv: str(Level(lv).label) for lv in selectors.PYRAMID_LEVELS}


def chart_tables(viewer: Viewer, filters: Filters) -> dict[str, dict]:
    """Each chart as ``{"title", "columns", "rows"}`` (the table and the CSV) plus what
    the chart script needs (``kind``)."""
    today = clock.today()
    labels = _level_labels()
    pyramid = selectors.pyramid(filters)
    pyramid_rows = [[p["label"], p["count"]] for p in pyramid]
    if viewer.official:
        pyramid_rows.append([_("培育库（培育对象）"), selectors.pool_count(filters, today)])
    trends = selectors.trends(filters)
    charts = {
        "pyramid": {
            "kind": "pyramid",
            "title": _("梯度金字塔"),
            "columns": [_("层级"), _("数量")],
            "rows": pyramid_rows,
        },
        "trends": {
            "kind": "line",
            "title": _("按年度"),
            "columns": [_("年度"), *labels.values()],
            "rows": [[t["year"], *(t[lv] for lv in labels)] for t in trends],
        },
        "industries": {
            "kind": "bar",
            "title": _("按行业"),
            "columns": [_("行业"), _("数量")],
            "rows": [[i["industry"], i["count"]] for i in selectors.industries(filters)],
        },
        "provinces": {
            "kind": "tiles",
            "title": _("按省份（方格地图）"),
            "columns": [_("区划代码"), _("省份"), _("数量"), "row", "col"],
            "rows": [
                [p["code"], p["name"], p["count"], p["row"], p["col"]]
                for p in selectors.provinces(filters)
            ],
        },
    }
    if viewer.official:
        data_year = int(filters.year) - 1 if filters.year else today.year - 1
        dists = selectors.indicator_distributions(filters, data_year)
        charts["indicators"] = {
            "kind": "indicators",
            "title": _("动态管理表关键指标分布（{year}年数据）").format(year=data_year),
            "columns": [
                _("指标"),
                _("单位"),
                _("填报数"),
                "P10",
                "P25",
                _("中位数"),
                "P75",
                "P90",
                _("平均（基准值：行业平均水平）"),
                _("引领值（行业先进水平：最优四分位）"),
            ],
            "rows": [
                [
                    d.label,
                    d.unit,
                    d.n,
                    *(
                        round(d.quantiles[k], 4) if d.quantiles else ""
                        for k in ("p10", "p25", "p50", "p75", "p90")
                    ),
                    round(d.mean, 4) if d.mean is not None else "",
                    round(d.lead, 4) if d.lead is not None else "",
                ]
                for d in dists
            ],
            "marks": {"base": _("基准值"), "lead": _("引领值")},
            "series": [
                {
                    "label": d.label,
                    "unit": d.unit,
                    "mean": d.mean,
                    "lead": d.lead,
                    "bins": [[round(b["from"], 4), round(b["to"], 4), b["count"]] for b in d.bins],
                }
                for d in dists
            ],
        }
    return charts


def _context(request, viewer: Viewer, filters: Filters, official: bool) -> dict:
    region = Jurisdiction.objects.filter(code=filters.region).first() if filters.region else None
    if viewer.path:
        choices = Jurisdiction.objects.filter(path__startswith=viewer.path).exclude(
            level=JurisdictionLevel.DISTRICT
        )
    else:
        choices = Jurisdiction.objects.filter(level=JurisdictionLevel.PROVINCE)
    children = (
        Jurisdiction.objects.filter(parent__code=filters.region).only("code", "name")
        if official and filters.region
        else Jurisdiction.objects.none()
    )
    query = request.GET.copy()
    return {
        "charts": chart_tables(viewer, filters),
        "filters": filters,
        "region": region,
        "regions": choices.only("code", "name", "full_name").order_by("code")[:400],
        "children": children,
        "list_types": ListType.choices,
        "years": range(2016, clock.today().year + 1),
        "official": official,
        "querystring": query.urlencode(),
        "levels": _level_labels(),
    }


def public_dashboard(request):
    """``/dashboards/``: the gradient from the published lists (the register)."""
    viewer = Viewer()
    filters = _filters(request, viewer)
    return render(request, "dashboards/dashboard.html", _context(request, viewer, filters, False))


def _official_viewer(request) -> Viewer:
    viewer = selectors.viewer_for(request.user)
    if not viewer.official:
        raise PermissionDenied
    return viewer


@login_required
def official_dashboard(request):
    """``/dashboards/official/``: an official's jurisdiction (national officials: the
    country), with the pool, the indicators and drill-down by region and to units."""
    viewer = _official_viewer(request)
    filters = _filters(request, viewer)
    context = _context(request, viewer, filters, True)
    # the horizontal half: parks' members and leads' suppliers by gradient status (issue 14)
    context["overview"] = network_overview(request.user, clock.today())
    return render(request, "dashboards/dashboard.html", context)


@login_required
def official_units(request):
    """Drill-down: the listings behind a number (region, level, list type, year), 50 a page."""
    viewer = _official_viewer(request)
    filters = _filters(request, viewer)
    level = request.GET.get("level", "")
    # the register's own paginator over its narrow search table (the same rows as
    # selectors.listings(filters), in the register's order, capped count): the listing
    # table keeps no index on that order (register migration 0015)
    paginator = register_paginator(
        50, level=level if level in Level.values else "", **filters.register_kwargs()
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/units.html",
        {"page": page, "filters": filters, "level": level, "querystring": query.urlencode()},
    )


def chart_csv(request, chart: str):
    """The CSV of one chart of the public dashboard (``?official=1``: of the official's)."""
    if chart not in CHARTS:
        raise Http404
    if request.GET.get("official"):
        if not request.user.is_authenticated:
            raise PermissionDenied
        viewer = _official_viewer(request)
    else:
        viewer = Viewer()
    charts = chart_tables(viewer, _filters(request, viewer))
    if chart not in charts:
        raise Http404
    table = charts[chart]
    resp = HttpResponse(content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="greenmfg-{chart}.csv"'
    resp.write("\ufeff")
    writer = csv.writer(resp)
    writer.writerow(table["columns"])
    for row in table["rows"]:
        writer.writerow([csv_cell(v) for v in row])
    return resp
