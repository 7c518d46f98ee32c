"""Service functions of the networks app: one per transition, each checking who acts
(``networks.rules``), the state and the data, then changing state by compare-and-set and
auditing it in one transaction.

- memberships (000 第九条(二)、第十条(二); 002 第九条(二)、第十条(二); 004 第七条(二)2、(三)2):
  :func:`membership_invite`, :func:`membership_accept`, :func:`membership_decline`,
  :func:`membership_end`; a whole roster at once: :func:`roster_import`;
- cultivation plans: :func:`plan_create`, :func:`plan_publish`, :func:`plan_withdraw`;
- the lead's pilot status (001 二(三)): :func:`lead_profile_update`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, Reason, RuleViolation
from greenmfg.core.spreadsheets import csv_uncell
from greenmfg.core.text import find_control_character
from greenmfg.networks.models import (
    MEMBERSHIP_TRANSITIONS,
    PLAN_TRANSITIONS,
    CultivationPlan,
    LeadProfile,
    Membership,
    MembershipState,
    NetworkKind,
    PlanState,
    PlanTarget,
    TargetLevel,
)
from greenmfg.parties.models import Organisation
from greenmfg.parties.permissions import require
from greenmfg.parties.uscc import validate_uscc

M = MembershipState
NOT_YOUR_NETWORK = _("只能维护本园区的企业或本企业的供应商")
NOT_YOUR_INVITATION = _("只能由被邀请的企业本身确认或谢绝")
#: the roster's columns and the headers accepted for each
ROSTER_COLUMNS = {
    "uscc": ("统一社会信用代码", "uscc", "credit code"),
    "name": ("企业名称", "名称", "name"),
    "tier": ("供应商层级", "层级", "tier"),
    "since": ("起始日期", "since", "from"),
    "until": ("终止日期", "until"),
}
#: most rows a roster may hold
ROSTER_MAX_ROWS = 5_000


def _province(code: str) -> str:
    """The province part (2 digits) of a 6-digit division code."""
    return code[:2]


def membership_problems(owner: Organisation, kind: str, uscc: str) -> list[Reason]:
    """What stops ``uscc`` from joining ``owner``'s network of ``kind``: an invalid code,
    the owner itself, a unit registered in another province (its code's division part;
    the province's gradient is what the network builds), an invitation or membership
    already open."""
    d = Decision()
    problem = validate_uscc(uscc)
    if problem:
        d.refuse("membership.uscc", _("统一社会信用代码无效：{problem}"), problem=problem)
        return d.reasons
    if owner.uscc and uscc == owner.uscc:
        d.refuse("membership.self", _("不能邀请本单位自身"))
    if _province(uscc[2:8]) != _province(owner.registered_division.code):
        d.refuse(
            "membership.other_province",
            _("该企业注册地（{division}）不在本省，不能纳入本省梯度培育"),
            division=uscc[2:8],
        )
    if Membership.objects.filter(
        owner=owner, kind=kind, uscc=uscc, state__in=M.open_states()
    ).exists():
        d.refuse("membership.duplicate", _("该企业已在名册中（待确认或已确认）"))
    return d.reasons


def _check_kind(actor, kind: str) -> None:
    if kind not in NetworkKind.values:
        raise ValueError(f"unknown network kind {kind!r}")
    require(actor, "networks.maintain", kind, NOT_YOUR_NETWORK)


@transaction.atomic
def membership_invite(
    *,
    actor,
    kind: str,
    uscc: str,
    name: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    tier: int | None = None,
    note: str = "",
) -> Membership:
    """The park (kind ``park``) or the lead (kind ``supply_chain``) invites an enterprise
    by its unified social credit code, from ``since`` (default today) until ``until``;
    ``tier`` for suppliers (1 = direct). The enterprise confirms from its own account
    (000 第九条(二)、第十条(二)). Returns the invitation; raises NotPermitted (not the
    owner), RuleViolation (:func:`membership_problems`; ``membership.dates``,
    ``membership.name``, ``membership.tier``)."""
    _check_kind(actor, kind)
    owner = lock(Organisation, pk=actor.organisation_id)
    uscc = (uscc or "").strip().upper()
    today = clock.today()
    d = Decision(membership_problems(owner, kind, uscc))
    d.extend(_row_reasons(kind, name, since or today, until, tier))
    d.raise_if_refused()
    return _invite(actor, owner, kind, uscc, name.strip(), since or today, until, tier, note, today)


def _row_reasons(kind, name, since, until, tier) -> list[Reason]:
    d = Decision()
    if not (name or "").strip():
        d.refuse("membership.name", _("请填写企业名称"))
    if until is not None and until < since:
        d.refuse("membership.dates", _("终止日期不能早于起始日期"))
    if tier is not None and (kind != NetworkKind.SUPPLY_CHAIN or not 1 <= tier <= 9):
        d.refuse("membership.tier", _("供应商层级只适用于供应商，取1–9"))
    return d.reasons


def _invite(actor, owner, kind, uscc, name, since, until, tier, note, today) -> Membership:
    membership = Membership.objects.create(
        owner=owner,
        kind=kind,
        uscc=uscc,
        name=name,
        member=Organisation.objects.filter(uscc=uscc).first(),
        tier=tier,
        since=since,
        until=until,
        invited_on=today,
        note=note,
    )
    record_event(
        actor=actor,
        action="membership.invite",
        obj=membership,
        to_state=M.INVITED,
        payload={"kind": kind, "uscc": uscc, "tier": tier},
    )
    return membership


@transaction.atomic
def membership_accept(*, actor, membership: Membership) -> Membership:
    """The invited enterprise confirms it belongs to the park or supplies the lead.
    Raises NotPermitted (not the invited enterprise), TransitionConflict (not invited)."""
    membership = lock(membership)
    require(actor, "networks.respond", membership, NOT_YOUR_INVITATION)
    return apply_transition(
        membership,
        to=M.ACCEPTED,
        actor=actor,
        action="membership.accept",
        allowed=MEMBERSHIP_TRANSITIONS,
        updates={"decided_on": clock.today(), "member_id": actor.organisation_id},
    )


@transaction.atomic
def membership_decline(*, actor, membership: Membership, reason: str = "") -> Membership:
    """The invited enterprise declines. Raises NotPermitted, TransitionConflict."""
    membership = lock(membership)
    require(actor, "networks.respond", membership, NOT_YOUR_INVITATION)
    return apply_transition(
        membership,
        to=M.DECLINED,
        actor=actor,
        action="membership.decline",
        allowed=MEMBERSHIP_TRANSITIONS,
        updates={"decided_on": clock.today(), "member_id": actor.organisation_id},
        reason=reason.strip(),
    )


@transaction.atomic
def membership_end(
    *, actor, membership: Membership, until: dt.date | None = None, reason: str = ""
) -> Membership:
    """The owner ends a membership (or withdraws an invitation) as of ``until`` (default
    today); the record stays, so the history is kept. Raises NotPermitted (not the
    owner), RuleViolation (``membership.reason``, ``membership.dates``),
    TransitionConflict (declined or ended already)."""
    membership = lock(membership)
    require(actor, "networks.maintain", membership, NOT_YOUR_NETWORK)
    today = clock.today()
    until = until or today
    d = Decision()
    if not reason.strip():
        d.refuse("membership.reason", _("请填写终止理由"))
    if until < membership.since:
        d.refuse("membership.dates", _("终止日期不能早于起始日期"))
    d.raise_if_refused()
    return apply_transition(
        membership,
        to=M.ENDED,
        actor=actor,
        action="membership.end",
        allowed=MEMBERSHIP_TRANSITIONS,
        updates={"until": until, "ended_on": today},
        reason=reason.strip(),
    )


# --- the roster ---------------------------------------------------------------------------


@dataclass
class RosterProblem:
    """One refused row: its number in the file (1 = the header), the code as written,
    the reason's code and message."""

    row: int
    uscc: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "uscc": self.uscc, "code": self.code, "message": self.message}


