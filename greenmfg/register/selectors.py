"""Public register queries (no sign-in needed): published lists and listings."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from greenmfg.register.models import GreenList, Listing


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

    ``q``: a Chinese or other name fragment (unit, product or agency name);
    ``region``: a division code (e.g. ``440000``, ``440100``) — the region's whole
    subtree; ``year``: list year. The search backend (trigram / segmented tokens at
    national scale) will sit behind this one function.
    """
    qs = Listing.objects.select_related("region", "green_list")
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(unit_name__icontains=q) | Q(product_name__icontains=q) | Q(agency_name__icontains=q)
        )
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

        jur = Jurisdiction.objects.filter(code=region).only("path").first()
        if jur is None:
            return qs.none()
        qs = qs.filter(region__path__startswith=jur.path)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-year", "level", "list_type", "unit_name", "id")


def published_lists() -> QuerySet[GreenList]:
    return GreenList.objects.select_related("jurisdiction").order_by("-year", "title")
