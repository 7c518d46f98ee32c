"""The world of the access matrix (tests/cross/test_access_matrix.py): users of every role on
one side, objects of every kind inside and outside their scope, each private field
carrying a distinctive marker ("泄露标记-…") with the roles that may read it.

Three sides, all on the real reference data:

- **A** — 广州 天河 (440106): the users' own side. The enterprise user owns A's private
  unit; the Tianhe, Guangzhou and Guangdong officials are competent for it; the expert is
  assigned to A's application; the department is consulted by Guangzhou; the agency
  evaluates A's unit.
- **C** — 广州 越秀 (440104): the same city, another district (unit-level objects only,
  in A's campaign): the Tianhe official must not see them, the city and province must.
- **B** — 厦门 思明 (350203): another province and city (unit-level and city-level
  objects: Xiamen's campaign, notice, list, consultation, complaints, draws …): only
  national officials and administrators may see its private objects.

Each side has a **private unit** (its name is a marker: it is never published) and a
**public unit** (listed, in the public notice: its name is public, no marker). Objects are
made directly with the ORM in the states the pages need; the matrix is about who may
read and act, the transitions are tested elsewhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile

from greenmfg.core.vocabulary import Role
from greenmfg.jurisdictions.models import IndustryCode, Jurisdiction
from greenmfg.jurisdictions.reference import load_reference
from greenmfg.parties.models import Authority, Organisation, OrganisationKind, User
from greenmfg.parties.uscc import make_uscc

#: the platform date of every request of the matrix: A's and B's notices are running
TODAY = dt.date(2026, 5, 8)
YEAR = TODAY.year

ANONYMOUS = "anonymous"
#: every role of the platform (iterated, so a new role is covered at once) and the public
ROLES: list[str] = [r.value for r in Role] + [ANONYMOUS]

E, P, AG = Role.ENTERPRISE.value, Role.PARK.value, Role.AGENCY.value
D, CI, PR, N = Role.DISTRICT.value, Role.CITY.value, Role.PROVINCE.value, Role.NATIONAL.value
EX, DEP, AD = Role.EXPERT.value, Role.DEPARTMENT.value, Role.ADMIN.value
AN = ANONYMOUS
#: the audit reader (a role added with the audit record; a plain string so that the
#: matrix still imports where the role does not exist)
AUDITOR = "auditor"

#: national officials and platform administrators see every jurisdiction (DESIGN.md)
EVERYWHERE = frozenset({N, AD})
ALL = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

#: side -> (district, city, province) codes
PLACES = {
    "A": ("440106", "440100", "440000"),  # 广州 天河
    "C": ("440104", "440100", "440000"),  # 广州 越秀
    "B": ("350203", "350200", "350000"),  # 厦门 思明
}
#: distinctive operating figures of each side's dynamic form (工业总产值, 万元)
OUTPUT_VALUE = {"A": Decimal("731842.17"), "C": Decimal("645297.38"), "B": Decimal("918273.64")}


def scope(a=NOBODY, c=None, b=None) -> dict[str, frozenset[str]]:
    """Who may read an object of each side (``c`` and ``b`` default to the roles that
    see everywhere among ``a``)."""
    a = frozenset(a)
    return {
        "A": a,
        "C": frozenset(c) if c is not None else a & EVERYWHERE,
        "B": frozenset(b) if b is not None else a & EVERYWHERE,
    }


#: objects of a unit: its own users, the officials whose jurisdiction contains it,
#: national officials and administrators (parties/scoping.py scope_by_unit)
UNIT = scope({E, D, CI, PR, N, AD}, c={CI, PR, N, AD})
#: records of the authorities about a unit (incidents, removal proposals, fraud findings)
OFFICIALS = scope({D, CI, PR, N, AD}, c={CI, PR, N, AD})
PUBLIC = {"A": ALL, "C": ALL, "B": ALL}


@dataclass(frozen=True)
class Marker:
    """A distinctive string in one private field and the roles that may read it."""

    text: str
    what: str
    side: str
    seen_by: frozenset[str]


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    objects: dict[tuple[str, str], object] = field(default_factory=dict)
    markers: list[Marker] = field(default_factory=list)
    media_root: str = ""

    def obj(self, side: str, key: str):
        return self.objects[(side, key)]

    def has(self, side: str, key: str) -> bool:
        return (side, key) in self.objects

    def forbidden_for(self, role: str) -> list[Marker]:
        """The markers ``role`` must never read, whatever the page."""
        return [m for m in self.markers if role not in m.seen_by]


class _Builder:
    def __init__(self, world: World) -> None:
        self.w = world
        self.rng = random.Random(20260508)

    # --- helpers -------------------------------------------------------------------
    def green_code(self, side: str, unit, listing) -> None:
        """A 企业绿码 of the side's public unit (its listing is public, so is its code)."""
        from greenmfg.greencode.models import GradingRun, GreenCode
        from greenmfg.supervision.models import DynamicForm

        form = DynamicForm.objects.create(
            unit=unit,
            list_type="factory",
            data_year=YEAR - 3,
            filing_year=YEAR - 2,
            deadline=dt.date(YEAR - 2, 4, 15),
            reviewer=unit.registered_division,
            state="accepted",
            first_submitted_on=dt.date(YEAR - 2, 4, 1),
        )
        run = GradingRun.objects.create(
            jurisdiction=Jurisdiction.objects.get(code="000000"),
            level="national",
            year=YEAR - 2,
            data_year=YEAR - 3,
            method_version="gc-1",
            parameters={"shares": {"A+": 5, "A": 35, "B": 60}, "min_group_units": 10},
            graded_on=dt.date(YEAR - 2, 5, 1),
            effective_on=dt.date(YEAR - 2, 5, 1),
            counts={"A+": 0, "A": 1, "B": 0, "none": 0},
        )
        code = GreenCode.objects.create(
            run=run,
            unit=unit,
            listing=listing,
            form=form,
            grade="A",
            score=Decimal("0.5"),
            rank=1,
            group="*",
            group_rank=1,
            group_size=1,
            inputs={"division": "", "section": "", "values": {}},
            valid_from=dt.date(YEAR - 2, 5, 1),
        )
        self.put(side, "grading_run", run)
        self.put(side, "green_code", code)

    def mark(self, side: str, what: str, seen: dict[str, frozenset[str]] | frozenset) -> str:
        text = f"泄露标记-{uuid.uuid4().hex[:10]}"
        seen_by = seen[side] if isinstance(seen, dict) else frozenset(seen)
        self.w.markers.append(Marker(text, what, side, frozenset(seen_by)))
        return text

    def put(self, side: str, key: str, obj) -> None:
        self.w.objects[(side, key)] = obj

    def org(self, side: str, kind: str, name: str, district: str | None = None) -> Organisation:
        district = district or PLACES[side][0]
        j = Jurisdiction.objects.get(code=district)
        return Organisation.objects.create(
            kind=kind,
            name=name,
            uscc=make_uscc(district, self.rng),
            legal_representative="张三",
            registered_division=j,
            production_division=j,
            registered_address="科韵路1号",
            production_address="科韵路1号",
            industry=IndustryCode.objects.filter(code="3360").first(),
            scale="medium" if kind == OrganisationKind.ENTERPRISE else "",
            park_level="provincial" if kind == OrganisationKind.PARK else "",
        )

    def user(self, role: str, *, org=None, code: str | None = None, **kw) -> User:
        n = len(self.w.objects) + len(self.w.markers) + self.rng.randrange(10**6)
        user = User(
            username=kw.pop("username", f"am_{role}_{n}"),
            role=role,
            organisation=org,
            authority=Authority.objects.get(jurisdiction__code=code) if code else None,
            real_name=kw.pop("real_name", f"矩阵{role}"),
            **kw,
        )
        user.set_unusable_password()  # the matrix signs in with force_login
        user.save()
        return user

    @staticmethod
    def jur(code: str) -> Jurisdiction:
        return Jurisdiction.objects.get(code=code)

    def file(self, name: str) -> ContentFile:
        return ContentFile(PDF, name=name)

    # --- the world -----------------------------------------------------------------
    def build(self) -> World:
        self.people()
        for side in ("A", "B"):
            self.city_level(side)
        for side in ("A", "C", "B"):
            self.unit_level(side)
        self.experts_and_reviews()
        self.consultations()
        self.sessions_and_jobs()
        self.networks()
        for side in ("A", "B"):
            self.links_and_agency_names(side)
        return self.w

    def links_and_agency_names(self, side: str) -> None:
        """An imported national listing not yet linked, a unit's claim of it (issue 13
        item 2) and a group of historical agency spellings to confirm (item 5)."""
        from greenmfg.agencies.models import HistoricalAgencyName
        from greenmfg.register.models import GreenList, Listing, ListingLink

        unit = self.org(side, OrganisationKind.ENTERPRISE, f"待关联单位{side}制造有限公司")
        green_list = GreenList.objects.create(
            jurisdiction=Jurisdiction.objects.get(code="000000"),
            level="national",
            year=2021,
            title=f"第六批绿色制造名单{side}",
            source="miit_green_lists_2017_2021",
            source_key=f"matrix-{side}",
        )
        make = lambda name: Listing.objects.create(  # noqa: E731
            green_list=green_list,
            unit_name=name,
            list_type="factory",
            level="national",
            year=2021,
            region=Jurisdiction.objects.get(code=PLACES[side][2]),
            source="miit_green_lists_2017_2021",
        )
        self.put(side, "link_listing", make(f"未关联单位{side}有限公司"))
        link = ListingLink.objects.create(
            listing=make(unit.name), organisation=unit, state="claimed", method="claim"
        )
        self.put(side, "listing_link", link)
        self.put(
            side,
            "agency_name",
            HistoricalAgencyName.objects.create(
                key=f"历史机构{side}", spellings=[f"历史机构{side}"], listing_count=1
            ),
        )

    def people(self) -> None:
        """One user per role on side A, and B's counterparts who own B's objects."""
        w = self.w
        for side in ("A", "C", "B"):
            private = self.org(
                side,
                OrganisationKind.ENTERPRISE,
                f"{self.mark(side, 'unit', UNIT_NAME)}制造有限公司",
            )
            self.put(side, "unit", private)
            self.put(side, "unit_user", self.user(E, org=private))
        for side in ("A", "B"):
            public = self.org(
                side, OrganisationKind.ENTERPRISE, f"公开名单单位{side}绿色工厂有限公司"
            )
            self.put(side, "public_unit", public)
            agency = self.org(side, OrganisationKind.AGENCY, f"评价机构{side}认证有限公司")
            self.put(side, "agency", agency)
            self.put(side, "agency_user", self.user(AG, org=agency))
            _, city, _province = PLACES[side]
            self.put(side, "city_official", self.user(CI, code=city))
        park = self.org("A", OrganisationKind.PARK, "天河绿色园区管理委员会")
        self.put("A", "park", park)
        builders = {
            E: lambda: self.w.obj("A", "unit_user"),
            P: lambda: self.user(P, org=park),
            AG: lambda: self.w.obj("A", "agency_user"),
            D: lambda: self.user(D, code="440106"),
            CI: lambda: self.w.obj("A", "city_official"),
            PR: lambda: self.user(PR, code="440000"),
            N: lambda: self.user(N, code="000000"),
            EX: lambda: self.user(EX, real_name="矩阵专家甲"),
            DEP: lambda: self.user(DEP, code="440100", department="生态环境"),
            AD: lambda: self.user(AD, is_staff=True, is_superuser=True),
            # reads the audit record of its authority's jurisdiction (here Guangzhou's)
            AUDITOR: lambda: self.user(AUDITOR, code="440100"),
        }
        for role in ROLES:
            if role == ANONYMOUS:
                w.users[role] = None
            else:
                # a role added later gets a plain user of that role (no organisation, no
                # authority): give it a builder here if it needs one
                w.users[role] = builders.get(role, lambda r=role: self.user(r))()

    def city_level(self, side: str) -> None:
        """The city's campaign, notice (with an objection), published list, dynamic
        oversight records kept by the city (complaint, spot-check draw, upward report,
        announcement), the agency's registry records."""
        from greenmfg.agencies.models import (
            AgencyFraudFinding,
            AgencyProfile,
            AgencyWorkReport,
        )
        from greenmfg.register.documents import document_render
        from greenmfg.register.models import GreenList, Listing
        from greenmfg.selection.models import Application, Campaign, Objection, PublicNotice
        from greenmfg.supervision.models import (
            Announcement,
            Complaint,
            InspectorPool,
            Removal,
            SpotCheckDraw,
            SpotCheckItem,
            UpwardReport,
        )

        district, city_code, province_code = PLACES[side]
        city, province = self.jur(city_code), self.jur(province_code)
        public = self.w.obj(side, "public_unit")
        campaign = Campaign.objects.create(
            jurisdiction=city,
            level="municipal",
            year=YEAR,
            title=f"{YEAR}年度{city.name}绿色工厂",
            opened_on=dt.date(YEAR, 4, 1),
            list_types=["factory"],
        )
        self.put(side, "campaign", campaign)
        notice = PublicNotice.objects.create(
            campaign=campaign,
            title=f"{YEAR}年度{city.name}绿色工厂名单公示",
            first_day=dt.date(YEAR, 5, 6),
            last_day=dt.date(YEAR, 5, 14),
            length=7,
            unit="calendar_days",
            citation="004 第十条",
        )
        self.put(side, "notice", notice)
        in_notice = Application.objects.create(
            unit=public,
            campaign=campaign,
            list_type="factory",
            level="municipal",
            year=YEAR,
            state="in_notice",
            score=Decimal("88"),
            notice=notice,
            submitted_on=dt.date(YEAR, 4, 10),
        )
        self.put(side, "notice_application", in_notice)
        # the objector's identity: only the officials handling the objection
        handling = scope({CI}, b=NOBODY)
        objection_seen = scope({CI, N, AD})
        objection = Objection.objects.create(
            notice=notice,
            application=in_notice,
            objector_name=self.mark(side, "objector name", handling),
            objector_id_number={"A": "11010519491231002X", "B": "110105194912310029"}[side],
            objector_phone={"A": "13924681357", "B": "13986420975"}[side],
            objector_email=f"objector{side.lower()}@example.com",
            statement=self.mark(side, "objection statement", objection_seen),
            evidence=self.file("objection.pdf"),
            submitted_on=dt.date(YEAR, 5, 7),
        )
        self.put(side, "objection", objection)
        self.w.markers.extend(
            [
                Marker(objection.objector_id_number, "objector id number", side, handling[side]),
                Marker(objection.objector_phone, "objector phone", side, handling[side]),
                Marker(objection.objector_email, "objector e-mail", side, handling[side]),
            ]
        )
        # an earlier municipal list with the public unit on it
        green_list = GreenList.objects.create(
            jurisdiction=city,
            level="municipal",
            year=YEAR - 1,
            title=f"{YEAR - 1}年度{city.name}绿色工厂名单",
            published_on=dt.date(YEAR - 1, 6, 1),
        )
        self.put(side, "green_list", green_list)
        listing = Listing.objects.create(
            green_list=green_list,
            unit=public,
            unit_name=public.name,
            uscc=public.uscc,
            list_type="factory",
            level="municipal",
            year=YEAR - 1,
            region=public.registered_division,
            listed_on=dt.date(YEAR - 1, 6, 1),
            star=1,
        )
        self.put(side, "listing", listing)
        self.green_code(side, public, listing)
        # its announcement and table, rendered ahead of time as publication does
        # (downloads serve stored files, greenmfg/register/documents.py)
        for fmt in ("pdf", "xlsx"):
            document_render(green_list=green_list, fmt=fmt)
        # a real-name complaint against the listed unit, handled by the city
        complaint_seen = scope({CI, PR, N, AD})
        complaint = Complaint.objects.create(
            target=public,
            complainant_name=self.mark(side, "complainant name", handling),
            complainant_id_number={"A": "440106199001011236", "B": "350203199001011231"}[side],
            complainant_phone={"A": "13811223344", "B": "13855667788"}[side],
            complainant_email=f"whistle{side.lower()}@example.com",
            statement=self.mark(side, "complaint statement", complaint_seen),
            evidence=self.file("complaint.pdf"),
            submitted_on=dt.date(YEAR, 5, 4),
            handler=city,
            due_on=dt.date(YEAR, 6, 4),
        )
        self.put(side, "complaint", complaint)
        self.w.markers.extend(
            [
                Marker(complaint.complainant_id_number, "complainant id", side, handling[side]),
                Marker(complaint.complainant_phone, "complainant phone", side, handling[side]),
                Marker(complaint.complainant_email, "complainant e-mail", side, handling[side]),
            ]
        )
        # 双随机、一公开: the draw and its results are public, the inspectors' names are
        # the drawing authority's (counts for everyone else)
        # officials who see the draw read the names (spot_check_detail); the API names
        # them to the drawing authority's officials only, counts to everyone else
        inspector = self.user(
            EX, real_name=self.mark(side, "inspector name", scope({CI, PR, N}, b={N}))
        )
        InspectorPool.objects.create(
            authority=Authority.objects.get(jurisdiction=city), user=inspector, added_on=TODAY
        )
        draw = SpotCheckDraw.objects.create(
            authority=city,
            year=YEAR,
            seed=20260508,
            count=1,
            inspectors_per_unit=1,
            anomaly_weight=Decimal("0"),
            method="sha256-ranked",
            citation="000 第二十一条",
            population=[{"uscc": public.uscc, "key": "0" * 64, "name": public.name, "weight": 1}],
            inspector_population=[str(inspector.uuid)],
            drawn_on=dt.date(YEAR, 5, 1),
        )
        item = SpotCheckItem.objects.create(draw=draw, position=1, unit=public)
        item.inspectors.set([inspector])
        self.put(side, "draw", draw)
        self.put(side, "draw_item", item)
        # an immediate removal announced publicly (another public unit)
        removed = self.org(side, OrganisationKind.ENTERPRISE, f"已移出单位{side}有限公司")
        announcement = Announcement.objects.create(
            jurisdiction=city,
            level="municipal",
            year=YEAR,
            kind="immediate",
            title=f"关于移出{removed.name}的公告",
            published_on=dt.date(YEAR, 5, 2),
        )
        self.put(side, "announcement", announcement)
        Removal.objects.create(
            unit=removed,
            kind="immediate",
            cause="safety_accident",
            citation="000 第二十条",
            reason="重大生产安全事故",
            levels=["municipal"],
            removed_on=dt.date(YEAR, 5, 2),
            authority=city,
            announcement=announcement,
        )
        # a matter queued for the province (上报上级事项)
        upward = UpwardReport.objects.create(
            kind="change",
            unit=public,
            listing=listing,
            from_jurisdiction=city,
            to_jurisdiction=province,
            to_level="provincial",
            opinion=self.mark(side, "upward opinion", scope({CI, PR, N, AD})),
            citation="004 第十四条",
            queued_on=dt.date(YEAR, 5, 3),
        )
        self.put(side, "upward", upward)
        # the agency: public registry entry, public sanction, its own annual work report
        agency = self.w.obj(side, "agency")
        AgencyProfile.objects.create(organisation=agency, staff_total=12, staff_senior=3)
        agency_officials = scope({AG, D, CI, PR, N, AD})
        self.put(
            side,
            "work_report",
            AgencyWorkReport.objects.create(
                agency=agency,
                year=YEAR - 1,
                projects_done=3,
                staff=12,
                quality_self_assessment=self.mark(side, "agency work report", agency_officials),
                submitted_on=dt.date(YEAR, 1, 20),
                submitted_by=self.w.obj(side, "agency_user"),
            ),
        )
        self.put(
            side,
            "agency_finding",
            AgencyFraudFinding.objects.create(
                agency=agency,
                decided_on=dt.date(YEAR, 3, 1),
                description="出具的评价报告与实际不符（已公开通报）",
                article="000 第二十四条",
                distrust_years=1,
                distrusted_until=dt.date(YEAR - 1, 12, 31),
                decided_by=province,
                recorded_by=self.w.obj(side, "city_official"),
            ),
        )
        # training held by the city (its officials, those above and the city's units
        # see it), a public disclosure of the listed unit, the city's yearly summary
        from greenmfg.duties.models import Course, Disclosure
        from greenmfg.summaries.models import YearlySummary

        self.put(
            side,
            "course",
            Course.objects.create(
                authority=Authority.objects.get(jurisdiction=city),
                title=f"{city.name}绿色制造培训",
                held_on=dt.date(YEAR, 3, 1),
                topics=self.mark(side, "course topics", scope({E, P, CI, PR, N, AD})),
                created_by=self.w.obj(side, "city_official"),
            ),
        )
        self.put(
            side,
            "disclosure",
            Disclosure.objects.create(
                unit=public,
                kind="environmental",
                year=YEAR - 1,
                title=f"{public.name}环境信息披露",
                url="https://example.com/disclosure",
                document=self.file("disclosure.pdf"),
                published_on=dt.date(YEAR, 4, 1),
                published_by=self.w.obj(side, "city_official"),
            ),
        )
        YearlySummary.objects.create(
            jurisdiction=city,
            year=YEAR,
            results=self.mark(side, "summary results", scope({CI, PR, N, AD})),
        )

    def unit_level(self, side: str) -> None:
        """The private unit's registration, report (third-party, with evidence),
        application, agency project, dynamic form (with an anomaly flag), on-site
        check, change report, incident, removal proposal and fraud finding."""
        from greenmfg.agencies.models import AgencyProject
        from greenmfg.cultivation.models import Registration
        from greenmfg.eligibility.models import FraudFinding
        from greenmfg.jurisdictions.rulesets import rules_for
        from greenmfg.selection.models import Application, EvaluationReport, Evidence, ReportItem
        from greenmfg.standards.systems import system
        from greenmfg.supervision.models import (
            AnomalyFlag,
            ChangeReport,
            DynamicForm,
            Incident,
            OnSiteCheck,
            RemovalProposal,
        )

        district_code, city_code, _province_code = PLACES[side]
        district, city = self.jur(district_code), self.jur(city_code)
        unit = self.w.obj(side, "unit")
        owner = self.w.obj(side, "unit_user")
        campaign_side = "B" if side == "B" else "A"
        campaign = self.w.obj(campaign_side, "campaign")
        agency_side = "B" if side == "B" else "A"
        agency = self.w.obj(agency_side, "agency")
        m = self.mark
        reg = Registration.objects.create(
            unit=unit,
            jurisdiction=city,
            list_type="factory",
            year=YEAR,
            state="submitted",
            pending_role="district" if side != "B" else "city",
            unit_name=unit.name,
            uscc=unit.uscc,
            main_products=m(side, "registration products", UNIT),
            cultivation_plan=m(side, "registration plan", UNIT),
            output_value=OUTPUT_VALUE[side],
            contact_name="李四",
            contact_phone="020-88886666",
        )
        self.put(side, "registration", reg)
        # its audit event: on the registration's timeline, and for the auditors of the
        # jurisdiction (audit/selectors.py audit_events_for)
        from greenmfg.audit.services import record_event

        self.put(
            side,
            "audit_event",
            record_event(
                actor=owner,
                action="registration.submit",
                obj=reg,
                from_state="draft",
                to_state="submitted",
                reason=m(side, "audit event reason", AUDIT_TRAIL),
            ),
        )
        # the third-party report (A, B): its unit, the officials over it, the agency that
        # wrote it and the expert assigned to the application; C's is a self-evaluation
        report_seen = {
            "A": UNIT["A"] | {AG, EX},
            "C": UNIT["C"],
            "B": UNIT["B"],
        }
        standard = rules_for(unit.registered_division, TODAY).get("evaluation.standard.factory")
        report = EvaluationReport.objects.create(
            unit=unit,
            list_type="factory",
            standard_code=standard,
            route="third_party" if side != "C" else "self",
            agency=agency if side != "C" else None,
            year=YEAR,
            state="submitted",
            summary=m(side, "report summary", report_seen),
            total_score=Decimal("86.5"),
            eligible=True,
            submitted_on=dt.date(YEAR, 4, 9),
        )
        first = system(standard).indicators[0].code
        ReportItem.objects.create(
            report=report, indicator_code=first, note=m(side, "report item note", report_seen)
        )
        self.put(side, "report", report)
        evidence = Evidence.objects.create(
            report=report,
            indicator_code=first,
            file=self.file("evidence.pdf"),
            original_name=f"{m(side, 'evidence name', report_seen)}.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
            uploaded_by=owner,
        )
        self.put(side, "evidence", evidence)
        app = Application.objects.create(
            unit=unit,
            campaign=campaign,
            list_type="factory",
            level="municipal",
            year=YEAR,
            report=report,
            state="recommended",
            pending_role="city",
            submitted_on=dt.date(YEAR, 4, 10),
            recommended_on=dt.date(YEAR, 4, 20),
            last_decision=m(side, "application decision", UNIT),
        )
        self.put(side, "application", app)
        if side != "C":
            project = AgencyProject.objects.create(
                unit=unit,
                agency=agency,
                list_type="factory",
                level="municipal",
                year=YEAR,
                state="report_submitted",
                note=m(side, "agency project note", scope({E, AG, D, CI, PR, N, AD})),
                report=report,
                proposed_on=dt.date(YEAR, 2, 1),
                accepted_on=dt.date(YEAR, 2, 3),
                submitted_on=dt.date(YEAR, 4, 1),
                signed_report=self.file("signed.pdf"),
                signed_report_name="签章报告.pdf",
                signed_report_sha256=hashlib.sha256(PDF).hexdigest(),
                signed_report_size=len(PDF),
            )
            self.put(side, "agency_project", project)
        form = DynamicForm.objects.create(
            unit=unit,
            list_type="factory",
            data_year=YEAR - 1,
            filing_year=YEAR,
            deadline=dt.date(YEAR, 3, 31),
            reviewer=city,
            state="submitted",
            output_value=OUTPUT_VALUE[side],
            energy_total=Decimal("8000"),
            note=m(side, "dynamic form note", UNIT),
            submitted_on=dt.date(YEAR, 3, 20),
            first_submitted_on=dt.date(YEAR, 3, 20),
        )
        self.w.markers.append(
            # with its decimals: six digits alone could turn up in a random UUID or token
            Marker(str(OUTPUT_VALUE[side]), "operating figure", side, UNIT[side])
        )
        AnomalyFlag.objects.create(
            form=form,
            kind="jump",
            field="energy_total",
            message=m(side, "anomaly flag", OFFICIALS),
            created_on=dt.date(YEAR, 3, 21),
        )
        self.put(side, "dynamic_form", form)
        self.put(
            side,
            "check",
            OnSiteCheck.objects.create(
                unit=unit,
                form=form,
                list_type="factory",
                filing_year=YEAR,
                authority=city,
                requested_on=dt.date(YEAR, 4, 2),
                reason=m(side, "on-site check reason", UNIT),
            ),
        )
        self.put(
            side,
            "change",
            ChangeReport.objects.create(
                unit=unit,
                kind="address",
                old_value="科韵路1号",
                new_value="科韵路2号",
                description=m(side, "change description", UNIT),
                formalities_completed_on=dt.date(YEAR, 4, 1),
                reported_on=dt.date(YEAR, 4, 5),
                reviewer=city,
            ),
        )
        self.put(
            side,
            "incident",
            Incident.objects.create(
                unit=unit,
                kind="safety_accident",
                occurred_on=dt.date(YEAR, 5, 1),
                found_on=dt.date(YEAR, 5, 2),
                description=m(side, "incident description", OFFICIALS),
                recorded_by=district,
                report_due_on=dt.date(YEAR, 5, 5),
            ),
        )
        self.put(
            side,
            "proposal",
            RemovalProposal.objects.create(
                unit=unit,
                authority=city,
                cause="non_filing",
                citation="004 第十四条",
                reason=m(side, "removal proposal reason", OFFICIALS),
                year=YEAR,
                proposed_on=dt.date(YEAR, 4, 15),
            ),
        )
        FraudFinding.objects.create(
            unit=unit,
            decided_on=dt.date(YEAR, 4, 20),
            article="000 第二十三条",
            description=m(side, "fraud finding", OFFICIALS),
            decided_by=city,
        )

    def experts_and_reviews(self) -> None:
        """A's expert is assigned to A's application and has scored it (the review is
        still open: blind, so only that expert reads the comments); B's application has
        B's expert."""
        from greenmfg.expert_review.models import ExpertAssignment, ExpertProfile, ExpertReview

        for side in ("A", "B"):
            expert = self.w.users[EX] if side == "A" else self.user(EX, real_name="厦门专家乙")
            ExpertProfile.objects.create(
                user=expert, home_jurisdiction=self.jur(PLACES[side][1]), speciality="绿色工厂"
            )
            app = self.w.obj(side, "application")
            organiser = self.w.obj(side, "city_official")
            review = ExpertReview.objects.create(
                application=app,
                experts_required=3,
                started_by=organiser,
                started_on=dt.date(YEAR, 4, 25),
            )
            self.put(side, "expert_review", review)
            assignment = ExpertAssignment.objects.create(
                review=review,
                application=app,
                expert=expert,
                assigned_by=organiser,
                assigned_on=dt.date(YEAR, 4, 25),
                state="submitted",
                score=Decimal("87.5"),
                comments=self.mark(side, "expert comments", scope({EX}, b=NOBODY)),
                submitted_on=dt.date(YEAR, 4, 28),
            )
            self.put(side, "assignment", assignment)

    def consultations(self) -> None:
        """Guangzhou (and Xiamen) consult their 生态环境 department on the public unit."""
        from greenmfg.recommendation.models import Consultation, Opinion, Reward

        for side in ("A", "B"):
            city = PLACES[side][1]
            cons = Consultation.objects.create(
                campaign=self.w.obj(side, "campaign"),
                authority=Authority.objects.get(jurisdiction__code=city),
                department="生态环境",
                sent_on=dt.date(YEAR, 5, 4),
                due_on=dt.date(YEAR, 5, 11),
                citation="004 第十一条",
            )
            self.put(side, "consultation", cons)
            opinion = Opinion.objects.create(
                consultation=cons,
                unit=self.w.obj(side, "public_unit"),
                listing=self.w.obj(side, "listing"),
                kind="objection",
                reason=self.mark(side, "department opinion", scope({CI, DEP, N, AD})),
                attachment=self.file("opinion.pdf"),
                answered_by="生态环境局",
                answered_on=dt.date(YEAR, 5, 6),
            )
            self.put(side, "opinion", opinion)
        # a one-time reward (002 第二十三条) for each side's listed unit: the amounts are
        # for the officials of the paying jurisdiction and above (rewards_xlsx)
        for side, amount in (("A", "314159.27"), ("B", "271828.18")):
            self.put(
                side,
                "reward",
                Reward.objects.create(
                    listing=self.w.obj(side, "listing"),
                    jurisdiction=self.jur(PLACES[side][1]),
                    level="municipal",
                    amount=Decimal(amount),
                    citation="002 第二十三条",
                ),
            )
            seen = scope({CI, PR, N}, b={N})[side]
            self.w.markers.append(Marker(amount, "reward amount", side, seen))

    def networks(self) -> None:
        """A park's member (accepted) and a draft cultivation plan on sides A (the park
        user's park) and B (a Xiamen park); names are public, so no markers."""
        from greenmfg.networks.models import CultivationPlan, Membership

        for side in ("A", "B"):
            park = (
                self.w.obj("A", "park")
                if side == "A"
                else self.org("B", OrganisationKind.PARK, "思明绿色园区管理委员会")
            )
            member = self.org(side, OrganisationKind.ENTERPRISE, f"园区成员{side}制造有限公司")
            self.put(side, "network_owner", park)
            self.put(
                side,
                "membership",
                Membership.objects.create(
                    owner=park,
                    kind="park",
                    uscc=member.uscc,
                    name=member.name,
                    member=member,
                    since=dt.date(YEAR, 1, 1),
                    invited_on=dt.date(YEAR, 1, 1),
                    state="accepted",
                ),
            )
            self.put(
                side,
                "plan",
                CultivationPlan.objects.create(
                    owner=park, kind="park", title="园区培育计划", year_from=YEAR, year_to=YEAR
                ),
            )

    def sessions_and_jobs(self) -> None:
        """Another signed-in session of each side's enterprise user (its browser string is
        a marker: only that user lists its sessions), and a job each city official ran."""
        from greenmfg.accounts.models import UserSession
        from greenmfg.jobs.models import Job

        for side in ("A", "B"):
            user = self.w.obj(side, "unit_user")
            self.put(
                side,
                "session",
                UserSession.objects.create(
                    user=user,
                    session_key=uuid.uuid4().hex,
                    user_agent=self.mark(side, "session browser", scope({E}, b=NOBODY)),
                ),
            )
            # a notification to each side's enterprise user (issue 18): its object label
            # is a marker only that user reads (the list, the API)
            from greenmfg.notifications.models import Notification

            self.put(
                side,
                "notification",
                Notification.objects.create(
                    recipient=user,
                    business_date=TODAY,
                    kind="registration",
                    event_uuid=uuid.uuid4(),
                    action="registration.city_conformity_review.approve",
                    object_type="cultivation.registration",
                    object_uuid=str(uuid.uuid4()),
                    object_label=self.mark(side, "notification object", SESSION),
                    from_state="preliminary_approved",
                    to_state="accepted",
                ),
            )
            self.put(
                side,
                "job",
                Job.objects.create(
                    kind="export",
                    params={"note": self.mark(side, "job parameters", scope({CI, N, AD}))},
                    created_by=self.w.obj(side, "city_official"),
                ),
            )
            # a municipal list import each city official ran (issue 13): its city's
            # municipal-list importers only (greenmfg/register/imports/runs.py imports_for)
            from greenmfg.register.models import ListImport

            city_official = self.w.obj(side, "city_official")
            self.put(
                side,
                "list_import",
                ListImport.objects.create(
                    created_by=city_official,
                    level="municipal",
                    jurisdiction=city_official.authority.jurisdiction,
                    list_type="factory",
                    year=YEAR - 1,
                    title=self.mark(side, "list import title", LIST_IMPORT),
                    file_name="list.csv",
                    file_sha256="0" * 64,
                    state="done",
                    counts={"created": 0, "conflicts": 1},
                    report={
                        "rows": [
                            {
                                "row": 2,
                                "outcome": "conflict",
                                "existing": {"listing": str(uuid.uuid4()), "unit_name": "x"},
                            }
                        ],
                        "pending": {"2": {"uscc": ""}},
                    },
                ),
            )


