"""Public register queries (no sign-in needed): published lists and listings."""

from __future__ import annotations

from django.db.models import QuerySet, Subquery

from greenmfg.register.models import GreenList, Listing
from greenmfg.register.search import filter_by_name


def search_listings(
    *,
    q: str = "",
    level: str = "",
    list_type: str = "",
    year: int | str | None = None,
    region: str = "",
    status: str = "",
) -> QuerySet[Listing]:
    """Listings matching the public register's filters.

    ``q``: Chinese or other words of a unit, product or agency name — every jieba
    word of ``q`` (2-character queries included, served by a word index), or for 3+
    characters also a substring (trigram index); see greenmfg/register/search.py;
    ``region``: a division code (e.g. ``440000``, ``440100``) — the region's whole
    subtree; ``year``: list year.
    """
    qs = Listing.objects.select_related("region", "green_list").defer("search_text")
    if q:
        qs = filter_by_name(qs, q)
    if level:
        qs = qs.filter(level=level)
    if list_type:
        qs = qs.filter(list_type=list_type)
    if year not in (None, ""):
        try:
            qs = qs.filter(year=int(year))
        except (TypeError, ValueError):
            return qs.none()
    if region:
        from greenmfg.jurisdictions.models import Jurisdiction

        # the region's subtree as a subquery (an unknown code matches nothing): no
        # extra query, so the page costs the same with or without a region
        path = Jurisdiction.objects.filter(code=region).values("path")[:1]
        subtree = Jurisdiction.objects.filter(path__startswith=Subquery(path)).values("id")
        qs = qs.filter(region_id__in=subtree)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-year", "level", "list_type", "unit_name", "id")


def published_lists() -> QuerySet[GreenList]:
    return GreenList.objects.select_related("jurisdiction").order_by("-year", "title")