@dataclass
class RosterReport:
    """What a roster did: the invitations created (none when any row is refused) and
    every row refused, by row number."""

    rows: int = 0
    created: list[Membership] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": len(self.created),
            "problems": [p.as_dict() for p in self.problems],
        }


class RosterRejected(RuleViolation):
    """A roster refused as a whole: ``report.problems`` lists every bad row."""

    def __init__(self, report: RosterReport):
        self.report = report
        super().__init__(
            [
                Reason(
                    p.code,
                    _("第{row}行：{message}"),
                    params={"row": p.row, "message": p.message},
                )
                for p in report.problems
            ]
        )


def _table(data: bytes, filename: str) -> list[list[Any]]:
    """The rows of a CSV (UTF-8, with or without BOM) or XLSX file, header first."""
    name = filename.lower()
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RuleViolation(
                [Reason("roster.encoding", _("文件不是 UTF-8 编码（请另存为“CSV UTF-8”）"))]
            ) from exc
        return [[csv_uncell(c) for c in row] for row in csv.reader(io.StringIO(text))]
    if name.endswith(".xlsx"):
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several kinds for a broken file
            raise RuleViolation([Reason("roster.unreadable", _("无法读取 Excel 文件"))]) from exc
        try:
            return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    raise RuleViolation([Reason("roster.type", _("请上传 .csv 或 .xlsx 文件"))])


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _cell_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _columns(header: list[Any]) -> dict[str, int]:
    names = {n.lower(): key for key, ns in ROSTER_COLUMNS.items() for n in ns}
    found = {}
    for i, cell in enumerate(header):
        key = names.get("".join(_cell_text(cell).split()).lstrip("\ufeff").lower())
        if key and key not in found:
            found[key] = i
    return found