#: an object's audit event: on the object's timeline (those who see the object) and for
#: the auditors of its jurisdiction (the matrix's auditor is Guangzhou's)
AUDIT_TRAIL = {
    "A": UNIT["A"] | {AUDITOR},
    "C": UNIT["C"] | {AUDITOR},
    "B": UNIT["B"],
}
#: the audit record itself: auditors only, within their jurisdiction (等保 8.1.4.2 d)
AUDITORS = {"A": frozenset({AUDITOR}), "C": frozenset({AUDITOR}), "B": NOBODY}

#: the private unit's name: its users, the officials over it, the agency evaluating it
#: and the expert assigned to its application (A); the city and province (C); the
#: auditors of its jurisdiction read it in the audit record (object labels)
UNIT_NAME = scope({E, AG, EX, D, CI, PR, N, AD, AUDITOR}, c={CI, PR, N, AD, AUDITOR})


def build_world(media_root: str) -> World:
    """The matrix's world. The reference data (divisions, industries) is reloaded first
    if a transactional test earlier in the session flushed it (a live-server browser
    test does: the officials' axe test builds this world after them)."""
    if not Jurisdiction.objects.filter(code="440106").exists():
        load_reference()
    world = World(media_root=media_root)
    return _Builder(world).build()


# === the matrix: every URL name with parameters ========================================

