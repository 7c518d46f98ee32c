"""The public register (公开名录): search the published lists; one list's page."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from greenmfg.core import clock
from greenmfg.core.pagecache import cache_public_page
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.core.web import get_for_user
from greenmfg.jurisdictions.filters import cascade_levels, resolve_cascade
from greenmfg.jurisdictions.models import NATIONAL_CODE
from greenmfg.parties.models import Organisation
from greenmfg.register import documents
from greenmfg.register.models import DocumentState
from greenmfg.register.selectors import (
    parse_as_of,
    published_lists,
    register_paginator,
    show_as_of,
)
from greenmfg.register.stars import star_cities, star_register


@cache_public_page
def register_search(request):
    """Filter by level, list type, year, region (a province, city or district, chosen as
    a cascade or given as ``region=<code>``) and a name fragment; 50 rows a page.
    ``as_of=YYYY-MM-DD``: the register as it stood on that day, each row with its name
    and status on that day (an invalid date is ignored and said so)."""
    params = {
        k: request.GET.get(k, "").strip() for k in ("q", "level", "list_type", "year", "region")
    }
    # the region as a cascade of selects (province → city → district), or a code
    picked = resolve_cascade(request.GET)
    if picked is not None:
        params["region"] = picked
    as_of_text = request.GET.get("as_of", "").strip()
    as_of = parse_as_of(as_of_text)
    page = register_paginator(50, **params, as_of=as_of).get_page(request.GET.get("page"))
    page.object_list = show_as_of(page.object_list, as_of)
    unit_pages(page)
    regions = cascade_levels(NATIONAL_CODE, params["region"])
    years = range(2017, 2031)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "register/search.html",
        {
            "page": page,
            "params": params,
            "as_of": as_of,
            "as_of_text": as_of_text,
            "as_of_invalid": bool(as_of_text) and as_of is None,
            "levels": Level.choices,
            "list_types": ListType.choices,
            "regions": regions,
            "years": years,
            "querystring": query.urlencode(),
        },
    )


def unit_pages(page) -> None:
    """Give each listing of ``page`` that names a platform unit ``unit_uuid``, for the
    link to that unit's page across its lists (one query for the whole page)."""
    rows = list(page.object_list)
    page.object_list = rows
    uuids = dict(
        Organisation.objects.filter(pk__in={r.unit_id for r in rows if r.unit_id}).values_list(
            "id", "uuid"
        )
    )
    for r in rows:
        r.unit_uuid = uuids.get(r.unit_id)


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
    unit_pages(page)
    return render(
        request,
        "register/green_list.html",
        {"green_list": green_list, "page": page, "counts": counts},
    )


def green_list_index(request):
    """The published lists (public), the newest 300."""
    lists = published_lists().annotate(n=Count("listings"))[:300]
    return render(request, "register/list_index.html", {"lists": lists})


def _document(request, uuid, fmt: str):
    """A published list's stored document as an attachment; while it is being rendered
    (in the background, greenmfg/register/documents.py), 202 with ``Retry-After`` and a
    page saying so. Nothing is rendered here."""
    green_list = get_for_user(published_lists(), uuid)
    doc = documents.document_for_download(green_list=green_list, fmt=fmt)
    if doc.state == DocumentState.READY:
        return FileResponse(
            default_storage.open(doc.file, "rb"),
            as_attachment=True,
            filename=f"green-list-{green_list.uuid}.{fmt}",
            content_type=documents.CONTENT_TYPES[fmt],
        )
    response = render(
        request,
        "register/document_pending.html",
        {
            "green_list": green_list,
            "format": fmt.upper(),
            "failed": doc.state == DocumentState.FAILED,
            "retry_after": documents.RETRY_AFTER_SECONDS,
        },
        status=202,
    )
    response["Retry-After"] = str(documents.RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def green_list_xlsx(request, uuid):
    """The published list as XLSX (public), served from storage."""
    return _document(request, uuid, "xlsx")


def green_list_pdf(request, uuid):
    """The published list's announcement as PDF (public), served from storage."""
    return _document(request, uuid, "pdf")


def bench_hello(request):
    """The minimal Django view `make bench` compares the register page with (served
    only with GREENMFG_BENCH_VIEWS=1)."""
    return HttpResponse("ok")


def star_register_page(request):
    """A city's starred green factories (public; 004 第三条、第十一条): municipal 1★ and
    the city's enterprises on provincial (2★) and national (3★) green-factory lists,
    with or without a municipal listing. ``?city=`` picks a city that grades stars."""
    today = clock.today()
    cities = star_cities(today)
    code = request.GET.get("city", "")
    city = next((c for c in cities if c.code == code), cities[0] if cities else None)
    rows = star_register(city, today) if city else []
    return render(
        request, "register/star_register.html", {"cities": cities, "city": city, "rows": rows}
    )
