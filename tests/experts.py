"""Helpers of the expert-review tests: experts with profiles, applications waiting for
the city's (or the province's) scoring step, a whole review carried to completion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from greenmfg.core import clock
from greenmfg.expert_review import services as er
from greenmfg.expert_review.models import ExpertProfile
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.selection import services
from greenmfg.selection.models import Application, EvaluationReport
from tests.cast import official_of
from tests.cycle import APRIL, campaign, candidate, submitted_application
from tests.factories import OrganisationFactory, UserFactory, jurisdiction


def expert(name: str, *, affiliations=(), evaluated_in=(), home: str = "440100", **kw):
    """An expert user with a profile (affiliations: organisations; evaluated_in: codes)."""
    user = UserFactory(role="expert", real_name=name, **kw)
    profile = ExpertProfile.objects.create(
        user=user, home_jurisdiction=jurisdiction(home), speciality="绿色工厂评价"
    )
    profile.affiliations.set(affiliations)
    profile.evaluated_in.set([jurisdiction(c) for c in evaluated_in])
    return user


def panel(n: int = 3, prefix: str = "专家"):
    return [expert(f"{prefix}{i + 1}", username=f"{prefix}_{i + 1}") for i in range(n)]


def recommended_application(user, unit, district_official, city_official, *, on=APRIL):
    """A candidate's application recommended by its district: waits for city_review."""
    candidate(user, unit, district_official, city_official)
    rep = submitted_report(unit, on=on)
    app = submitted_application(user, unit, city_official, rep, on=on)
    with clock.frozen(on):
        return services.application_review(
            actor=district_official, application=app, decision="approve", reason="同意推荐"
        )


def submitted_report(unit, *, on=APRIL, total="88.5") -> EvaluationReport:
    """A submitted, eligible report made directly in the database (the report services
    and indicator values are tested with the standards; here only its total matters)."""
    return EvaluationReport.objects.create(
        unit=unit,
        list_type="factory",
        standard_code=rules_for(unit.registered_division, on).get("evaluation.standard.factory"),
        year=on.year,
        state="submitted",
        total_score=Decimal(total),
        eligible=True,
        submitted_on=on,
    )


def quick_application(city_official, *, name: str, submitted_on=APRIL, district="440106"):
    """An application already recommended to the city, made directly in the database
    (for tests that need many rows; the review services run as usual on it)."""
    camp = campaign(city_official)
    unit = OrganisationFactory(name=name, district=district)
    return Application.objects.create(
        unit=unit,
        campaign=camp,
        list_type="factory",
        level="municipal",
        year=camp.year,
        report=submitted_report(unit, on=submitted_on),
        state="recommended",
        submitted_on=submitted_on,
        recommended_on=submitted_on,
        pending_role="city",
    )


def provincial_application(unit, province_official, *, on=dt.date(2026, 6, 20)):
    """A unit's application in Guangdong's provincial campaign, waiting for the
    province's review (000 第十三条), made directly (the recommendation is tested
    elsewhere)."""
    with clock.frozen(dt.date(2026, 5, 6)):
        camp = services.campaign_open(actor=province_official)
    return Application.objects.create(
        unit=unit,
        campaign=camp,
        list_type="factory",
        level="provincial",
        year=camp.year,
        state="submitted",
        submitted_on=on,
        recommended_on=on,
        pending_role="province",
    )


def reviewed(app, organiser, experts, scores, *, on=APRIL):
    """Assign ``experts`` and submit ``scores`` (one each): the completed review."""
    with clock.frozen(on):
        review = er.experts_assign(actor=organiser, application=app, experts=experts)
        for user, score in zip(experts, scores, strict=True):
            a = review.assignments.get(expert=user)
            er.expert_score_submit(actor=user, assignment=a, score=score, comments="意见")
    review.refresh_from_db()
    return review


def shenzhen_official():
    return official_of("city", "440300")
