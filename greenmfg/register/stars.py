"""A city's star register (星级绿色工厂名录; 004 第三条、第十一条): every enterprise of the
city that is a starred green factory — by its municipal listing (1★, or raised), and,
even without a municipal listing, by its listing on a provincial (2★) or national (3★)
green-factory list, including listings imported from published lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from greenmfg.core.vocabulary import Level
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import registry, rules_for, rules_for_slug
from greenmfg.register.models import Listing, ListingStatus

LEVEL_ORDER = {Level.MUNICIPAL: 1, Level.PROVINCIAL: 2, Level.NATIONAL: 3}


@dataclass(frozen=True)
class StarRow:
    """One starred green factory of the city: its name and USCC, its star, the list
    level the star comes from, the listing behind it and the article."""

    unit_name: str
    uscc: str
    star: int
    basis_level: str
    listing: Listing
    ref: str


def star_register(city: Jurisdiction, on: dt.date) -> list[StarRow]:
    """The city's starred green factories on ``on`` (rules of the city: ``stars.<level>``,
    ``stars.list_types``), highest star per unit (按照最高获评级别, 004 第十一条). A unit
    counts by its own registered division (a listing imported without a matched unit,
    by the listing's region). Empty where the city grades no stars. One query."""
    rules = rules_for(city, on)
    if not rules.has("stars.municipal"):
        return []
    types = rules.get("stars.list_types", ["factory"])
    rows = (
        Listing.objects.filter(
            status=ListingStatus.ACTIVE,
            list_type__in=types,
            level__in=list(LEVEL_ORDER),
        )
        .filter(region__path__startswith=city.path)
        .select_related("green_list__jurisdiction", "unit")
        .order_by("unit_name", "id")
    )
    best: dict[str, StarRow] = {}
    for li in rows:
        if li.level == Level.MUNICIPAL and li.green_list.jurisdiction_id != city.id:
            continue
        key = f"stars.{li.level}"
        if not rules.has(key):
            continue
        star = rules.get(key)
        if li.level == Level.MUNICIPAL and li.star:
            star = max(star, li.star)
        ident = li.uscc or (li.unit.uscc if li.unit_id else "") or f"#{li.unit_id or li.id}"
        row = StarRow(li.unit_name, li.uscc, star, li.level, li, rules.ref(key))
        if ident not in best or (star, LEVEL_ORDER[li.level]) > (
            best[ident].star,
            LEVEL_ORDER[best[ident].basis_level],
        ):
            best[ident] = row
    return sorted(best.values(), key=lambda r: (-r.star, r.unit_name))


def star_cities(on: dt.date) -> list[Jurisdiction]:
    """The cities whose rules grade stars (``stars.municipal``; Guangzhou, 004 第三条)."""
    codes = [
        rf.division
        for slug, rf in registry().files.items()
        if rf.parameters.get("stars.municipal") and rules_for_slug(slug, on).has("stars.municipal")
    ]
    return list(Jurisdiction.objects.filter(code__in=codes, level="city").order_by("code"))
