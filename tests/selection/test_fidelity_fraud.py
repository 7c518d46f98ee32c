"""Fidelity, round two (issue 15, item 8): the fraud ban (000 第二十二条: 取消其申报资格，
三年内不得再次申报) is checked at approval too, and a finding cancels the unit's pending
applications with the article."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.audit.models import AuditEvent
from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from greenmfg.eligibility.models import FraudFinding
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.selection import services
from greenmfg.supervision.removals import services as removals
from tests.cycle import APRIL, candidate, submitted_application, submitted_report
from tests.factories import OrganisationFactory, official, unit_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommended():
    """A Guangzhou application recommended by its district, waiting for the city."""
    org = OrganisationFactory(name="广州造假测试制造有限公司", district="440106")
    user = unit_user(org)
    district, city = official("district", "440106"), official("city", "440100")
    candidate(user, org, district, city)
    app = submitted_application(user, org, city, submitted_report(user, org), on=APRIL)
    with clock.frozen(APRIL):
        app = services.application_review(
            actor=district, application=app, decision="approve", reason="同意推荐"
        )
    return {"org": org, "app": app, "city": city}


def test_city_approval_refused_for_a_unit_found_falsifying_000_22(recommended):
    FraudFinding.objects.create(
        unit=recommended["org"],
        decided_on=APRIL - dt.timedelta(days=3),
        article="000 第二十二条",
        description="评价报告能耗数据弄虚作假",
        decided_by=Jurisdiction.objects.get(code="440100"),
    )
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        services.application_review(
            actor=recommended["city"],
            application=recommended["app"],
            decision="approve",
            score="88",
            reason="评审通过",
        )
    assert ("fraud.applicant_ban", "000 第二十二条") in [
        (r.code, r.citation) for r in exc.value.reasons
    ]


def test_a_fraud_finding_cancels_the_pending_application_with_the_article_000_22(recommended):
    with clock.frozen(APRIL + dt.timedelta(days=1)):
        removals.fraud_record(
            actor=recommended["city"],
            unit=recommended["org"],
            decided_on=APRIL,
            article="000 第二十二条",
            description="评价报告能耗数据弄虚作假",
        )
    app = recommended["app"]
    app.refresh_from_db()
    assert app.state == "cancelled" and app.pending_role == ""
    event = AuditEvent.objects.get(action="application.cancel", object_uuid=str(app.uuid))
    assert "000 第二十二条" in event.citations
