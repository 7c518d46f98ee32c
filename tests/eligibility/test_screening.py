"""Set-based disqualification screening (screen_units) gives, for every unit, the
reasons the per-unit check (disqualifying_reasons) gives."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenmfg.core.vocabulary import CreditRecordKind
from greenmfg.eligibility.disqualification import disqualifying_reasons, screen_units
from greenmfg.eligibility.models import CreditRecord
from greenmfg.jurisdictions.rulesets import rules_for_slug
from greenmfg.parties.uscc import make_uscc

D = dt.date
ON = D(2026, 4, 20)
RULES = rules_for_slug("guangzhou", ON)
USCCS = [make_uscc("440106", random.Random(i)) for i in range(6)]

records = st.lists(
    st.tuples(
        st.sampled_from(USCCS),
        st.sampled_from([k for k, _label in CreditRecordKind.choices]),
        st.dates(min_value=D(2021, 1, 1), max_value=D(2026, 12, 31)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=900)),
        st.sampled_from(["", "罚款", "列入名单"]),
    ),
    max_size=25,
)


def _as_text(reasons):
    return [(r.code, r.citation, r.message_in("zh-hans")) for r in reasons]


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=records, on=st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 12, 31)))
def test_set_based_screening_equals_the_per_unit_check(rows, on):
    CreditRecord.objects.all().delete()
    CreditRecord.objects.bulk_create(
        CreditRecord(
            uscc=uscc,
            kind=kind,
            occurred_on=occurred,
            ended_on=occurred + dt.timedelta(days=days) if days is not None else None,
            description=text,
        )
        for uscc, kind, occurred, days, text in rows
    )
    screened = screen_units([*USCCS, USCCS[0]], RULES, on)
    assert set(screened) == set(USCCS)
    for uscc in USCCS:
        assert _as_text(screened[uscc]) == _as_text(disqualifying_reasons(uscc, RULES, on))


@pytest.mark.django_db
def test_screening_costs_one_query_per_chunk(django_assert_num_queries, monkeypatch):
    """One query for all units on PostgreSQL (an array parameter); one per chunk of
    SCREEN_CHUNK USCCs on SQLite (each USCC is a bound parameter)."""
    from django.db import connection

    from greenmfg.eligibility import disqualification

    CreditRecord.objects.create(uscc=USCCS[1], kind="tax_evasion", occurred_on=D(2025, 5, 1))
    many = [make_uscc("440106", random.Random(1000 + i)) for i in range(300)] + USCCS
    with django_assert_num_queries(1):
        result = screen_units(many, RULES, ON)
    assert [r.code for r in result[USCCS[1]]] == ["disqualification.2"]
    assert sum(1 for reasons in result.values() if reasons) == 1
    monkeypatch.setattr(disqualification, "SCREEN_CHUNK", 100)
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 4):
        assert screen_units(many, RULES, ON) == result


def test_screening_nothing_costs_nothing(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert screen_units([], RULES, ON) == {}
