"""The checks other apps run on third-party reports (imported by
``greenmfg.selection.reports`` and ``greenmfg.selection.services``; this module imports
neither, so there is no cycle):

- who may edit a third-party report (the commissioned agency while its project runs);
- a third-party report carries an application only when its project is confirmed by
  the unit (000 第十一条; 004 第十条);
- an agency found falsifying is not trusted for ``agency.distrust_years`` from the
  finding (不予采信: 000 第二十四条; 002 第二十一条; 003 第二十条; 004 第十九条; 001 二(四)).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.models import (
    COUNTED_STATES,
    AgencyFraudFinding,
    AgencyProject,
    ProjectState,
)
from greenmfg.core.dates import add_years, years_before
from greenmfg.core.decisions import Reason
from greenmfg.core.vocabulary import EvaluationRoute, Role
from greenmfg.jurisdictions.rulesets import Rules, rules_for


def is_third_party(report) -> bool:
    return report is not None and report.route == EvaluationRoute.THIRD_PARTY


def may_edit_third_party_report(actor, report) -> bool:
    """The agency named on a third-party report writes it for the unit's project with
    that agency once taken on (the report's own state then locks it on submission);
    nobody else does — not the unit."""
    return bool(
        actor is not None
        and actor.is_authenticated
        and actor.role == Role.AGENCY
        and report.agency_id
        and actor.organisation_id == report.agency_id
        and AgencyProject.objects.filter(
            report=report,
            agency_id=report.agency_id,
            unit_id=report.unit_id,
            state__in=COUNTED_STATES,
        ).exists()
    )


def unit_rules(unit, on: dt.date) -> Rules:
    """The rules of the jurisdiction where the unit is (its district follows its city)."""
    return rules_for(unit.registered_division, on)


def distrust_reasons(agency, unit, on: dt.date) -> list[Reason]:
    """One reason per fraud finding that still bars ``agency``'s reports on ``on``, with
    the years and the article of the unit's jurisdiction (``agency.distrust_years``):
    a finding of day D bars through D + years inclusive (2026-06-01, 3 years → refused
    through 2029-06-01, accepted from 2029-06-02). Empty where the rules set no bar."""
    if agency is None or unit is None:
        return []
    rules = unit_rules(unit, on)
    if not rules.has("agency.distrust_years"):
        return []
    years = rules.get("agency.distrust_years")
    findings = AgencyFraudFinding.objects.filter(
        agency=agency, decided_on__lte=on, decided_on__gte=years_before(on, years)
    ).order_by("-decided_on")
    return [
        Reason(
            "agency.distrusted",
            _(
                "第三方评价机构{agency}于{date}被查实在评价过程中弄虚作假或故意隐瞒评价对象问题，"
                "{years}年内不予采信其出具的评价结果（至{until}）"
            ),
            rules.ref("agency.distrust_years"),
            {
                "agency": agency.name,
                "date": f.decided_on.isoformat(),
                "years": years,
                "until": add_years(f.decided_on, years).isoformat(),
            },
        )
        for f in findings
    ]


def report_distrust_reasons(report, on: dt.date) -> list[Reason]:
    """:func:`distrust_reasons` for the agency of a third-party report (none otherwise)."""
    if not is_third_party(report) or not report.agency_id:
        return []
    return distrust_reasons(report.agency, report.unit, on)


def application_report_reasons(report, on: dt.date) -> list[Reason]:
    """Why a third-party report cannot carry an application on ``on``: its project is
    not confirmed by the unit, or its agency is not trusted. Empty for self-evaluations."""
    if not is_third_party(report):
        return []
    reasons: list[Reason] = []
    confirmed = (
        report.agency_id
        and AgencyProject.objects.filter(
            report=report, agency_id=report.agency_id, state=ProjectState.CONFIRMED
        ).exists()
    )
    if not confirmed:
        rules = unit_rules(report.unit, on)
        reasons.append(
            Reason(
                "agency.project_not_confirmed",
                _("第三方评价报告须由受托评价机构提交并经本单位确认后方可用于申报"),
                rules.ref("evaluation.routes") if rules.has("evaluation.routes") else "",
            )
        )
    return reasons + report_distrust_reasons(report, on)
