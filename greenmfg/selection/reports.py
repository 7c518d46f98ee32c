"""Evaluation reports (评价报告): self-evaluation by the unit, saved section by
section, with evidence per indicator; submitting locks the report (004 第十条)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.guards import is_third_party
from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, Reason
from greenmfg.core.uploads import (  # noqa: F401 - re-exported for agencies, supervision, recommendation until they import core.uploads (E7)
    ALLOWED_SIGNATURES,
    check_upload,
    display_name,
    sniff_content_type,
    stored_name,
)
from greenmfg.core.vocabulary import EvaluationRoute, Level
from greenmfg.cultivation.models import EnergyEfficiencyLevel
from greenmfg.cultivation.services import pool_jurisdiction
from greenmfg.jurisdictions.rulesets import Rules, rules_for
from greenmfg.parties.models import Organisation, User
from greenmfg.parties.permissions import require
from greenmfg.selection.models import (
    REPORT_TRANSITIONS,
    EvaluationReport,
    Evidence,
    ReportItem,
    ReportState,
)
from greenmfg.selection.services import allowed_routes, route_citation
from greenmfg.standards.systems import (
    GapStep,
    Indicator,
    IndicatorSystem,
    Measured,
    ScoreInputError,
    ScoreResult,
    coerce_value,
    fmt,
    gap_analysis,
    score,
    system,
)


def report_system(report: EvaluationReport) -> IndicatorSystem:
    """The indicator system the report is written against (``standard_code``)."""
    return system(report.standard_code)


def _require_writer(actor, rule: str, report: EvaluationReport) -> None:
    """Raise :class:`NotPermitted` unless ``actor`` writes ``report`` (``rule``, one of
    ``selection.edit_report``/``submit_report``/``revise_report``: the unit its
    self-evaluation, the commissioned agency a third-party report; 000 第十一条)."""
    message = (
        _("第三方评价报告由受托的评价机构在评价期间编制")
        if is_third_party(report)
        else _("只能为本单位办理")
    )
    require(actor, rule, report, message=message)


@transaction.atomic
def report_create(
    *, actor: User, unit: Organisation, list_type: str, route: str = EvaluationRoute.SELF
) -> EvaluationReport:
    """Start a report for the actor's unit, on the indicator system the ruleset names
    for ``list_type`` (``evaluation.standard.<list_type>``) and an allowed route
    (``evaluation.routes``, e.g. 004 第十条: self or third party; 003 第十一条: design
    products by self-evaluation only; a third-party report is written by the agency the
    unit commissions, ``greenmfg.agencies``).

    Out: the draft report, audited (``report.create``). Raises ``NotPermitted``
    (``selection.create_report``), ``RuleViolation`` (``evaluation.routes``,
    ``evaluation.third_party_commission``, no indicator system for the list type)."""
    require(actor, "selection.create_report", unit)
    rules = rules_for(pool_jurisdiction(unit))
    d = Decision()
    if route not in allowed_routes(rules, list_type):
        d.refuse("evaluation.routes", _("本辖区不接受该评价方式"), route_citation(rules, list_type))
    elif route == EvaluationRoute.THIRD_PARTY:
        d.refuse(
            "evaluation.third_party_commission",
            _("第三方评价请委托评价机构，由评价机构在平台上编制报告"),
            route_citation(rules, list_type),
        )
    key = f"evaluation.standard.{list_type}"
    if not rules.has(key):
        d.refuse(key, _("该类别尚无评价标准"))
    d.raise_if_refused()
    report = EvaluationReport.objects.create(
        unit=unit,
        list_type=list_type,
        standard_code=rules.get(key),
        route=route,
        year=clock.today().year,
    )
    record_event(
        actor=actor,
        action="report.create",
        obj=report,
        to_state=report.state,
        citations=[rules.ref(key)],
    )
    return report


def _item_value(sys: IndicatorSystem, item: ReportItem) -> Any:
    """One stored item in the shape :func:`score` takes (see ``ReportItem``)."""
    try:
        ind = sys.indicator(item.indicator_code)
    except KeyError:
        return item.value  # an indicator the system no longer has: ignored by score()
    if ind.kind == "basic" or ind.entry in ("met", "points"):
        return item.value
    if item.measured is None:
        return ""
    if item.value.startswith("f:"):
        return [int(s) for s in item.value[2:].split(",") if s]
    if ind.industry_thresholds:
        return {"value": item.measured, "base": item.base_value, "lead": item.lead_value}
    return item.measured


def item_values(sys: IndicatorSystem, items) -> dict[str, Any]:
    """{indicator code: value} of some ReportItems (see :func:`report_values`)."""
    return {i.indicator_code: _item_value(sys, i) for i in items}


def report_values(report: EvaluationReport) -> dict[str, Any]:
    """{indicator code: value} of a report, in the shapes :func:`score` takes:
    ``"true"``/``"false"``, points, a measured number, ``{"value", "base", "lead"}``
    or the list of platform functions ticked; ``""`` when cleared."""
    return item_values(report_system(report), report.items.all())


def _stored(ind: Indicator, v: Any) -> dict[str, Any]:
    """The ReportItem fields of one coerced value."""
    row: dict[str, Any] = {"value": "", "measured": None, "base_value": None, "lead_value": None}
    if v is None:
        return row
    if isinstance(v, bool):
        row["value"] = "true" if v else "false"
    elif isinstance(v, Measured):
        row["measured"] = v.value
        if ind.industry_thresholds:
            row["base_value"], row["lead_value"] = v.base, v.lead
        row["value"] = (
            "f:" + ",".join(str(s) for s in v.functions)
            if v.functions or ind.functions
            else fmt(v.value)
        )
    else:
        row["value"] = str(v)
    return row


def clean_values(
    sys: IndicatorSystem, values: dict[str, Any]
) -> tuple[dict[str, Any], list[Reason]]:
    """({code: coerced value}, reasons) for the known indicators of ``values``: an
    unknown code or a value that does not fit its indicator is a reason."""
    cleaned: dict[str, Any] = {}
    reasons: list[Reason] = []
    for code, raw in values.items():
        try:
            ind = sys.indicator(code)
        except KeyError:
            reasons.append(
                Reason("report.indicator", _("未知指标 {indicator}"), params={"indicator": code})
            )
            continue
        try:
            cleaned[code] = coerce_value(ind, raw, sys.scoring.quantitative)
        except ScoreInputError as exc:
            reasons.append(Reason("report.value", "{message}", params={"message": str(exc)}))
    return cleaned, reasons


@transaction.atomic
def report_save_items(
    *,
    actor: User,
    report: EvaluationReport,
    values: dict[str, Any],
    notes: dict[str, str] | None = None,
    energy_efficiency_level: str | None = None,
) -> EvaluationReport:
    """Save some indicators (one section at a time is fine) of a draft report.

    ``values``: {indicator code: value}: True/False for basic requirements and
    qualitative items, points where points are entered, for measured indicators the
    measured number or ``{"value", "base", "lead"}`` (基准值/引领值 supplied with the
    evaluation) or the list of platform functions ticked (C-04); ``""``/None clears.
    Each is checked against its indicator (raises ``RuleViolation`` naming it: a value
    out of range, a missing threshold, an unknown code). ``energy_efficiency_level``
    (an :class:`EnergyEfficiencyLevel`, ``""`` clears) records the energy benchmark
    attained, for priority ranking. Recomputes the total and eligibility.

    A draft's contents, not its state: not audited (the submission records the
    values' total and eligibility). Raises ``NotPermitted`` (``selection.edit_report``),
    ``RuleViolation`` (``report.locked`` once submitted, the values that do not fit).
    """
    report = lock(report)
    _require_writer(actor, "selection.edit_report", report)
    if not report.is_draft:
        Decision(
            [Reason("report.locked", _("已提交的评价报告已锁定，修改请新建版本"))]
        ).raise_if_refused()
    sys = report_system(report)
    cleaned, reasons = clean_values(sys, values)
    d = Decision(reasons)
    if energy_efficiency_level is not None and energy_efficiency_level not in (
        "",
        *EnergyEfficiencyLevel.values,
    ):
        d.refuse("report.energy_efficiency_level", _("能效水平取值无效"))
    d.raise_if_refused()
    notes = notes or {}
    # one read of the items already saved, then one insert and one update
    existing = {
        item.indicator_code: item
        for item in ReportItem.objects.filter(report=report, indicator_code__in=list(cleaned))
    }
    created, updated, fields = [], [], set()
    for code, v in cleaned.items():
        values = {**_stored(sys.indicator(code), v), "note": notes.get(code, "")}
        item = existing.get(code)
        if item is None:
            created.append(ReportItem(report=report, indicator_code=code, **values))
            continue
        for name, value in values.items():
            setattr(item, name, value)
        fields.update(values)
        updated.append(item)
    ReportItem.objects.bulk_create(created)
    if updated:
        ReportItem.objects.bulk_update(updated, sorted(fields))
    result = score(sys, report_values(report))
    updates: dict[str, Any] = {"total_score": result.total, "eligible": result.eligible}
    if energy_efficiency_level is not None:
        updates["energy_efficiency_level"] = energy_efficiency_level
    EvaluationReport.objects.filter(pk=report.pk).update(**updates)
    for key, value in updates.items():
        setattr(report, key, value)
    return report


# --- live score and gap analysis ---------------------------------------------------


@dataclass
class GapTarget:
    """The total a unit aims for: ``kind`` ``pass_mark``, ``grade`` or ``full``."""

    value: Decimal
    label: str
    ref: str = ""
    kind: str = "full"


@dataclass
class Preview:
    """A score computed without saving: the result, the values that did not fit
    (reasons naming the indicator, their saved value used instead), the target and
    the steps to it."""

    result: ScoreResult
    target: GapTarget
    steps: list[GapStep] = field(default_factory=list)
    errors: list[Reason] = field(default_factory=list)

    @property
    def reached(self) -> bool:
        return self.result.total >= self.target.value

    @property
    def reachable(self) -> bool:
        return self.reached or bool(self.steps and self.steps[-1].total_after >= self.target.value)


def gap_target(rules: Rules, total: Decimal, max_total: Decimal) -> GapTarget:
    """The next mark above ``total`` in the unit's rules: a pass mark
    (``scoring.<level>.pass_mark``, e.g. 004 第三条 80) or a grade's lowest score
    (``scoring.<level>.grade_bands``), whichever is the lowest above the total; full
    marks when none is set or all are reached. (Stars follow the list level, not the
    score, 004 第三条, so they set no score target.)"""
    level_names = dict(Level.choices)
    candidates: list[GapTarget] = []
    for level in Level.values:
        key = f"scoring.{level}.pass_mark"
        if rules.has(key):
            candidates.append(
                GapTarget(
                    Decimal(str(rules.get(key))),
                    str(_("{level}入选分数线")).format(level=level_names[level]),
                    rules.ref(key),
                    "pass_mark",
                )
            )
        key = f"scoring.{level}.grade_bands"
        if rules.has(key):
            for grade, low in (rules.get(key) or {}).items():
                if Decimal(str(low)) > 0:
                    candidates.append(
                        GapTarget(
                            Decimal(str(low)),
                            str(_("{level}评审{grade}级")).format(
                                level=level_names[level], grade=grade
                            ),
                            rules.ref(key),
                            "grade",
                        )
                    )
    above = sorted((c for c in candidates if c.value > total), key=lambda c: c.value)
    if above:
        return above[0]
    return GapTarget(max_total, str(_("满分")), "", "full")


def report_rules(report: EvaluationReport) -> Rules:
    return rules_for(pool_jurisdiction(report.unit))


def report_preview(
    report: EvaluationReport,
    values: dict[str, Any] | None = None,
    *,
    rules: Rules | None = None,
    target: Decimal | None = None,
    saved: dict[str, Any] | None = None,
) -> Preview:
    """Score the report's saved values (``saved`` if already read) overlaid with
    ``values`` (e.g. one section's form as posted) WITHOUT saving, and the gap
    analysis to the unit's next mark (:func:`gap_target`) or to ``target``. A value
    that does not fit is reported in ``errors`` and its saved value is used instead.
    A pure computation: nothing is written."""
    sys = report_system(report)
    if saved is None:
        saved = report_values(report)
    merged = dict(saved)
    errors: list[Reason] = []
    if values:
        cleaned, errors = clean_values(sys, values)
        for code, v in cleaned.items():
            merged[code] = v if v is not None else ""
    try:
        result = score(sys, merged)
    except ScoreInputError as exc:  # a saved value the system no longer accepts
        errors.append(Reason("report.value", "{message}", params={"message": str(exc)}))
        merged = {c: v for c, v in merged.items() if c != exc.code}
        result = score(sys, merged)
    if target is None:
        target = gap_target(rules or report_rules(report), result.total, sys.max_total)
    else:
        target = GapTarget(Decimal(str(target)), str(_("指定目标")), "", "custom")
    steps = gap_analysis(sys, merged, target.value)
    return Preview(result=result, target=target, steps=steps, errors=errors)


def gap_payload(report: EvaluationReport, preview: Preview) -> dict[str, Any]:
    """The gap analysis as plain data (API, commands): numbers as strings."""
    result = preview.result
    return {
        "standard_code": report.standard_code,
        "total": fmt(result.total),
        "max_total": fmt(result.max_total),
        "eligible": result.eligible,
        "failed_basic": result.failed_basic + result.failed_required,
        "target": {
            "value": fmt(preview.target.value),
            "label": preview.target.label,
            "ref": preview.target.ref,
            "kind": preview.target.kind,
        },
        "reached": preview.reached,
        "reachable": preview.reachable,
        "steps": [step.as_dict() for step in preview.steps],
    }


@transaction.atomic
def evidence_upload(
    *, actor: User, report: EvaluationReport, indicator_code: str, upload: UploadedFile
) -> Evidence:
    """Attach one evidence file to one indicator of a draft report (stored under a
    safe generated name; the original name is kept for display only). Out: the
    evidence, audited (``report.evidence_upload``). Raises ``NotPermitted``
    (``selection.edit_report``), ``RuleViolation`` (``report.locked``, an unknown
    indicator, a file :func:`greenmfg.core.uploads.check_upload` refuses)."""
    report = lock(report)
    _require_writer(actor, "selection.edit_report", report)
    if not report.is_draft:
        Decision(
            [Reason("report.locked", _("已提交的评价报告已锁定，修改请新建版本"))]
        ).raise_if_refused()
    try:
        report_system(report).indicator(indicator_code)
    except KeyError:
        Decision(
            [Reason("report.indicator", _("未知指标 {code}"), params={"code": indicator_code})]
        ).raise_if_refused()
    ctype, sha = check_upload(upload)
    original = display_name(upload.name)
    upload.name = stored_name(ctype, sha)
    ev = Evidence.objects.create(
        report=report,
        indicator_code=indicator_code,
        file=upload,
        original_name=original,
        content_type=ctype,
        size=upload.size,
        sha256=sha,
        uploaded_by=actor,
    )
    record_event(
        actor=actor,
        action="report.evidence_upload",
        obj=report,
        payload={"indicator": indicator_code, "sha256": sha, "name": original},
    )
    return ev


@transaction.atomic
def report_submit(*, actor: User, report: EvaluationReport) -> EvaluationReport:
    """Lock the report (004 第十条). Refused while an indicator is unanswered
    (``report.incomplete``); a report whose basic requirement failed can be submitted
    but is ineligible (it cannot carry an application). Out: the report, submitted
    with its total. Raises ``NotPermitted`` (``selection.submit_report``),
    ``RuleViolation``, ``TransitionConflict`` when already submitted."""
    report = lock(report)
    _require_writer(actor, "selection.submit_report", report)
    sys = report_system(report)
    result = score(sys, report_values(report))
    d = Decision()
    if result.missing:
        d.refuse(
            "report.incomplete",
            _("尚有 {n} 项指标未填写：{codes}"),
            n=len(result.missing),
            codes="、".join(result.missing),
        )
    d.raise_if_refused()
    return apply_transition(
        report,
        to=ReportState.SUBMITTED,
        actor=actor,
        action="report.submit",
        allowed=REPORT_TRANSITIONS,
        updates={
            "submitted_on": clock.today(),
            "total_score": result.total,
            "eligible": result.eligible,
        },
        payload={
            "total": str(result.total),
            "eligible": result.eligible,
            "failed_basic": result.failed_basic,
        },
    )


@transaction.atomic
def report_revise(*, actor: User, report: EvaluationReport) -> EvaluationReport:
    """Start a new version of a submitted self-evaluation (values copied; the old one
    kept). Out: the new draft, audited (``report.revise``). Raises ``NotPermitted``
    (``selection.revise_report``), ``RuleViolation`` (not submitted; a third-party
    report, final once submitted: 000 第十一条)."""
    _require_writer(actor, "selection.revise_report", report)
    if report.state != ReportState.SUBMITTED:
        Decision([Reason("report.not_submitted", _("只有已提交的报告可以修订"))]).raise_if_refused()
    if is_third_party(report):
        Decision(
            [
                Reason(
                    "report.third_party_final",
                    _("第三方评价报告提交后不能修订，如需重新评价请重新委托"),
                )
            ]
        ).raise_if_refused()
    new = EvaluationReport.objects.create(
        unit=report.unit,
        list_type=report.list_type,
        standard_code=report.standard_code,
        route=report.route,
        agency=report.agency,
        year=clock.today().year,
        report_version=report.report_version + 1,
        previous=report,
        summary=report.summary,
        energy_efficiency_level=report.energy_efficiency_level,
        total_score=report.total_score,
        eligible=report.eligible,
    )
    ReportItem.objects.bulk_create(
        [
            ReportItem(
                report=new,
                indicator_code=i.indicator_code,
                value=i.value,
                measured=i.measured,
                base_value=i.base_value,
                lead_value=i.lead_value,
                note=i.note,
            )
            for i in report.items.all()
        ]
    )
    record_event(
        actor=actor,
        action="report.revise",
        obj=new,
        to_state=new.state,
        payload={"previous": str(report.uuid)},
    )
    return new
