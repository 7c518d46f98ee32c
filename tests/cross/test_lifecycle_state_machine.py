"""A Hypothesis state machine over the whole gradient lifecycle in Guangzhou and Guangdong
(004, 000): registration to the pool → district and city review → self-evaluation report →
application in the city's April round → district recommendation → city review and score →
7-day notice with real-name objections → municipal list → department consultation →
recommendation to the province → provincial review with a grade → 10-working-day notice →
provincial list.

Each step picks an action and an actor at random — the right one or a wrong one (another
unit, another district, the city for a district's step, the province, the public) — and
an object, on a platform date that only moves forward. After every step:

* no level is skipped: a municipal application past its draft was made by a candidate of
  the pool (004 第十条), a provincial application comes from an active municipal listing
  of the same unit (000 第十二条), and a provincial listing has its municipal one;
* at most one active application per unit, list type, level and year (and product);
* every successful transition wrote at least one audit event naming the object it moved;
* a refused action (``RuleViolation``, ``NotPermitted``, ``TransitionConflict``) changed
  nothing: every state, version and row count and the audit chain are as before;

and at the end of each run the audit chain verifies (``verify_chain``). Bounded for
``make test``: 15 runs of up to 30 steps (``LIFECYCLE_EXAMPLES`` for more). 等保 8.1.4.3 (安全审计: every transition audited),
8.1.4.7 (数据完整性).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from greenmfg.audit.models import AuditEvent
from greenmfg.audit.services import verify_chain
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict
from greenmfg.core.vocabulary import Level
from greenmfg.cultivation import services as pool
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.recommendation import services as rec
from greenmfg.recommendation.models import Consultation, Opinion
from greenmfg.register.models import GreenList, Listing, ListingStatus
from greenmfg.selection import publication, reports, services
from greenmfg.selection.models import (
    Application,
    ApplicationState,
    Campaign,
    EvaluationReport,
    Objection,
    PublicNotice,
)
from tests.cycle import full_values, registration_data
from tests.factories import OrganisationFactory, department_user, official, unit_user

pytestmark = pytest.mark.django_db

#: the platform dates the machine may move to (forward only): the January registration
#: window, the April round, the notice, publication, consultation and recommendation to
#: the province by 05-31 (000 第十三条 binds Guangzhou), the provincial review, notice and
#: publication
DAYS = [
    dt.date(2026, 1, 12),
    dt.date(2026, 4, 8),
    dt.date(2026, 4, 20),
    dt.date(2026, 4, 28),
    dt.date(2026, 5, 7),
    dt.date(2026, 5, 20),
    dt.date(2026, 6, 10),
    dt.date(2026, 7, 6),
]
REFUSED = (RuleViolation, NotPermitted, TransitionConflict)
INACTIVE = (ApplicationState.NOT_APPROVED, ApplicationState.WITHDRAWN)
OBJECTOR = {
    "objector_name": "李四",
    "objector_id_number": "11010519491231002X",
    "objector_phone": "13800138000",
    "objector_email": "",
    "statement": "该企业去年曾发生环境污染事故，请核实。",
}
SNAPSHOT = [
    (Registration, ("state", "version")),
    (EvaluationReport, ("state", "version")),
    (Application, ("state", "version", "level")),
    (Campaign, ("state", "version")),
    (PublicNotice, ("state", "version")),
    (Objection, ("state", "version")),
    (GreenList, ("version",)),
    (Listing, ("status", "star", "grade", "version")),
    (Consultation, ("state", "version")),
    (Opinion, ("kind", "resolved", "version")),
]


def snapshot() -> dict:
    """Every row's state and version, and the audit chain's length and head."""
    out = {
        model.__name__: sorted(model.objects.values_list("pk", *fields))
        for model, fields in SNAPSHOT
    }
    out["audit"] = AuditEvent.objects.count()
    return out


@pytest.fixture
def cast(db):
    """Three enterprises (two in 天河区, one in 越秀区), their users, the district, city
    and province officials, the departments the city consults (004 第十一条), the public."""
    units = [
        OrganisationFactory(name="广州甲精密制造有限公司", district="440106"),
        OrganisationFactory(name="广州乙新材料有限公司", district="440106"),
        OrganisationFactory(name="广州丙电子有限公司", district="440104"),
    ]
    users = [unit_user(u) for u in units]
    officials = {
        "tianhe": official("district", "440106"),
        "yuexiu": official("district", "440104"),
        "city": official("city", "440100"),
        "province": official("province", "440000"),
    }
    from greenmfg.jurisdictions.rulesets import rules_for

    city = officials["city"].authority.jurisdiction
    departments = {
        dept: department_user("440100", dept)
        for dept in rec.departments_for(rules_for(city, DAYS[0]), Level.PROVINCIAL)
    }
    actors = {**{f"enterprise_{i}": u for i, u in enumerate(users)}, **officials}
    actors["public"] = AnonymousUser()
    return {"units": units, "users": users, "actors": actors, "departments": departments}


class Lifecycle(RuleBasedStateMachine):
    """One run: a savepoint opened at the start and rolled back at the end."""

    cast: dict = {}

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.day = 0
        self.transitions = 0

    def teardown(self):
        try:
            result = verify_chain()
            assert result.ok, result
        finally:
            transaction.savepoint_rollback(self.savepoint)

    # --- helpers -------------------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return DAYS[self.day]

    def actor(self, name: str):
        return self.cast["actors"][name]

    @staticmethod
    def pick(queryset, index: int):
        rows = list(queryset.order_by("pk"))
        return rows[index % len(rows)] if rows else None

    def campaign(self, c: int):
        """Mostly an open round, sometimes any (a published one: refused)."""
        open_rounds = Campaign.objects.filter(state="open")
        return self.pick(open_rounds if c < 3 and open_rounds.exists() else Campaign.objects, c)

    def attempt(self, fn, **kwargs):
        """Run one service call on the platform date: a refusal must leave everything
        as it was; a success must have written an audit event naming its object."""
        before = snapshot()
        last_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        try:
            with clock.frozen(self.today):
                result = fn(**kwargs)
        except REFUSED as exc:
            assert snapshot() == before, f"{fn.__name__} was refused ({exc}) but changed state"
            return None
        new = AuditEvent.objects.filter(seq__gt=last_seq)
        assert new.exists(), f"{fn.__name__} succeeded without an audit event"
        results = result if isinstance(result, list) else [result]
        for obj in results:
            # an object with a state moved (or was created in one); a published list is
            # recorded as its campaign's transition
            if getattr(obj, "uuid", None) is not None and hasattr(obj, "state"):
                assert new.filter(object_uuid=str(obj.uuid)).exists(), (
                    f"{fn.__name__} wrote no audit event for {obj!r}"
                )
        self.transitions += 1
        return result

    def ok(self, fn, **kwargs):
        """A step of the starting stage, by the right actor: it must succeed."""
        result = self.attempt(fn, **kwargs)
        assert result is not None, f"{fn.__name__} refused while setting up the stage"
        return result

    # --- where a run starts -------------------------------------------------------------------

    @initialize(stage=st.sampled_from([0, 1, 2, 3, 4, 5]))
    def start_at(self, stage):
        """Stage 0: nothing yet (January). 1: two candidates of the pool and the city's
        April round open. 2: both applied, recommended by their districts and approved by
        the city (the notice is due). 3: the municipal list published and the province's
        round open (May). 4: the departments consulted and both units recommended to the
        province (004 第十一条). 5: both graded by the province and in its notice (June)."""
        units, users, a = self.cast["units"], self.cast["users"], self.actor
        if stage >= 1:
            for i, district in ((0, "tianhe"), (2, "yuexiu")):
                reg = self.ok(
                    pool.registration_create,
                    actor=users[i],
                    unit=units[i],
                    list_type="factory",
                    data=registration_data(),
                )
                reg = self.ok(pool.registration_submit, actor=users[i], registration=reg)
                for reviewer in (district, "city"):
                    reg = self.ok(
                        pool.registration_review,
                        actor=a(reviewer),
                        registration=reg,
                        decision="approve",
                    )
            self.day = 1
            campaign = self.ok(services.campaign_open, actor=a("city"))
        if stage >= 2:
            for i, district in ((0, "tianhe"), (2, "yuexiu")):
                report = self.ok(
                    reports.report_create, actor=users[i], unit=units[i], list_type="factory"
                )
                with clock.frozen(self.today):
                    reports.report_save_items(
                        actor=users[i], report=report, values=full_values(report.standard_code)
                    )
                report = self.ok(reports.report_submit, actor=users[i], report=report)
                app = self.ok(
                    services.application_create,
                    actor=users[i],
                    unit=units[i],
                    list_type="factory",
                    report=report,
                )
                app = self.ok(services.application_submit, actor=users[i], application=app)
                app = self.ok(
                    services.application_review,
                    actor=a(district),
                    application=app,
                    decision="approve",
                )
                self.ok(
                    services.application_review,
                    actor=a("city"),
                    application=app,
                    decision="approve",
                    score="86",
                )
            self.day = 2
        if stage >= 3:
            self.ok(publication.notice_open, actor=a("city"), campaign=campaign, start=self.today)
            self.day = 3
            self.ok(publication.list_publish, actor=a("city"), campaign=campaign)
            self.day = 4
            self.ok(services.campaign_open, actor=a("province"))
        if stage >= 4:
            self.consult_departments("city")
            self.day = 5
            for listing in Listing.objects.exclude(unit=None).order_by("pk"):
                self.ok(rec.application_recommend, actor=a("city"), listing=listing, reason="推荐")
        if stage >= 5:
            self.day = 6
            upper = Application.objects.filter(level=Level.PROVINCIAL).order_by("pk")
            for app, grade in zip(upper, ("A", "B"), strict=True):
                self.ok(
                    services.application_review,
                    actor=a("province"),
                    application=app,
                    decision="approve",
                    grade=grade,
                )
            self.ok(
                publication.notice_open,
                actor=a("province"),
                campaign=Campaign.objects.get(level=Level.PROVINCIAL),
                start=self.today,
            )

    # --- time -----------------------------------------------------------------------------

    @precondition(lambda self: self.day < len(DAYS) - 1)
    @rule(steps=st.integers(1, 2))
    def time_passes(self, steps):
        self.day = min(self.day + steps, len(DAYS) - 1)

    # --- cultivation pool (004 第九条) ----------------------------------------------------------

    @rule(
        actor=st.sampled_from(["enterprise_0", "enterprise_1", "enterprise_2", "city"]),
        unit=st.integers(0, 2),
    )
    def register(self, actor, unit):
        self.attempt(
            pool.registration_create,
            actor=self.actor(actor),
            unit=self.cast["units"][unit],
            list_type="factory",
            data=registration_data(),
        )

    @rule(
        actor=st.sampled_from(["enterprise_0", "enterprise_1", "enterprise_2", "tianhe"]),
        i=st.integers(0, 5),
    )
    def submit_registration(self, actor, i):
        reg = self.pick(Registration.objects.all(), i)
        if reg is not None:
            self.attempt(pool.registration_submit, actor=self.actor(actor), registration=reg)

    @rule(
        actor=st.sampled_from(["tianhe", "yuexiu", "city", "province", "enterprise_0"]),
        i=st.integers(0, 5),
        decision=st.sampled_from(["approve", "approve", "approve", "return", "reject"]),
    )
    def review_registration(self, actor, i, decision):
        waiting = Registration.objects.exclude(pending_role="")
        reg = self.pick(waiting if i < 4 and waiting.exists() else Registration.objects.all(), i)
        if reg is not None:
            self.attempt(
                pool.registration_review,
                actor=self.actor(actor),
                registration=reg,
                decision=decision,
                reason="经审核" if decision != "approve" else "",
            )

    # --- evaluation report ----------------------------------------------------------------------

    @rule(
        actor=st.sampled_from(["enterprise_0", "enterprise_1", "enterprise_2", "tianhe"]),
        unit=st.integers(0, 2),
    )
    def write_report(self, actor, unit):
        """Create, fill (not a transition: a draft's values) and submit a report."""
        report = self.attempt(
            reports.report_create,
            actor=self.actor(actor),
            unit=self.cast["units"][unit],
            list_type="factory",
        )
        if report is None:
            return
        with clock.frozen(self.today):
            reports.report_save_items(
                actor=self.actor(actor),
                report=report,
                values=full_values(report.standard_code, scored_fraction=0.9),
            )
        self.attempt(reports.report_submit, actor=self.actor(actor), report=report)

    # --- campaigns, applications and reviews (004 第十条; 000 第十三条) ------------------------------

    @rule(actor=st.sampled_from(["city", "province", "tianhe", "enterprise_0"]))
    def open_campaign(self, actor):
        self.attempt(services.campaign_open, actor=self.actor(actor))

    @rule(
        actor=st.sampled_from(["enterprise_0", "enterprise_1", "enterprise_2", "city"]),
        unit=st.integers(0, 2),
        r=st.integers(0, 5),
    )
    def apply(self, actor, unit, r):
        unit = self.cast["units"][unit]
        report = self.pick(EvaluationReport.objects.filter(unit=unit), r)
        app = self.attempt(
            services.application_create,
            actor=self.actor(actor),
            unit=unit,
            list_type="factory",
            report=report,
        )
        if app is not None:
            self.attempt(services.application_submit, actor=self.actor(actor), application=app)

    @rule(
        actor=st.sampled_from(["tianhe", "yuexiu", "city", "province", "enterprise_1"]),
        i=st.integers(0, 5),
        decision=st.sampled_from(["approve", "approve", "approve", "return", "reject"]),
        score=st.sampled_from([None, "72", "86", "95"]),
        grade=st.sampled_from(["", "A", "B", "C"]),
    )
    def review_application(self, actor, i, decision, score, grade):
        # mostly one waiting for a review, sometimes any (a review out of turn)
        waiting = Application.objects.exclude(pending_role="")
        app = self.pick(waiting if i < 4 and waiting.exists() else Application.objects.all(), i)
        if app is not None:
            self.attempt(
                services.application_review,
                actor=self.actor(actor),
                application=app,
                decision=decision,
                reason="经审核" if decision != "approve" else "",
                score=score,
                grade=grade,
            )

    # --- notice, objections, publication (004 第十条; 000 第十三条) ---------------------------------

    @rule(actor=st.sampled_from(["city", "province", "tianhe"]), c=st.integers(0, 3))
    def open_notice(self, actor, c):
        campaign = self.campaign(c)
        if campaign is not None:
            self.attempt(
                publication.notice_open,
                actor=self.actor(actor),
                campaign=campaign,
                start=self.today,
            )

    @rule(i=st.integers(0, 5))
    def object_to_a_unit(self, i):
        app = self.pick(Application.objects.exclude(notice=None), i)
        if app is not None:
            self.attempt(
                publication.objection_submit,
                actor=self.actor("public"),
                notice=app.notice,
                application=app,
                data=dict(OBJECTOR),
            )

    @rule(
        actor=st.sampled_from(["city", "province", "tianhe"]),
        i=st.integers(0, 5),
        outcome=st.sampled_from(["dismissed", "dismissed", "upheld"]),
    )
    def handle_objection(self, actor, i, outcome):
        objection = self.pick(Objection.objects.all(), i)
        if objection is not None:
            self.attempt(
                publication.objection_handle,
                actor=self.actor(actor),
                objection=objection,
                outcome=outcome,
                reason="经核实",
            )

    @rule(actor=st.sampled_from(["city", "province", "yuexiu"]), c=st.integers(0, 3))
    def publish(self, actor, c):
        campaign = self.campaign(c)
        if campaign is not None:
            self.attempt(publication.list_publish, actor=self.actor(actor), campaign=campaign)

    # --- up the gradient (004 第十一条; 000 第十二、十三条) ------------------------------------------

    @rule(actor=st.sampled_from(["city", "city", "tianhe"]))
    def consult_departments(self, actor):
        """The city asks the five departments about its listed units; each answers “no
        objection”."""
        campaign = Campaign.objects.filter(level=Level.PROVINCIAL).first()
        listings = list(Listing.objects.filter(level=Level.MUNICIPAL).exclude(unit=None))
        if campaign is None or not listings:
            return
        consultations = self.attempt(
            rec.consultation_open, actor=self.actor(actor), campaign=campaign, listings=listings
        )
        for cons in consultations or []:
            for opinion in cons.opinions.filter(kind="pending"):
                self.attempt(
                    rec.opinion_record,
                    actor=self.cast["departments"][cons.department],
                    opinion=opinion,
                    kind="no_objection",
                )

    @rule(actor=st.sampled_from(["city", "city", "province", "tianhe"]), i=st.integers(0, 5))
    def recommend(self, actor, i):
        listing = self.pick(Listing.objects.exclude(unit=None), i)
        if listing is not None:
            self.attempt(
                rec.application_recommend,
                actor=self.actor(actor),
                listing=listing,
                reason="推荐",
            )

    # --- invariants ---------------------------------------------------------------------------

    @invariant()
    def no_level_is_skipped(self):
        for app in Application.objects.select_related("source_listing", "unit"):
            if app.level == Level.MUNICIPAL and app.submitted_on is not None:
                assert pool.candidate_registration(
                    app.unit, app.list_type, app.submitted_on, product_name=app.product_name
                ), f"{app} submitted without candidacy (004 第十条)"
            if app.level == Level.PROVINCIAL:
                src = app.source_listing
                assert src is not None and src.level == Level.MUNICIPAL, app
                assert src.unit_id == app.unit_id, app
                if app.state not in INACTIVE:
                    assert src.status == ListingStatus.ACTIVE, app
        for listing in Listing.objects.filter(level=Level.PROVINCIAL):
            assert Listing.objects.filter(
                unit_id=listing.unit_id, level=Level.MUNICIPAL, status=ListingStatus.ACTIVE
            ).exists(), f"{listing} is provincial without a municipal listing (000 第十二条)"
        for reg in Registration.objects.filter(state=RegistrationState.ACCEPTED):
            assert reg.valid_from and reg.valid_until, reg

    @invariant()
    def at_most_one_active_application_per_unit_type_level_and_year(self):
        keys = list(
            Application.objects.exclude(state__in=INACTIVE).values_list(
                "unit_id", "list_type", "level", "year", "product_name"
            )
        )
        assert len(keys) == len(set(keys)), keys


def test_random_actors_and_actions_keep_the_lifecycle_consistent_and_audited_djbh_8_1_4_3(cast):
    """Random actions by right and wrong actors: no level skipped, one active application
    per unit/type/level/year, an audit event per transition, refusals change nothing, the
    chain verifies after every run."""
    Lifecycle.cast = cast
    Lifecycle.TestCase.settings = settings(
        max_examples=int(os.environ.get("LIFECYCLE_EXAMPLES", "15")),
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    run_state_machine_as_test(Lifecycle, settings=Lifecycle.TestCase.settings)