#: roles that may read a side's object through the view's scoped query
REPORT = {"A": UNIT["A"] | {AG, EX}, "C": UNIT["C"], "B": UNIT["B"]}
#: campaigns: the officials (and departments) of the jurisdiction, above and below it,
#: the units of its region (selection/selectors.py campaigns_for)
CAMPAIGN = scope({E, P, AG, D, CI, PR, N, AD, DEP})
#: a park's network (members, plans, progress): the park's users and the officials
#: over it (networks.selectors; the member's officials too, here the same ones)
NETWORK = scope({P, D, CI, PR, N, AD})
#: a campaign's expert ranking: the campaign's own city officials (may_see_ranking)
RANKING = scope({CI, N, AD})
#: consultations: the consulting authority's officials, the department consulted
CONSULTATION = scope({CI, DEP, N, AD})
#: objections (with the objector's identity masked unless handling)
OBJECTION = scope({CI, N, AD})
#: the objector's or complainant's evidence: the handling officials only
HANDLERS = scope({CI}, b=NOBODY)
#: officials' pages (``_official``: officials with an authority; administrators are not)
OFFICIAL_PAGES = scope({D, CI, PR, N}, c={CI, PR, N}, b={N})
COMPLAINT_PAGES = scope({CI, PR, N}, b={N})
COMPLAINT_API = scope({CI, PR, N, AD})
DRAW_PAGES = scope({CI, PR, N}, b={N})
PROJECT = scope({E, AG, D, CI, PR, N, AD})
WORK_REPORT = scope({AG, D, CI, PR, N, AD})
#: recording an agency finding: city, province, national officials over the agency
FINDING = scope({CI, PR, N}, b={N})
JOB = scope({CI, N, AD})
#: a list import run: the officials of its level and jurisdiction (the matrix's city
#: official is Guangzhou's, so side B's run is nobody's here)
LIST_IMPORT = scope({CI}, b=NOBODY)
EXPERT = scope({EX}, b=NOBODY)
SESSION = scope({E}, b=NOBODY)
#: an application's expert review: the organising (city) officials and those who see
#: everywhere (the assigned expert reads it through /expert/ instead)
EXPERT_REVIEW = scope({CI, N, AD})
#: the recommendation summary: the officials who recommended into the campaign
RECOMMENDATIONS = scope({D, CI, PR, N, AD})


