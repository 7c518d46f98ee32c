"""Real-name complaints (实名举报) against a listed unit or a third-party agency about
the truth and accuracy of its information (000 第二十五条, 002 第二十二条,
003 第二十一条).

Anyone may complain, signed in or not, with name, ID number or USCC, contact and
evidence (``complaints.real_name``). The complaint goes to the authority the rules of
the target's jurisdiction name (``complaints.to``: the city; Luoyang the county or the
city, as the complainant chooses) and must be verified within
``complaints.verification_days``. Outcomes: dismissed with reasons, rectification with
a deadline, removal (a removal proposal with an annual cause), agency sanction (the
outcome is recorded; the sanction itself is the agencies module's). The complainant's
identity is visible only to the officials of the handling authority.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.services import fraud_finding_record
from greenmfg.audit.reads import identity_read
from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision
from greenmfg.core.limits import submission_check, submission_count
from greenmfg.core.masking import mask_identity, register_masked_fields
from greenmfg.core.receipts import COMPLAINT_PREFIX, save_with_receipt
from greenmfg.core.uploads import check_upload, stored_name
from greenmfg.parties.models import OrganisationKind
from greenmfg.parties.permissions import may, require
from greenmfg.parties.uscc import is_valid_uscc
from greenmfg.selection.publication import is_valid_id_card
from greenmfg.supervision.common import active_listings, unit_rules
from greenmfg.supervision.complaints.models import (
    COMPLAINT_TRANSITIONS,
    Complaint,
    ComplaintState,
)
from greenmfg.supervision.removals.services import (
    annual_cause_reasons,
    create_proposal,
    publishing_authority,
)
from greenmfg.supervision.rules import authority_only

IDENTITY_FIELDS = (
    "complainant_name",
    "complainant_id_number",
    "complainant_phone",
    "complainant_email",
)
register_masked_fields("supervision.complaint", IDENTITY_FIELDS)
UNIT_OUTCOMES = (ComplaintState.DISMISSED, ComplaintState.RECTIFICATION, ComplaintState.REMOVAL)
AGENCY_OUTCOMES = (ComplaintState.DISMISSED, ComplaintState.AGENCY_SANCTION)


def complaint_routes(target, on: dt.date) -> tuple[list[str], str]:
    """The authority levels a complaint against ``target`` may go to, and the article."""
    rules = unit_rules(target, on)
    return rules.get("complaints.to", ["city"]), (
        rules.ref("complaints.to") if rules.has("complaints.to") else ""
    )


def is_complaint_target(target) -> bool:
    """A unit with an active listing, or a third-party agency."""
    return target.kind == OrganisationKind.AGENCY or active_listings(target).exists()


@transaction.atomic
def complaint_submit(
    *,
    actor,
    target,
    data: dict[str, Any],
    evidence: UploadedFile | None,
    handler_level: str | None = None,
    client: str | None = None,
) -> Complaint:
    """File a real-name complaint (anyone, signed in or not: 000 第二十五条); refused
    without identity, contact, a statement of at least 10 characters or the evidence
    (佐证材料) where ``complaints.real_name`` requires it, or to an authority the rules do
    not name (``complaints.to``). ``client``: the sender's address (the views give it):
    at most ``GREENMFG_PUBLIC_SUBMISSIONS_PER_ADDRESS`` complaints from one address and
    ``…_PER_TARGET`` against one target (core/limits.py). Returns the complaint with its
    ``receipt_number`` (``TS-<year>-NNNNNN``) and, on this instance only, ``check_code``
    (查询码, shown once); raises RuleViolation, RateLimited (429)."""
    submission_check("complaint", client=client, target=str(target.uuid))
    today = clock.today()
    rules = unit_rules(target, today)
    real_name_ref = rules.ref("complaints.real_name") if rules.has("complaints.real_name") else ""
    d = Decision()
    if not is_complaint_target(target):
        d.refuse("complaint.target", _("只能举报绿色制造名单单位或第三方评价机构"))
    clean = {k: str(data.get(k, "") or "").strip() for k in (*IDENTITY_FIELDS, "statement")}
    if not clean["complainant_name"]:
        d.refuse("complaint.name", _("请填写举报人姓名或单位名称（实名）"), real_name_ref)
    idn = clean["complainant_id_number"].upper()
    if not (is_valid_id_card(idn) or is_valid_uscc(idn)):
        d.refuse(
            "complaint.id_number", _("请填写有效的身份证号码或统一社会信用代码"), real_name_ref
        )
    if not re.match(r"^[0-9+\- ]{7,20}$", clean["complainant_phone"]):
        d.refuse("complaint.phone", _("请填写有效的联系电话"), real_name_ref)
    if len(clean["statement"]) < 10:
        d.refuse("complaint.statement", _("请具体说明举报事项（至少10个字）"))
    evidence_name = ""
    if evidence is None:
        if rules.get("complaints.real_name", True):
            d.refuse("complaint.evidence", _("请提供佐证材料"), real_name_ref)
    else:
        ctype, sha = check_upload(evidence)
        evidence_name = stored_name(ctype, sha)
    levels, routes_ref = complaint_routes(target, today)
    level = handler_level or levels[0]
    if level not in levels:
        d.refuse("complaint.route", _("举报应向规定的主管部门提出"), routes_ref)
    d.raise_if_refused()
    handler = target.registered_division.ancestor_at(level)
    days = rules.get("complaints.verification_days", 30)
    due_ref = (
        rules.ref("complaints.verification_days")
        if rules.has("complaints.verification_days")
        else ""
    )
    clean["complainant_id_number"] = idn
    complaint = Complaint(
        target=target,
        submitted_on=today,
        handler=handler,
        handler_ref=routes_ref,
        due_on=today + dt.timedelta(days=days),
        due_ref=due_ref,
        **clean,
    )
    complaint.full_clean(exclude=["target", "handler", "evidence"])
    if evidence is not None:
        evidence.name = evidence_name
        complaint.evidence = evidence
    # the receipt number and check code (core/receipts.py); the code is shown once
    complaint.check_code = save_with_receipt(complaint, COMPLAINT_PREFIX, today.year)
    # the audit record carries no identity: it is shown on timelines
    record_event(
        actor=actor,
        action="complaint.submit",
        obj=complaint,
        to_state=complaint.state,
        citations=[routes_ref],
        payload={"target": str(target.uuid), "handler": handler.code},
    )
    submission_count("complaint", client=client, target=str(target.uuid))
    return complaint


@transaction.atomic
def complaint_handle(
    *,
    actor,
    complaint: Complaint,
    outcome: str,
    reason: str,
    rectification_due: dt.date | None = None,
    removal_cause: str = "",
    agency_fraud: bool = False,
) -> Complaint:
    """Close a complaint after verification (by the handling authority). With the
    outcome "agency sanction" and ``agency_fraud`` (经查实弄虚作假或故意隐瞒评价对象问题),
    the agency fraud finding is recorded too: its reports are not accepted for
    ``agency.distrust_years`` (000 第二十五条 → 第二十四条; greenmfg.agencies). Returns the
    complaint; raises NotPermitted (not the handling authority), RuleViolation (an
    outcome that does not fit the target, no reason, a rectification without a later
    deadline, a removal cause the rules do not name), TransitionConflict."""
    complaint = lock(complaint)
    require(actor, "supervision.handle_complaint", complaint, authority_only(complaint.handler))
    today = clock.today()
    target = complaint.target
    is_agency = target.kind == OrganisationKind.AGENCY
    d = Decision()
    allowed = AGENCY_OUTCOMES if is_agency else UNIT_OUTCOMES
    if outcome not in allowed:
        d.refuse("complaint.outcome", _("该举报对象不适用此处理结果"))
        d.raise_if_refused()
    if not reason.strip():
        d.refuse("complaint.reason", _("请填写核实情况和处理意见"))
    if outcome == ComplaintState.RECTIFICATION and (
        rectification_due is None or rectification_due <= today
    ):
        d.refuse("complaint.rectification_due", _("请填写晚于今天的整改期限"))
    rules = unit_rules(target, today)
    if outcome == ComplaintState.REMOVAL:
        d.extend(annual_cause_reasons(rules, removal_cause))
    if agency_fraud and outcome != ComplaintState.AGENCY_SANCTION:
        d.refuse("complaint.agency_fraud", _("认定弄虚作假须选择“第三方机构按规定处理”"))
    d.raise_if_refused()
    apply_transition(
        complaint,
        to=outcome,
        actor=actor,
        action=f"complaint.{outcome}",
        allowed=COMPLAINT_TRANSITIONS,
        updates={
            "outcome_reason": reason.strip(),
            "handled_on": today,
            "rectification_due": rectification_due
            if outcome == ComplaintState.RECTIFICATION
            else None,
        },
        reason=reason.strip(),
        citations=[complaint.handler_ref],
        payload={"overdue": today > complaint.due_on},
    )
    if outcome == ComplaintState.REMOVAL:
        create_proposal(
            actor=actor,
            unit=target,
            authority=publishing_authority(target, complaint.handler),
            cause=removal_cause,
            citation=rules.ref("removal.annual_causes"),
            reason=reason.strip(),
            on=today,
            complaint=complaint,
        )
    if outcome == ComplaintState.AGENCY_SANCTION and agency_fraud:
        fraud_finding_record(
            actor=actor,
            agency=target,
            decided_on=today,
            description=reason.strip(),
            complaint=complaint,
        )
    return complaint


# --- who sees the complainant ----------------------------------------------------------------


def can_see_identity(user, complaint: Complaint) -> bool:
    """Only the officials of the handling authority see who complained
    (``supervision.see_complainant``)."""
    return user is not None and may(user, "supervision.see_complainant", complaint)


def masked(complaint: Complaint, user) -> dict[str, str]:
    """The identity fields as ``user`` may see them: in full for the handling officials,
    masked (``张*``, ``110105********002X``, ``138****8000``) for everyone else. A read
    in full is an audit event (greenmfg/audit/reads.py)."""
    if can_see_identity(user, complaint):
        identity_read(actor=user, obj=complaint, fields=IDENTITY_FIELDS)
        return {k: getattr(complaint, k) for k in IDENTITY_FIELDS}
    return mask_identity(complaint, IDENTITY_FIELDS)
