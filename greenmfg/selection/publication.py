"""Public notices (公示) with real-name objections (异议), and publication (公布) of a
campaign's list: 004 第十条 (7日), 000 第十三条 (10个工作日), 002 第十五条 (5个工作日),
003 第十二条 (经公示无异议)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.reads import identity_read
from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, Reason
from greenmfg.core.limits import submission_check, submission_count
from greenmfg.core.masking import mask_identity, register_masked_fields
from greenmfg.core.receipts import OBJECTION_PREFIX, save_with_receipt
from greenmfg.core.uploads import check_upload, stored_name
from greenmfg.core.vocabulary import Level
from greenmfg.jurisdictions.calendar import period_end
from greenmfg.jurisdictions.models import JurisdictionLevel
from greenmfg.jurisdictions.rulesets import Rules, rules_for
from greenmfg.parties.models import User
from greenmfg.parties.permissions import may, require
from greenmfg.parties.uscc import is_valid_uscc
from greenmfg.register.models import Listing, ListingStatus
from greenmfg.register.services import (
    green_list_create,
    listing_star_raise,
    listings_create_for,
)
from greenmfg.selection.models import (
    APPLICATION_TRANSITIONS,
    CAMPAIGN_TRANSITIONS,
    NOTICE_TRANSITIONS,
    OBJECTION_TRANSITIONS,
    Application,
    ApplicationState,
    Campaign,
    CampaignState,
    NoticeState,
    Objection,
    ObjectionState,
    PublicNotice,
)
from greenmfg.selection.services import campaign_rules
from greenmfg.selection.signals import list_published

A = ApplicationState
PERIOD_UNITS = ("working_days", "calendar_days")


def notice_period(
    rules: Rules, level: str, start: dt.date, *, length: int | None = None, unit: str | None = None
) -> tuple[dt.date, dt.date]:
    """First and last day of a ``level`` notice started on ``start``: the length and
    unit from ``public_notice.<level>.*`` (or, where the rules are silent, as given),
    the counting convention from ``public_notice.count_start_day`` and
    ``public_notice.extend_past_holiday``. Raises ``UnknownCalendarYear`` for a year
    whose holiday schedule is unknown."""
    return period_end(
        start,
        length if length is not None else rules.get(f"public_notice.{level}.length"),
        unit or rules.get(f"public_notice.{level}.unit"),
        count_start=rules.get("public_notice.count_start_day", True),
        extend_past_holiday=rules.get("public_notice.extend_past_holiday", True),
    )


@transaction.atomic
def notice_open(
    *,
    actor: User,
    campaign: Campaign,
    start: dt.date | None = None,
    length: int | None = None,
    unit: str | None = None,
) -> PublicNotice:
    """Publish the public notice of a campaign's approved applications, starting on
    ``start`` (default today); the last day is computed from the ruleset
    (``public_notice.<level>.*``; 004 第十条: 7日, 000 第十三条: 10个工作日). Where the
    rules give no length (003 第十二条 only says “经公示无异议”), the official states
    it (``length``, ``unit``) and the notice records that it set it.

    Out: the notice (audited ``notice.open``); each approved application moves into
    it (``application.notice``). Raises ``NotPermitted`` (``selection.open_notice``),
    ``RuleViolation`` (a start in the past, a second notice, nothing approved, no
    length where the rules set none), ``UnknownCalendarYear``."""
    campaign = lock(campaign)
    require(actor, "selection.open_notice", campaign, message=_("只能办理本辖区的年度批次"))
    today = clock.today()
    start = start or today
    rules = campaign_rules(campaign, today)
    level = campaign.level
    d = Decision()
    if start < today:
        d.refuse("notice.start", _("公示开始日期不能早于今天"))
    if PublicNotice.objects.filter(campaign=campaign).exists():
        d.refuse("notice.duplicate", _("该批次已发布公示"))
    approved = list(
        Application.objects.filter(campaign=campaign, state=A.APPROVED).select_related("unit")
    )
    if not approved:
        d.refuse("notice.empty", _("没有评审通过的申报可以公示"))
    length_key = f"public_notice.{level}.length"
    if rules.has(length_key):
        length, unit = rules.get(length_key), rules.get(f"public_notice.{level}.unit")
        citation = rules.ref(length_key)
    else:
        if not length or length < 1 or unit not in PERIOD_UNITS:
            d.refuse(
                "notice.length_required", _("规则未规定本层级的公示期，请填写公示天数和计算单位")
            )
        with translation.override(settings.LANGUAGE_CODE):
            citation = str(_("规则未规定公示期，由发布机关确定"))
    d.raise_if_refused()
    first, last = notice_period(rules, level, start, length=length, unit=unit)
    with translation.override(settings.LANGUAGE_CODE):
        title = rules.get(f"list_title.{level}").format(
            year=campaign.year, jurisdiction=campaign.jurisdiction.name
        ) + str(_("拟列入名单公示"))
    notice = PublicNotice.objects.create(
        campaign=campaign,
        title=title,
        first_day=first,
        last_day=last,
        length=length,
        unit=unit,
        citation=citation,
    )
    record_event(
        actor=actor,
        action="notice.open",
        obj=notice,
        to_state=notice.state,
        citations=[citation],
        payload={
            "first_day": first.isoformat(),
            "last_day": last.isoformat(),
            "applications": [str(a.uuid) for a in approved],
        },
    )
    for app in approved:
        apply_transition(
            app,
            to=A.IN_NOTICE,
            actor=actor,
            action="application.notice",
            allowed=APPLICATION_TRANSITIONS,
            updates={"notice": notice},
            citations=[citation],
        )
    return notice


ID_CARD = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def is_valid_id_card(number: str) -> bool:
    """China resident ID card number (GB 11643-1999, ISO 7064 MOD 11-2 check)."""
    number = number.upper()
    if not ID_CARD.match(number):
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17]


OBJECTION_FIELDS = (
    "objector_name",
    "objector_id_number",
    "objector_phone",
    "objector_email",
    "statement",
)

OBJECTOR_IDENTITY_FIELDS = OBJECTION_FIELDS[:4]
register_masked_fields("selection.objection", OBJECTOR_IDENTITY_FIELDS)


def objector_identity(objection: Objection, user) -> dict[str, str]:
    """The objector's identity fields as ``user`` may see them: in full for the
    officials who handle the objection (``selection.see_objector``), and then the read
    is an audit event (greenmfg/audit/reads.py); masked otherwise."""
    if may(user, "selection.see_objector", objection):
        identity_read(actor=user, obj=objection, fields=OBJECTOR_IDENTITY_FIELDS)
        return {k: getattr(objection, k) for k in OBJECTOR_IDENTITY_FIELDS}
    return mask_identity(objection, OBJECTOR_IDENTITY_FIELDS)


@transaction.atomic
def objection_submit(
    *,
    actor,
    notice: PublicNotice,
    application: Application,
    data: dict[str, Any],
    evidence: UploadedFile | None = None,
    client: str | None = None,
) -> Objection:
    """A real-name objection (异议) to one unit during its public notice.

    Anyone may object, signed in or not; the identity (name, ID number or USCC, phone,
    e-mail) is required and shown only to the handling officials. Refused outside the
    notice period or for a unit not in this notice. ``client``: the sender's address
    (the views give it): at most ``GREENMFG_PUBLIC_SUBMISSIONS_PER_ADDRESS`` objections
    from one address and ``…_PER_TARGET`` against one application (core/limits.py);
    raises RateLimited (429) past them.

    Out: the objection with its ``receipt_number`` (``YY-<year>-NNNNNN``) and, on this
    instance only, ``check_code`` (查询码: stored as an HMAC, shown once; the public
    lookup needs both).
    """
    submission_check("objection", client=client, target=str(application.uuid))
    today = clock.today()
    d = Decision()
    if application.notice_id != notice.id or application.state != A.IN_NOTICE:
        d.refuse("objection.not_in_notice", _("该单位不在本次公示名单中"))
    if not notice.is_running_on(today):
        d.refuse(
            "objection.period",
            _("公示期为{first}至{last}，不在公示期内"),
            notice.citation,
            first=notice.first_day,
            last=notice.last_day,
        )
    clean = {k: str(data.get(k, "") or "").strip() for k in OBJECTION_FIELDS}
    if not clean["objector_name"]:
        d.refuse("objection.name", _("请填写异议人姓名或单位名称（实名）"))
    idn = clean["objector_id_number"].upper()
    if not (is_valid_id_card(idn) or is_valid_uscc(idn)):
        d.refuse("objection.id_number", _("请填写有效的身份证号码或统一社会信用代码"))
    if not re.match(r"^[0-9+\- ]{7,20}$", clean["objector_phone"]):
        d.refuse("objection.phone", _("请填写有效的联系电话"))
    if len(clean["statement"]) < 10:
        d.refuse("objection.statement", _("请具体说明异议内容（至少10个字）"))
    evidence_name = ""
    if evidence is not None:
        ctype, sha = check_upload(evidence)
        evidence_name = stored_name(ctype, sha)
    d.raise_if_refused()
    clean["objector_id_number"] = idn
    obj = Objection(notice=notice, application=application, submitted_on=today, **clean)
    obj.full_clean(exclude=["notice", "application", "evidence"])
    if evidence is not None:
        evidence.name = evidence_name
        obj.evidence = evidence
    # the receipt number and check code (core/receipts.py); the code is shown once
    obj.check_code = save_with_receipt(obj, OBJECTION_PREFIX, today.year)
    record_event(
        actor=actor,
        action="objection.submit",
        obj=obj,
        to_state=obj.state,
        payload={"application": str(application.uuid)},
    )
    submission_count("objection", client=client, target=str(application.uuid))
    return obj


@transaction.atomic
def objection_handle(*, actor: User, objection: Objection, outcome: str, reason: str) -> Objection:
    """Close an objection: ``upheld`` (the unit leaves this round) or ``dismissed``,
    with the reasons recorded; by an official of the notice's jurisdiction (004 第十条:
    经公示无异议后纳入名单).

    Out: the objection (``objection.<outcome>``); an upheld objection withdraws the
    application from the notice (``application.withdraw_after_objection``). Raises
    ``NotPermitted`` (``selection.handle_objection``), ``RuleViolation``
    (``objection.reason_required``), ``TransitionConflict`` when already handled;
    ``ValueError`` for an unknown outcome."""
    obj = lock(objection)
    require(actor, "selection.handle_objection", obj, message=_("只能处理本辖区公示的异议"))
    notice = obj.notice
    if outcome not in (ObjectionState.UPHELD, ObjectionState.DISMISSED):
        raise ValueError(f"unknown outcome {outcome!r}")
    if not reason.strip():
        Decision([Reason("objection.reason_required", _("请填写处理意见"))]).raise_if_refused()
    today = clock.today()
    apply_transition(
        obj,
        to=outcome,
        actor=actor,
        action=f"objection.{outcome}",
        allowed=OBJECTION_TRANSITIONS,
        updates={"outcome_reason": reason, "handled_on": today},
        reason=reason,
    )
    if outcome == ObjectionState.UPHELD:
        app = lock(obj.application)
        if app.state == A.IN_NOTICE:
            apply_transition(
                app,
                to=A.WITHDRAWN,
                actor=actor,
                action="application.withdraw_after_objection",
                allowed=APPLICATION_TRANSITIONS,
                updates={"last_decision": reason},
                reason=reason,
                citations=[notice.citation],
            )
    return obj


@transaction.atomic
def list_publish(*, actor: User, campaign: Campaign):
    """Publish the campaign's list (公布) after its notice has ended with every
    objection closed (004 第十条: 经公示7日无异议后纳入名单并予以公布). The units still in
    the notice are listed with their star or grade; where a unit's city grades its
    municipal list by stars, its municipal star rises with the upper listing
    (004 第三条、第十一条).

    Out: the new GreenList; each application listed (``application.list``), the
    notice closed, the campaign published (``campaign.publish``). Raises
    ``NotPermitted`` (``selection.publish_list``), ``RuleViolation`` (already
    published, no notice, the notice running, open objections, nobody left)."""
    campaign = lock(campaign)
    require(actor, "selection.publish_list", campaign, message=_("只能办理本辖区的年度批次"))
    today = clock.today()
    rules = campaign_rules(campaign, today)
    d = Decision()
    if campaign.state != CampaignState.OPEN:
        d.refuse("publish.already", _("该批次名单已经公布"))
        d.raise_if_refused()
    notice = PublicNotice.objects.filter(campaign=campaign).first()
    if notice is None:
        d.refuse("publish.no_notice", _("名单须先经公示"))
        d.raise_if_refused()
    if today <= notice.last_day:
        d.refuse(
            "publish.notice_running",
            _("公示期至{last}结束，结束后方可公布"),
            notice.citation,
            last=notice.last_day,
        )
    open_count = notice.objections.filter(state=ObjectionState.OPEN).count()
    if open_count:
        d.refuse(
            "publish.open_objections", _("尚有{n}件异议未处理完毕"), notice.citation, n=open_count
        )
    apps = list(
        Application.objects.filter(campaign=campaign, state=A.IN_NOTICE).select_related(
            "unit", "unit__registered_division", "unit__industry", "report__agency"
        )
    )
    if not apps and d.ok:
        d.refuse("publish.empty", _("公示名单中已没有可列入的单位"), notice.citation)
    d.raise_if_refused()
    green_list = green_list_create(
        jurisdiction=campaign.jurisdiction,
        level=campaign.level,
        year=campaign.year,
        title=rules.get(f"list_title.{campaign.level}").format(
            year=campaign.year, jurisdiction=campaign.jurisdiction.name
        ),
        published_on=today,
        campaign=campaign,
    )
    for app in apps:
        apply_transition(
            app,
            to=A.LISTED,
            actor=actor,
            action="application.list",
            allowed=APPLICATION_TRANSITIONS,
            updates={"listed_on": today},
            citations=[notice.citation],
        )
    listings_create_for(green_list=green_list, applications=apps, listed_on=today)
    # the apps above selection act on the new list in this transaction (rewards)
    list_published.send(
        sender=Campaign, campaign=campaign, green_list=green_list, on=today, actor=actor
    )
    if campaign.level != Level.MUNICIPAL:
        raise_municipal_stars(actor=actor, applications=apps, level=campaign.level, on=today)
    apply_transition(
        notice,
        to=NoticeState.CLOSED,
        actor=actor,
        action="notice.close",
        allowed=NOTICE_TRANSITIONS,
    )
    apply_transition(
        campaign,
        to=CampaignState.PUBLISHED,
        actor=actor,
        action="campaign.publish",
        allowed=CAMPAIGN_TRANSITIONS,
        citations=[notice.citation],
        payload={"green_list": str(green_list.uuid), "listed": len(apps)},
    )
    return green_list


def raise_municipal_stars(*, actor, applications, level: str, on: dt.date) -> int:
    """Raise the star of each unit's active municipal listing of the same list type to
    ``stars.<level>`` of its city's rules, when higher and the type is starred
    (``stars.list_types``; 004 第三条、第十一条: a provincial green factory → 2 stars,
    national → 3 stars, automatically; a supply-chain listing raises nothing). Returns how many listings rose; each rise is one
    transition of the register (:func:`greenmfg.register.services.listing_star_raise`),
    audited."""
    raised = 0
    unit_ids = [a.unit_id for a in applications]
    types_of = {}
    for a in applications:
        types_of.setdefault(a.unit_id, set()).add(a.list_type)
    municipal = Listing.objects.filter(
        unit_id__in=unit_ids, level=Level.MUNICIPAL, status=ListingStatus.ACTIVE
    ).select_related("green_list__jurisdiction")
    for listing in municipal:
        city_rules = rules_for(listing.green_list.jurisdiction, on)
        # 004 第三条、第十一条: 获评省级、国家级绿色工厂 raises the green-factory star only
        starred = city_rules.get("stars.list_types", None)
        if listing.list_type not in types_of.get(listing.unit_id, ()):
            continue
        if starred is not None and listing.list_type not in starred:
            continue
        if (
            city_rules.has(f"stars.{level}")
            and listing.green_list.jurisdiction.level == JurisdictionLevel.CITY
        ):
            star = city_rules.get(f"stars.{level}")
            if listing.star is None or listing.star < star:
                listing_star_raise(
                    actor=actor,
                    listing=listing,
                    star=star,
                    citations=[city_rules.ref(f"stars.{level}")],
                    payload={"level": level},
                )
                raised += 1
    return raised
