"""The six disqualifying conditions of the last three years (否决条件), e.g.
004 第十二条, 000 第十七条, 工信部节〔2024〕13号 第十五条.

The conditions, the record kinds each covers, which kinds count only while they last
(``ongoing_kinds``: the abnormal-operation list "且未被移出", rectification "且未按要求
完成整改") and the articles come from the ruleset; this module only applies them.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from greenmfg.core.dates import years_before
from greenmfg.core.decisions import Reason
from greenmfg.jurisdictions.rulesets import Rules
from greenmfg.supervision.models import CreditRecord, CreditRecordKind

#: kinds that last from ``occurred_on`` until ``ended_on`` (the others are one-off events)
STATE_KINDS = frozenset(
    {
        CreditRecordKind.DEREGISTERED,
        CreditRecordKind.PRODUCTION_STOPPED,
        CreditRecordKind.ABNORMAL_OPERATION_LIST,
        CreditRecordKind.ENERGY_SUPERVISION_RECTIFICATION,
        CreditRecordKind.DISHONEST_JUDGMENT_DEBTOR,
    }
)


def record_counts(rec: CreditRecord, on: dt.date, window_start: dt.date, *, ongoing: bool) -> bool:
    """Whether one record counts on ``on`` for a look-back window starting ``window_start``.

    ``ongoing`` kinds count only while not ended on ``on``; other lasting states
    (deregistration, a stoppage, a debtor listing) count when their period overlaps
    the window; one-off events count when they happened inside the window.
    """
    if rec.occurred_on > on:
        return False
    if ongoing:
        return rec.ended_on is None or rec.ended_on > on
    if rec.kind in STATE_KINDS:
        return rec.ended_on is None or rec.ended_on >= window_start
    return rec.occurred_on >= window_start


def disqualifying_reasons(uscc: str, rules: Rules, on: dt.date, records=None) -> list[Reason]:
    """One :class:`Reason` per condition that ``uscc`` meets on ``on`` (empty = eligible).

    A record counts when its period [occurred_on, ended_on] overlaps the look-back
    window [on − N years, on]; for an ``ongoing`` kind only while it has not ended by
    ``on``. ``records`` lets a caller pass pre-fetched records (set-based screening).
    """
    lookback = rules.get("disqualification.lookback_years")
    conditions = rules.get("disqualification.conditions")
    window_start = years_before(on, lookback)
    if records is None:
        records = list(CreditRecord.objects.filter(uscc=uscc, occurred_on__lte=on))
    reasons: list[Reason] = []
    for cond in conditions:
        ongoing = set(cond.get("ongoing_kinds", []))
        hits = [
            rec
            for rec in records
            if rec.kind in cond["kinds"]
            and record_counts(rec, on, window_start, ongoing=rec.kind in ongoing)
        ]
        if hits:
            rec = max(hits, key=lambda r: r.occurred_on)
            reasons.append(
                Reason(
                    code=f"disqualification.{cond['number']}",
                    template=_("近{years}年内存在否决情形：{title}（记录：{record}，{date}）"),
                    citation=cond["ref"],
                    params={
                        "years": lookback,
                        "title": cond["title"],
                        "record": rec.get_kind_display()
                        + (f"，{rec.description}" if rec.description else ""),
                        "date": rec.occurred_on.isoformat(),
                    },
                )
            )
    return reasons
