"""Signed tokens of the 企业绿码 (Ed25519, ``cryptography``): a QR card carries a token
that anyone can verify offline with the platform's public key.

Token: ``GC1.<payload>.<signature>``, both parts base64url without padding; the
payload is canonical JSON (sorted keys, no spaces) of the code's public facts::

    {"c": code uuid, "g": grade, "k": key id, "n": unit name, "s": scope,
     "u": unit USCC (or its uuid), "v": 1, "y": year, "f": valid from (ISO date)}

The private key comes from ``settings.GREENMFG_GREEN_CODE_KEY`` (PEM text, or a path to
a PEM file; env ``GREENMFG_GREEN_CODE_KEY``); without it a development key is generated
once into ``var/green-code-ed25519.pem``. The public key is published at
``/green-code/public-key.pem``. Whether a code is still valid **today** (not withdrawn,
not superseded) is not in the token: the verification page and ``green-code verify``
ask the platform when it is reachable.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "GC1"
DEV_KEY_NAME = "green-code-ed25519.pem"


class TokenError(ValueError):
    """A token that is malformed or whose signature does not verify."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise TokenError("not base64url") from exc


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _load_private(text: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(text, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("GREENMFG_GREEN_CODE_KEY is not an Ed25519 private key")
    return key


def private_key() -> Ed25519PrivateKey:
    """The platform's signing key: the configured one, else the development key in
    ``var/`` (generated on first use, mode 0600)."""
    configured = getattr(settings, "GREENMFG_GREEN_CODE_KEY", "") or ""
    if configured:
        raw = configured.encode()
        if b"BEGIN" not in raw:
            raw = Path(configured).read_bytes()
        return _load_private(raw)
    if getattr(settings, "GREENMFG_PRODUCTION", False):
        raise ImproperlyConfigured(
            "GREENMFG_GREEN_CODE_KEY is not set: a production platform signs 企业绿码 tokens "
            "only with its configured key (docs/deploy.md)"
        )
    path = Path(settings.VAR_DIR) / DEV_KEY_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use that one
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
    return _load_private(path.read_bytes())


def public_key_pem(key: Ed25519PrivateKey | None = None) -> bytes:
    """The platform's public key as PEM (SubjectPublicKeyInfo)."""
    key = key or private_key()
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_id(public: Ed25519PublicKey) -> str:
    """First 16 hex digits of the SHA-256 of the raw public key."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM; ``ValueError`` for anything else."""
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def sign(payload: dict[str, Any], key: Ed25519PrivateKey | None = None) -> str:
    """The token of ``payload`` (``k``, the key id, is added)."""
    key = key or private_key()
    body = canonical({**payload, "k": key_id(key.public_key())})
    return f"{PREFIX}.{_b64(body)}.{_b64(key.sign(body))}"


@dataclass(frozen=True)
class Verified:
    """A token whose signature verified: its payload."""

    payload: dict[str, Any]

    @property
    def code_uuid(self) -> str:
        return str(self.payload.get("c", ""))


def verify(token: str, public: Ed25519PublicKey) -> Verified:
    """Check ``token``'s signature with ``public`` (offline). Returns the payload;
    raises :class:`TokenError` for a malformed token, a signature that does not verify
    (one changed byte) or a key id that is not this key's."""
    parts = (token or "").strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise TokenError("not a green-code token")
    body, sig = _unb64(parts[1]), _unb64(parts[2])
    try:
        public.verify(sig, body)
    except InvalidSignature as exc:
        raise TokenError("signature does not verify") from exc
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise TokenError("payload is not JSON") from exc
    if payload.get("k") != key_id(public):
        raise TokenError("signed with another key")
    return Verified(payload)


def token_from_text(text: str) -> str:
    """The token in a QR's text: the text itself, or the ``t`` parameter of the
    verification URL the card's QR holds."""
    text = (text or "").strip()
    if "t=" in text and "://" in text:
        return parse_qs(urlsplit(text).query).get("t", [""])[0]
    return text
