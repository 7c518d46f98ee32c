"""Open data (issue 16 item 4): yearly snapshots of the register and the published lists,
metadata with SHA-256, the changes file between consecutive snapshots, stable URLs, the
API's ``as_of`` consistent with the snapshots, query budgets."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from greenmfg.audit.models import AuditEvent
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.opendata.models import DatasetFile, Snapshot
from greenmfg.opendata.snapshots import SnapshotRefused, due_snapshots, write_snapshot
from greenmfg.register.models import GreenList, Listing
from greenmfg.register.services import listing_remove, listing_rename

D = dt.date
pytestmark = pytest.mark.django_db


def _list(year: int, published_on: dt.date, names: list[str]) -> tuple[GreenList, list[Listing]]:
    gz = Jurisdiction.objects.get(code="440100")
    gl = GreenList.objects.create(
        jurisdiction=gz,
        level="municipal",
        year=year,
        title=f"{year}年度广州市绿色制造名单",
        published_on=published_on,
    )
    rows = [
        Listing.objects.create(
            green_list=gl,
            unit_name=name,
            list_type="factory",
            level="municipal",
            year=year,
            region=gz,
            star=1,
            listed_on=published_on,
        )
        for name in names
    ]
    return gl, rows


@pytest.fixture
def two_years():
    """2020: 甲, 乙, 丙 listed; 2021: 乙 removed, 丙 renamed, 丁 listed."""
    gl_2020, (a, b, c) = _list(
        2020, D(2020, 6, 1), ["快照甲制造有限公司", "快照乙制造有限公司", "快照丙制造有限公司"]
    )
    write_snapshot(as_of=D(2020, 12, 31))
    listing_remove(actor=None, listing=b, on=D(2021, 3, 1), citations=["004 第十六条"])
    listing_rename(actor=None, listing=c, name="快照丙科技有限公司", on=D(2021, 4, 1))
    gl_2021, (d,) = _list(2021, D(2021, 6, 1), ["快照丁制造有限公司"])
    write_snapshot(as_of=D(2021, 12, 31))
    return {"a": a, "b": b, "c": c, "d": d, "gl_2020": gl_2020, "gl_2021": gl_2021}


def _stored(as_of: dt.date, dataset: str, fmt: str) -> bytes:
    f = DatasetFile.objects.get(snapshot__as_of=as_of, dataset=dataset, format=fmt)
    with default_storage.open(f.file, "rb") as fh:
        return fh.read()


def test_changes_between_two_years_list_exactly_the_added_removed_renamed(two_years):
    changes = json.loads(_stored(D(2021, 12, 31), "changes", "json"))
    got = {(r["change"], r["uuid"], r["previous_name"]) for r in changes}
    assert got == {
        ("added", str(two_years["d"].uuid), ""),
        ("removed", str(two_years["b"].uuid), ""),
        ("renamed", str(two_years["c"].uuid), "快照丙制造有限公司"),
    }
    renamed = next(r for r in changes if r["change"] == "renamed")
    assert renamed["unit_name"] == "快照丙科技有限公司"
    first = json.loads(_stored(D(2020, 12, 31), "changes", "json"))
    assert {r["change"] for r in first} == {"added"} and len(first) == 3
    rows = list(
        csv.DictReader(io.StringIO(_stored(D(2021, 12, 31), "changes", "csv").decode("utf-8-sig")))
    )
    assert sorted(r["change"] for r in rows) == ["added", "removed", "renamed"]


def test_snapshot_is_the_register_of_that_day(two_years):
    y2020 = {r["uuid"]: r for r in json.loads(_stored(D(2020, 12, 31), "register", "json"))}
    assert len(y2020) == 3
    assert y2020[str(two_years["b"].uuid)]["status"] == "active"  # removed only in 2021
    assert y2020[str(two_years["c"].uuid)]["unit_name"] == "快照丙制造有限公司"
    y2021 = {r["uuid"]: r for r in json.loads(_stored(D(2021, 12, 31), "register", "json"))}
    assert y2021[str(two_years["b"].uuid)]["status"] == "removed"
    assert y2021[str(two_years["c"].uuid)]["former_names"] == "快照丙制造有限公司"


def test_metadata_and_sha256_of_every_file(two_years):
    snap = Snapshot.objects.get(as_of=D(2021, 12, 31))
    keys = {(f.dataset, f.format) for f in snap.files.all()}
    lists = {f"list-{two_years['gl_2020'].uuid}", f"list-{two_years['gl_2021'].uuid}"}
    assert {d for d, _f in keys} == {"register", "changes", *lists}
    assert {f for _d, f in keys} == {"csv", "json", "xlsx"}
    for f in snap.files.all():
        data = _stored(snap.as_of, f.dataset, f.format)
        assert hashlib.sha256(data).hexdigest() == f.sha256 and len(data) == f.size
        assert f.title and f.publisher and f.licence
    register = snap.files.get(dataset="register", format="xlsx")
    assert register.row_count == 4
    sheet = load_workbook(io.BytesIO(_stored(snap.as_of, "register", "xlsx"))).active
    assert sheet.max_row == 5 and sheet["B1"].value == "单位名称"
    # the 2021 list: issued at its publication; the 2020 list changed in 2021 (removal)
    gl21 = snap.files.get(dataset=f"list-{two_years['gl_2021'].uuid}", format="csv")
    assert (gl21.issued, gl21.modified, gl21.publisher) == (
        D(2021, 6, 1),
        D(2021, 12, 31),
        "广州市工业和信息化局",
    )
    event = AuditEvent.objects.filter(action="opendata.snapshot").latest("seq")
    assert (
        event.payload["files"]["register.csv"]
        == snap.files.get(dataset="register", format="csv").sha256
    )


def test_an_unchanged_list_shares_its_file_and_keeps_modified(two_years):
    write_snapshot(as_of=D(2022, 12, 31))
    key = f"list-{two_years['gl_2021'].uuid}"
    f21 = DatasetFile.objects.get(snapshot__as_of=D(2021, 12, 31), dataset=key, format="json")
    f22 = DatasetFile.objects.get(snapshot__as_of=D(2022, 12, 31), dataset=key, format="json")
    assert (f22.file, f22.sha256, f22.modified) == (f21.file, f21.sha256, D(2021, 12, 31))
    assert json.loads(_stored(D(2022, 12, 31), "changes", "json")) == []


def test_snapshots_are_frozen(two_years):
    snap, written = write_snapshot(as_of=D(2021, 12, 31))
    assert not written
    with pytest.raises(SnapshotRefused):
        write_snapshot(as_of=D(2021, 6, 30))
    with pytest.raises(SnapshotRefused):
        write_snapshot(as_of=D(2026, 1, 12))  # the platform date: the day has not ended


def test_due_snapshots_are_each_year_end_and_each_publication(two_years):
    due = [(d, k) for d, k, _n in due_snapshots(D(2022, 3, 1))]
    assert due == [
        (D(2020, 6, 1), "publication"),
        (D(2020, 12, 31), "year_end"),
        (D(2021, 6, 1), "publication"),
        (D(2021, 12, 31), "year_end"),
    ]


def test_stable_urls_and_catalogue(client, two_years):
    url = reverse("opendata_file", args=[D(2021, 12, 31), "register", "csv"])
    assert url == "/open-data/2021-12-31/register.csv"
    resp = client.get(url)
    body = b"".join(resp.streaming_content)
    assert resp.status_code == 200 and body == _stored(D(2021, 12, 31), "register", "csv")
    assert resp["X-Content-SHA256"] == hashlib.sha256(body).hexdigest()
    latest = client.get("/open-data/latest/register.json")
    assert latest.status_code == 200
    assert latest["Content-Location"] == "/open-data/2021-12-31/register.json"
    assert b"".join(latest.streaming_content) == _stored(D(2021, 12, 31), "register", "json")
    cat = client.get("/open-data/2021-12-31/catalogue.json").json()
    meta = next(d for d in cat["datasets"] if d["dataset"] == "register" and d["format"] == "csv")
    assert set(meta) >= {
        "title",
        "publisher",
        "licence",
        "issued",
        "modified",
        "row_count",
        "sha256",
    }
    assert meta["url"].endswith("/open-data/2021-12-31/register.csv")
    assert client.get("/open-data/2019-12-31/register.csv").status_code == 404
    assert client.get("/open-data/2021-12-31/nothing.csv").status_code == 404


def test_pages_within_query_budget(client, two_years, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        index = client.get(reverse("opendata_index"))
    assert index.status_code == 200 and "2021年度广州市绿色制造名单" in index.content.decode()
    with django_assert_max_num_queries(6):
        page = client.get(reverse("opendata_snapshot", args=[D(2020, 12, 31)]))
    assert "2020年度广州市绿色制造名单" in page.content.decode()
    with django_assert_max_num_queries(4):
        client.get("/open-data/2021-12-31/catalogue.json")


def test_api_as_of_agrees_with_the_snapshot(client, two_years):
    for day in (D(2020, 12, 31), D(2021, 12, 31)):
        stored = {
            r["uuid"]: (r["unit_name"], r["status"], r["former_names"])
            for r in json.loads(_stored(day, "register", "json"))
        }
        api, url = {}, f"/api/v1/listings/?as_of={day}"
        while url:
            page = client.get(url).json()
            for r in page["results"]:
                api[r["uuid"]] = (r["unit_name"], r["status"], "；".join(r["former_names"]))
            url = page["next"]
        assert api == stored


def test_formula_like_names_stay_text_in_csv_and_xlsx():
    _list(2020, D(2020, 6, 1), ['=HYPERLINK("http://x","点击")'])
    write_snapshot(as_of=D(2020, 12, 31))
    text = _stored(D(2020, 12, 31), "register", "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    sheet = load_workbook(io.BytesIO(_stored(D(2020, 12, 31), "register", "xlsx"))).active
    assert sheet["B2"].data_type == "s"


def test_the_hourly_task_writes_the_due_snapshots_once():
    from greenmfg.opendata.tasks import open_data_snapshots

    _list(2024, D(2024, 6, 1), ["任务甲制造有限公司"])
    assert open_data_snapshots() == ["2024-06-01", "2024-12-31", "2025-12-31"]
    assert open_data_snapshots() == []


def test_open_data_snapshot_command(capsys):
    from django.core.management import CommandError, call_command

    from greenmfg.cli import translate_argv

    assert translate_argv(["open-data", "snapshot", "--as-of", "2020-12-31"]) == [
        "open_data_snapshot",
        "--as-of",
        "2020-12-31",
    ]
    _list(2020, D(2020, 6, 1), ["命令甲制造有限公司"])
    call_command("open_data_snapshot", "--as-of", "2020-12-31", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "snapshots": [{"as_of": "2020-12-31", "kind": "requested", "written": True, "datasets": 3}]
    }
    with pytest.raises(CommandError, match="更晚的快照"):
        call_command("open_data_snapshot", "--as-of", "2020-06-30")