def _uuid(key: str):
    def kwargs(world: World, side: str) -> dict:
        return {"uuid": world.obj(side, key).uuid}

    return kwargs


@dataclass(frozen=True)
class Case:
    """How the matrix calls one URL name on the object of each side, and who may.

    ``key``: the world object whose uuid is the ``uuid`` kwarg (``kwargs`` for others);
    ``ok``: per side, the roles that get 200 (GET) or pass the scoped lookup (writes);
    ``methods``: the HTTP methods the URL answers; GET is called by every role on every
    side, a write method (``post``/``patch``/``put``) only by the roles outside ``ok``
    (they must get 403/404 and change nothing); ``body``: the write's body — valid, so
    that only the scope check can stop it; ``shows``: a marker the page shows to the
    ``ok`` roles (proves the page really rendered the object).
    """

    key: str | None
    ok: dict[str, frozenset[str]]
    methods: tuple[str, ...] = ("get",)
    body: object = None
    kwargs: object = None
    sides: tuple[str, ...] = ("A", "B")
    shows: str | None = None
    #: a write anyone may make (a public objection): not tried as an outsider
    public_write: bool = False
    multipart: bool = False
    #: the roles that call it, when not every role: only for a public file that is the
    #: same for everyone and slow to make (a PDF)
    roles: tuple[str, ...] | None = None

    def url_kwargs(self, world: World, side: str) -> dict:
        return (self.kwargs or _uuid(self.key))(world, side)

    def target(self, world: World, side: str):
        return world.obj(side, self.key) if self.key else None