@transaction.atomic
def roster_import(*, actor, kind: str, data: bytes, filename: str) -> RosterReport:
    """Invite a whole roster (CSV or XLSX, header row then one enterprise per row:
    统一社会信用代码, 企业名称, 供应商层级 (suppliers), 起始日期, 终止日期 (YYYY-MM-DD)).

    Every row is checked first (:func:`membership_problems`, a code twice in the file,
    a missing name, bad dates or tier, a control character); when any row is refused
    nothing is written and :class:`RosterRejected` carries the row-numbered report.
    Otherwise one invitation per row, each audited, plus one ``membership.roster_import``
    event. Raises NotPermitted (not the owner), RuleViolation (unreadable file, missing
    columns), RosterRejected."""
    _check_kind(actor, kind)
    owner = lock(Organisation, pk=actor.organisation_id)
    today = clock.today()
    table = _table(data, filename)
    if not table:
        raise RuleViolation([Reason("roster.empty", _("文件为空"))])
    cols = _columns(table[0])
    missing = [ROSTER_COLUMNS[k][0] for k in ("uscc", "name") if k not in cols]
    if missing:
        raise RuleViolation(
            [Reason("roster.columns", _("缺少列：{cols}"), params={"cols": "、".join(missing)})]
        )
    if len(table) - 1 > ROSTER_MAX_ROWS:
        raise RuleViolation(
            [Reason("roster.size", _("名册最多{n}行"), params={"n": ROSTER_MAX_ROWS})]
        )
    report = RosterReport()
    seen: dict[str, int] = {}
    clean = []

    def cell(row, key):
        i = cols.get(key)
        return row[i] if i is not None and i < len(row) else None

    for number, row in enumerate(table[1:], start=2):
        if not any(_cell_text(c) for c in row):
            continue
        report.rows += 1
        uscc = _cell_text(cell(row, "uscc")).upper()
        name = _cell_text(cell(row, "name"))
        reasons: list[Reason] = []
        bad_char = next((c for c in (uscc, name) if find_control_character(c)), None)
        if bad_char is not None:
            reasons.append(Reason("roster.control_character", _("含有不允许的控制字符")))
        try:
            since = _cell_date(cell(row, "since")) or today
            until = _cell_date(cell(row, "until"))
        except ValueError:
            since, until = today, None
            reasons.append(Reason("membership.dates", _("日期格式应为 YYYY-MM-DD")))
        tier_text = _cell_text(cell(row, "tier"))
        tier = None
        if tier_text:
            try:
                tier = int(tier_text)
            except ValueError:
                tier = 0
        if uscc in seen:
            reasons.append(
                Reason(
                    "roster.duplicate",
                    _("与第{row}行的统一社会信用代码重复"),
                    params={"row": seen[uscc]},
                )
            )
        else:
            reasons += membership_problems(owner, kind, uscc)
            if uscc:
                seen[uscc] = number
        reasons += _row_reasons(kind, name, since, until, tier)
        for r in reasons:
            report.problems.append(RosterProblem(number, uscc, r.code, r.message))
        clean.append((uscc, name, since, until, tier))
    if report.problems:
        raise RosterRejected(report)
    for uscc, name, since, until, tier in clean:
        report.created.append(
            _invite(actor, owner, kind, uscc, name, since, until, tier, "", today)
        )
    record_event(
        actor=actor,
        action="membership.roster_import",
        obj=owner,
        payload={"kind": kind, "file": filename[:200], "rows": report.rows},
    )
    return report


