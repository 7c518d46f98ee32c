"""The numbers of the dashboards, from the public register's own filters
(:func:`greenmfg.register.selectors.search_listings`), so that a dashboard's count equals
the register's count for the same filters (active listings by default).

Public dashboard: published lists only (the register). Officials: the same, limited
to their jurisdiction, plus the cultivation pool (培育库) and the dynamic-form
indicators of their units, which are not published.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from greenmfg.core.vocabulary import Level, ListType
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.parties.scoping import official_path, sees_everything
from greenmfg.register.models import Listing, ListingStatus
from greenmfg.register.selectors import search_listings
from greenmfg.supervision.models import DynamicForm, FormState

#: the tile grid of China's provincial divisions: (code, short name, row, column); no
#: boundary data, so no 审图号 is needed
PROVINCE_TILES: tuple[tuple[str, str, int, int], ...] = (
    ("230000", "黑龙江", 0, 7),
    ("150000", "内蒙古", 1, 5),
    ("110000", "北京", 1, 6),
    ("220000", "吉林", 1, 7),
    ("650000", "新疆", 2, 0),
    ("640000", "宁夏", 2, 2),
    ("140000", "山西", 2, 3),
    ("130000", "河北", 2, 4),
    ("120000", "天津", 2, 5),
    ("210000", "辽宁", 2, 6),
    ("630000", "青海", 3, 1),
    ("620000", "甘肃", 3, 2),
    ("610000", "陕西", 3, 3),
    ("410000", "河南", 3, 4),
    ("370000", "山东", 3, 5),
    ("540000", "西藏", 4, 0),
    ("510000", "四川", 4, 2),
    ("500000", "重庆", 4, 3),
    ("420000", "湖北", 4, 4),
    ("340000", "安徽", 4, 5),
    ("320000", "江苏", 4, 6),
    ("520000", "贵州", 5, 2),
    ("430000", "湖南", 5, 3),
    ("360000", "江西", 5, 4),
    ("330000", "浙江", 5, 5),
    ("310000", "上海", 5, 6),
    ("530000", "云南", 6, 2),
    ("450000", "广西", 6, 3),
    ("440000", "广东", 6, 4),
    ("350000", "福建", 6, 5),
    ("710000", "台湾", 6, 6),
    ("460000", "海南", 7, 3),
    ("810000", "香港", 7, 4),
    ("820000", "澳门", 7, 5),
)

#: the dynamic-form indicators shown as distributions: field -> (label, unit, direction)
INDICATORS: dict[str, tuple[str, str, int]] = {
    "energy_intensity": ("单位产值综合能耗", "吨标准煤/万元", -1),
    "co2_intensity": ("单位产值二氧化碳排放量", "吨/万元", -1),
    "renewable_share": ("可再生能源使用比例", "%", 1),
    "water_intensity": ("单位产值取水量", "立方米/万元", -1),
    "water_reuse_rate": ("工业用水重复利用率", "%", 1),
    "solid_waste_utilisation_rate": ("一般工业固体废物综合利用率", "%", 1),
}
TOP_INDUSTRIES = 15
PYRAMID_LEVELS = (Level.NATIONAL, Level.PROVINCIAL, Level.MUNICIPAL)


@dataclass(frozen=True)
class Filters:
    """What a dashboard shows: a region (division code, its whole subtree; "" = all),
    a list type, a year ("" = all) and the listing status (active by default)."""

    region: str = ""
    list_type: str = ""
    year: str = ""
    status: str = ListingStatus.ACTIVE

    def register_kwargs(self) -> dict[str, str]:
        return {
            "region": self.region,
            "list_type": self.list_type,
            "year": self.year,
            "status": self.status,
        }


@dataclass
class Viewer:
    """Who looks: the public, an official limited to ``path``, or someone who sees
    everything (national officials, administrators)."""

    official: bool = False
    path: str = ""
    jurisdiction: Jurisdiction | None = None

    @property
    def all_country(self) -> bool:
        return self.official and not self.path


def viewer_for(user) -> Viewer:
    """The :class:`Viewer` of ``user``."""
    if sees_everything(user):
        return Viewer(official=True)
    path = official_path(user)
    if path:
        return Viewer(official=True, path=path, jurisdiction=user.authority.jurisdiction)
    return Viewer()


def allowed_region(viewer: Viewer, region: str) -> str:
    """The region an official may look at: ``region`` if it lies in their jurisdiction,
    else their own; the public may look at any region (published data)."""
    if not viewer.path:
        return region
    own = viewer.jurisdiction.code
    if region and Jurisdiction.objects.filter(code=region, path__startswith=viewer.path).exists():
        return region
    return own


def listings(filters: Filters) -> QuerySet[Listing]:
    """The register's listings for ``filters`` (the same query as the register page)."""
    return search_listings(**filters.register_kwargs())


def pyramid(filters: Filters) -> list[dict]:
    """Listings per level, national at the top (``{"level", "label", "count"}``)."""
    counts = dict(listings(filters).order_by().values_list("level").annotate(n=Count("id")))
    return [
        {"level": lv, "label": str(Level(lv).label), "count": counts.get(lv, 0)}
        for lv in PYRAMID_LEVELS
    ]


