"""A year in one command (``greenmfg simulate``): drive a jurisdiction's whole year
through the same service functions as the pages and the API, with the injectable
clock — registration, evaluation, reviews, consultation, notices with some
objections, publication at each level, then the next level's round.

It is the demo (``make run`` builds a 2025 Guangzhou year with it) and a load
generator. Deterministic for a seed: the same seed gives the same units, decisions
and counts. Units are created for the run (USCCs derived from the seed); a second
run with the same seed in the same database is refused (``--skip-if-done`` skips).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from greenmfg.core.vocabulary import Level, Role
from greenmfg.cultivation import services as pool
from greenmfg.cultivation.models import RegistrationState
from greenmfg.expert_review.scoring import grade_for
from greenmfg.jurisdictions.models import IndustryCode, Jurisdiction, JurisdictionLevel
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.parties.models import Authority, Organisation, OrganisationKind, User
from greenmfg.parties.roles import step_role
from greenmfg.parties.uscc import make_simulated_uscc
from greenmfg.recommendation import services as rec
from greenmfg.selection import publication, reports, services
from greenmfg.selection.models import Application, ApplicationState, Campaign, CampaignState
from greenmfg.selection.publication import ID_WEIGHTS
from greenmfg.standards.samples import sample_values
from greenmfg.standards.systems import system

A = ApplicationState
WORDS_1 = [
    "恒",
    "华",
    "远",
    "新",
    "鑫",
    "宏",
    "泰",
    "达",
    "盛",
    "瑞",
    "创",
    "科",
    "联",
    "金",
    "德",
    "利",
    "嘉",
    "广",
    "安",
    "益",
]
WORDS_2 = [
    "精密",
    "新材料",
    "智能",
    "电子",
    "机械",
    "光电",
    "环保",
    "汽车部件",
    "化工",
    "食品",
    "纺织",
    "装备",
    "能源",
    "包装",
    "医药",
]
MANUFACTURING_CODES = [
    "3311",
    "3360",
    "3484",
    "3670",
    "3891",
    "3981",
    "2669",
    "1391",
    "1761",
    "2231",
    "2927",
    "3039",
    "3130",
    "3824",
    "3962",
]
OBJECTOR_BIRTHS = ["110105194912310", "440106198001011", "440104199003074"]


def _id_card(first15: str, k: int) -> str:
    """A valid resident ID number (GB 11643-1999 check character) for simulated objectors."""
    first17 = f"{first15}{k % 100:02d}"
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


class SimulationError(Exception):
    """The simulation cannot run (e.g. already run with this seed, unknown jurisdiction)."""


@dataclass
class SimulationResult:
    """Counts at each stage and the lists published."""

    jurisdiction: str
    year: int
    seed: int
    units: int
    stages: dict[str, int] = field(default_factory=dict)
    refusals: dict[str, int] = field(default_factory=dict)
    lists: list[dict[str, Any]] = field(default_factory=list)

    def count(self, stage: str, n: int = 1) -> None:
        self.stages[stage] = self.stages.get(stage, 0) + n

    def as_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "year": self.year,
            "seed": self.seed,
            "units": self.units,
            "stages": self.stages,
            "refusals": dict(sorted(self.refusals.items())),
            "lists": self.lists,
        }


class Simulation:
    """One run; see the module docstring."""

    def __init__(
        self, jurisdiction: Jurisdiction, year: int, units: int, seed: int, up_to: str = ""
    ):
        self.jurisdiction = jurisdiction
        self.up_to = up_to
        self.year = year
        self.n = units
        self.seed = seed
        self.rng = random.Random(seed)
        self.result = SimulationResult(jurisdiction.code, year, seed, units)
        self.refusals: Counter[str] = Counter()
        self.public = AnonymousUser()

    # --- actors -----------------------------------------------------------------

    def official(self, jurisdiction: Jurisdiction) -> User:
        role = {
            JurisdictionLevel.DISTRICT: Role.DISTRICT,
            JurisdictionLevel.CITY: Role.CITY,
            JurisdictionLevel.PROVINCE: Role.PROVINCE,
            JurisdictionLevel.NATIONAL: Role.NATIONAL,
        }[jurisdiction.level]
        user, created = User.objects.get_or_create(
            username=f"sim-{jurisdiction.code}-{role}",
            defaults={
                "role": role,
                "authority": Authority.objects.get(jurisdiction=jurisdiction),
                "real_name": f"模拟{jurisdiction.name}审核员",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def department(self, jurisdiction: Jurisdiction, name: str) -> User:
        user, created = User.objects.get_or_create(
            username=f"sim-{jurisdiction.code}-dept-{abs(hash(name)) % 10_000:04d}",
            defaults={
                "role": Role.DEPARTMENT,
                "department": name,
                "authority": Authority.objects.get(jurisdiction=jurisdiction),
            },
        )
        if created or user.department != name:
            user.department = name
            user.set_unusable_password()
            user.save()
        return user

    def unit_user(self, org: Organisation) -> User:
        user, created = User.objects.get_or_create(
            username=f"sim-unit-{org.uscc}",
            defaults={"role": Role.ENTERPRISE, "organisation": org, "real_name": "模拟联系人"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    # --- helpers ------------------------------------------------------------------

    def attempt(self, fn, *args, **kwargs):
        """Call a service; count a refusal by its first reason's code and return None."""
        try:
            return fn(*args, **kwargs)
        except RuleViolation as exc:
            for r in exc.reasons:
                self.refusals[r.code] += 1
            return None

    def make_units(self, city: Jurisdiction, count: int, offset: int) -> list[Organisation]:
        districts = list(
            Jurisdiction.objects.filter(
                parent=city, level=JurisdictionLevel.DISTRICT, is_statistical_zone=False
            ).order_by("code")
        ) or [city]
        industries = {i.code: i for i in IndustryCode.objects.filter(code__in=MANUFACTURING_CODES)}
        units = []
        for i in range(count):
            k = offset + i
            district = self.rng.choice(districts)
            uscc = make_simulated_uscc(district.code, self.rng)
            if Organisation.objects.filter(uscc=uscc).exists():
                raise SimulationError(
                    f"seed {self.seed} has already been simulated in this database (USCC {uscc} exists)"
                )
            name = f"{city.name.removesuffix('市')}{WORDS_1[k % len(WORDS_1)]}{WORDS_1[(k // 7) % len(WORDS_1)]}{WORDS_2[k % len(WORDS_2)]}有限公司"
            if Organisation.objects.filter(name=name).exists():
                name = name.replace("有限公司", f"（{self.seed}-{k}）有限公司")
            units.append(
                Organisation.objects.create(
                    kind=OrganisationKind.ENTERPRISE,
                    name=name,
                    uscc=uscc,
                    legal_representative="模拟法人",
                    registered_division=district,
                    production_division=district,
                    registered_address="模拟地址",
                    industry=industries.get(self.rng.choice(MANUFACTURING_CODES)),
                    scale=self.rng.choice(["large", "medium", "small"]),
                )
            )
        self.result.count("units", len(units))
        return units

    def registration_data(self) -> dict[str, Any]:
        r = self.rng
        return {
            "unit_nature": "有限责任公司",
            "main_products": r.choice(WORDS_2) + "产品",
            "output_value": Decimal(r.randint(5_000, 300_000)),
            "energy_consumption": Decimal(r.randint(500, 60_000)),
            "energy_efficiency_level": r.choices(
                ["benchmark", "quota_advanced", "quota_level_1", "none"], [3, 4, 2, 1]
            )[0],
            "is_manufacturer": True,
            "clean_production_certified": r.random() > 0.08,
            "clean_production_certificate_no": "模拟清洁生产审核文号",
            "clean_production_valid_until": dt.date(self.year + 2, 12, 31),
            "management_systems": ["quality", "environment", "energy"],
            "cultivation_plan": "模拟培育计划",
            "contact_name": "模拟联系人",
            "contact_phone": "020-00000000",
            "contact_email": "sim@example.com",
            "commitment": True,
        }

    # --- the municipal cycle ---------------------------------------------------------

    def municipal(self, city: Jurisdiction, count: int, offset: int = 0):
        """One city's year: pool, reports, applications, reviews, notice, list."""
        rules = rules_for(city, dt.date(self.year, 1, 1))
        city_official = self.official(city)
        units = self.make_units(city, count, offset)
        users = {u.id: self.unit_user(u) for u in units}
        y = self.year
        if rules.has("pool.registration_window"):
            start, end = rules.window("pool.registration_window", y)
            reg_day = min(start + dt.timedelta(days=10), end)
        else:
            reg_day = dt.date(y, 2, 10)
        accepted = []
        with clock.frozen(reg_day):
            for u in units:
                reg = self.attempt(
                    pool.registration_create,
                    actor=users[u.id],
                    unit=u,
                    list_type="factory",
                    data=self.registration_data(),
                )
                if reg is None:
                    continue
                reg = self.attempt(pool.registration_submit, actor=users[u.id], registration=reg)
                if reg is None:
                    continue
                self.result.count("registrations_submitted")
                while reg is not None and reg.state not in (
                    RegistrationState.ACCEPTED,
                    RegistrationState.REJECTED,
                ):
                    step = pool.pending_step(reg)
                    role = step_role(step)  # 000 第七条: the province designates in Guangdong
                    reviewer = self.official(
                        u.registered_division
                        if role == Role.DISTRICT
                        else u.registered_division.ancestor_at(role)
                        or reg.jurisdiction.ancestor_at(JurisdictionLevel.CITY)
                        or reg.jurisdiction
                    )
                    roll = self.rng.random()
                    decision = "reject" if roll < 0.03 else "approve"
                    reg = self.attempt(
                        pool.registration_review,
                        actor=reviewer,
                        registration=reg,
                        decision=decision,
                        reason="模拟审核意见",
                    )
                if reg is not None and reg.state == RegistrationState.ACCEPTED:
                    accepted.append(u)
        self.result.count("candidates", len(accepted))
        window = f"selection.{Level.MUNICIPAL}.application_window"
        apply_day = (
            rules.window(window, y)[0] + dt.timedelta(days=6)
            if rules.has(window)
            else reg_day + dt.timedelta(days=60)
        )
        with clock.frozen(apply_day):
            campaign = Campaign.objects.filter(
                jurisdiction=city, level=Level.MUNICIPAL, year=y
            ).first()
            if campaign is None:
                campaign = services.campaign_open(actor=city_official, year=y)
            if campaign.state != CampaignState.OPEN:
                raise SimulationError(f"{campaign.title} is already published")
            apps = []
            for u in accepted:
                fraction = self.rng.uniform(0.3, 1.0)
                rep = reports.report_create(actor=users[u.id], unit=u, list_type="factory")
                basics = [
                    ind.code for ind in system(rep.standard_code).indicators if ind.kind == "basic"
                ]
                fail = (basics[0],) if basics and self.rng.random() < 0.04 else ()
                self.attempt(
                    reports.report_save_items,
                    actor=users[u.id],
                    report=rep,
                    values=sample_values(rep.standard_code, scored_fraction=fraction, fail=fail),
                )
                rep = self.attempt(reports.report_submit, actor=users[u.id], report=rep)
                if rep is None:
                    continue
                self.result.count("reports_submitted")
                app = self.attempt(
                    services.application_create,
                    actor=users[u.id],
                    unit=u,
                    list_type="factory",
                    report=rep,
                    campaign=campaign,
                )
                app = app and self.attempt(
                    services.application_submit, actor=users[u.id], application=app
                )
                if app is not None:
                    apps.append(app)
        self.result.count("applications_submitted", len(apps))
        # district recommendation before the deadline, then the city's review
        deadline = services.recommendation_deadline(rules, Level.MUNICIPAL, y)
        district_day = (
            min(apply_day + dt.timedelta(days=3), deadline)
            if deadline
            else apply_day + dt.timedelta(days=3)
        )
        with clock.frozen(district_day):
            for i, app in enumerate(apps):
                if app.pending_role == Role.DISTRICT:
                    apps[i] = (
                        self.attempt(
                            services.application_review,
                            actor=self.official(app.unit.registered_division),
                            application=app,
                            decision="approve",
                            reason="同意推荐",
                            paper_copy_received=True,
                        )
                        or app
                    )
        review_day = (deadline or district_day) + dt.timedelta(days=5)
        scored = []
        for app in apps:
            if app.state in (A.SUBMITTED, A.RECOMMENDED) and app.pending_role == Role.CITY:
                score = max(
                    Decimal(0),
                    min(
                        Decimal(100),
                        app.report.total_score + Decimal(str(round(self.rng.gauss(0, 3), 1))),
                    ),
                )
                scored.append((score, app))
        pass_mark = rules.get(f"scoring.{Level.MUNICIPAL}.pass_mark", None)
        scored.sort(key=lambda t: (-t[0], t[1].unit.uscc))
        keep = len(scored) if pass_mark is not None else max(1, round(len(scored) * 0.7))
        with clock.frozen(review_day):
            for rank, (score, app) in enumerate(scored):
                passes = (pass_mark is None or score >= Decimal(str(pass_mark))) and rank < keep
                decision = "approve" if passes else "reject"
                done = self.attempt(
                    services.application_review,
                    actor=city_official,
                    application=app,
                    decision=decision,
                    score=score,
                    reason="评审意见",
                )
                if done is not None and done.state == A.APPROVED:
                    self.result.count("approved_municipal")
        return self.notice_and_publish(campaign, city_official, review_day + dt.timedelta(days=5))

    def notice_and_publish(self, campaign: Campaign, official: User, start: dt.date):
        """Publish the notice (the length given where the rules are silent), take some
        objections, handle them, and publish after the notice."""
        rules = rules_for(campaign.jurisdiction, start)
        silent = not rules.has(f"public_notice.{campaign.level}.length")
        with clock.frozen(start):
            notice = self.attempt(
                publication.notice_open,
                actor=official,
                campaign=campaign,
                start=start,
                length=7 if silent else None,
                unit="calendar_days" if silent else None,
            )
        if notice is None:
            return None
        in_notice = list(notice.applications.order_by("unit__uscc"))
        self.result.count(f"in_notice_{campaign.level}", len(in_notice))
        with clock.frozen(
            notice.first_day + dt.timedelta(days=1)
            if notice.last_day > notice.first_day
            else notice.first_day
        ):
            objections = []
            for app in in_notice:
                if self.rng.random() < 0.1:
                    obj = self.attempt(
                        publication.objection_submit,
                        actor=self.public,
                        notice=notice,
                        application=app,
                        data={
                            "objector_name": "模拟公众",
                            "objector_id_number": _id_card(
                                self.rng.choice(OBJECTOR_BIRTHS), self.rng.randint(10, 99)
                            ),
                            "objector_phone": "13800000000",
                            "statement": "模拟异议：请核实该单位近三年是否发生环境事故。",
                        },
                    )
                    if obj is not None:
                        objections.append(obj)
            self.result.count(f"objections_{campaign.level}", len(objections))
            for obj in objections:
                outcome = "upheld" if self.rng.random() < 0.25 else "dismissed"
                self.attempt(
                    publication.objection_handle,
                    actor=official,
                    objection=obj,
                    outcome=outcome,
                    reason="经核实",
                )
                self.result.count(f"objections_{outcome}_{campaign.level}")
        with clock.frozen(notice.last_day + dt.timedelta(days=1)):
            green_list = self.attempt(publication.list_publish, actor=official, campaign=campaign)
        if green_list is not None:
            size = green_list.listings.count()
            self.result.count(f"listed_{campaign.level}", size)
            self.result.lists.append(
                {
                    "title": green_list.title,
                    "level": green_list.level,
                    "size": size,
                    "uuid": str(green_list.uuid),
                }
            )
        return green_list

    # --- upper levels ----------------------------------------------------------------

    def upper(
        self,
        target: Jurisdiction,
        level: str,
        lower_lists,
        open_day: dt.date,
        recommend_day: dt.date,
        review_day: dt.date,
        notice_day: dt.date,
    ):
        """The round of ``level`` in ``target``: consult, recommend what the lower lists
        hold, review (grade where the rules grade), notice and publish."""
        official = self.official(target)
        with clock.frozen(open_day):
            campaign = Campaign.objects.filter(
                jurisdiction=target, level=level, year=self.year
            ).first() or services.campaign_open(actor=official, year=self.year)
        upper_rules = rules_for(target, review_day)
        # quotas where the rules allocate them (001 三)
        if upper_rules.get(f"quotas.{level}.factory", "unlimited") == "by_above_scale_enterprises":
            with clock.frozen(open_day):
                for gl in lower_lists:
                    province = gl.jurisdiction
                    n = gl.listings.filter(list_type="factory").count()
                    rec.quota_set(
                        actor=official,
                        campaign=campaign,
                        jurisdiction=province,
                        list_type="factory",
                        quota=max(1, round(n * 0.6)),
                        basis="模拟：按规模以上工业企业数量测算",
                    )
        recommended = []
        for gl in lower_lists:
            recommender = self.official(gl.jurisdiction)
            listings = list(
                gl.listings.filter(status="active", unit__isnull=False)
                .select_related("unit", "green_list")
                .order_by("-grade", "unit__uscc")
            )
            own_rules = rules_for(gl.jurisdiction, recommend_day)
            min_grade = own_rules.get(f"selection.{level}.min_grade", None)
            if min_grade:
                order = {"A": 3, "B": 2, "C": 1}
                listings = [lst for lst in listings if order.get(lst.grade, 0) >= order[min_grade]]
            if rec.departments_for(own_rules, level) and listings:
                with clock.frozen(open_day + dt.timedelta(days=1)):
                    consultations = rec.consultation_open(
                        actor=recommender, campaign=campaign, listings=listings
                    )
                    for cons in consultations:
                        dept = self.department(gl.jurisdiction, cons.department)
                        for op in cons.opinions.all():
                            self.attempt(
                                rec.opinion_record, actor=dept, opinion=op, kind="no_objection"
                            )
                self.result.count(f"consulted_{level}", len(listings))
            with clock.frozen(recommend_day):
                for lst in listings:
                    app = self.attempt(
                        rec.application_recommend,
                        actor=recommender,
                        listing=lst,
                        campaign=campaign,
                    )
                    if app is not None:
                        recommended.append(app)
        self.result.count(f"recommended_{level}", len(recommended))
        grades = upper_rules.get(f"scoring.{level}.grades", [])
        scored = sorted(
            ((Decimal(str(round(self.rng.uniform(70, 98), 1))), app) for app in recommended),
            key=lambda t: (-t[0], t[1].unit.uscc),
        )
        keep = len(scored) if grades else max(1, round(len(scored) * 0.8))
        with clock.frozen(review_day):
            for rank, (score, app) in enumerate(scored):
                grade = grade_for(score, upper_rules, level) if grades else ""
                decision = "approve" if rank < keep else "reject"
                done = self.attempt(
                    services.application_review,
                    actor=official,
                    application=app,
                    decision=decision,
                    score=score,
                    grade=grade or "",
                    reason="评审意见",
                )
                if done is not None and done.state == A.APPROVED:
                    self.result.count(f"approved_{level}")
        return self.notice_and_publish(campaign, official, notice_day)

    # --- entry point ----------------------------------------------------------------

    def run(self) -> SimulationResult:
        level = self.jurisdiction.level
        y = self.year
        if level in (JurisdictionLevel.CITY, JurisdictionLevel.DISTRICT):
            city = (
                self.jurisdiction
                if level == JurisdictionLevel.CITY
                else self.jurisdiction.ancestor_at(JurisdictionLevel.CITY)
            )
            municipal = self.municipal(city, self.n)
            if self.up_to in (Level.PROVINCIAL, Level.NATIONAL) and municipal is not None:
                self.city_upward(city, municipal)
        elif level == JurisdictionLevel.PROVINCE:
            self.province_year(self.jurisdiction, self.n)
        else:
            province = (
                Jurisdiction.objects.get(code="440000")
                if self.jurisdiction.level == JurisdictionLevel.NATIONAL
                else self.jurisdiction
            )
            provincial = self.province_year(province, self.n)
            lists = [provincial] if provincial is not None else []
            self.upper(
                self.jurisdiction,
                Level.NATIONAL,
                lists,
                dt.date(y, 7, 1),
                dt.date(y, 7, 28),
                dt.date(y, 9, 1),
                dt.date(y, 11, 2),
            )
        self.result.refusals = dict(self.refusals)
        return self.result

    def city_upward(self, city: Jurisdiction, municipal):
        """A city's list carried up (``--up-to``): its province's round on the city's
        list (Fujian and Henan on the national defaults; 002 第五条、第十六条, 003 第二十二条:
        the municipal list is the prerequisite), then the national round on the
        provincial list."""
        y = self.year
        province = city.ancestor_at(JurisdictionLevel.PROVINCE)
        provincial = self.upper(
            province,
            Level.PROVINCIAL,
            [municipal],
            dt.date(y, 5, 6),
            dt.date(y, 5, 25),
            dt.date(y, 6, 10),
            dt.date(y, 6, 15),
        )
        if self.up_to != Level.NATIONAL or provincial is None:
            return
        self.upper(
            Jurisdiction.objects.get(level=JurisdictionLevel.NATIONAL),
            Level.NATIONAL,
            [provincial],
            dt.date(y, 7, 1),
            dt.date(y, 7, 28),
            dt.date(y, 9, 1),
            dt.date(y, 11, 2),
        )

    def province_year(self, province: Jurisdiction, n: int):
        """Municipal cycles in the province's cities that publish lists (its first
        two cities by code that the rules let publish), then the provincial round."""
        cities = [
            c
            for c in Jurisdiction.objects.filter(
                parent=province, level=JurisdictionLevel.CITY
            ).order_by("code")
            if "municipal" in rules_for(c, dt.date(self.year, 1, 1)).get("levels_published", [])
        ][:2]
        if not cities:
            raise SimulationError(
                f"no city of {province} publishes municipal lists under the rules"
            )
        lists = []
        for i, city in enumerate(cities):
            share = n // len(cities) + (1 if i < n % len(cities) else 0)
            gl = self.municipal(city, share, offset=i * 1000)
            if gl is not None:
                lists.append(gl)
        y = self.year
        return self.upper(
            province,
            Level.PROVINCIAL,
            lists,
            dt.date(y, 5, 6),
            dt.date(y, 5, 25),
            dt.date(y, 6, 10),
            dt.date(y, 6, 15),
        )


