"""A synthetic country (``greenmfg generate-country``): enterprises with valid USCCs in
real districts (weighted towards the industrial provinces), registrations in the
cultivation pools, campaigns, applications, green lists with listings at every level
(municipal → provincial → national, with stars and grades where the rules give them),
filing officers, annual dynamic forms and credit records, over the real division and
GB/T 4754-2017 industry codes.

Everything is decided by ``seed`` (one :class:`random.Random` per table, seeded with
``f"{seed}-{table}"``; UUIDs drawn from them; timestamps fixed), so a seed gives the
same country on PostgreSQL and SQLite. Rows go in with ``COPY`` on PostgreSQL and
``bulk_create`` on SQLite (:mod:`greenmfg.demo.bulk`). It is synthetic data: no audit
events are written for the generated history, names and codes are invented (the
USCCs are well-formed GB 32100-2015 codes with the unassigned registration authority ``0``,
which no real unit has, greenmfg/parties/uscc.py; lists and listings have the source
``simulated``).

Scale facts used (../shared/research/POLICY_RESEARCH.md §8): ~424万 industrial
enterprises, 8,336 national green factories and 1.6万 provincial/municipal ones by
2026; a large province lists 100–150 provincial factories a year.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from greenmfg.cultivation.models import Registration
from greenmfg.demo.bulk import BulkWriter, next_id
from greenmfg.demo.names import NameMaker, city_prefix
from greenmfg.duties.models import Attendance, Course
from greenmfg.eligibility.models import CreditRecord
from greenmfg.jurisdictions.models import (
    NATIONAL_CODE,
    IndustryCode,
    Jurisdiction,
    JurisdictionLevel,
)
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.parties.models import Authority, Organisation
from greenmfg.parties.names import normalise_name
from greenmfg.parties.uscc import ALPHABET, SIMULATED_AUTHORITY, check_character
from greenmfg.register.models import GreenList, Listing, ListSource
from greenmfg.register.search import search_text_for
from greenmfg.selection.models import Application, Campaign
from greenmfg.supervision.models import DynamicForm, FilingOfficer

#: weight of each province (first two digits of the division code) among enterprises
PROVINCE_WEIGHTS: dict[str, float] = {
    "44": 14, "32": 13, "33": 12, "37": 10, "41": 6, "35": 6, "13": 5, "34": 5, "42": 5,
    "43": 4, "51": 4, "31": 4, "50": 3, "36": 3, "21": 3, "12": 2, "11": 2, "61": 2,
    "45": 2, "14": 2, "22": 1, "23": 1, "15": 1, "53": 1, "52": 1, "62": 1, "65": 1,
    "46": 0.5, "64": 0.5, "63": 0.3, "54": 0.1,
}  # fmt: skip

SCALES = (("large", 3), ("medium", 12), ("small", 45), ("micro", 40))
LIST_TYPES = (("factory", 85), ("supply_chain", 7), ("design_product", 8))
#: credit record kinds and their share (信用中国-like mix: mostly abnormal-operation
#: listings, penalties and debtor listings; accidents rarer)
CREDIT_KINDS = (
    ("abnormal_operation_list", 34),
    ("other_violation", 16),
    ("dishonest_judgment_debtor", 12),
    ("environmental_accident", 8),
    ("safety_accident", 6),
    ("tax_evasion", 5),
    ("production_stopped", 5),
    ("energy_supervision_rectification", 5),
    ("quality_accident", 4),
    ("deregistered", 3),
    ("inspection_serious_problem", 1),
    ("cyber_data_security_incident", 1),
)
STATE_KINDS = {
    "deregistered",
    "production_stopped",
    "abnormal_operation_list",
    "energy_supervision_rectification",
    "dishonest_judgment_debtor",
}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌"
ROADS = ("工业大道", "科技路", "创业路", "环城路", "兴业路", "开发大道", "园区路", "滨江路")
SOURCE = "合成数据 / synthetic"


@dataclass
class CountryReport:
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def lines(self) -> list[str]:
        out = [
            f"合成数据（种子 {self.seed}）/ synthetic country (seed {self.seed}): "
            f"{self.rows} rows in {self.total_seconds:.1f} s "
            f"({self.rows / max(self.total_seconds, 1e-9):,.0f} rows/s)"
        ]
        for label, n in self.counts.items():
            out.append(f"  {label}: {n}")
        for phase, s in self.seconds.items():
            out.append(f"  [{phase}] {s:.1f} s")
        return out

    def as_dict(self) -> dict:
        return {
            "seed": self.seed,
            "rows": self.rows,
            "seconds": round(self.total_seconds, 2),
            "counts": self.counts,
            "phase_seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _uscc(rng: random.Random, division: str) -> str:
    body = SIMULATED_AUTHORITY + "1" + division + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class _Progress:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, iterable, total: int, desc: str):
        if not self.enabled:
            return iterable
        return tqdm(iterable, total=total, desc=desc, unit="rows", file=sys.stderr, leave=False)


@dataclass
class _Place:
    district_id: int
    district_code: str
    district_full: str
    city_id: int
    city_code: str
    prefix: str
    province_id: int
    province_code: str


def _places():
    """Districts with their city and province, and the sampling weights."""

    nodes = {
        j.code: j
        for j in Jurisdiction.objects.filter(
            level__in=[JurisdictionLevel.PROVINCE, JurisdictionLevel.CITY]
        ).only("id", "code", "name", "level")
    }
    districts = Jurisdiction.objects.filter(
        level=JurisdictionLevel.DISTRICT, is_statistical_zone=False
    ).order_by("code")
    places = []
    for d in districts.only("id", "code", "full_name", "path"):
        codes = [c for c in d.path.strip("/").split("/") if c]
        if len(codes) < 4:
            continue
        province, city = nodes.get(codes[1]), nodes.get(codes[2])
        if province is None or city is None:
            continue
        prefix = city_prefix(city.name) if "辖" not in city.name else ""
        if not prefix:
            prefix = province.name.removesuffix("市") if province.name.endswith("市") else ""
        places.append(
            _Place(
                d.id, d.code, d.full_name, city.id, city.code, prefix, province.id, province.code
            )
        )
    if not places:
        raise RuntimeError(
            "尚未载入参考数据，请先运行 `greenmfg load-reference` / "
            "reference data missing: run `greenmfg load-reference` first"
        )
    per_province = defaultdict(int)
    for p in places:
        per_province[p.province_code[:2]] += 1
    weights = [
        PROVINCE_WEIGHTS.get(p.province_code[:2], 0.5) / per_province[p.province_code[:2]]
        for p in places
    ]
    return places, weights


class _RulesCache:
    """Per-city facts from the rulesets (stars, grades, dynamic-form deadline and reviewer)."""

    def __init__(self):

        self._cache: dict = {}
        self._jur = Jurisdiction.objects

    def rules(self, jurisdiction_id: int, year: int):
        key = ("rules", jurisdiction_id, year)
        if key not in self._cache:
            jur = self._jur.get(pk=jurisdiction_id)
            try:
                self._cache[key] = rules_for(jur, dt.date(year, 1, 1))
            except Exception:  # a ruleset gap: no stars, national deadlines
                self._cache[key] = None
        return self._cache[key]

    def has(self, jurisdiction_id: int, year: int, key: str) -> bool:
        rules = self.rules(jurisdiction_id, year)
        return bool(rules is not None and rules.has(key))

    def filing(self, place: _Place, filing_year: int):
        """(deadline, deadline_ref, reviewer id, reviewer_ref) of a unit's dynamic form."""
        key = ("filing", place.city_id, filing_year)
        if key not in self._cache:
            rules = self.rules(place.city_id, filing_year)
            deadline, ref, reviewer, reviewer_ref = (
                dt.date(filing_year, 4, 15),
                "",
                place.city_id,
                "",
            )
            if rules is not None:
                try:
                    deadline = rules.month_day("dynamic.annual_report_deadline", filing_year)
                    ref = rules.ref("dynamic.annual_report_deadline")
                    level = rules.get("dynamic.reviewed_by")
                    reviewer = {"province": place.province_id, "city": place.city_id}.get(
                        level, place.district_id if level == "district" else place.city_id
                    )
                    reviewer_ref = rules.ref("dynamic.reviewed_by")
                except Exception:
                    pass
            self._cache[key] = (deadline, ref, reviewer, reviewer_ref)
        return self._cache[key]


