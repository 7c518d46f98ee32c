"""``Idempotency-Key`` for the API's writes (POST, PUT, PATCH, DELETE under ``/api/v1/``).

A client that may send a request twice (a retry after a timeout, a double click) sends a
key of its choosing with it. The first request is handled and its answer stored; the same
key from the same caller with the same request gets the stored answer again, marked
``Idempotent-Replayed: true``, and nothing is done twice. The same key with a different
request is refused (422), and while the first request is still being handled a second one
is refused (409). Keys are kept 24 hours; a 5xx answer is not kept (the retry runs again).

The caller is the credential sent (a hash of the ``Authorization`` header), else the
signed-in session's user, else the public; the request's fingerprint is the method, path,
query, content type and a SHA-256 of the body (only the length for bodies over 1 MiB,
uploads, which are not read into memory here). Token sign-in (``/api/v1/auth/``) is never
stored. Transitions are protected without a key too: a repeated transition is refused by
its compare-and-set (409 with reasons); the key makes creations (an objection, a complaint,
an upload) safe to retry as well. docs/api.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from greenmfg.api.models import IdempotencyRecord

HEADER = "Idempotency-Key"
KEY_RE = re.compile(r"^[\x21-\x7e]{1,255}$")
METHODS = {"POST", "PUT", "PATCH", "DELETE"}
PREFIX = "/api/v1/"
NEVER = ("/api/v1/auth/",)
IDEMPOTENCY_TTL = dt.timedelta(hours=24)
#: a first request that has not answered after this long died with its process
STALE_AFTER = dt.timedelta(minutes=5)
MAX_HASHED_BODY = 1024 * 1024
MAX_STORED_ANSWER = 1024 * 1024


def _answer(status: int, detail: str) -> HttpResponse:
    return HttpResponse(
        json.dumps({"detail": detail}, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )


def _scope(request) -> str:
    auth = request.headers.get("Authorization", "")
    if auth:
        return "auth:" + hashlib.sha256(auth.encode()).hexdigest()[:64]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "public"


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    for part in (
        request.method,
        request.path,
        request.META.get("QUERY_STRING", ""),
        request.META.get("CONTENT_TYPE", ""),
        str(length),
    ):
        digest.update(part.encode("utf-8", "replace") + b"\0")
    if length <= MAX_HASHED_BODY:
        digest.update(request.body)
    return digest.hexdigest()


class IdempotencyMiddleware:
    """Replays the stored answer of a repeated ``Idempotency-Key`` (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if (
            key is None
            or request.method not in METHODS
            or not request.path.startswith(PREFIX)
            or request.path.startswith(NEVER)
        ):
            return self.get_response(request)
        if not KEY_RE.match(key):
            return _answer(400, "Idempotency-Key 须为1至255个可见ASCII字符")
        scope, fingerprint, now = _scope(request), _fingerprint(request), timezone.now()
        IdempotencyRecord.objects.filter(created_at__lt=now - IDEMPOTENCY_TTL).delete()
        record = self._claim(scope, key, fingerprint)
        if not isinstance(record, IdempotencyRecord):
            return record
        try:
            response = self.get_response(request)
        except BaseException:
            record.delete()
            raise
        body = b"" if response.streaming else response.content
        if response.status_code >= 500 or response.streaming or len(body) > MAX_STORED_ANSWER:
            record.delete()
        else:
            IdempotencyRecord.objects.filter(pk=record.pk).update(
                status_code=response.status_code,
                content_type=response.get("Content-Type", ""),
                body=body,
            )
        return response

    @staticmethod
    def _claim(scope: str, key: str, fingerprint: str) -> IdempotencyRecord | HttpResponse:
        """The caller's new record for ``key``, or the answer to give instead: the stored
        one replayed, 422 for another request under the same key, 409 while the first
        is still being handled."""
        for _attempt in range(2):
            try:
                with transaction.atomic():
                    return IdempotencyRecord.objects.create(
                        scope=scope, key=key, fingerprint=fingerprint
                    )
            except IntegrityError:
                pass
            existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
            if existing is None:
                continue
            if existing.fingerprint != fingerprint:
                return _answer(422, "该 Idempotency-Key 已用于另一个请求，请换一个键")
            if existing.status_code is None:
                if existing.created_at < timezone.now() - STALE_AFTER:
                    existing.delete()
                    continue
                return _answer(409, "同一 Idempotency-Key 的请求仍在处理中，请稍后重试")
            replay = HttpResponse(
                bytes(existing.body),
                status=existing.status_code,
                content_type=existing.content_type or "application/json",
            )
            replay["Idempotent-Replayed"] = "true"
            return replay
        return _answer(409, "同一 Idempotency-Key 的请求仍在处理中，请稍后重试")