def simulate(
    *, jurisdiction: Jurisdiction, year: int, units: int, seed: int = 1, up_to: str = ""
) -> SimulationResult:
    """Run a simulated year (see the module docstring). In one transaction: a failure
    leaves nothing behind. ``up_to`` (``provincial`` or ``national``) carries a city's
    list up through its province's round and the national round."""
    if units < 1:
        raise SimulationError("--units must be at least 1")
    with transaction.atomic():
        return Simulation(jurisdiction, year, units, seed, up_to).run()


def already_simulated(jurisdiction: Jurisdiction, year: int, seed: int) -> bool:
    """True when this seed's first unit already exists (a repeated ``make run``)."""
    probe = Simulation(jurisdiction, year, 1, seed)
    city = jurisdiction if jurisdiction.level == JurisdictionLevel.CITY else None
    if city is None:
        return Application.objects.filter(
            unit__users__username__startswith="sim-unit-", year=year
        ).exists()
    districts = list(
        Jurisdiction.objects.filter(
            parent=city, level=JurisdictionLevel.DISTRICT, is_statistical_zone=False
        ).order_by("code")
    ) or [city]
    district = probe.rng.choice(districts)
    return Organisation.objects.filter(uscc=make_simulated_uscc(district.code, probe.rng)).exists()
