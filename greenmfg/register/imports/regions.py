"""Matching a list's 地区 texts to jurisdictions (one query per run, then in memory).

National lists name a province or a separately planned city (深圳/宁波/厦门/青岛/大连),
with spelling variants (内蒙/内蒙古; 兵团/新疆兵团/新疆生产建设兵团), and the design-product
list also names cities and counties. Provincial and municipal lists name cities and
districts of their own jurisdiction: there the match is looked for in that subtree only
(a "朝阳区" in a Liaoning list is Liaoning's).

Order: the normalised text (:data:`REGION_VARIANTS`) equal to a name or full name; a
separately planned city; then level by level (province, city, district) the one
jurisdiction whose name starts with the text. Several candidates at one level is
ambiguous and matches nothing: a region is never guessed.
"""

from __future__ import annotations

from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.register.imports.reading import clean

#: spelling variants of 地区 → the normalised text
REGION_VARIANTS: dict[str, str] = {
    "内蒙": "内蒙古",
    "黑龙": "黑龙江",
    "兵团": "新疆生产建设兵团",
    "新疆兵团": "新疆生产建设兵团",
    "na": "",  # a truncated "nan" in the design-product file
}

#: separately planned cities (计划单列市) that the lists name instead of a province
PLANNED_CITIES: dict[str, str] = {
    "深圳": "440300",
    "宁波": "330200",
    "厦门": "350200",
    "青岛": "370200",
    "大连": "210200",
}

#: regions that have no division code and must never be matched by prefix
NO_DIVISION = frozenset({"新疆生产建设兵团"})

LEVELS = (JurisdictionLevel.PROVINCE, JurisdictionLevel.CITY, JurisdictionLevel.DISTRICT)


def normalise_region(value: str | None) -> str:
    """The normalised spelling of a 地区 cell (e.g. "内蒙" → "内蒙古", "兵团" →
    "新疆生产建设兵团"); "" when unknown."""
    text = clean(value)
    return REGION_VARIANTS.get(text, text)


class RegionMatcher:
    """Matches normalised 地区 texts to jurisdictions within ``within`` (a jurisdiction:
    its subtree, itself included; None: the whole country)."""

    def __init__(self, within: Jurisdiction | None = None) -> None:
        qs = Jurisdiction.objects.filter(level__in=LEVELS)
        if within is not None and within.level != JurisdictionLevel.NATIONAL:
            qs = qs.filter(path__startswith=within.path)
        nodes = list(
            qs.only("id", "code", "name", "full_name", "level", "path", "is_statistical_zone")
        )
        self.within = within
        self.by_code = {j.code: j for j in nodes}
        self.by_name: dict[str, list[Jurisdiction]] = {}
        self.by_level: dict[str, list[Jurisdiction]] = {}
        for j in nodes:
            if j.level == JurisdictionLevel.DISTRICT and j.is_statistical_zone:
                continue
            self.by_level.setdefault(j.level, []).append(j)
            for name in {j.name, j.full_name}:
                self.by_name.setdefault(name, []).append(j)
        self._cache: dict[str, Jurisdiction | None] = {}

    def match(self, text: str) -> Jurisdiction | None:
        """The jurisdiction ``text`` (normalised) names, or None (see the module docstring)."""
        if text in self._cache:
            return self._cache[text]
        found: Jurisdiction | None = None
        if text and text not in NO_DIVISION:
            exact = self.by_name.get(text, [])
            if len(exact) == 1:
                found = exact[0]
            elif text in PLANNED_CITIES and PLANNED_CITIES[text] in self.by_code:
                found = self.by_code[PLANNED_CITIES[text]]
            elif not exact:
                for level in LEVELS:
                    hits = [j for j in self.by_level.get(level, []) if j.name.startswith(text)]
                    if len(hits) == 1:
                        found = hits[0]
                        break
                    if hits:  # ambiguous: do not guess
                        break
        self._cache[text] = found
        return found