UNIT_SIDES = ("A", "C", "B")
POST = ("post",)


def _open_data(world: World):
    """The day of the world's open-data snapshot (written on first use in each test: a
    test's writes are rolled back after it)."""
    from greenmfg.opendata.models import Snapshot
    from greenmfg.opendata.snapshots import write_snapshot

    day = TODAY - dt.timedelta(days=1)
    if not Snapshot.objects.filter(as_of=day).exists():
        write_snapshot(as_of=day)
    return day


def pdf_upload(name: str = "matrix.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def first_indicator(world: World, side: str) -> str:
    return world.obj(side, "evidence").indicator_code


def _report_ref(world: World, side: str) -> dict:
    return {"report": str(world.obj(side, "report").uuid)}


def _listing_ref(world: World, side: str) -> dict:
    return {"listing": str(world.obj(side, "listing").uuid)}


def _expert_ref(world: World, side: str) -> dict:
    # the pool of experts is the platform's: C's application may have A's expert
    owner = side if world.has(side, "assignment") else "A"
    return {"experts": [str(world.obj(owner, "assignment").expert.uuid)]}


def _item_ref(world: World, side: str) -> dict:
    return {
        "item": str(world.obj(side, "draw_item").uuid),
        "result": "conforming",
        "finding": "合格",
    }


#: bodies of the writes (a callable takes (world, side))
REVIEW = {"decision": "approve", "reason": "同意"}
APP_REVIEW = {"decision": "approve", "reason": "同意", "score": "90"}

CASES: dict[str, Case] = {
    # --- accounts -------------------------------------------------------------------
    "account_session_end": Case("session", SESSION, POST),
    # --- notifications (issue 18): one's own only ------------------------------------
    "notification_read": Case("notification", SESSION, POST),
    "api-notifications-read": Case("notification", SESSION, POST),
    # --- cultivation pool ---------------------------------------------------------------
    "registration_detail": Case(
        "registration", UNIT, sides=UNIT_SIDES, shows="registration products"
    ),
    "registration_edit": Case(
        "registration", UNIT, ("get", "post"), {"main_products": "改写"}, sides=UNIT_SIDES
    ),
    "registration_submit": Case("registration", UNIT, POST, {}, sides=UNIT_SIDES),
    "registration_review": Case("registration", UNIT, POST, REVIEW, sides=UNIT_SIDES),
    # only the unit's own users renew its 清洁生产 certification (004 第七条(一)2)
    "registration_renew": Case(
        "registration",
        scope({E}),
        POST,
        {"certificate_no": "穗工信函〔2026〕8号", "valid_until": "2029-03-31"},
        sides=UNIT_SIDES,
    ),
    # --- evaluation reports -------------------------------------------------------------
    "report_detail": Case("report", REPORT, sides=UNIT_SIDES, shows="report item note"),
    "report_save": Case("report", REPORT, POST, {"section": "1"}, sides=UNIT_SIDES),
    "report_score_preview": Case("report", REPORT, POST, {}, sides=UNIT_SIDES),
    "report_evidence": Case(
        "report",
        REPORT,
        POST,
        lambda w, s: {"indicator_code": first_indicator(w, s), "file": pdf_upload()},
        sides=UNIT_SIDES,
        multipart=True,
    ),
    "report_submit": Case("report", REPORT, POST, {}, sides=UNIT_SIDES),
    "report_revise": Case("report", REPORT, POST, {}, sides=UNIT_SIDES),
    "evidence_download": Case("evidence", REPORT, sides=UNIT_SIDES),
    # --- applications ---------------------------------------------------------------------
    "application_detail": Case("application", UNIT, sides=UNIT_SIDES, shows="application decision"),
    "application_set_report": Case("application", UNIT, POST, _report_ref, sides=UNIT_SIDES),
    "application_submit": Case("application", UNIT, POST, {}, sides=UNIT_SIDES),
    "application_review": Case("application", UNIT, POST, APP_REVIEW, sides=UNIT_SIDES),
    # --- campaigns, notices, publication, consultation -------------------------------------
    "campaign_detail": Case("campaign", CAMPAIGN),
    "notice_open": Case("campaign", CAMPAIGN, POST, {"start": "2026-05-08"}),
    "list_publish": Case("campaign", CAMPAIGN, POST, {}),
    "campaign_recommend": Case("campaign", CAMPAIGN, POST, _listing_ref),
    "campaign_consult": Case("campaign", CAMPAIGN, POST, _listing_ref),
    "campaign_quota": Case(
        "campaign",
        CAMPAIGN,
        POST,
        {"jurisdiction": "440000", "list_type": "factory", "quota": "3", "basis": "规模以上"},
    ),
    "campaign_recommendations_xlsx": Case("campaign", RECOMMENDATIONS),
    "consultation_detail": Case("consultation", CONSULTATION, shows="department opinion"),
    "opinion_answer": Case("opinion", CONSULTATION, POST, {"kind": "no_objection"}),
    "opinion_resolve": Case("opinion", CONSULTATION, POST, {"resolution": "已核实处理"}),
    "opinion_attachment": Case("opinion", CONSULTATION),
    "objection_detail": Case(
        "objection",
        OBJECTION,
        ("get", "post"),
        {"outcome": "dismissed", "reason": "不成立"},
        shows="objection statement",
    ),
    "objection_evidence": Case("objection", HANDLERS),
    # --- public register, notices, rules ---------------------------------------------------
    "notice_detail": Case("notice", PUBLIC, ("get", "post"), public_write=True),
    "green_list_detail": Case("green_list", PUBLIC),
    # --- the 企业绿码 (public: codes of listed units) and the dashboards' CSV ---------------
    "green_code_run": Case("grading_run", PUBLIC),
    "green_code_detail": Case("green_code", PUBLIC),
    # the same public card for everyone (the PDF through WeasyPrint): two roles
    "green_code_card": Case(
        "green_code",
        PUBLIC,
        kwargs=lambda w, s: {"uuid": w.obj(s, "green_code").uuid, "fmt": "png"},
        roles=(AN, E),
    ),
    "dashboard_csv": Case(None, PUBLIC, kwargs=lambda w, s: {"chart": "pyramid"}),
    "green_list_xlsx": Case("green_list", PUBLIC),
    # the same public PDF for everyone (WeasyPrint takes ~0.3 s a page): two roles
    "green_list_pdf": Case("green_list", PUBLIC, roles=(AN, E)),
    "rules_detail": Case(
        None, PUBLIC, kwargs=lambda w, s: {"slug": {"A": "guangzhou", "B": "xiamen"}[s]}
    ),
    # --- expert review ----------------------------------------------------------------------
    "expert_review_assign": Case("application", UNIT, POST, _expert_ref, sides=UNIT_SIDES),
    "expert_review_withdraw": Case(
        "application",
        UNIT,
        POST,
        {"reason": "回避"},
        kwargs=lambda w, s: {
            "uuid": w.obj(s, "application").uuid,
            "assignment": w.obj(s, "assignment").uuid,
        },
    ),
    "expert_assignment_detail": Case(
        "assignment",
        EXPERT,
        ("get", "post"),
        {"score": "91", "comments": "改分"},
        shows="expert comments",
    ),
    "expert_campaign_ranking": Case("campaign", RANKING),
    # --- dynamic management and oversight --------------------------------------------------
    "dynamic_form_detail": Case("dynamic_form", UNIT, sides=UNIT_SIDES, shows="operating figure"),
    "dynamic_form_save": Case("dynamic_form", UNIT, POST, {"note": "改写"}, sides=UNIT_SIDES),
    "dynamic_form_submit": Case("dynamic_form", UNIT, POST, {}, sides=UNIT_SIDES),
    "dynamic_form_review": Case(
        "dynamic_form", UNIT, POST, {"decision": "accept", "note": "同意"}, sides=UNIT_SIDES
    ),
    "check_detail": Case(
        "check",
        UNIT,
        ("get", "post"),
        {"outcome": "completed", "note": "已核查"},
        sides=UNIT_SIDES,
        shows="on-site check reason",
    ),
    "change_detail": Case(
        "change",
        UNIT,
        ("get", "post"),
        {"decision": "accept", "opinion": "同意"},
        sides=UNIT_SIDES,
        shows="change description",
    ),
    "incident_detail": Case(
        "incident", OFFICIAL_PAGES, sides=UNIT_SIDES, shows="incident description"
    ),
    "incident_report": Case("incident", OFFICIAL_PAGES, POST, {}, sides=UNIT_SIDES),
    "incident_forward": Case("incident", OFFICIAL_PAGES, POST, {}, sides=UNIT_SIDES),
    "incident_remove": Case(
        "incident", OFFICIAL_PAGES, POST, {"reason": "重大事故"}, sides=UNIT_SIDES
    ),
    "proposal_detail": Case(
        "proposal",
        OFFICIAL_PAGES,
        ("get", "post"),
        {"decision": "confirm", "note": "确认"},
        sides=UNIT_SIDES,
        shows="removal proposal reason",
    ),
    "spot_check_detail": Case("draw", DRAW_PAGES),
    "spot_check_result": Case(
        "draw_item", DRAW_PAGES, POST, {"result": "conforming", "finding": "合格"}
    ),
    "complaint_detail": Case(
        "complaint",
        COMPLAINT_PAGES,
        ("get", "post"),
        {"outcome": "dismissed", "reason": "经核实不属实"},
        shows="complaint statement",
    ),
    "complaint_evidence": Case("complaint", HANDLERS),
    "announcement_detail": Case("announcement", PUBLIC),
    "announcement_year": Case(
        None, PUBLIC, kwargs=lambda w, s: {"code": PLACES[s][1], "year": YEAR}
    ),
    "spot_check_public_detail": Case("draw", PUBLIC),
    # --- training, guidance, disclosures, yearly summaries ------------------------------
    "duties_course": Case(
        "course",
        scope({E, P, CI, PR, N, AD}),
        ("get", "post"),
        {"uscc": "x", "person_name": "张三"},
        shows="course topics",
    ),
    "duties_disclosure_withdraw": Case("disclosure", scope(NOBODY), POST, {}),
    "duties_disclosure_document": Case("disclosure", PUBLIC),
    "summary_detail": Case(
        None,
        scope({CI, PR, N, AD}),
        kwargs=lambda w, s: {"code": PLACES[s][1], "year": YEAR},
        shows="summary results",
    ),
    "summary_download": Case(
        None,
        scope({CI, PR, N, AD}),
        kwargs=lambda w, s: {"code": PLACES[s][1], "year": YEAR, "fmt": "xlsx"},
    ),
    # --- open data: one snapshot of the world's register, written on first use ---------------
    "opendata_snapshot": Case(None, PUBLIC, kwargs=lambda w, s: {"as_of": _open_data(w)}),
    "opendata_catalogue": Case(None, PUBLIC, kwargs=lambda w, s: {"as_of": _open_data(w)}),
    "opendata_file": Case(
        None,
        PUBLIC,
        kwargs=lambda w, s: {"as_of": _open_data(w), "dataset": "register", "fmt": "csv"},
    ),
    "opendata_latest": Case(
        None, PUBLIC, kwargs=lambda w, s: {"dataset": "register", "fmt": _open_data(w) and "json"}
    ),
    # --- third-party agencies --------------------------------------------------------------
    "agency_project_detail": Case("agency_project", PROJECT, shows="agency project note"),
    "agency_project_upload": Case(
        "agency_project", PROJECT, POST, lambda w, s: {"file": pdf_upload()}, multipart=True
    ),
    "agency_signed_report": Case("agency_project", PROJECT),
    "agency_project_action": Case(
        "agency_project",
        PROJECT,
        POST,
        {},
        kwargs=lambda w, s: {"uuid": w.obj(s, "agency_project").uuid, "action": "confirm"},
    ),
    "agency_detail": Case("agency", PUBLIC),
    # --- listings linked to their units; agencies from history (issue 13) --------------
    "register_unit": Case("public_unit", PUBLIC),
    "link_claim": Case("link_listing", scope({E, P}, b={E, P}), POST, {}),
    "link_decide": Case(
        "listing_link", scope({D, CI, PR, N, AD}), ("get", "post"), {"decision": "confirm"}
    ),
    "agency_history_decide": Case(
        "agency_name", scope({PR, N, AD}, b={PR, N, AD}), POST, {"decision": "confirm"}
    ),
    "agency_finding_new": Case(
        "agency",
        FINDING,
        ("get", "post"),
        {"decided_on": "2026-05-08", "description": "虚假报告", "article": "000 第二十四条"},
    ),
    # --- the audit record ---------------------------------------------------------------
    "audit_event_detail": Case(
        "audit_event", AUDITORS, sides=UNIT_SIDES, shows="audit event reason"
    ),
    # === REST API (/api/v1/) ================================================================
    "api-registrations-detail": Case(
        "registration",
        UNIT,
        ("get", "patch"),
        {"main_products": "改写"},
        sides=UNIT_SIDES,
        shows="registration products",
    ),
    "api-registrations-review": Case("registration", UNIT, POST, REVIEW, sides=UNIT_SIDES),
    "api-registrations-submit": Case("registration", UNIT, POST, {}, sides=UNIT_SIDES),
    "api-reports-detail": Case("report", REPORT, sides=UNIT_SIDES, shows="report item note"),
    "api-reports-evidence": Case(
        "report",
        REPORT,
        POST,
        lambda w, s: {"indicator_code": first_indicator(w, s), "file": pdf_upload()},
        sides=UNIT_SIDES,
        multipart=True,
    ),
    "api-reports-gap": Case("report", REPORT, sides=UNIT_SIDES),
    "api-reports-items": Case(
        "report", REPORT, ("patch",), {"values": {}, "notes": {}}, sides=UNIT_SIDES
    ),
    "api-reports-revise": Case("report", REPORT, POST, {}, sides=UNIT_SIDES),
    "api-reports-submit": Case("report", REPORT, POST, {}, sides=UNIT_SIDES),
    "api-applications-detail": Case(
        "application", UNIT, sides=UNIT_SIDES, shows="application decision"
    ),
    "api-applications-report": Case("application", UNIT, POST, _report_ref, sides=UNIT_SIDES),
    "api-applications-review": Case("application", UNIT, POST, APP_REVIEW, sides=UNIT_SIDES),
    "api-applications-submit": Case("application", UNIT, POST, {}, sides=UNIT_SIDES),
    "api-application-experts-expert-review": Case("application", EXPERT_REVIEW),
    "api-application-experts-experts": Case(
        "application", UNIT, POST, _expert_ref, sides=UNIT_SIDES
    ),
    "api-expert-assignments-detail": Case("assignment", EXPERT, shows="expert comments"),
    "api-expert-assignments-score": Case(
        "assignment", EXPERT, POST, {"score": "91", "comments": "改分"}
    ),
    "api-campaigns-detail": Case("campaign", CAMPAIGN),
    "api-campaigns-notice": Case("campaign", CAMPAIGN, POST, {"start": "2026-05-08"}),
    "api-campaigns-publish": Case("campaign", CAMPAIGN, POST, {}),
    "api-campaigns-recommend": Case("campaign", CAMPAIGN, POST, _listing_ref),
    "api-campaign-ranking-ranking": Case("campaign", RANKING),
    "api-campaign-consult": Case(
        "campaign", CAMPAIGN, POST, lambda w, s: {"listings": [_listing_ref(w, s)["listing"]]}
    ),
    "api-campaign-quotas": Case(
        "campaign",
        CAMPAIGN,
        ("get", "post"),
        {"jurisdiction": "440000", "list_type": "factory", "quota": 3, "basis": "规模以上"},
    ),
    "api-objections-detail": Case("objection", OBJECTION, shows="objection statement"),
    "api-objections-handle": Case(
        "objection", OBJECTION, POST, {"outcome": "dismissed", "reason": "不成立"}
    ),
    "api-notices-detail": Case("notice", PUBLIC),
    "api-notices-objections": Case("notice", PUBLIC, POST, public_write=True),
    "api-listings-detail": Case("listing", PUBLIC),
    "api-green-lists-detail": Case("green_list", PUBLIC),
    "api-consultations-detail": Case("consultation", CONSULTATION, shows="department opinion"),
    "api-opinions-detail": Case("opinion", CONSULTATION, shows="department opinion"),
    "api-opinions-answer": Case("opinion", CONSULTATION, POST, {"kind": "no_objection"}),
    "api-opinions-resolve": Case("opinion", CONSULTATION, POST, {"resolution": "已核实处理"}),
    "api-jobs-detail": Case("job", JOB, shows="job parameters"),
    "list_import_detail": Case("list_import", LIST_IMPORT, shows="list import title"),
    "list_import_progress": Case("list_import", LIST_IMPORT),
    "list_import_run": Case("list_import", LIST_IMPORT, POST, {}),
    "list_import_resolve": Case("list_import", LIST_IMPORT, POST, {"row": "2", "choice": "keep"}),
    "api-dynamic-forms-detail": Case(
        "dynamic_form",
        UNIT,
        ("get", "patch"),
        {"note": "改写"},
        sides=UNIT_SIDES,
        shows="dynamic form note",
    ),
    "api-dynamic-forms-review": Case(
        "dynamic_form", UNIT, POST, {"decision": "accept", "note": "同意"}, sides=UNIT_SIDES
    ),
    "api-dynamic-forms-submit": Case("dynamic_form", UNIT, POST, {}, sides=UNIT_SIDES),
    "api-on-site-checks-detail": Case(
        "check", UNIT, sides=UNIT_SIDES, shows="on-site check reason"
    ),
    "api-on-site-checks-outcome": Case(
        "check", UNIT, POST, {"outcome": "completed", "note": "已核查"}, sides=UNIT_SIDES
    ),
    "api-change-reports-detail": Case("change", UNIT, sides=UNIT_SIDES, shows="change description"),
    "api-change-reports-review": Case(
        "change", UNIT, POST, {"decision": "accept", "opinion": "同意"}, sides=UNIT_SIDES
    ),
    "api-incidents-detail": Case(
        "incident", OFFICIALS, sides=UNIT_SIDES, shows="incident description"
    ),
    "api-incidents-remove": Case(
        "incident", OFFICIALS, POST, {"reason": "重大事故"}, sides=UNIT_SIDES
    ),
    "api-incidents-report": Case("incident", OFFICIALS, POST, {}, sides=UNIT_SIDES),
    "api-removal-proposals-detail": Case(
        "proposal", OFFICIALS, sides=UNIT_SIDES, shows="removal proposal reason"
    ),
    "api-removal-proposals-decide": Case(
        "proposal", OFFICIALS, POST, {"decision": "confirm", "note": "确认"}, sides=UNIT_SIDES
    ),
    "api-spot-checks-detail": Case("draw", PUBLIC),
    # anyone may read a draw; recording a result is the drawing authority's
    "api-spot-checks-result": Case("draw", scope({CI}, b=NOBODY), POST, _item_ref),
    "api-complaints-detail": Case("complaint", COMPLAINT_API, shows="complaint statement"),
    "api-complaints-handle": Case(
        "complaint", COMPLAINT_API, POST, {"outcome": "dismissed", "reason": "经核实不属实"}
    ),
    "api-announcements-detail": Case("announcement", PUBLIC),
    "api-agencies-detail": Case("agency", PUBLIC),
    "api-agency-projects-detail": Case("agency_project", PROJECT, shows="agency project note"),
    "api-agency-projects-accept": Case("agency_project", PROJECT, POST, {}),
    "api-agency-projects-confirm": Case("agency_project", PROJECT, POST, {}),
    "api-agency-projects-decline": Case("agency_project", PROJECT, POST, {"reason": "不接"}),
    "api-agency-projects-withdraw": Case("agency_project", PROJECT, POST, {"reason": "撤回"}),
    "api-agency-projects-submit": Case("agency_project", PROJECT, POST, {}),
    "api-agency-projects-signed-report": Case(
        "agency_project", PROJECT, POST, lambda w, s: {"file": pdf_upload()}, multipart=True
    ),
    "api-agency-fraud-findings-detail": Case("agency_finding", PUBLIC),
    "api-agency-work-reports-detail": Case("work_report", WORK_REPORT, shows="agency work report"),
    # --- parks' members and leads' suppliers (networks) -------------------------------------
    "network_progress": Case("network_owner", NETWORK),
    "network_public": Case("network_owner", PUBLIC),
    "network_membership_action": Case(
        "membership",
        NETWORK,
        POST,
        {"reason": "终止"},
        kwargs=lambda w, s: {"uuid": w.obj(s, "membership").uuid, "action": "end"},
    ),
    "network_plan_action": Case(
        "plan",
        NETWORK,
        POST,
        {},
        kwargs=lambda w, s: {"uuid": w.obj(s, "plan").uuid, "action": "publish"},
    ),
    "api-network-memberships-detail": Case("membership", NETWORK),
    "api-network-memberships-accept": Case("membership", NETWORK, POST, {}),
    "api-network-memberships-decline": Case("membership", NETWORK, POST, {"reason": "否"}),
    "api-network-memberships-end": Case("membership", NETWORK, POST, {"reason": "终止"}),
    "api-cultivation-plans-detail": Case("plan", NETWORK),
    "api-cultivation-plans-publish": Case("plan", NETWORK, POST, {}),
    "api-cultivation-plans-withdraw": Case("plan", NETWORK, POST, {"reason": "撤回"}),
    "api-network-progress-detail": Case("network_owner", NETWORK),
}

#: routes another route registered first answers for (same path): never reached. None
#: now: a viewset that only adds actions under another's prefix has no detail route
#: (greenmfg.api.base.UuidActionsViewSet); a new dead route fails
#: test_shadowed_routes_are_answered_by_the_route_listed_asvs_8_2_1 until it is removed
SHADOWED: dict[str, str] = {}


# === URL names without parameters ========================================================


@dataclass(frozen=True)
class Page:
    """A URL without parameters: a list, a form, a public page or an action.

    GET is called by every role (nothing outside the role's scope may show; a
    ``public`` page answers 200 to everyone, any other sends the anonymous to sign in);
    a write (``post``/``put``) is tried by the anonymous (it must be refused and change
    nothing) unless ``public_write`` (anyone may: a complaint, a sign-in), and by every
    role outside ``acts`` when it is given (function-level: an enterprise publishing the
    annual adjustment must change nothing).
    """

    methods: tuple[str, ...] = ("get",)
    public: bool = False
    public_write: bool = False
    #: the roles that call it, when not every role (a page with no data that is slow to
    #: make: the OpenAPI schema takes ~2 s)
    roles: tuple[str, ...] | None = None
    #: the roles that may perform the action (the others' POST must change nothing)
    acts: frozenset[str] | None = None


GET, ACTION, FORM = ("get",), ("post",), ("get", "post")
OFFICIAL_ROLES = frozenset({D, CI, PR, N})
UNITS = frozenset({E, P})

PAGES: dict[str, Page] = {
    # public pages
    "home": Page(public=True),
    "set_language": Page(ACTION, public_write=True),  # GET redirects back
    "language_switch": Page(ACTION, public_write=True),  # the same, without a CSRF token
    "login": Page(FORM, public=True, public_write=True),
    "logout": Page(("post",), public_write=True),
    "notice_list": Page(public=True),
    "register_search": Page(public=True),
    "green_list_index": Page(public=True),
    "star_register": Page(public=True),
    "rules_index": Page(public=True),
    "source_texts": Page(public=True),
    "rules_compare": Page(public=True),
    "calendar_index": Page(FORM, public=True),
    "complaint_new": Page(FORM, public=True, public_write=True),
    "announcement_index": Page(public=True),
    "spot_check_public": Page(public=True),
    "spot_check_method": Page(public=True),
    "agency_index": Page(public=True),
    "agency_sanctions": Page(public=True),
    "opendata_index": Page(public=True),
    "green_code_method": Page(public=True),
    "green_code_verify": Page(public=True),
    "green_code_public_key": Page(public=True),
    # national officials, administrators, a province's officials (its pilot) queue a run
    "green_code_grade": Page(FORM, acts=frozenset({N, AD, PR})),
    "dashboard_public": Page(public=True),
    # officials only (the others: 403); scoped to the official's jurisdiction
    "dashboard_official": Page(),
    "dashboard_units": Page(),
    # issue 13: claims (units), links and the chase list (officials), agency names
    "link_claims": Page(),
    "link_decisions": Page(),
    "link_chase": Page(),
    "agency_history": Page(),
    # the API's description, no data: as the anonymous and one signed-in role
    "schema": Page(public=True, roles=(AN, E)),
    "swagger-ui": Page(public=True, roles=(AN, E)),
    "redoc": Page(public=True, roles=(AN, E)),
    "audit_heads": Page(public=True),
    "audit_heads_json": Page(public=True),
    "audit_event_list": Page(),
    # account
    "otp_setup": Page(FORM),
    "otp_qr": Page(),
    "otp_verify": Page(FORM),
    "account_sessions": Page(),
    "account_sessions_end_others": Page(ACTION, acts=ALL - {AN}),
    "password_change": Page(FORM),
    "inbox": Page(),
    # notifications (issue 18): one's own; the public receipt lookup (number + check code)
    "notification_list": Page(),
    "notification_preferences": Page(FORM),
    "notification_read_all": Page(ACTION),
    "receipt_lookup": Page(FORM, public=True, public_write=True),
    "clock_set": Page(ACTION, acts=NOBODY),  # the demo clock is off: nobody moves it
    # lists, forms and actions of the signed-in
    "registration_list": Page(),
    "registration_new": Page(FORM),
    "report_list": Page(),
    "report_new": Page(FORM),
    "application_list": Page(),
    "application_new": Page(FORM),
    "campaign_list": Page(),
    "campaign_open": Page(ACTION, acts=frozenset({CI, PR, N})),
    "rewards_xlsx": Page(),
    "consultation_list": Page(),
    "objection_list": Page(),
    "expert_inbox": Page(),
    "oversight_home": Page(),
    "officer_set": Page(ACTION, acts=UNITS),
    "dynamic_form_list": Page(),
    "dynamic_form_new": Page(ACTION, acts=UNITS),
    "overdue_list": Page(),
    "overdue_propose": Page(ACTION, acts=OFFICIAL_ROLES),
    "check_new": Page(ACTION, acts=OFFICIAL_ROLES),
    "change_list": Page(),
    # dynamic-adjustment notices: officials of list-publishing authorities (404 for others)
    "adjustment_list": Page(FORM, acts=frozenset({CI, PR, N})),
    "change_new": Page(ACTION, acts=UNITS),
    "upward_list": Page(FORM),
    "incident_list": Page(),
    "incident_new": Page(ACTION, acts=OFFICIAL_ROLES),
    "proposal_list": Page(),
    "annual_publish": Page(ACTION, acts=OFFICIAL_ROLES),
    "fraud_new": Page(ACTION, acts=OFFICIAL_ROLES),
    "propose_disqualified": Page(ACTION, acts=OFFICIAL_ROLES),
    "spot_check_list": Page(),
    "spot_check_draw": Page(ACTION, acts=OFFICIAL_ROLES),
    "inspector_add": Page(ACTION, acts=OFFICIAL_ROLES),
    "complaint_list": Page(),
    "agency_profile_edit": Page(FORM),
    "agency_oversight": Page(),
    "list_import_index": Page(FORM, acts=frozenset({CI, PR, N})),
    "agency_work_reports": Page(FORM),
    "duties_training": Page(FORM, acts=OFFICIAL_ROLES),
    "duties_guidance": Page(FORM, acts=OFFICIAL_ROLES),
    "duties_disclosures": Page(FORM, public=True, acts=UNITS),
    "summary_index": Page(),
    "agency_project_list": Page(),
    "agency_project_new": Page(FORM),
    # REST API: public collections
    "api-listings-list": Page(public=True),
    "api-green-lists-list": Page(public=True),
    "api-notices-list": Page(public=True),
    "api-spot-checks-list": Page(("get", "post"), public=True),
    "api-announcements-list": Page(public=True),
    "api-removals-list": Page(public=True),
    "api-agencies-list": Page(public=True),
    "api-agency-fraud-findings-list": Page(("get", "post"), public=True),
    "api-complaints-list": Page(("get", "post"), public_write=True),
    "api-token": Page(ACTION, public_write=True),
    # REST API: collections and creations of the signed-in (scoped)
    "api-inbox": Page(),
    "api-notifications-list": Page(),
    "api-notifications-unread": Page(),
    "api-notifications-read-all": Page(ACTION),
    "api-notifications-preferences": Page(("get", "put")),
    "api-receipt-lookup": Page(ACTION, public_write=True),
    "api-registrations-list": Page(FORM),
    "api-reports-list": Page(FORM),
    "api-applications-list": Page(FORM),
    "api-campaigns-list": Page(FORM),
    "api-objections-list": Page(),
    "api-expert-assignments-list": Page(),
    "api-consultations-list": Page(),
    "api-jobs-list": Page(FORM),
    "api-opinions-list": Page(),
    "api-dynamic-forms-list": Page(FORM),
    "api-dynamic-forms-obligations": Page(),
    "api-dynamic-forms-officer": Page(("get", "put")),
    "api-dynamic-forms-overdue": Page(),
    "api-on-site-checks-list": Page(FORM),
    "api-change-reports-list": Page(FORM),
    "api-upward-reports-list": Page(),
    "api-upward-reports-submit": Page(ACTION, acts=OFFICIAL_ROLES),
    "api-incidents-list": Page(FORM),
    "api-removal-proposals-list": Page(FORM),
    "api-removal-proposals-disqualified": Page(ACTION, acts=OFFICIAL_ROLES),
    "api-removal-proposals-non-filers": Page(ACTION, acts=OFFICIAL_ROLES),
    "api-removal-proposals-publish": Page(ACTION, acts=OFFICIAL_ROLES),
    "api-fraud-findings-list": Page(FORM),
    "api-spot-checks-inspectors": Page(ACTION, acts=OFFICIAL_ROLES),
    "api-agency-projects-list": Page(FORM),
    "api-agency-work-reports-list": Page(FORM),
    "api-agency-work-reports-overdue": Page(),
    # parks' members and leads' suppliers: the park's (members) or an enterprise's
    # (suppliers) own network; everyone signed in has the page
    "network_home": Page(),
    "network_invite": Page(ACTION, acts=UNITS),
    "network_roster": Page(ACTION, acts=UNITS),
    "network_plan_new": Page(ACTION, acts=UNITS),
    "api-network-memberships-list": Page(FORM, acts=UNITS),
    "api-network-memberships-roster": Page(ACTION, acts=UNITS),
    "api-cultivation-plans-list": Page(FORM, acts=UNITS),
    "api-network-progress-list": Page(),
}


# === object references in request bodies (the IDOR that is not in the URL) ===============


@dataclass(frozen=True)
class Reference:
    """A write by a side-A user that names side B's object (or another one it may not
    use) in its body or query: it must be refused and change nothing."""

    name: str
    role: str
    body: object
    kwargs: object = None
    method: str = "post"
    query: object = None


def _b(key: str):
    return lambda w: str(w.obj("B", key).uuid)


REFERENCES: dict[str, Reference] = {
    "on-site check of another city's unit (page)": Reference(
        "check_new",
        D,
        lambda w: {
            "unit": _b("unit")(w),
            "list_type": "factory",
            "filing_year": YEAR,
            "reason": "核查",
        },
    ),
    "incident of another city's unit (page)": Reference(
        "incident_new",
        D,
        lambda w: {
            "unit": _b("unit")(w),
            "kind": "safety_accident",
            "occurred_on": "2026-05-01",
            "description": "事故",
        },
    ),
    "incident citing another city's complaint (page)": Reference(
        "incident_new",
        CI,
        lambda w: {
            "unit": str(w.obj("A", "public_unit").uuid),
            "kind": "safety_accident",
            "occurred_on": "2026-05-01",
            "description": "事故",
            "complaint": _b("complaint")(w),
        },
    ),
    "fraud finding on another city's unit (page)": Reference(
        "fraud_new",
        CI,
        lambda w: {
            "unit": _b("unit")(w),
            "decided_on": "2026-05-08",
            "article": "000 第二十三条",
            "description": "弄虚作假",
        },
    ),
    "own application with another unit's report (page)": Reference(
        "application_set_report",
        E,
        lambda w: {"report": _b("report")(w)},
        kwargs=lambda w: {"uuid": w.obj("A", "application").uuid},
    ),
    "recommending another city's listing (page)": Reference(
        "campaign_recommend",
        CI,
        lambda w: {"listing": _b("listing")(w)},
        kwargs=lambda w: {"uuid": w.obj("A", "campaign").uuid},
    ),
    "consulting on another city's listing (page)": Reference(
        "campaign_consult",
        CI,
        lambda w: {"listing": _b("listing")(w)},
        kwargs=lambda w: {"uuid": w.obj("A", "campaign").uuid},
    ),
    "withdrawing another application's expert (page)": Reference(
        "expert_review_withdraw",
        CI,
        {"reason": "回避"},
        kwargs=lambda w: {
            "uuid": w.obj("A", "application").uuid,
            "assignment": w.obj("B", "assignment").uuid,
        },
    ),
    "on-site check of another city's unit (API)": Reference(
        "api-on-site-checks-list",
        CI,
        lambda w: {
            "unit": _b("unit")(w),
            "list_type": "factory",
            "filing_year": YEAR,
            "reason": "核查",
        },
    ),
    "incident of another city's unit (API)": Reference(
        "api-incidents-list",
        D,
        lambda w: {
            "unit": _b("unit")(w),
            "kind": "safety_accident",
            "occurred_on": "2026-05-01",
            "description": "事故",
        },
    ),
    "incident citing another city's complaint (API)": Reference(
        "api-incidents-list",
        CI,
        lambda w: {
            "unit": str(w.obj("A", "public_unit").uuid),
            "kind": "safety_accident",
            "occurred_on": "2026-05-01",
            "description": "事故",
            "complaint": _b("complaint")(w),
        },
    ),
    "removal proposal for another city's unit (API)": Reference(
        "api-removal-proposals-list",
        CI,
        lambda w: {"unit": _b("unit")(w), "cause": "non_filing", "reason": "未填报"},
    ),
    "fraud finding on another city's unit (API)": Reference(
        "api-fraud-findings-list",
        CI,
        lambda w: {
            "unit": _b("unit")(w),
            "decided_on": "2026-05-08",
            "article": "000 第二十三条",
            "description": "弄虚作假",
        },
    ),
    "application with another unit's report (API)": Reference(
        "api-applications-list",
        E,
        lambda w: {"list_type": "factory", "report": _b("report")(w)},
    ),
    "own application with another unit's report (API)": Reference(
        "api-applications-report",
        E,
        lambda w: {"report": _b("report")(w)},
        kwargs=lambda w: {"uuid": w.obj("A", "application").uuid},
    ),
    "recommending another city's listing (API)": Reference(
        "api-campaigns-recommend",
        CI,
        lambda w: {"listing": _b("listing")(w)},
        kwargs=lambda w: {"uuid": w.obj("A", "campaign").uuid},
    ),
    "consulting on another city's listing (API)": Reference(
        "api-campaign-consult",
        CI,
        lambda w: {"listings": [_b("listing")(w)]},
        kwargs=lambda w: {"uuid": w.obj("A", "campaign").uuid},
    ),
    "recording another city's spot-check item (API)": Reference(
        "api-spot-checks-result",
        CI,
        lambda w: {"item": _b("draw_item")(w), "result": "conforming", "finding": "合格"},
        kwargs=lambda w: {"uuid": w.obj("A", "draw").uuid},
    ),
    "agency finding citing another city's project (API)": Reference(
        "api-agency-fraud-findings-list",
        CI,
        lambda w: {
            "agency": str(w.obj("A", "agency").uuid),
            "decided_on": "2026-05-08",
            "description": "虚假报告",
            "article": "000 第二十四条",
            "project": _b("agency_project")(w),
        },
    ),
    "the public complaint form looked up by an unlisted unit's USCC": Reference(
        "complaint_new", AN, None, method="get", query=lambda w: {"uscc": w.obj("B", "unit").uscc}
    ),
}
