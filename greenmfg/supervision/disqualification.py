"""The six disqualifying conditions of the last three years (否决条件), e.g.
004 第十二条, 000 第十七条, 工信部节〔2024〕13号 第十五条.

The conditions, the record kinds each covers, which kinds count only while they last
(``ongoing_kinds``: the abnormal-operation list "且未被移出", rectification "且未按要求
完成整改") and the articles come from the ruleset; this module only applies them.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
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


#: the order records are considered in: of two hits on the same day the first is cited
RECORD_ORDER = ("-occurred_on", "id")


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
        records = list(
            CreditRecord.objects.filter(uscc=uscc, occurred_on__lte=on).order_by(*RECORD_ORDER)
        )
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


# --- set-based screening -------------------------------------------------------------------

#: USCCs per query (SQLite binds each as a parameter)
SCREEN_CHUNK = 20_000


class _Record:
    """The fields of a credit record the conditions read (no model instance needed)."""

    __slots__ = ("kind", "occurred_on", "ended_on", "description")
    _labels = dict(CreditRecordKind.choices)

    def __init__(self, kind, occurred_on, ended_on, description):
        self.kind = kind
        self.occurred_on = occurred_on
        self.ended_on = ended_on
        self.description = description

    def get_kind_display(self):
        return str(self._labels.get(self.kind, self.kind))


def screen_units(uscc_list, rules: Rules, on: dt.date) -> dict[str, list[Reason]]:
    """:func:`disqualifying_reasons` for many units at once: {uscc: reasons} for every
    USCC of ``uscc_list`` (empty list = eligible), the same reasons the per-unit
    function gives.

    One query per :data:`SCREEN_CHUNK` USCCs fetches only the records that can count
    in the window (a kind some condition names; occurred by ``on``; lasting into the
    window, still open, or occurred inside it), as tuples; they are grouped in Python
    and each unit is judged by the same code as :func:`disqualifying_reasons`.
    """
    lookback = rules.get("disqualification.lookback_years")
    conditions = rules.get("disqualification.conditions")
    window_start = years_before(on, lookback)
    kinds = sorted({k for cond in conditions for k in cond["kinds"]})
    usccs = list(dict.fromkeys(u for u in uscc_list if u))
    grouped: dict[str, list[_Record]] = {}
    for i in range(0, len(usccs), SCREEN_CHUNK):
        chunk = usccs[i : i + SCREEN_CHUNK]
        rows = (
            CreditRecord.objects.filter(uscc__in=chunk, kind__in=kinds, occurred_on__lte=on)
            .filter(
                Q(occurred_on__gte=window_start)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=window_start)
            )
            .order_by("uscc", *RECORD_ORDER)
            .values_list("uscc", "kind", "occurred_on", "ended_on", "description")
        )
        for uscc, kind, occurred_on, ended_on, description in rows.iterator(chunk_size=10_000):
            grouped.setdefault(uscc, []).append(_Record(kind, occurred_on, ended_on, description))
    return {
        uscc: disqualifying_reasons(uscc, rules, on, records=grouped.get(uscc, []))
        for uscc in usccs
    }
