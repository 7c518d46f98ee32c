"""The PostgreSQL bulk path of the credit-record import (COPY + SQL merge,
greenmfg/supervision/imports_copy.py) gives the same records, report and errors as the
row-by-row path, on random files: good rows, bad rows of every kind, duplicates, blank
rows, short rows, whitespace, re-imports over existing records."""

from __future__ import annotations

import csv
import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenmfg.core import clock
from greenmfg.eligibility import imports_copy
from greenmfg.eligibility.imports import CreditImportError, import_credit_records
from greenmfg.eligibility.models import CreditRecord
from greenmfg.parties.models import Organisation
from greenmfg.parties.uscc import make_uscc
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("the bulk path exists on PostgreSQL only")


TODAY = dt.date(2026, 1, 12)
USCCS = [make_uscc("440106", random.Random(i)) for i in range(5)]
HEADER = ["统一社会信用代码", "类型", "发生日期", "结束日期", "说明", "来源", "文号"]

cells_uscc = st.one_of(
    st.sampled_from(USCCS),
    st.sampled_from([u.lower() for u in USCCS]),
    st.sampled_from([f" {USCCS[0]}\u3000", "91440106MA59XXXXX1", "", "X" * 18, "ＡＢＣ"]),
)
cells_kind = st.sampled_from(
    ["tax_evasion", "失信被执行人", " 安全事故 ", "TAX_EVASION", "偷 漏税", "火星事故", ""]
)
cells_date = st.sampled_from(
    ["2025-03-01", "2025-03-02", " 2024-12-31", "2025/03/01", "2027-01-01", "2025-02-30", ""]
)
cells_text = st.sampled_from(["", "罚款", " 罚款 ", "甲,乙", '含"引号"', "x" * 501, "\u3000说明"])
row = st.tuples(
    cells_uscc, cells_kind, cells_date, cells_date, cells_text, cells_text, cells_text
).map(list)
rows = st.lists(
    st.one_of(
        row,
        st.just([]),  # a blank line
        st.just(["", "", "", "", "", "", ""]),  # a row of empty cells
        row.map(lambda r: r[:3]),  # a short row
        row.map(lambda r: [*r, "多余"]),  # a cell past the header
    ),
    min_size=1,
    max_size=12,
)


def _write(path, header, body):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(body)
    return path


def _state():
    rows = list(
        CreditRecord.objects.values_list(
            "uscc",
            "kind",
            "occurred_on",
            "ended_on",
            "description",
            "source",
            "document_no",
            "unit_id",
            "version",
        )
    )
    # an empty end date (None) sorts before any date, whatever the other fields
    return sorted(rows, key=lambda t: tuple((x is not None, str(x)) for x in t))


def _run(path, method):
    """(report or None, problems or None, records afterwards)."""
    try:
        with clock.frozen(TODAY):
            report = import_credit_records(path, method=method)
        return report.as_dict(), None, _state()
    except CreditImportError as exc:
        return None, [p.as_dict() for p in exc.problems], _state()


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=rows, second=rows)
def test_bulk_path_equals_the_row_by_row_path_on_random_files(tmp_path_factory, first, second):
    """Two imports in a row (the second over the records of the first), once by each
    path from the same starting state: same records, reports and problems."""
    tmp = tmp_path_factory.mktemp("csv")
    a = _write(tmp / "a.csv", HEADER, first)
    b = _write(tmp / "b.csv", HEADER, second)
    if not Organisation.objects.filter(uscc=USCCS[0]).exists():
        OrganisationFactory(name="甲公司", district="440106", uscc=USCCS[0])
    outcomes = {}
    for method in ("auto", "rows"):
        CreditRecord.objects.all().delete()
        outcomes[method] = [_run(a, method), _run(b, method)]
    for (r1, p1, s1), (r2, p2, s2) in zip(outcomes["auto"], outcomes["rows"], strict=True):
        assert p1 == p2
        assert r1 == r2
        assert s1 == s2


def test_bulk_path_is_taken_for_a_clean_csv_and_costs_the_same_queries_at_any_size(
    tmp_path, monkeypatch
):
    """A clean file never reaches the row-by-row path, and the number of statements does
    not grow with the rows (COPY streams them)."""
    from greenmfg.eligibility import imports

    def boom(*args, **kwargs):
        raise AssertionError("the row-by-row path ran")

    monkeypatch.setattr(imports, "_import_rows", boom)
    counts = []
    for n in (5, 10, 400):  # the first import also creates the audit chain's head
        body = [
            [make_uscc("440106"), "安全事故", "2025-03-01", "", f"事故{i}", "", f"A-{n}-{i}"]
            for i in range(n)
        ]
        path = _write(tmp_path / f"{n}.csv", HEADER, body)
        with CaptureQueriesContext(connection) as ctx, clock.frozen(TODAY):
            report = import_credit_records(path)
        assert report.created == n
        counts.append(len(ctx.captured_queries))
    assert counts[1] == counts[2]


def test_a_file_with_a_bad_row_falls_back_and_names_the_row(tmp_path):
    path = _write(
        tmp_path / "bad.csv",
        HEADER,
        [
            [USCCS[0], "安全事故", "2025-03-01", "", "", "", ""],
            [USCCS[1], "火星事故", "2025-03-01"],
        ],
    )
    with pytest.raises(CreditImportError) as exc, clock.frozen(TODAY):
        import_credit_records(path)
    assert [(p.row, p.field) for p in exc.value.problems] == [(3, "kind")]
    assert not CreditRecord.objects.exists()


def test_whitespace_set_is_pythons(db):
    """btrim() in the bulk path removes exactly what str.strip() removes."""
    assert set(imports_copy.PY_WHITESPACE) == {
        chr(c) for c in range(0x110000) if chr(c).strip() == ""
    }
    with connection.cursor() as c:
        c.execute(f"SELECT btrim(%s, {imports_copy.WS})", ["\u3000\x1c 说明\u2029\x85"])
        assert c.fetchone()[0] == "\u3000\x1c 说明\u2029\x85".strip()
