"""The audit record: hash-chained, verifiable, tamper-evident (DESIGN.md decision 6).

The tests that rewrite or delete events play a database superuser: on PostgreSQL they
first disable the append-only triggers (tests/audit_support.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

import greenmfg
from greenmfg.audit.exports import read_export
from greenmfg.audit.models import AuditEvent, ChainHead, PublishedChainHead
from greenmfg.audit.services import (
    HeadCopy,
    chain_head_publish,
    event_hash,
    heads_from_json,
    record_event,
    verify_chain,
)
from greenmfg.cli import translate_argv
from greenmfg.core import clock
from tests.audit_support import superuser_rewrite

pytestmark = pytest.mark.django_db


def _events(n=5):
    for i in range(n):
        record_event(
            actor=None,
            action="test.event",
            object_type="test.thing",
            object_uuid=f"obj-{i}",
            reason=f"理由{i}",
            citations=["004 第十条"],
        )


def test_each_event_carries_the_hash_of_the_one_before():
    _events(3)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events][-3:] == [events[-3].seq, events[-3].seq + 1, events[-3].seq + 2]
    assert events[-1].prev_hash == events[-2].hash
    assert verify_chain().ok


def test_a_rewritten_event_is_named_by_verify():
    _events(5)
    target = AuditEvent.objects.order_by("seq")[2]
    with superuser_rewrite():
        AuditEvent.objects.filter(pk=target.pk).update(reason="被篡改")
    result = verify_chain()
    assert not result.ok and result.broken_seq == target.seq
    assert "hash" in result.problem


def test_a_deleted_event_is_named_by_verify():
    _events(5)
    target = AuditEvent.objects.order_by("seq")[1]
    with superuser_rewrite():
        AuditEvent.objects.filter(pk=target.pk).delete()
    result = verify_chain()
    assert not result.ok and result.broken_seq == target.seq


def test_a_truncated_tail_is_detected_by_the_head():
    _events(3)
    with superuser_rewrite():
        AuditEvent.objects.order_by("-seq").first().delete()
    result = verify_chain()
    assert not result.ok and "head" in result.problem
    assert ChainHead.objects.get(pk=1).seq == AuditEvent.objects.count() + 1


def test_audit_verify_command_exits_non_zero_on_a_broken_chain(capsys):
    _events(2)
    call_command("audit_verify")
    assert "OK" in capsys.readouterr().out
    with superuser_rewrite():
        AuditEvent.objects.filter(seq=1).update(action="tampered")
    with pytest.raises(CommandError, match="#1"):
        call_command("audit_verify")


# --- append-only on PostgreSQL (migration audit.0003) ---------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only triggers are PostgreSQL's; SQLite (the embedded default) has none",
)


@on_postgresql
def test_update_and_delete_of_an_audit_event_are_refused_on_postgresql_asvs_16_4_2_djbh_8_1_4_3_c():
    _events(2)
    event = AuditEvent.objects.order_by("seq").last()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="被篡改")
    refused = pytest.raises(IntegrityError, match="DELETE on audit_auditevent refused")
    with refused, transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    refused = pytest.raises(IntegrityError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET hash = %s", ["0" * 64])
    head, _ = chain_head_publish(on=dt.date(2026, 1, 12))
    with pytest.raises(IntegrityError, match="audit_publishedchainhead"), transaction.atomic():
        PublishedChainHead.objects.filter(pk=head.pk).update(seq=0)
    with pytest.raises(IntegrityError, match="audit_publishedchainhead"), transaction.atomic():
        PublishedChainHead.objects.filter(pk=head.pk).delete()
    # the rows are still there, unchanged, and the chain verifies
    assert AuditEvent.objects.get(pk=event.pk).reason == event.reason
    assert PublishedChainHead.objects.get(pk=head.pk).seq == head.seq
    assert verify_chain().ok


@on_postgresql
def test_truncate_of_the_audit_record_is_refused_on_postgresql_djbh_8_1_4_3_c():
    _events(1)
    before = AuditEvent.objects.count()
    # the test database turns this trigger off for Django's flush (tests/conftest.py)
    refused = pytest.raises(IntegrityError, match="TRUNCATE on audit_auditevent refused")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_no_truncate")
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == before


def test_no_code_path_changes_or_deletes_audit_events_so_they_are_kept_184_days_djbh_8_1_4_3_c():
    """网络安全法 第二十一条(三): logs kept at least six months. The platform keeps them for
    good: no module changes or deletes an audit event or a published head, and the
    admin cannot (tests/audit/test_audit_viewer.py)."""
    writes = re.compile(
        r"(AuditEvent|PublishedChainHead)\.objects[^\n]*\.(update|delete|bulk_update)\("
        r"|audit_(auditevent|publishedchainhead)\b[^\n]*\b(UPDATE|DELETE|TRUNCATE)\b"
        r"|\b(UPDATE|DELETE FROM|TRUNCATE)\s+audit_(auditevent|publishedchainhead)",
        re.IGNORECASE,
    )
    package = Path(greenmfg.__file__).resolve().parent
    offenders = [
        f"{path.relative_to(package)}:{n}"
        for path in package.rglob("*.py")
        if "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if writes.search(line)
    ]
    assert offenders == []


# --- the daily published chain head ----------------------------------------------------------


def _rewrite_and_rehash(seq: int, **changes) -> None:
    """Play a database superuser: change event ``seq`` and re-hash it and every event
    after it, then move the chain head, so that the walk of the chain finds nothing."""
    with superuser_rewrite():
        prev_hash = AuditEvent.objects.get(seq=seq).prev_hash
        for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
            if event.seq == seq:
                for name, value in changes.items():
                    setattr(event, name, value)
            event.prev_hash = prev_hash
            event.hash = event_hash(event)
            AuditEvent.objects.filter(pk=event.pk).update(
                prev_hash=event.prev_hash, hash=event.hash, **(changes if event.seq == seq else {})
            )
            prev_hash = event.hash
        ChainHead.objects.filter(pk=1).update(hash=prev_hash)


def test_chain_head_publish_is_idempotent_per_day_and_audited():
    _events(3)
    last = AuditEvent.objects.order_by("-seq").first()
    head, created = chain_head_publish(on=dt.date(2026, 1, 12))
    assert created and (head.seq, head.hash) == (last.seq, last.hash)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "audit.head_publish" and event.payload["seq"] == last.seq
    again, created = chain_head_publish(on=dt.date(2026, 1, 12))
    assert not created and again.pk == head.pk
    assert AuditEvent.objects.order_by("-seq").first().pk == event.pk  # nothing written
    # the next day's head covers the publication event
    nxt, created = chain_head_publish(on=dt.date(2026, 1, 13))
    assert created and nxt.seq == event.seq
    with pytest.raises(ValueError, match="2026-01-13"):
        chain_head_publish(on=dt.date(2026, 1, 11))
    result = verify_chain()
    assert result.ok and result.heads_checked == 2


def test_a_superuser_rewrite_that_rehashes_the_chain_is_caught_by_the_published_head_asvs_16_4_2_djbh_8_1_4_3_c(
    client, tmp_path
):
    _events(4)
    chain_head_publish(on=dt.date(2026, 1, 12))
    _events(2)
    # an outside party keeps a copy of the public JSON
    saved = tmp_path / "heads.json"
    saved.write_bytes(client.get(reverse("audit_heads_json")).content)
    target = AuditEvent.objects.order_by("seq")[1]
    head = PublishedChainHead.objects.get()

    _rewrite_and_rehash(target.seq, reason="被篡改")
    # hashes, links and the chain head all agree again, but the published head does not
    result = verify_chain()
    assert not result.ok and result.head_date == "2026-01-12" and result.broken_seq == head.seq
    assert "published head of 2026-01-12" in result.problem and "from #1" in result.problem

    # the superuser deletes the published head too: the walk alone sees nothing now …
    with superuser_rewrite():
        PublishedChainHead.objects.all().delete()
    assert verify_chain().ok
    # … but the copy kept outside the platform still catches the rewrite
    outside = heads_from_json(json.loads(saved.read_text()), str(saved))
    result = verify_chain(outside_heads=outside)
    assert not result.ok and result.head_date == "2026-01-12"
    with pytest.raises(CommandError, match="published head of 2026-01-12"):
        call_command("audit_verify", "--heads", str(saved), stdout=io.StringIO())


def test_a_published_head_missing_from_the_database_is_named_by_verify(tmp_path):
    _events(2)
    chain_head_publish(on=dt.date(2026, 1, 12))
    copy = [
        HeadCopy(h.date.isoformat(), h.seq, h.hash, "copy")
        for h in PublishedChainHead.objects.all()
    ]
    assert verify_chain(outside_heads=copy).ok
    with superuser_rewrite():
        PublishedChainHead.objects.all().delete()
    result = verify_chain(outside_heads=copy)
    assert not result.ok and "missing from the database" in result.problem


def test_a_published_head_beyond_a_truncated_chain_is_named_by_verify():
    _events(3)
    chain_head_publish(on=dt.date(2026, 1, 12))
    head = PublishedChainHead.objects.get()
    with superuser_rewrite():
        AuditEvent.objects.filter(seq__gte=head.seq).delete()
        last = AuditEvent.objects.order_by("-seq").first()
        ChainHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)
    result = verify_chain()
    assert not result.ok and "does not have" in result.problem and result.head_date == "2026-01-12"


def test_publish_head_command_prints_the_head_and_is_idempotent():
    _events(1)
    out = io.StringIO()
    call_command("audit_publish_head", "--today", "2026-01-12", stdout=out)
    head = PublishedChainHead.objects.get(date=dt.date(2026, 1, 12))
    assert out.getvalue().strip() == f"2026-01-12 #{head.seq} {head.hash} (published)"
    out = io.StringIO()
    call_command("audit_publish_head", "--today", "2026-01-12", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["created"] is False and data["hash"] == head.hash
    with pytest.raises(CommandError, match="2026-01-12"):
        call_command("audit_publish_head", "--today", "2026-01-11", stdout=io.StringIO())
    assert translate_argv(["audit", "publish-head"]) == ["audit_publish_head"]


def test_celery_beat_publishes_the_head_every_day(settings):
    from greenmfg.audit.tasks import publish_chain_head
    from greenmfg.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["audit-chain-head"]
    assert entry["task"] == "greenmfg.publish_chain_head" and entry["schedule"] <= 24 * 3600
    app.loader.import_default_modules()
    assert "greenmfg.publish_chain_head" in app.tasks
    with clock.frozen(dt.date(2026, 3, 2)):
        assert "(published)" in publish_chain_head.apply().get()
        assert "(unchanged)" in publish_chain_head.apply().get()
    assert PublishedChainHead.objects.filter(date=dt.date(2026, 3, 2)).count() == 1


def test_published_heads_are_public_as_a_page_and_json(client):
    _events(2)
    head, _ = chain_head_publish(on=dt.date(2026, 1, 12))
    page = client.get(reverse("audit_heads"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "审计链头公示" in html and head.hash in html and "2026-01-12" in html
    data = client.get(reverse("audit_heads_json")).json()
    assert data["heads"][0] == {
        "date": "2026-01-12",
        "seq": head.seq,
        "hash": head.hash,
        "published_at": head.published_at.isoformat(),
    }


# --- export with hashes ----------------------------------------------------------------------


def _independent_check(rows: list[dict]) -> bool:
    """The procedure of docs/cli.md, with nothing but hashlib and json."""
    prev = None
    for row in rows:
        body = {k: v for k, v in row.items() if k != "hash"}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["hash"]:
            return False
        if prev is not None and (row["prev_hash"] != prev["hash"] or row["seq"] != prev["seq"] + 1):
            return False
        prev = row
    return True


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_round_trip_keeps_every_hash_so_an_outside_party_reverifies_djbh_8_1_4_3_c(
    tmp_path, fmt
):
    record_event(
        actor=None,
        action="test.event",
        object_type="test.thing",
        object_uuid="obj-x",
        reason="含“引号”, 逗号\n和换行",
        citations=["004 第十条", "000 第十三条"],
        payload={"score": 80.5, "items": [1, 2], "名称": "绿色工厂", "none": None},
    )
    _events(3)
    chain_head_publish(on=dt.date(2026, 1, 12))
    out = tmp_path / f"audit.{fmt}"
    text = io.StringIO()
    call_command("audit_export", str(out), "--format", fmt, stdout=text)
    events = list(AuditEvent.objects.filter(action__in=["test.event", "audit.head_publish"]))
    assert f"{len(events)} events" in text.getvalue()

    rows = read_export(out)
    assert [r["seq"] for r in rows] == [e.seq for e in events]
    assert [r["hash"] for r in rows] == [e.hash for e in events]
    assert rows[0]["payload"] == events[0].payload and "\n" in rows[0]["reason"]
    assert _independent_check(rows)
    ok = io.StringIO()
    call_command("audit_export", str(out), "--verify", stdout=ok)
    assert (
        ok.getvalue().startswith(f"OK: {len(events)} events")
        and "1 published heads" in ok.getvalue()
    )

    # the export itself is audited
    exported = AuditEvent.objects.order_by("-seq").first()
    assert exported.action == "audit.export" and exported.payload["count"] == len(events)

    # one changed character in the file is found
    raw = out.read_text(encoding="utf-8")
    out.write_text(raw.replace("理由1", "理由9"), encoding="utf-8")
    with pytest.raises(CommandError, match="does not match its content"):
        call_command("audit_export", str(out), "--verify", stdout=io.StringIO())
    assert not _independent_check(read_export(out))


def test_export_of_a_period_is_a_contiguous_piece_of_the_chain(tmp_path):
    _events(2)
    first_day = timezone.localdate(AuditEvent.objects.order_by("seq").first().occurred_at)
    out = tmp_path / "none.jsonl"
    call_command(
        "audit_export",
        str(out),
        "--from",
        (first_day + dt.timedelta(days=1)).isoformat(),
        stdout=io.StringIO(),
    )
    assert read_export(out) == []
    out = tmp_path / "today.jsonl"
    call_command(
        "audit_export",
        str(out),
        "--from",
        first_day.isoformat(),
        "--to",
        first_day.isoformat(),
        stdout=io.StringIO(),
    )
    rows = read_export(out)
    seqs = [r["seq"] for r in rows]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs))) and len(seqs) >= 2
    with pytest.raises(CommandError, match="before"):
        call_command(
            "audit_export",
            str(out),
            "--from",
            "2026-02-01",
            "--to",
            "2026-01-01",
            stdout=io.StringIO(),
        )
    assert translate_argv(["audit", "export", "X"]) == ["audit_export", "X"]