def pool_count(filters: Filters, on: dt.date) -> int:
    """Candidates in the cultivation pool (培育对象: accepted, valid on ``on``) of units
    registered in the region, of the list type (officials only: the pool is not a
    published list)."""
    qs = Registration.objects.filter(state=RegistrationState.ACCEPTED).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )
    if filters.list_type:
        qs = qs.filter(list_type=filters.list_type)
    if filters.region:
        path = (
            Jurisdiction.objects.filter(code=filters.region).values_list("path", flat=True).first()
        )
        qs = qs.filter(unit__registered_division__path__startswith=path or "-")
    return qs.count()


def trends(filters: Filters) -> list[dict]:
    """Listings per list year and level (``{"year", "<level>": n, …}``), oldest first;
    the year filter does not apply (a trend spans the years)."""
    f = Filters(region=filters.region, list_type=filters.list_type, status=filters.status)
    rows = listings(f).order_by().values_list("year", "level").annotate(n=Count("id"))
    by_year: dict[int, dict] = {}
    for year, level, n in rows:
        by_year.setdefault(year, {"year": year, **{lv: 0 for lv in PYRAMID_LEVELS}})[level] = n
    return [by_year[y] for y in sorted(by_year)]


def industries(filters: Filters) -> list[dict]:
    """Listings per industry as the lists state it (行业), the largest first; the rest
    summed as 其他 and listings without an industry as 未注明."""
    rows = list(listings(filters).order_by().values_list("industry_text").annotate(n=Count("id")))
    named = sorted(((t, n) for t, n in rows if t), key=lambda r: (-r[1], r[0]))
    out = [{"industry": t, "count": n} for t, n in named[:TOP_INDUSTRIES]]
    rest = sum(n for _t, n in named[TOP_INDUSTRIES:])
    if rest:
        out.append({"industry": "其他", "count": rest})
    missing = sum(n for t, n in rows if not t)
    if missing:
        out.append({"industry": "未注明", "count": missing})
    return out


def provinces(filters: Filters) -> list[dict]:
    """Listings per province (the region's province) for the tile grid, every tile
    (0 included), with its row and column."""
    f = Filters(list_type=filters.list_type, year=filters.year, status=filters.status)
    qs = listings(f).order_by()
    if filters.region:
        path = (
            Jurisdiction.objects.filter(code=filters.region).values_list("path", flat=True).first()
        )
        qs = qs.filter(region__path__startswith=path or "-")
    per_region = qs.values_list("region__path").annotate(n=Count("id"))
    province_paths = dict(
        Jurisdiction.objects.filter(level=JurisdictionLevel.PROVINCE).values_list("path", "code")
    )
    counts: dict[str, int] = {}
    for path, n in per_region:
        if not path:
            continue
        code = next((c for p, c in province_paths.items() if path.startswith(p)), None)
        if code:
            counts[code] = counts.get(code, 0) + n
    return [
        {"code": code, "name": name, "row": row, "col": col, "count": counts.get(code, 0)}
        for code, name, row, col in PROVINCE_TILES
    ]


@dataclass
class Distribution:
    """One indicator over the accepted dynamic forms: quantiles, mean, a histogram,
    and the standard's references: 基准值 = 行业平均水平 (the mean here) and 引领值 =
    行业先进水平 (the best quartile here) — GB/T 36132-2025 表C.1 fixes no numbers."""

    field: str
    label: str
    unit: str
    direction: int
    n: int = 0
    quantiles: dict[str, float] = field(default_factory=dict)
    mean: float | None = None
    lead: float | None = None
    bins: list[dict] = field(default_factory=list)


def indicator_distributions(filters: Filters, data_year: int, bins: int = 10) -> list[Distribution]:
    """The key indicators of the accepted dynamic forms of ``data_year`` of the units
    registered in the region (officials only). Values are in the indicator's unit."""
    qs = DynamicForm.objects.filter(state=FormState.ACCEPTED, data_year=data_year)
    if filters.list_type:
        qs = qs.filter(list_type=filters.list_type)
    if filters.region:
        path = (
            Jurisdiction.objects.filter(code=filters.region).values_list("path", flat=True).first()
        )
        qs = qs.filter(unit__registered_division__path__startswith=path or "-")
    rows = list(qs.values_list(*INDICATORS))
    out = []
    for i, (name, (label, unit, direction)) in enumerate(INDICATORS.items()):
        vals = sorted(float(r[i]) for r in rows if isinstance(r[i], Decimal | int | float))
        d = Distribution(name, label, unit, direction, n=len(vals))
        if vals:
            qs_ = (
                statistics.quantiles(vals, n=20, method="inclusive")
                if len(vals) > 1
                else [vals[0]] * 19
            )
            d.quantiles = {
                "p10": qs_[1],
                "p25": qs_[4],
                "p50": qs_[9],
                "p75": qs_[14],
                "p90": qs_[17],
            }
            d.mean = statistics.fmean(vals)
            d.lead = d.quantiles["p25"] if direction < 0 else d.quantiles["p75"]
            lo, hi = vals[0], qs_[18]  # up to the 95th percentile; the tail in the last bin
            width = (hi - lo) / bins or 1.0
            counts = [0] * bins
            for v in vals:
                counts[min(int((v - lo) / width), bins - 1)] += 1
            d.bins = [
                {"from": lo + k * width, "to": lo + (k + 1) * width, "count": counts[k]}
                for k in range(bins)
            ]
        out.append(d)
    return out


LIST_TYPES = ListType.choices
