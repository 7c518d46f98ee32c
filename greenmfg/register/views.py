"""The public register (公开名录): search the published lists; one list's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from greenmfg.core.pagecache import cache_public_page
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.core.web import get_for_user
from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.register import exports
from greenmfg.register.selectors import published_lists, register_paginator


@cache_public_page
def register_search(request):
    """Filter by level, list type, year, region and a name fragment; 50 rows a page."""
    params = {
        k: request.GET.get(k, "").strip() for k in ("q", "level", "list_type", "year", "region")
    }
    page = register_paginator(50, **params).get_page(request.GET.get("page"))
    provinces = Jurisdiction.objects.filter(level=JurisdictionLevel.PROVINCE).only("code", "name")
    years = range(2017, 2031)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "register/search.html",
        {
            "page": page,
            "params": params,
            "levels": Level.choices,
            "list_types": ListType.choices,
            "provinces": provinces,
            "years": years,
            "querystring": query.urlencode(),
        },
    )


def green_list_detail(request, uuid):
    """One published list (public): counts by list type, its listings 100 a page."""
    green_list = get_for_user(published_lists(), uuid)
    listings = green_list.listings.select_related("region").order_by(
        "list_type", "-star", "unit_name"
    )
    counts = {
        ListType(r["list_type"]).label: r["n"]
        for r in listings.values("list_type").annotate(n=Count("id")).order_by()
    }
    page = Paginator(listings, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "register/green_list.html",
        {"green_list": green_list, "page": page, "counts": counts},
    )


def green_list_index(request):
    """The published lists (public), the newest 300."""
    lists = published_lists().annotate(n=Count("listings"))[:300]
    return render(request, "register/list_index.html", {"lists": lists})


def green_list_xlsx(request, uuid):
    """The published list as XLSX (public)."""
    green_list = get_for_user(published_lists(), uuid)
    resp = HttpResponse(
        exports.green_list_xlsx(green_list),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="green-list-{green_list.uuid}.xlsx"'
    return resp


def green_list_pdf(request, uuid):
    """The published list's announcement as PDF (public)."""
    green_list = get_for_user(published_lists(), uuid)
    resp = HttpResponse(exports.green_list_pdf(green_list), content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="green-list-{green_list.uuid}.pdf"'
    return resp


def bench_hello(request):
    """The minimal Django view `make bench` compares the register page with (served
    only with GREENMFG_BENCH_VIEWS=1)."""
    return HttpResponse("ok")
