"""The six disqualifying conditions of the last three years (否决条件), e.g.
004 第十二条, 000 第十七条, 工信部节〔2024〕13号 第十五条.

The conditions, the record kinds each covers, which kinds count only while they last
(``ongoing_kinds``: the abnormal-operation list "且未被移出", rectification "且未按要求
完成整改") and the articles come from the ruleset; this module only applies them.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils.translation import gettext_lazy as _

from greenmfg.core import networks
from greenmfg.core.dates import years_before
from greenmfg.core.decisions import Reason
from greenmfg.core.memory import collector_paused
from greenmfg.core.vocabulary import CreditRecordKind
from greenmfg.eligibility.models import CreditRecord
from greenmfg.jurisdictions.rulesets import Rules

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


def disqualifying_reasons(
    uscc: str, rules: Rules, on: dt.date, *, list_type: str | None = None
) -> list[Reason]:
    """One :class:`Reason` per condition that ``uscc`` meets on ``on`` (empty = eligible).

    A record counts when its period [occurred_on, ended_on] overlaps the look-back
    window [on − N years, on]; for an ``ongoing`` kind only while it has not ended by
    ``on``. One query; for many units use :func:`screen_units`.

    For a park (``list_type`` "park") where the rules include its members
    (``disqualification.includes_park_members``: "企业或园区（含园区内企业）", 000 第十七条,
    002 第十一条), the members' records count too: :func:`member_reasons` (two more
    queries).
    """
    reasons = _own_reasons(uscc, rules, on)
    if list_type == "park":
        reasons += member_reasons(uscc, rules, on)
    return reasons


#: the message of a member's disqualifying condition (the member's name is public; the
#: record's kind and date are given, its description stays with the member's own check)
MEMBER_REASON_TEMPLATE = _(
    "园区内企业{member}近{years}年内存在否决情形：{title}（记录：{record}，{date}）"
)


def member_reasons(park_uscc: str, rules: Rules, on: dt.date) -> list[Reason]:
    """The disqualifying conditions met by the park ``park_uscc``'s member enterprises
    whose membership runs on ``on`` (greenmfg.core.networks), one reason per member and
    condition, naming the member and citing the condition's article and the article
    that includes members. Empty where ``disqualification.includes_park_members`` is
    not true (e.g. 004 第十二条: "企业或工业园区", members not named)."""
    if not park_uscc or not rules.get("disqualification.includes_park_members", False):
        return []
    members = networks.members_of(park_uscc, "park", on)
    if not members:
        return []
    lookback = rules.get("disqualification.lookback_years")
    conditions = {c["number"]: c for c in rules.get("disqualification.conditions")}
    found = screen_units([m.uscc for m in members], rules, on)
    include_ref = rules.ref("disqualification.includes_park_members")
    reasons = []
    for member in members:
        for reason in found.get(member.uscc, []):
            number = int(reason.code.rsplit(".", 1)[1])
            cond = conditions[number]
            reasons.append(
                Reason(
                    code=f"disqualification.member.{number}",
                    template=MEMBER_REASON_TEMPLATE,
                    citation="；".join(dict.fromkeys([cond["ref"], include_ref])),
                    params={
                        "member": member.name,
                        "years": lookback,
                        "title": cond["title"],
                        "record": reason.params["kind"],
                        "date": reason.params["date"],
                    },
                )
            )
    return reasons


def _own_reasons(uscc: str, rules: Rules, on: dt.date) -> list[Reason]:
    lookback = rules.get("disqualification.lookback_years")
    conditions = rules.get("disqualification.conditions")
    window_start = years_before(on, lookback)
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
                _reason(cond, rec.get_kind_display(), rec.description, rec.occurred_on, lookback)
            )
    return reasons


#: the message of a disqualifying condition met (one lazy object for every reason)
REASON_TEMPLATE = _("近{years}年内存在否决情形：{title}（记录：{record}，{date}）")


def _reason(cond: dict, label: str, description: str, occurred_on: dt.date, lookback: int):
    """The reason for condition ``cond`` met by a record of kind ``label`` (the
    latest that counts)."""
    return Reason(
        code=f"disqualification.{cond['number']}",
        template=REASON_TEMPLATE,
        citation=cond["ref"],
        params={
            "years": lookback,
            "title": cond["title"],
            "record": f"{label}，{description}" if description else label,
            "date": occurred_on.isoformat(),
            "kind": label,
        },
    )


# --- set-based screening -------------------------------------------------------------------

#: USCCs per query on SQLite (each is a bound parameter; PostgreSQL takes one array)
SCREEN_CHUNK = 20_000

#: on PostgreSQL, up to this many USCCs go as an array the planner sees (the
#: (uscc, kind, occurred_on) index for a campaign's applicants); more go as one text
#: unnested into a join (a literal array of 100,000 elements costs more to plan than to run)
PG_ARRAY_MAX = 5_000

#: how each (condition, kind) pair counts in SQL: while not ended (ongoing), when the
#: state overlaps the window, or when the event happened inside it (record_counts)
_ONGOING, _STATE, _EVENT = "o", "s", "e"


def _condition_table(conditions) -> list[tuple[str, int, str]]:
    """(kind, index of the condition, how it counts) for every kind a condition names."""
    table = []
    for index, cond in enumerate(conditions):
        ongoing = set(cond.get("ongoing_kinds", []))
        for kind in cond["kinds"]:
            mode = _ONGOING if kind in ongoing else _STATE if kind in STATE_KINDS else _EVENT
            table.append((kind, index, mode))
    return table


def _screen_sql(n_usccs: int, table, vendor: str) -> str:
    """The query: for each (unit, condition) the latest record that counts, as
    (uscc, condition index, kind, occurred_on, description). Parameters: the
    condition table's values; the USCCs (on PostgreSQL one comma-joined text, else one
    each); then on, window start, window start, on, window start, window start.

    The inner query takes the units' records that can count at all (a kind some
    condition names, occurred by ``on``, lasting into the window or occurred in it)
    through the (uscc, kind, occurred_on) index, or a scan when most units are asked;
    the outer one applies each condition's rule and keeps the latest hit.
    """
    values = ", ".join(["(%s, %s, %s)"] * len(table))
    kinds = ", ".join(f"'{kind}'" for kind in sorted({row[0] for row in table}))
    records = CreditRecord._meta.db_table
    if vendor == "postgresql" and n_usccs > PG_ARRAY_MAX:
        source = f"unnest(string_to_array(%s, ',')) AS a (uscc) JOIN {records} r ON r.uscc = a.uscc"
        units = ""
    elif vendor == "postgresql":
        source = f"{records} r"
        units = "r.uscc = ANY(%s) AND"
    else:
        source = f"{records} r"
        units = f"r.uscc IN ({', '.join(['%s'] * n_usccs)}) AND"
    return f"""
        WITH c (kind, cond, mode) AS (VALUES {values}),
        rec AS (
          SELECT r.id, r.uscc, r.kind, r.occurred_on, r.ended_on, r.description
          FROM {source}
          WHERE {units} r.kind IN ({kinds}) AND r.occurred_on <= %s
            AND (r.occurred_on >= %s OR r.ended_on IS NULL OR r.ended_on >= %s))
        SELECT uscc, cond, kind, occurred_on, description FROM (
          SELECT r.uscc, c.cond, r.kind, r.occurred_on, r.description,
                 ROW_NUMBER() OVER (PARTITION BY r.uscc, c.cond
                                    ORDER BY r.occurred_on DESC, r.id) AS rn
          FROM rec r JOIN c ON c.kind = r.kind
          WHERE (c.mode = '{_ONGOING}' AND (r.ended_on IS NULL OR r.ended_on > %s))
             OR (c.mode = '{_STATE}' AND (r.ended_on IS NULL OR r.ended_on >= %s))
             OR (c.mode = '{_EVENT}' AND r.occurred_on >= %s)
        ) hits WHERE rn = 1"""


def screen_units(uscc_list, rules: Rules, on: dt.date) -> dict[str, list[Reason]]:
    """:func:`disqualifying_reasons` for many units at once: {uscc: reasons} for every
    USCC of ``uscc_list`` (empty list = eligible), the same reasons in the same order
    as the per-unit function (tests/eligibility/test_screening.py proves it on random records).

    Set-based: the database picks, for each (unit, condition), the latest record that
    counts in the window (the rules of :func:`record_counts` as SQL over a table of
    (kind, condition, how it counts) built from the ruleset), so only hits cross to
    Python. One query for all USCCs on PostgreSQL (an array parameter), one per
    :data:`SCREEN_CHUNK` elsewhere (SQLite binds each USCC as a parameter).
    """
    lookback = rules.get("disqualification.lookback_years")
    conditions = rules.get("disqualification.conditions")
    window_start = years_before(on, lookback)
    usccs = list(dict.fromkeys(u for u in uscc_list if u))
    result: dict[str, list[Reason]] = {u: [] for u in usccs}
    table = _condition_table(conditions)
    if not usccs or not table:
        return result
    flat = [v for row in table for v in row]
    hits: dict[str, dict[int, tuple]] = {}
    labels = {kind: str(label) for kind, label in CreditRecordKind.choices}

    def take(rows):
        for uscc, index, kind, occurred_on, description in rows:
            if isinstance(occurred_on, str):  # SQLite returns raw text in a raw query
                occurred_on = dt.date.fromisoformat(occurred_on)
            hits.setdefault(uscc, {})[index] = (labels.get(kind, kind), description, occurred_on)

    tail = [on, window_start, window_start, on, window_start, window_start]
    vendor = connection.vendor
    # PostgreSQL: all USCCs in one query (see PG_ARRAY_MAX)
    chunk = len(usccs) if vendor == "postgresql" else SCREEN_CHUNK
    with connection.cursor() as cursor, collector_paused():
        for i in range(0, len(usccs), chunk):
            part = usccs[i : i + chunk]
            if vendor != "postgresql":
                bound = part
            else:
                bound = [",".join(part) if len(part) > PG_ARRAY_MAX else part]
            cursor.execute(_screen_sql(len(part), table, vendor), [*flat, *bound, *tail])
            take(cursor.fetchall())
        for uscc, by_cond in hits.items():
            result[uscc] = [
                _reason(conditions[index], *by_cond[index], lookback) for index in sorted(by_cond)
            ]
    return result
