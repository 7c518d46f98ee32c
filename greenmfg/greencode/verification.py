"""Verifying a 企业绿码: its signature (offline, with the public key only) and, where the
platform's database is at hand, whether the code is valid **today** (not withdrawn by a
removal, not superseded by a newer grading run)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from PIL import Image

from greenmfg.greencode import signing
from greenmfg.greencode.models import GreenCode
from greenmfg.greencode.services import valid_on


@dataclass
class Outcome:
    """The verdict on one token: ``ok`` when the signature verifies and (when checked)
    the code is valid on ``on``; ``problems`` says why not (stable codes)."""

    ok: bool
    payload: dict[str, Any] = field(default_factory=dict)
    signature_ok: bool = False
    status_checked: bool = False
    status: str = ""
    valid_today: bool | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    code: GreenCode | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "signature_ok": self.signature_ok,
            "status_checked": self.status_checked,
            "status": self.status,
            "valid_today": self.valid_today,
            "problems": self.problems,
            "notes": self.notes,
            "payload": self.payload,
        }


def decode_png(path: Path | str) -> str:
    """The text of the QR code in a PNG (a printed card scanned or the card file);
    ``ValueError`` when the image holds no QR code."""
    with Image.open(path) as img:
        found = zxingcpp.read_barcodes(img.convert("L"))
    texts = [b.text for b in found if b.text]
    if not texts:
        raise ValueError(f"no QR code found in {path}")
    return texts[0]


def verify_token(
    token: str,
    public: Ed25519PublicKey,
    *,
    on: dt.date | None = None,
    check_status: bool = True,
    expect_unit: str = "",
    expect_code: str = "",
) -> Outcome:
    """Verify ``token`` (or a verification URL holding it) with ``public``; with
    ``check_status`` also look the code up and require it valid on ``on``. A token of
    another unit (``expect_unit``: the USCC or unit uuid the card claims) or of another
    code (``expect_code``: the uuid of the page it is shown on) fails. Never raises for a
    bad token: the outcome says why."""
    try:
        verified = signing.verify(signing.token_from_text(token), public)
    except signing.TokenError as exc:
        return Outcome(ok=False, problems=[f"signature: {exc}"])
    out = Outcome(ok=True, payload=verified.payload, signature_ok=True)
    if expect_unit and verified.payload.get("u") != expect_unit:
        out.problems.append("token of another unit")
    if expect_code and verified.code_uuid != str(expect_code):
        out.problems.append("token of another code")
    out.ok = not out.problems
    if not check_status:
        return out
    code = (
        GreenCode.objects.select_related("run__jurisdiction", "listing", "unit")
        .filter(uuid=verified.code_uuid)
        .first()
    )
    out.status_checked = True
    if code is None:
        out.ok = False
        out.problems.append("unknown code")
        return out
    out.code = code
    out.status = code.state
    if on is not None:
        out.valid_today = valid_on(code, on)
        if not out.valid_today:
            out.problems.append(f"not valid on {on.isoformat()} ({code.state})")
    out.ok = not out.problems
    return out