def generate_country(
    *,
    enterprises: int,
    listed: int,
    credit_records: int,
    years: int = 5,
    seed: int = 1,
    end_year: int = 2025,
    listing_rows: int | None = None,
    progress: bool = False,
) -> CountryReport:
    """Fill the database with a synthetic country (see the module docstring).

    ``enterprises``: Organisation rows (kind enterprise); ``listed``: how many of them
    have a green listing (first municipal, then some provincial and national);
    ``credit_records``: CreditRecord rows; ``years``: list years ending at
    ``end_year``; ``listing_rows``: top up the register with design-product listings
    of listed units up to this many listing rows (for register benchmarks).
    """

    if listed > enterprises:
        raise ValueError("--listed cannot exceed --enterprises")
    report = CountryReport(seed=seed)
    bar = _Progress(progress)
    first_year = end_year - years + 1
    stamp = timezone.make_aware(dt.datetime(end_year, 12, 31, 9, 0))
    writer = BulkWriter(stamp=stamp)
    places, weights = _places()
    industries = list(
        IndustryCode.objects.filter(section="C", level=4).order_by("code").values_list("id", "code")
    )
    if not industries:
        raise RuntimeError("no GB/T 4754-2017 manufacturing codes: run `greenmfg load-reference`")
    rules = _RulesCache()

    def rng(table: str) -> random.Random:
        return random.Random(f"{seed}-{table}")

    def timed(phase: str):
        class _T:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                report.seconds[phase] = (
                    report.seconds.get(phase, 0.0) + time.perf_counter() - self.t
                )

        return _T()

    with transaction.atomic():
        # --- enterprises -------------------------------------------------------------
        with timed("enterprises"):
            r = rng("organisations")
            names = NameMaker(rng("names"))
            taken = set(Organisation.objects.exclude(uscc=None).values_list("uscc", flat=True))
            org_start = next_id(Organisation)
            chosen = r.choices(range(len(places)), weights=weights, k=enterprises)
            scales, scale_w = zip(*SCALES, strict=True)
            units: list[tuple[int, str, str, _Place, str]] = []  # id, uscc, name, place, division

            def org_rows():
                for i, pi in enumerate(chosen):
                    place = places[pi]
                    code = _uscc(r, place.district_code)
                    while code in taken:
                        code = _uscc(r, place.district_code)
                    taken.add(code)
                    ind_id, ind_code = r.choice(industries)
                    name = names.enterprise(place.prefix, ind_code[:2])
                    units.append((org_start + i, code, name, place, ind_code[:2]))
                    yield {
                        "id": org_start + i,
                        "uuid": _uuid(r),
                        "kind": "enterprise",
                        "name": name,
                        "name_key": normalise_name(name),  # what Organisation.save() keeps
                        "uscc": code,
                        "legal_representative": r.choice(SURNAMES)
                        + r.choice(GIVEN)
                        + r.choice(GIVEN),
                        "registered_division_id": place.district_id,
                        "registered_address": f"{place.district_full}{r.choice(ROADS)}{r.randint(1, 999)}号",
                        "production_division_id": place.district_id,
                        "industry_id": ind_id,
                        "scale": r.choices(scales, scale_w)[0],
                        "established_on": _day(
                            r, dt.date(1985, 1, 1), dt.date(first_year - 1, 12, 31)
                        ),
                    }

            writer.write(
                Organisation,
                bar(org_rows(), enterprises, "enterprises"),
                defer_indexes=enterprises >= 100_000,
            )

        # --- who is listed, at which levels and years ---------------------------------
        with timed("green lists"):
            r = rng("listings")
            list_types, lt_w = zip(*LIST_TYPES, strict=True)
            listed_units = r.sample(units, listed)
            plan = []  # (unit, list_type, [(level, year)])
            for unit in listed_units:
                lt = r.choices(list_types, lt_w)[0]
                y0 = r.randint(first_year, end_year)
                steps = [("municipal", y0)]
                if r.random() < 0.3 and y0 < end_year:
                    y1 = min(end_year, y0 + r.randint(1, 2))
                    steps.append(("provincial", y1))
                    if r.random() < 0.35 and y1 < end_year:
                        steps.append(("national", min(end_year, y1 + r.randint(1, 2))))
                plan.append((unit, lt, steps))
            extra = max(0, (listing_rows or 0) - sum(len(s) for _, _, s in plan))
            extras = []  # design products of listed units
            for _ in range(extra):
                unit = r.choice(listed_units)
                level = r.choices(("municipal", "provincial", "national"), (50, 30, 20))[0]
                extras.append((unit, level, r.randint(first_year, end_year)))

            # one published list (and its campaign) per jurisdiction, level and year
            def jur_for(place: _Place, level: str) -> int:
                return {"municipal": place.city_id, "provincial": place.province_id}.get(
                    level, national_id
                )

            national_id = Jurisdiction.objects.get(code=NATIONAL_CODE).pk
            jur_names = dict(Jurisdiction.objects.values_list("id", "name"))
            keys = sorted(
                {(jur_for(u[3], lv), lv, y) for u, _, steps in plan for lv, y in steps}
                | {(jur_for(u[3], lv), lv, y) for u, lv, y in extras}
            )
            camp_start, gl_start = next_id(Campaign), next_id(GreenList)
            lists: dict[tuple, tuple[int, int]] = {}
            camp_rows, gl_rows = [], []
            for i, (jid, level, year) in enumerate(keys):
                lists[(jid, level, year)] = (camp_start + i, gl_start + i)
                name = "国家" if jid == national_id else jur_names[jid]
                title = f"{year}年度{name}绿色制造名单（合成数据）"
                camp_rows.append(
                    {
                        "id": camp_start + i,
                        "uuid": _uuid(r),
                        "jurisdiction_id": jid,
                        "level": level,
                        "year": year,
                        "title": f"{year}年度{name}绿色制造名单申报（合成数据）",
                        "state": "published",
                        "opened_on": dt.date(year, 3, 1),
                        "list_types": ["factory", "supply_chain", "design_product"],
                    }
                )
                gl_rows.append(
                    {
                        "id": gl_start + i,
                        "uuid": _uuid(r),
                        "jurisdiction_id": jid,
                        "level": level,
                        "year": year,
                        "title": title,
                        "published_on": dt.date(year, 9, 30),
                        "campaign_id": camp_start + i,
                        "source": ListSource.SIMULATED,
                    }
                )
            writer.write(Campaign, camp_rows)
            writer.write(GreenList, gl_rows)

        # --- applications and listings -----------------------------------------------
        with timed("listings"):
            r = rng("applications")
            app_start, li_start = next_id(Application), next_id(Listing)
            apps, listings = [], []
            product = NameMaker(rng("products"))
            form_units = []  # (unit, list_type, first year, removed_on)

            def add(unit, lt, level, year, steps_levels, prod=("", "")):
                uid, code, name, place, _div = unit
                camp_id, gl_id = lists[(jur_for(place, level), level, year)]
                star = grade = None
                if level == "municipal" and rules.has(place.city_id, year, "stars.municipal"):
                    star = 1 + ("provincial" in steps_levels) + ("national" in steps_levels)
                if level == "provincial" and rules.has(
                    place.province_id, year, "scoring.provincial.grades"
                ):
                    grade = r.choices("ABC", (30, 50, 20))[0]
                app_id = app_start + len(apps)
                score = Decimal(r.randint(800, 980)) / 10
                apps.append(
                    {
                        "id": app_id,
                        "uuid": _uuid(r),
                        "unit_id": uid,
                        "campaign_id": camp_id,
                        "list_type": lt,
                        "level": level,
                        "year": year,
                        "state": "listed",
                        "score": score,
                        "star": star,
                        "grade": grade or "",
                        "submitted_on": dt.date(year, 4, r.randint(1, 28)),
                        "reviewed_on": dt.date(year, 6, r.randint(1, 28)),
                        "listed_on": dt.date(year, 9, 30),
                        "product_name": prod[0],
                        "product_model": prod[1],
                    }
                )
                roll = r.random()
                status, removed_on, changed = "active", None, False
                if roll < 0.03:
                    status, removed_on = "removed", dt.date(min(end_year, year + 1), 6, 30)
                elif roll < 0.05:
                    changed = True  # still listed, under a changed name (000 第二十三条)
                agency = ""
                if r.random() < 0.6:
                    agency = f"{place.prefix}{product.trade_name()}检测认证有限公司"
                listings.append(
                    {
                        "id": li_start + len(listings),
                        "uuid": _uuid(r),
                        "green_list_id": gl_id,
                        "unit_id": uid,
                        "application_id": app_id,
                        "unit_name": name,
                        "uscc": code,
                        "list_type": lt,
                        "level": level,
                        "year": year,
                        "region_id": place.district_id,
                        "region_text": place.district_full,
                        "star": star,
                        "grade": grade or "",
                        "status": status,
                        "agency_name": agency,
                        "product_name": prod[0],
                        "product_model": prod[1],
                        "listed_on": dt.date(year, 9, 30),
                        "removed_on": removed_on,
                        "changed_on": dt.date(min(end_year, year + 1), 3, 1) if changed else None,
                        "source": ListSource.SIMULATED,
                        "search_text": search_text_for(
                            unit_name=name, product_name=prod[0], agency_name=agency
                        ),
                    }
                )
                return removed_on

            for unit, lt, steps in bar(plan, len(plan), "listings"):
                levels = [lv for lv, _ in steps]
                removed = None
                for level, year in steps:
                    prod = product.product(unit[4]) if lt == "design_product" else ("", "")
                    removed = add(unit, lt, level, year, levels, prod) or removed
                if lt != "design_product":
                    form_units.append((unit, lt, steps[0][1], removed))
            used = {
                (a["unit_id"], a["level"], a["year"], a["product_name"])
                for a in apps
                if a["list_type"] == "design_product"
            }
            for unit, level, year in bar(extras, len(extras), "design products"):
                name, model = product.product(unit[4])
                if (unit[0], level, year, name) in used:  # one application per product
                    name = f"{name} {model}"
                    if (unit[0], level, year, name) in used:
                        continue
                used.add((unit[0], level, year, name))
                add(unit, "design_product", level, year, [level], (name, model))
            # applications that were not listed (评审未通过), about one in six
            not_listed = []
            for unit, lt, steps in plan:
                if r.random() < 0.17:
                    level, year = steps[0]
                    camp_id, _gl = lists[(jur_for(unit[3], level), level, year)]
                    not_listed.append(
                        {
                            "id": app_start + len(apps) + len(not_listed),
                            "uuid": _uuid(r),
                            "unit_id": r.choice(units)[0],
                            "campaign_id": camp_id,
                            "list_type": lt,
                            "level": level,
                            "year": year,
                            "state": "not_approved",
                            "score": Decimal(r.randint(500, 799)) / 10,
                            "submitted_on": dt.date(year, 4, r.randint(1, 28)),
                            "reviewed_on": dt.date(year, 6, r.randint(1, 28)),
                        }
                    )
            writer.write(Application, apps + not_listed)
            writer.write(
                Listing,
                bar(listings, len(listings), "write listings"),
                defer_indexes=len(listings) >= 100_000,
            )

        # --- the cultivation pools ------------------------------------------------------
        with timed("registrations"):
            r = rng("registrations")
            reg_rows = []
            pool = [(unit, lt, steps[0][1]) for unit, lt, steps in plan]
            listed_ids = {u[0] for u in listed_units}
            others = [u for u in units if u[0] not in listed_ids]
            for unit in r.sample(others, min(len(others), listed // 2)):
                pool.append((unit, r.choices(list_types, lt_w)[0], r.randint(first_year, end_year)))
            for unit, lt, year in pool:
                uid, code, name, place, _div = unit
                is_listed = uid in listed_ids
                state = (
                    "accepted"
                    if is_listed
                    else r.choices(
                        ("accepted", "submitted", "rejected", "returned"), (70, 10, 10, 10)
                    )[0]
                )
                reg_year = max(first_year - 1, year - r.randint(0, 2)) if is_listed else year
                valid_from = dt.date(reg_year, 2, 28) if state == "accepted" else None
                reg_rows.append(
                    {
                        "uuid": _uuid(r),
                        "unit_id": uid,
                        "jurisdiction_id": place.city_id,
                        "list_type": lt,
                        "year": reg_year,
                        "state": state,
                        "unit_name": name,
                        "uscc": code,
                        "legal_representative": r.choice(SURNAMES) + r.choice(GIVEN),
                        "unit_nature": "民营企业",
                        "main_products": "",
                        "is_manufacturer": True,
                        "contact_name": r.choice(SURNAMES) + r.choice(GIVEN) + r.choice(GIVEN),
                        "contact_phone": f"1{r.randint(3, 9)}{r.randint(0, 999999999):09d}",
                        "commitment": True,
                        "submitted_on": dt.date(reg_year, 1, r.randint(5, 28)),
                        "valid_from": valid_from,
                        "valid_until": dt.date(reg_year + 3, 2, 27) if valid_from else None,
                    }
                )
            writer.write(Registration, bar(reg_rows, len(reg_rows), "registrations"))

        # --- dynamic management: officers and annual forms ----------------------------------
        with timed("dynamic forms"):
            r = rng("dynamic")
            officers = []
            forms = []
            seen_officer = set()
            officer_units = []
            for unit, lt, y0, removed_on in form_units:
                uid, _code, _name, place, _div = unit
                if uid not in seen_officer:
                    seen_officer.add(uid)
                    officer_units.append((unit, lt, y0, removed_on))
                    officers.append(
                        {
                            "uuid": _uuid(r),
                            "unit_id": uid,
                            "name": r.choice(SURNAMES) + r.choice(GIVEN) + r.choice(GIVEN),
                            "phone": f"1{r.randint(3, 9)}{r.randint(0, 999999999):09d}",
                            "trained_on": dt.date(y0, 11, r.randint(1, 28)),
                            "training": "动态管理填报培训（合成数据）",
                        }
                    )
                for filing_year in range(y0 + 1, end_year + 1):
                    if removed_on and removed_on.year < filing_year:
                        break
                    if r.random() < 0.05:  # did not file
                        continue
                    deadline, ref, reviewer, reviewer_ref = rules.filing(place, filing_year)
                    late = r.random() < 0.05
                    submitted = (
                        deadline + dt.timedelta(days=r.randint(1, 40))
                        if late
                        else (deadline - dt.timedelta(days=r.randint(0, 60)))
                    )
                    output = Decimal(r.randint(2_000, 2_000_000))
                    energy = (output * Decimal(r.uniform(0.02, 0.6))).quantize(Decimal("0.01"))
                    water = (output * Decimal(r.uniform(0.5, 12))).quantize(Decimal("0.01"))
                    co2 = (energy * Decimal("2.6")).quantize(Decimal("0.01"))
                    forms.append(
                        {
                            "uuid": _uuid(r),
                            "unit_id": uid,
                            "list_type": lt,
                            "data_year": filing_year - 1,
                            "filing_year": filing_year,
                            "deadline": deadline,
                            "deadline_ref": ref,
                            "reviewer_id": reviewer,
                            "reviewer_ref": reviewer_ref,
                            "state": "accepted" if r.random() < 0.9 else "submitted",
                            "output_value": output,
                            "energy_total": energy,
                            "energy_intensity": (energy / output).quantize(Decimal("0.000001")),
                            "water_withdrawal": water,
                            "water_intensity": (water / output).quantize(Decimal("0.000001")),
                            "co2_total": co2,
                            "co2_intensity": (co2 / output).quantize(Decimal("0.000001")),
                            "renewable_share": Decimal(r.randint(0, 600)) / 10,
                            "first_submitted_on": submitted,
                            "submitted_on": submitted,
                            "reviewed_on": submitted + dt.timedelta(days=r.randint(3, 30)),
                        }
                    )
            writer.write(FilingOfficer, officers)
            # the city's filing-officer course of each officer's first year, and the
            # officer's attendance recorded by the city (004 第十三条)
            authority_of = dict(Authority.objects.values_list("jurisdiction_id", "id"))
            course_id = next_id(Course)
            courses, attendances = {}, []
            for officer, (unit, _lt, y0, _removed) in zip(officers, officer_units, strict=True):
                authority = authority_of.get(unit[3].city_id)
                if authority is None:
                    continue
                key = (authority, y0)
                if key not in courses:
                    courses[key] = {
                        "id": course_id,
                        "uuid": _uuid(r),
                        "authority_id": authority,
                        "title": f"{y0}年动态管理填报专员培训（合成数据）",
                        "held_on": dt.date(y0, 11, 1),
                        "for_filing_officers": True,
                    }
                    course_id += 1
                attendances.append(
                    {
                        "uuid": _uuid(r),
                        "course_id": courses[key]["id"],
                        "unit_id": officer["unit_id"],
                        "person_name": officer["name"],
                    }
                )
            writer.write(Course, courses.values())
            writer.write(Attendance, attendances)
            writer.write(DynamicForm, bar(forms, len(forms), "dynamic forms"))

        # --- credit records ------------------------------------------------------------------
        with timed("credit records"):
            r = rng("credit")
            kinds, kind_w = zip(*CREDIT_KINDS, strict=True)
            start, end = dt.date(first_year, 1, 1), dt.date(end_year, 12, 31)
            span = (end - start).days
            # a few enterprises collect most records (a Pareto-like skew)
            unit_weights = [1.0 / (1 + (i % 1000)) ** 0.8 for i in range(len(units))]
            cum = []
            total = 0.0
            for w in unit_weights:
                total += w
                cum.append(total)

            def credit_rows():
                batch = 100_000
                left = credit_records
                while left > 0:
                    k = min(batch, left)
                    left -= k
                    owners = r.choices(units, cum_weights=cum, k=k)
                    ks = r.choices(kinds, kind_w, k=k)
                    for unit, kind in zip(owners, ks, strict=True):
                        occurred = start + dt.timedelta(days=r.randint(0, span))
                        ended = None
                        if kind in STATE_KINDS and r.random() < 0.55:
                            ended = occurred + dt.timedelta(days=r.randint(30, 720))
                            if ended > end:
                                ended = None
                        yield {
                            "uuid": _uuid(r),
                            "uscc": unit[1],
                            "unit_id": unit[0],
                            "kind": kind,
                            "occurred_on": occurred,
                            "ended_on": ended,
                            "source": SOURCE,
                            "document_no": f"XY{occurred.year}{r.randint(0, 9_999_999):07d}",
                        }

            writer.write(
                CreditRecord,
                bar(credit_rows(), credit_records, "credit records"),
                defer_indexes=credit_records >= 100_000,
            )

    report.counts = dict(writer.counts)
    _vacuum(report.counts)
    return report


def _vacuum(counts: dict) -> None:
    """PostgreSQL, outside a transaction: ``VACUUM (ANALYZE)`` the tables just filled,
    as autovacuum would in time (hint bits, visibility map and statistics; a freshly
    COPYed table is read several times slower until then)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for label in counts:
            table = apps.get_model(label)._meta.db_table
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')
