"""Evaluation reports (评价报告): self-evaluation by the unit, saved section by
section, with evidence per indicator; submitting locks the report (004 第十条)."""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, Reason
from greenmfg.core.permissions import require_own_unit, require_role
from greenmfg.core.transitions import apply_transition, lock
from greenmfg.cultivation.services import pool_jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.parties.models import Organisation, Role
from greenmfg.selection.models import (
    REPORT_TRANSITIONS,
    EvaluationReport,
    EvaluationRoute,
    Evidence,
    ReportItem,
    ReportState,
)
from greenmfg.selection.services import allowed_routes, route_citation
from greenmfg.standards.systems import IndicatorSystem, ScoreInputError, coerce_value, score, system

#: evidence file types accepted, by their first bytes (content, not name)
ALLOWED_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def report_system(report: EvaluationReport) -> IndicatorSystem:
    return system(report.standard_code)


@transaction.atomic
def report_create(
    *, actor, unit: Organisation, list_type: str, route: str = EvaluationRoute.SELF
) -> EvaluationReport:
    """Start a report for the actor's unit, on the indicator system the ruleset names
    for ``list_type`` (``evaluation.standard.<list_type>``) and an allowed route
    (``evaluation.routes``, e.g. 004 第十条: self or third party; 003 第十一条: design
    products by self-evaluation only)."""
    require_role(actor, Role.ENTERPRISE, Role.PARK)
    require_own_unit(actor, unit)
    rules = rules_for(pool_jurisdiction(unit))
    d = Decision()
    if route not in allowed_routes(rules, list_type):
        d.refuse("evaluation.routes", _("本辖区不接受该评价方式"), route_citation(rules, list_type))
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


def report_values(report: EvaluationReport) -> dict[str, str]:
    """{indicator code: stored value} of a report."""
    return {i.indicator_code: i.value for i in report.items.all()}


@transaction.atomic
def report_save_items(
    *, actor, report: EvaluationReport, values: dict[str, Any], notes: dict[str, str] | None = None
) -> EvaluationReport:
    """Save some indicators (one section at a time is fine) of a draft report.

    ``values``: {indicator code: True/False for basic requirements, points for scored
    ones}; each is checked against its indicator (raises ``RuleViolation`` naming the
    indicator: a value out of 0..max points, an unknown code). Recomputes the score.
    """
    report = lock(report)
    require_own_unit(actor, report.unit)
    if report.state != ReportState.DRAFT:
        Decision(
            [Reason("report.locked", _("已提交的评价报告已锁定，修改请新建版本"))]
        ).raise_if_refused()
    sys = report_system(report)
    d = Decision()
    cleaned: dict[str, str] = {}
    for code, raw in values.items():
        try:
            ind = sys.indicator(code)
        except KeyError:
            d.refuse("report.indicator", _("未知指标 {indicator}"), indicator=code)
            continue
        try:
            v = coerce_value(ind, raw)
        except ScoreInputError as exc:
            d.refuse("report.value", "{message}", message=str(exc))
            continue
        cleaned[code] = (
            "" if v is None else ("true" if v is True else "false" if v is False else str(v))
        )
    d.raise_if_refused()
    notes = notes or {}
    for code, value in cleaned.items():
        ReportItem.objects.update_or_create(
            report=report,
            indicator_code=code,
            defaults={"value": value, "note": notes.get(code, "")},
        )
    result = score(sys, report_values(report))
    EvaluationReport.objects.filter(pk=report.pk).update(
        total_score=result.total, eligible=result.eligible
    )
    report.total_score, report.eligible = result.total, result.eligible
    return report


def sniff_content_type(head: bytes) -> str | None:
    """The content type of a file from its first bytes, if it is an allowed type."""
    for sig, ctype in ALLOWED_SIGNATURES.items():
        if head.startswith(sig):
            return ctype
    return None


def check_upload(upload: UploadedFile) -> tuple[str, str]:
    """Check an uploaded evidence file by content and size; return (content type, sha256).

    Raises ``RuleViolation`` with a clear message for a type that is not PDF, PNG or
    JPEG by content (whatever its name) or a file over ``GREENMFG_MAX_UPLOAD_BYTES``.
    """
    d = Decision()
    if upload.size > settings.GREENMFG_MAX_UPLOAD_BYTES:
        d.refuse(
            "upload.size",
            _("文件超过 {mb} MB 上限"),
            mb=settings.GREENMFG_MAX_UPLOAD_BYTES // (1024 * 1024),
        )
        d.raise_if_refused()
    upload.seek(0)
    head = upload.read(16)
    ctype = sniff_content_type(head)
    if ctype is None:
        d.refuse("upload.type", _("只接受 PDF、PNG 或 JPEG 文件（按文件内容判断）"))
        d.raise_if_refused()
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return ctype, digest.hexdigest()


@transaction.atomic
def evidence_upload(
    *, actor, report: EvaluationReport, indicator_code: str, upload: UploadedFile
) -> Evidence:
    """Attach one evidence file to one indicator of a draft report (stored under a
    safe generated name; the original name is kept for display only)."""
    report = lock(report)
    require_own_unit(actor, report.unit)
    if report.state != ReportState.DRAFT:
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
    ext = mimetypes.guess_extension(ctype) or ""
    original = (upload.name or "file")[-200:]
    upload.name = f"{sha[:32]}{ext}"
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
def report_submit(*, actor, report: EvaluationReport) -> EvaluationReport:
    """Lock the report. Refused while an indicator is unanswered; a report whose
    basic requirement failed can be submitted but is ineligible (it cannot carry an
    application)."""
    report = lock(report)
    require_own_unit(actor, report.unit)
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
def report_revise(*, actor, report: EvaluationReport) -> EvaluationReport:
    """Start a new version of a submitted report (values copied; the old one kept)."""
    require_own_unit(actor, report.unit)
    if report.state != ReportState.SUBMITTED:
        Decision([Reason("report.not_submitted", _("只有已提交的报告可以修订"))]).raise_if_refused()
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
        total_score=report.total_score,
        eligible=report.eligible,
    )
    ReportItem.objects.bulk_create(
        [
            ReportItem(report=new, indicator_code=i.indicator_code, value=i.value, note=i.note)
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
