"""The bar on applicants found falsifying (000 第二十二条: 评价过程中发现存在弄虚作假、
欺瞒现象等情况的企业、工业园区，取消其申报资格，三年内不得再次申报).

Called by the submission guards of the pool (cultivation) and of applications
(selection) next to the disqualifying conditions.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from greenmfg.core.dates import add_years, years_before
from greenmfg.core.decisions import Cited, Reason
from greenmfg.eligibility.models import FraudFinding
from greenmfg.jurisdictions.rulesets import Rules


def fraud_ban_reasons(unit, rules: Rules, on: dt.date) -> list[Reason]:
    """One reason per fraud finding that still bars ``unit`` on ``on``: a finding of
    day D bars applications through D + ``fraud.applicant_ban_years`` years, the same
    counting as the look-back of the disqualifying conditions (a finding of 2026-05-10
    bars through 2029-05-10; 2029-05-11 is free). Empty where the rules set no ban."""
    if unit is None or unit.pk is None or not rules.has("fraud.applicant_ban_years"):
        return []
    years = rules.get("fraud.applicant_ban_years")
    findings = FraudFinding.objects.filter(
        unit=unit, decided_on__lte=on, decided_on__gte=years_before(on, years)
    ).order_by("-decided_on")
    return [
        Reason(
            "fraud.applicant_ban",
            _(
                "{date}被认定在评价过程中弄虚作假（{article}），{years}年内不得再次申报（至{until}）"
            ),
            rules.ref("fraud.applicant_ban_years"),
            {
                "date": f.decided_on.isoformat(),
                "article": Cited(f.article),  # 《short title》article when read
                "years": years,
                "until": add_years(f.decided_on, years).isoformat(),
            },
        )
        for f in findings
    ]
