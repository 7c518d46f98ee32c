"""Verifiable 企业绿码: the QR card (PNG, PDF) carries an Ed25519-signed token that
verifies offline with the published public key; one changed byte, another unit's token
or a withdrawn code fails; the public page says whether the code is valid today."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from greenmfg.greencode import signing
from greenmfg.greencode.models import GreenCode
from greenmfg.greencode.services import code_token, grading_run
from greenmfg.greencode.verification import decode_png, verify_token
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.services import listing_remove
from tests.greencode.support import factory_with_form


@pytest.fixture
def codes(db):
    a = factory_with_form("1", name="甲绿色工厂有限公司")
    b = factory_with_form("2", name="乙绿色工厂有限公司")
    run = grading_run(
        actor=None,
        jurisdiction=Jurisdiction.objects.get(code="000000"),
        level="national",
        year=2025,
        on=dt.date(2026, 1, 12),
    )
    return GreenCode.objects.get(run=run, listing=a[1]), GreenCode.objects.get(
        run=run, listing=b[1]
    )


def verify_cmd(*args, **kw):
    out = StringIO()
    try:
        call_command("green_code_verify", *args, json=True, stdout=out, **kw)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


@pytest.fixture
def public_pem(tmp_path):
    path = tmp_path / "public-key.pem"
    path.write_bytes(signing.public_key_pem())
    return path


def test_a_printed_card_verifies_offline_with_the_public_key_only(
    client, codes, public_pem, tmp_path
):
    code, _other = codes
    resp = client.get(f"/green-code/{code.uuid}/card.png")
    assert resp.status_code == 200 and resp["Content-Type"] == "image/png"
    card = tmp_path / "card.png"
    card.write_bytes(resp.content)
    assert "/green-code/verify/?t=GC1." in decode_png(card)
    status, result = verify_cmd(str(card), public_key=str(public_pem), offline=True)
    assert status == 0 and result["ok"] and result["signature_ok"]
    assert result["payload"]["g"] == code.grade and result["payload"]["n"] == "甲绿色工厂有限公司"
    assert result["status_checked"] is False
    # online too: valid today
    status, result = verify_cmd(str(card), public_key=str(public_pem))
    assert status == 0 and result["valid_today"] is True


def test_one_changed_byte_fails(codes, public_pem):
    token = code_token(codes[0])
    head, body, sig = token.split(".")
    flipped = body[:10] + ("A" if body[10] != "A" else "B") + body[11:]
    status, result = verify_cmd(f"{head}.{flipped}.{sig}", public_key=str(public_pem), offline=True)
    assert status == 1 and not result["ok"] and not result["signature_ok"]
    bad_sig = sig[:-2] + ("AA" if sig[-2:] != "AA" else "BB")
    assert not verify_token(f"{head}.{body}.{bad_sig}", signing.private_key().public_key()).ok


def test_another_key_does_not_verify(codes, settings, tmp_path):
    token = code_token(codes[0])
    settings.VAR_DIR = tmp_path / "other"
    assert not verify_token(token, signing.private_key().public_key(), check_status=False).ok


def test_another_units_token_fails(codes, public_pem, client):
    mine, other = codes
    status, result = verify_cmd(
        code_token(other), public_key=str(public_pem), unit=mine.unit.uscc, offline=True
    )
    assert status == 1 and result["problems"] == ["token of another unit"]
    # shown on the page of another code
    page = client.get(f"/green-code/{mine.uuid}/", {"t": code_token(other)})
    assert "token of another code" in page.content.decode()


def test_a_withdrawn_code_fails_and_the_page_says_it_is_not_valid_today(codes, public_pem, client):
    code, _other = codes
    token = code_token(code)
    listing_remove(actor=None, listing=code.listing, on=dt.date(2026, 1, 12), reason="移出")
    status, result = verify_cmd(token, public_key=str(public_pem))
    assert status == 1 and result["signature_ok"] and result["status"] == "withdrawn"
    assert result["valid_today"] is False
    page = client.get(f"/green-code/{code.uuid}/").content.decode()
    assert 'data-testid="green-code-invalid"' in page
    verify_page = client.get("/green-code/verify/", {"t": token}).content.decode()
    assert 'data-testid="verify-failed"' in verify_page


def test_the_public_page_shows_grade_year_lists_and_validity_today(
    codes, client, django_assert_max_num_queries
):
    code, _other = codes
    with django_assert_max_num_queries(12):
        page = client.get(f"/green-code/{code.uuid}/").content.decode()
    assert code.grade in page and "2025" in page and "甲绿色工厂有限公司" in page
    assert 'data-testid="green-code-valid"' in page
    assert code.listing.green_list.title in page
    ok = client.get("/green-code/verify/", {"t": code_token(code)}).content.decode()
    assert 'data-testid="verify-ok"' in ok


def test_the_public_key_is_published_and_the_pdf_card_is_a_pdf(codes, client):
    pem = client.get("/green-code/public-key.pem")
    assert pem.status_code == 200 and pem.content == signing.public_key_pem()
    pdf = client.get(f"/green-code/{codes[0].uuid}/card.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_the_method_page_publishes_the_parameters_with_references(codes, client):
    page = client.get("/green-code/").content.decode()
    assert "A+ 5% / A 35% / B 60%" in page and "384号" in page
    assert "gc-1" in page
