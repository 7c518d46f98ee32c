"""Receipt numbers and check codes of what the public sends (issue 18 item 3): an
objection (异议) gets ``YY-2026-000123``, a complaint (举报/投诉) ``TS-2026-000123`` —
the prefix, the year of submission (platform date) and a six-digit sequence per
prefix and year — and a secret check code of 8 characters (digits and capitals
without 0/O/1/I/L), shown once to the sender. Only an HMAC of the code is stored
(``check_digest``), so a database reader cannot look a receipt up; the lookup
(``notifications.lookup``) needs both and is rate-limited (docs/security.md).
"""

from __future__ import annotations

import hmac
import re
import secrets

from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

#: the prefix of each kind of receipt
OBJECTION_PREFIX = "YY"
COMPLAINT_PREFIX = "TS"
#: what a receipt number looks like (upper case)
NUMBER_RE = re.compile(r"^(YY|TS)-(\d{4})-(\d{6})$")
#: the check code's alphabet (no 0/O, 1/I/L: read aloud and typed without confusion)
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_check_code() -> str:
    """A fresh random check code (``secrets``: about 40 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise(text: str) -> str:
    """A number or a code as typed → upper case, without spaces."""
    return re.sub(r"\s+", "", text or "").upper()


def check_digest(number: str, code: str) -> str:
    """The stored HMAC-SHA256 (hex) of ``code`` for receipt ``number`` (keyed by
    ``SECRET_KEY``)."""
    return salted_hmac(
        "greenmfg.receipt", f"{number}:{normalise(code)}", algorithm="sha256"
    ).hexdigest()


def check_matches(number: str, code: str, digest: str) -> bool:
    """Whether ``code`` is the check code of receipt ``number`` (constant time; False
    for a receipt without a code, e.g. one numbered by the backfill)."""
    return bool(digest) and hmac.compare_digest(check_digest(number, code), digest)


def next_number(model, prefix: str, year: int) -> str:
    """The next free number ``<prefix>-<year>-NNNNNN`` of ``model`` (``receipt_number``)."""
    start = f"{prefix}-{year:04d}-"
    last = (
        model.objects.filter(receipt_number__startswith=start)
        .order_by("-receipt_number")
        .values_list("receipt_number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{start}{seq:06d}"


def save_with_receipt(obj, prefix: str, year: int, *, attempts: int = 5) -> str:
    """Give ``obj`` (a new model instance with ``receipt_number`` and ``check_digest``)
    the next number and a fresh check code, and save it; a number taken meanwhile by a
    concurrent submission (the unique constraint) is retried with the next one.
    Out: the check code in clear (to show once). Raises IntegrityError after
    ``attempts`` collisions."""
    for attempt in range(attempts):
        number = next_number(type(obj), prefix, year)
        code = new_check_code()
        obj.receipt_number = number
        obj.check_digest = check_digest(number, code)
        try:
            with transaction.atomic():
                obj.save()
            return code
        except IntegrityError:
            if attempt == attempts - 1:
                raise
            obj.pk = None
    raise IntegrityError("no receipt number")  # pragma: no cover - loop returns or raises
