"""Service functions of the 企业绿码: the yearly grading run, the withdrawal of a removed
listing's codes, and the signed token of a code.

Articles: 工信厅节函〔2023〕384号 (the code, its shares and "no code without a proper
filing"); 000 第二十六条, 002 第二十六条, 004 第二十条 (encouraged locally); removal
000 第二十一条.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, NotPermitted, RuleViolation
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.greencode import method, signing
from greenmfg.greencode.models import (
    CODE_TRANSITIONS,
    RUN_TRANSITIONS,
    CodeState,
    GradingRun,
    GreenCode,
    NoCodeReason,
    RunState,
    Ungraded,
)
from greenmfg.jobs.tasks import job_submit
from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.jurisdictions.rulesets import Rules, rules_for
from greenmfg.parties.scoping import official_path, sees_everything
from greenmfg.register.models import Listing, ListingStatus
from greenmfg.supervision.models import DynamicForm, FormState

#: the jurisdiction level that publishes each graded list level
SCOPE_LEVEL = {
    Level.NATIONAL: JurisdictionLevel.NATIONAL,
    Level.PROVINCIAL: JurisdictionLevel.PROVINCE,
}
REF_384 = "工信厅节函〔2023〕384号"


@dataclass(frozen=True)
class Parameters:
    """The ruleset values a run uses, each with its reference (stored on the run)."""

    shares: dict[str, float]
    min_group_units: int
    effective_after_days: int
    deadline: dt.date
    refs: dict[str, str]

    def as_json(self) -> dict:
        return {
            "shares": self.shares,
            "min_group_units": self.min_group_units,
            "effective_after_days": self.effective_after_days,
            "dynamic_deadline": self.deadline.isoformat(),
            "indicators": [[f, d] for f, d in method.INDICATORS],
            "min_indicators": method.MIN_INDICATORS,
            "refs": self.refs,
        }


def grading_parameters(rules: Rules, year: int) -> Parameters:
    """The grading parameters of ``rules`` for the filing year ``year`` (KeyError when
    the ruleset lacks one)."""
    keys = (
        "green_code.grade_shares",
        "green_code.min_group_units",
        "green_code.effective_after_days",
        "dynamic.annual_report_deadline",
    )
    return Parameters(
        shares=dict(rules.get("green_code.grade_shares")),
        min_group_units=int(rules.get("green_code.min_group_units")),
        effective_after_days=int(rules.get("green_code.effective_after_days")),
        deadline=rules.month_day("dynamic.annual_report_deadline", year),
        refs={k: rules.ref(k) for k in (*keys, "green_code.levels")},
    )


def grading_request(*, actor, jurisdiction: Jurisdiction, level: str, year: int):
    """Queue a grading run as a background job (``green_code_grade``) for an official
    who may grade the scope, after the same checks the run makes (refused at once, with
    the reasons, rather than in the job). Returns the job; raises
    :class:`NotPermitted` or :class:`RuleViolation`."""
    if actor is None or not actor.is_authenticated:
        raise NotPermitted(_("当前角色不能执行此操作"))
    _check_may_grade(actor, jurisdiction)
    on = clock.today()
    grading_check(jurisdiction=jurisdiction, level=level, year=year, on=on)
    params = {
        "jurisdiction": jurisdiction.code,
        "level": level,
        "year": year,
        "on": on.isoformat(),
        "actor": str(actor.uuid),
    }
    job = job_submit(actor=actor, kind="green_code_grade", params=params)
    # the run records its job (the job starts when this transaction commits)
    job.params = {**params, "job": str(job.uuid)}
    job.save(update_fields=["params"])
    return job


def _check_may_grade(actor, jurisdiction: Jurisdiction) -> None:
    """The system (a job, the command line), national officials and administrators grade
    any scope; a province's officials grade their province's pilot."""
    if actor is None or sees_everything(actor):
        return
    if official_path(actor) == jurisdiction.path and actor.role == "province":
        return
    raise NotPermitted(_("当前角色不能执行此操作"))


def grading_check(*, jurisdiction: Jurisdiction, level: str, year: int, on: dt.date) -> Rules:
    """Refuse a run the rules do not allow: the ruleset must enable the 企业绿码 for
    ``level`` (``green_code.levels``), the scope must be the jurisdiction that publishes
    that level's lists, and the run comes after the dynamic-form deadline of ``year``
    (384号: recomputed after each year's filing). Returns the rules; raises
    :class:`RuleViolation`."""
    rules = rules_for(jurisdiction, on)
    decision = Decision()
    levels = rules.get("green_code.levels", [])
    if level not in levels:
        decision.refuse(
            "green_code.not_enabled",
            _("本辖区规则集未开展该层级的企业绿码评定"),
            rules.ref("green_code.levels") if rules.has("green_code.levels") else REF_384,
        )
    if SCOPE_LEVEL.get(level) != jurisdiction.level:
        decision.refuse(
            "green_code.wrong_scope",
            _("该层级名单的企业绿码由发布该名单的辖区评定"),
            REF_384,
        )
    decision.raise_if_refused()
    deadline = rules.month_day("dynamic.annual_report_deadline", year)
    if on <= deadline:
        decision.refuse(
            "green_code.before_deadline",
            _("动态管理表填报截止日（{deadline}）之后方可评定"),
            rules.ref("dynamic.annual_report_deadline"),
            deadline=deadline.isoformat(),
        )
    decision.raise_if_refused()
    return rules


def _scope_listings(jurisdiction: Jurisdiction, level: str, on: dt.date):
    """The active green-factory listings of the scope's lists on ``on``."""
    return Listing.objects.filter(
        status=ListingStatus.ACTIVE,
        level=level,
        list_type=ListType.FACTORY,
        green_list__jurisdiction__path__startswith=jurisdiction.path,
    ).exclude(listed_on__gt=on)


def _population(jurisdiction: Jurisdiction, level: str, on: dt.date) -> list[Listing]:
    """The active listed green factories of the scope on ``on``, one listing per unit
    (the latest), plus the listings without a platform unit."""
    listings = (
        _scope_listings(jurisdiction, level, on)
        .select_related("unit__industry")
        .order_by("-year", "id")
    )
    seen: set[int] = set()
    out = []
    for li in listings.iterator(chunk_size=2000):
        if li.unit_id is not None:
            if li.unit_id in seen:
                continue
            seen.add(li.unit_id)
        out.append(li)
    return out


def _unit_input(listing: Listing, form: DynamicForm) -> method.UnitInput:
    industry = listing.unit.industry if listing.unit_id else None
    code = industry.code if industry else ""
    return method.UnitInput(
        key=listing.pk,
        division=code[:2] if code[:1].isdigit() else "",
        section=industry.section if industry else "",
        values={f: getattr(form, f) for f, _d in method.INDICATORS},
    )


def stored_input(u: method.UnitInput) -> dict:
    """A unit's inputs as stored on its code (decimals as text)."""
    return {
        "division": u.division,
        "section": u.section,
        "values": {f: (None if v is None else str(v)) for f, v in u.values.items()},
    }


def input_from_stored(key: int, data: dict) -> method.UnitInput:
    """The :class:`method.UnitInput` of a code's stored inputs."""
    return method.UnitInput(
        key=key,
        division=data["division"],
        section=data["section"],
        values={f: (None if v is None else Decimal(v)) for f, v in data["values"].items()},
    )


@transaction.atomic
def grading_run(
    *, actor, jurisdiction: Jurisdiction, level: str, year: int, on: dt.date | None = None, job=None
) -> GradingRun:
    """Grade the listed green factories of ``level`` published by ``jurisdiction`` from
    their dynamic forms filed in ``year`` (data year ``year − 1``).

    Each unit needs an accepted form, first submitted by the deadline, with no anomaly
    flag and at least ``method.MIN_INDICATORS`` indicators; otherwise it is stored in
    :class:`Ungraded` with the reason (384号). The others are graded by
    :func:`method.grade_population` at the ruleset's shares (``green_code.grade_shares``,
    per cent) and group size (``green_code.min_group_units``); their codes take effect
    ``green_code.effective_after_days`` after ``on`` and end the codes of earlier runs of
    the scope (superseded). Audited: ``green_code.grade`` on the run and
    ``green_code.supersede`` on each earlier run. Returns the run; raises
    :class:`RuleViolation` (not enabled, wrong scope, before the deadline) or
    :class:`NotPermitted`."""
    on = on or clock.today()
    _check_may_grade(actor, jurisdiction)
    rules = grading_check(jurisdiction=jurisdiction, level=level, year=year, on=on)
    params = grading_parameters(rules, year)
    population = _population(jurisdiction, level, on)
    # the forms of the scope's units in one query (a subquery: no parameter limit)
    scope_units = _scope_listings(jurisdiction, level, on).filter(unit__isnull=False)
    forms = {
        f.unit_id: f
        for f in DynamicForm.objects.filter(
            unit_id__in=scope_units.values("unit_id"),
            list_type=ListType.FACTORY,
            data_year=year - 1,
        ).annotate(n_flags=Count("flags"))
    }
    ungraded: list[Ungraded] = []
    candidates: list[method.UnitInput] = []
    by_key: dict[int, tuple[Listing, DynamicForm]] = {}

    def no_code(li: Listing, reason: str, detail: str = "") -> None:
        ungraded.append(
            Ungraded(
                listing=li,
                unit_id=li.unit_id,
                unit_name=li.unit_name[:200],
                reason=reason,
                detail=detail[:300],
            )
        )

    for li in population:
        if li.unit_id is None:
            no_code(li, NoCodeReason.NOT_LINKED)
            continue
        form = forms.get(li.unit_id)
        if form is None:
            no_code(li, NoCodeReason.NO_FORM)
        elif form.state != FormState.ACCEPTED:
            no_code(li, NoCodeReason.NOT_ACCEPTED, form.get_state_display())
        elif form.first_submitted_on is None or form.first_submitted_on > form.deadline:
            no_code(
                li,
                NoCodeReason.LATE,
                f"{form.first_submitted_on or '—'} > {form.deadline}",
            )
        elif form.n_flags:
            no_code(li, NoCodeReason.ANOMALOUS, f"{form.n_flags}")
        else:
            u = _unit_input(li, form)
            if len(u.available()) < method.MIN_INDICATORS:
                no_code(li, NoCodeReason.TOO_FEW_INDICATORS, f"{len(u.available())}")
                continue
            candidates.append(u)
            by_key[li.pk] = (li, form)
    results = (
        method.grade_population(
            candidates, shares=params.shares, min_group_units=params.min_group_units
        )
        if candidates
        else []
    )
    effective_on = on + dt.timedelta(days=params.effective_after_days)
    counts = {g: 0 for g in ("A+", "A", "B")}
    for r in results:
        counts[r.grade] += 1
    # units told why they have no code; listings of the imported historical lists without
    # a platform unit (no form could ever be filed) counted apart
    counts["not_linked"] = sum(u.reason == NoCodeReason.NOT_LINKED for u in ungraded)
    counts["none"] = len(ungraded) - counts["not_linked"]
    _supersede_earlier(actor, jurisdiction, level, effective_on)
    run = GradingRun.objects.create(
        jurisdiction=jurisdiction,
        level=level,
        list_type=ListType.FACTORY,
        year=year,
        data_year=year - 1,
        method_version=method.METHOD_VERSION,
        parameters=params.as_json(),
        graded_on=on,
        effective_on=effective_on,
        counts=counts,
        job=job,
    )
    inputs = {u.key: u for u in candidates}
    GreenCode.objects.bulk_create(
        [
            GreenCode(
                run=run,
                unit_id=by_key[r.key][0].unit_id,
                listing=by_key[r.key][0],
                form=by_key[r.key][1],
                grade=r.grade,
                score=r.score,
                rank=r.rank,
                group=r.group,
                group_rank=r.group_rank,
                group_size=r.group_size,
                inputs={**stored_input(inputs[r.key]), "indicator_scores": r.indicator_scores},
                valid_from=effective_on,
            )
            for r in results
        ],
        batch_size=1000,
    )
    for u in ungraded:
        u.run = run
    Ungraded.objects.bulk_create(ungraded, batch_size=1000)
    record_event(
        actor=actor,
        action="green_code.grade",
        obj=run,
        to_state=RunState.DONE,
        citations=[REF_384, params.refs.get("green_code.grade_shares", "")],
        payload={"counts": counts, "method": method.METHOD_VERSION, "year": year},
    )
    return run


def _supersede_earlier(actor, jurisdiction, level: str, on: dt.date) -> None:
    """End the earlier runs of the scope and their valid codes (one audit event per run;
    the codes move by one conditional UPDATE, valid → superseded)."""
    for run in GradingRun.objects.filter(
        jurisdiction=jurisdiction, level=level, state=RunState.DONE
    ):
        run = apply_transition(
            lock(run),
            to=RunState.SUPERSEDED,
            actor=actor,
            action="green_code.supersede",
            allowed=RUN_TRANSITIONS,
            citations=[REF_384],
        )
        GreenCode.objects.filter(run=run, state=CodeState.VALID).update(
            state=CodeState.SUPERSEDED, ended_on=on
        )


def codes_withdraw_for_listing(*, actor, listing: Listing, on: dt.date, reason: str = "") -> int:
    """Withdraw the valid or superseded codes of ``listing`` on ``on`` (移出名单 ends the
    code: 000 第二十一条), each by compare-and-set with its audit event
    ``green_code.withdraw``. Called in the removal's transaction (register's
    ``listing_removed`` signal). Returns how many were withdrawn."""
    n = 0
    for code in GreenCode.objects.filter(
        listing=listing, state__in=(CodeState.VALID, CodeState.SUPERSEDED)
    ):
        apply_transition(
            lock(code),
            to=CodeState.WITHDRAWN,
            actor=actor,
            action="green_code.withdraw",
            allowed=CODE_TRANSITIONS,
            updates={"ended_on": on},
            reason=reason,
            citations=["000 第二十一条"],
        )
        n += 1
    return n


def code_token(code: GreenCode) -> str:
    """The signed token of ``code`` (greenmfg/greencode/signing.py)."""
    return signing.sign(
        {
            "v": 1,
            "c": str(code.uuid),
            "u": code.unit.uscc or str(code.unit.uuid),
            "n": code.unit.name,
            "g": code.grade,
            "y": code.run.year,
            "s": f"{code.run.jurisdiction.code}:{code.run.level}",
            "f": code.valid_from.isoformat(),
        }
    )


def valid_on(code: GreenCode, on: dt.date) -> bool:
    """Whether ``code`` is valid on ``on``: in force, its listing still active and the
    date not before it takes effect."""
    return (
        code.state == CodeState.VALID
        and code.listing.status == ListingStatus.ACTIVE
        and code.valid_from <= on
    )


def rederive(run: GradingRun) -> list[tuple[str, str, str]]:
    """Re-grade ``run`` from its stored inputs and parameters; returns the differences
    (code uuid, stored grade, re-derived grade) — empty when every code re-derives."""
    codes = list(run.codes.all())
    units = [input_from_stored(c.pk, c.inputs) for c in codes]
    if not units:
        return []
    p = run.parameters
    results = {
        r.key: r
        for r in method.grade_population(
            units, shares=p["shares"], min_group_units=p["min_group_units"]
        )
    }
    return [
        (str(c.uuid), c.grade, results[c.pk].grade)
        for c in codes
        if results[c.pk].grade != c.grade or results[c.pk].score != c.score
    ]


__all__ = ["RuleViolation", "grading_run", "codes_withdraw_for_listing", "code_token"]
