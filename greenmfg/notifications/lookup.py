"""The public lookup of a receipt (办理进度查询): a receipt number and its check code
(core/receipts.py) → the state and the handling opinion of the objection or complaint,
never the sender's identity nor the evidence. Rate-limited per address and per number
(``GREENMFG_RECEIPT_LOOKUPS_PER_ADDRESS``, ``…_PER_NUMBER``; core/limits.py): every
lookup counts, found or not, so a check code cannot be guessed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from greenmfg.core.limits import submission_check, submission_count
from greenmfg.core.receipts import (
    COMPLAINT_PREFIX,
    NUMBER_RE,
    OBJECTION_PREFIX,
    check_matches,
    normalise,
)
from greenmfg.selection.models import Objection
from greenmfg.supervision.models import Complaint

LOOKUP_RATES = ("GREENMFG_RECEIPT_LOOKUPS_PER_ADDRESS", "GREENMFG_RECEIPT_LOOKUPS_PER_NUMBER")


@dataclass
class ReceiptStatus:
    """What the public reads of a receipt: the kind (异议/举报), the number, the state
    (code and label), the dates (ISO) and the handling opinion once handled."""

    kind: str
    kind_label: str
    receipt_number: str
    state: str
    state_label: str
    submitted_on: dt.date
    handled_on: dt.date | None
    outcome: str


def receipt_lookup(number: str, code: str, *, client: str | None) -> ReceiptStatus | None:
    """The status of receipt ``number`` when ``code`` is its check code; ``None`` when
    the number is unknown or the code wrong (the answer does not say which). Raises
    ``RateLimited`` (429) past the lookup rates; each call counts."""
    number, code = normalise(number), normalise(code)
    submission_check("receipt", client=client, target=number or None, rates=LOOKUP_RATES)
    submission_count("receipt", client=client, target=number or None, rates=LOOKUP_RATES)
    match = NUMBER_RE.match(number)
    if not match or not code:
        return None
    if match.group(1) == OBJECTION_PREFIX:
        obj = Objection.objects.filter(receipt_number=number).first()
        kind, kind_label = "objection", _("公示异议")
    else:
        assert match.group(1) == COMPLAINT_PREFIX
        obj = Complaint.objects.filter(receipt_number=number).first()
        kind, kind_label = "complaint", _("举报")
    if obj is None or not check_matches(number, code, obj.check_digest):
        return None
    return ReceiptStatus(
        kind=kind,
        kind_label=kind_label,
        receipt_number=number,
        state=obj.state,
        state_label=obj.get_state_display(),
        submitted_on=obj.submitted_on,
        handled_on=obj.handled_on,
        outcome=obj.outcome_reason if not obj.is_open else "",
    )
