"""Services of the yearly summary (000 第十九条): the authority writes its narrative beside
the platform's figures and submits it, which freezes the figures."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.permissions import require
from greenmfg.summaries.figures import summary_figures
from greenmfg.summaries.models import (
    SUMMARY_ARTICLE,
    SUMMARY_TRANSITIONS,
    SummaryState,
    YearlySummary,
)

#: the narrative's fields and their cap (characters)
NARRATIVE = ("results", "problems", "next_steps")
CAP = 20000
FIRST_YEAR = 2016


def summary_of(jurisdiction: Jurisdiction, year: int) -> YearlySummary:
    """The summary of ``jurisdiction`` and ``year`` (an unsaved draft when none exists)."""
    found = YearlySummary.objects.filter(jurisdiction=jurisdiction, year=year).first()
    return found or YearlySummary(jurisdiction=jurisdiction, year=year)


def current_figures(summary: YearlySummary) -> dict:
    """The figures to show: frozen once submitted, computed live while drafting."""
    if summary.state == SummaryState.SUBMITTED and summary.figures:
        return summary.figures
    return summary_figures(summary.jurisdiction, summary.year)


def _check_year(d: Decision, year: int) -> None:
    if not FIRST_YEAR <= int(year) <= clock.today().year:
        d.refuse(
            "summary.year",
            _("年度应在{first}年至{last}年之间"),
            first=FIRST_YEAR,
            last=clock.today().year,
        )


@transaction.atomic
def summary_save(
    *, actor, jurisdiction: Jurisdiction, year: int, **narrative: str
) -> YearlySummary:
    """The authority saves the narrative (``results``, ``problems``, ``next_steps``,
    each up to 20,000 characters) of its summary of ``year`` (2016 to this year), created
    on first save. Raises NotPermitted (not the jurisdiction's official), RuleViolation
    (``summary.year``, ``summary.submitted``: a submitted summary is not changed).
    000 第十九条."""
    summary = summary_of(jurisdiction, year)
    require(actor, "summaries.write", summary)
    d = Decision()
    _check_year(d, year)
    if summary.state == SummaryState.SUBMITTED:
        d.refuse("summary.submitted", _("年度工作总结已报送，不能再修改"), SUMMARY_ARTICLE)
    d.raise_if_refused()
    for key in NARRATIVE:
        setattr(summary, key, str(narrative.get(key) or "").strip()[:CAP])
    summary.save()
    record_event(actor=actor, action="summary.save", obj=summary, citations=[SUMMARY_ARTICLE])
    return summary


@transaction.atomic
def summary_submit(*, actor, summary: YearlySummary) -> YearlySummary:
    """The authority submits its summary to the level above: the figures are computed
    and frozen in it. Needs the results and problems written (000 第十九条: 总结本地区
    绿色制造培育成效和存在的问题). Raises NotPermitted, RuleViolation
    (``summary.results``, ``summary.problems``), TransitionConflict (already submitted)."""
    require(actor, "summaries.write", summary)
    summary = lock(YearlySummary, pk=summary.pk)
    d = Decision()
    if len(summary.results.strip()) < 10:
        d.refuse(
            "summary.results", _("请填写本地区绿色制造培育成效（至少10个字）"), SUMMARY_ARTICLE
        )
    if len(summary.problems.strip()) < 10:
        d.refuse("summary.problems", _("请填写存在的问题（至少10个字）"), SUMMARY_ARTICLE)
    d.raise_if_refused()
    return apply_transition(
        summary,
        to=SummaryState.SUBMITTED,
        actor=actor,
        action="summary.submit",
        allowed=SUMMARY_TRANSITIONS,
        updates={
            "figures": summary_figures(summary.jurisdiction, summary.year),
            "submitted_on": clock.today(),
            "submitted_by": actor,
        },
        citations=[SUMMARY_ARTICLE],
    )