# --- cultivation plans --------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor,
    kind: str,
    title: str,
    year_from: int,
    year_to: int,
    measures: str,
    targets: list[tuple[int, str, int]],
    members: list[Membership] | None = None,
) -> CultivationPlan:
    """A draft plan of the actor's park or lead: ``targets`` as (year, level, count)
    (how many members at ``level`` or above by the end of ``year``; levels of
    :class:`TargetLevel`), the memberships it names (the owner's own, not ended or
    declined), the measures. Raises NotPermitted, RuleViolation (``plan.*``)."""
    _check_kind(actor, kind)
    d = Decision()
    if not title.strip():
        d.refuse("plan.title", _("请填写计划名称"))
    if not (2000 <= year_from <= year_to <= year_from + 10):
        d.refuse("plan.years", _("计划年度应为起始年度至截止年度（不超过10年）"))
    seen = set()
    for year, level, count in targets:
        if level not in TargetLevel.values or not year_from <= year <= year_to or count < 0:
            d.refuse(
                "plan.target",
                _("培育目标须在计划年度内、层级有效、数量不为负：{year} {level}"),
                year=year,
                level=level,
            )
        if (year, level) in seen:
            d.refuse("plan.target", _("同一年度同一层级只能有一个目标"))
        seen.add((year, level))
    members = list(members or [])
    if any(
        m.owner_id != actor.organisation_id or m.kind != kind or m.state not in M.open_states()
        for m in members
    ):
        d.refuse("plan.members", _("计划只能纳入本单位名册中的企业"))
    d.raise_if_refused()
    plan = CultivationPlan.objects.create(
        owner_id=actor.organisation_id,
        kind=kind,
        title=title.strip(),
        year_from=year_from,
        year_to=year_to,
        measures=measures.strip(),
    )
    PlanTarget.objects.bulk_create(
        [PlanTarget(plan=plan, year=y, level=lv, count=c) for y, lv, c in targets]
    )
    plan.members.set(members)
    record_event(
        actor=actor,
        action="plan.create",
        obj=plan,
        to_state=PlanState.DRAFT,
        payload={"targets": [list(t) for t in targets], "members": len(members)},
    )
    return plan


@transaction.atomic
def plan_publish(*, actor, plan: CultivationPlan) -> CultivationPlan:
    """发布培育计划 (000 第九条(二); 004 第七条(二)2): the plan becomes the one the entry
    conditions find while its years run. Raises NotPermitted, RuleViolation
    (``plan.targets``: a plan without targets), TransitionConflict."""
    plan = lock(plan)
    require(actor, "networks.maintain", plan, NOT_YOUR_NETWORK)
    if not plan.targets.exists():
        Decision([Reason("plan.targets", _("计划须至少有一个年度培育目标"))]).raise_if_refused()
    return apply_transition(
        plan,
        to=PlanState.PUBLISHED,
        actor=actor,
        action="plan.publish",
        allowed=PLAN_TRANSITIONS,
        updates={"published_on": clock.today()},
    )


@transaction.atomic
def plan_withdraw(*, actor, plan: CultivationPlan, reason: str) -> CultivationPlan:
    """Withdraw a published plan, with a reason. Raises NotPermitted, RuleViolation,
    TransitionConflict."""
    plan = lock(plan)
    require(actor, "networks.maintain", plan, NOT_YOUR_NETWORK)
    if not reason.strip():
        Decision([Reason("plan.reason", _("请填写撤回理由"))]).raise_if_refused()
    return apply_transition(
        plan,
        to=PlanState.WITHDRAWN,
        actor=actor,
        action="plan.withdraw",
        allowed=PLAN_TRANSITIONS,
        reason=reason.strip(),
    )


@transaction.atomic
def lead_profile_update(
    *, actor, organisation: Organisation, epr_pilot: bool, document: str = ""
) -> LeadProfile:
    """Record whether a lead is an 汽车产品生产者责任延伸试点企业 (001 二(三) 优先支持),
    by the lead itself or an official over it. Raises NotPermitted."""
    if actor.organisation_id != organisation.pk:
        require(actor, "networks.update_lead_profile", organisation)
    else:
        require(actor, "networks.maintain", NetworkKind.SUPPLY_CHAIN, NOT_YOUR_NETWORK)
    profile, _created = LeadProfile.objects.get_or_create(organisation=organisation)
    profile.epr_pilot = bool(epr_pilot)
    profile.epr_pilot_document = document.strip()[:200]
    profile.save()
    record_event(
        actor=actor,
        action="lead_profile.update",
        obj=organisation,
        payload={"epr_pilot": profile.epr_pilot, "document": profile.epr_pilot_document},
    )
    return profile
