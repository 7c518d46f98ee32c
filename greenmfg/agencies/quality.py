"""Quality figures of agencies (评价质量), computed, never stored (000 第二十四条:
各级主管部门应加强对第三方机构的服务质量跟踪).

Of an agency's submitted third-party reports: the share whose application was returned
for changes at some review step (退回修改, from the audit record), the share whose
application was not approved (评审未通过), and the share named in a fraud finding
(查实弄虚作假). A bounded number of queries whatever the number of agencies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from greenmfg.agencies.models import AgencyFraudFinding
from greenmfg.audit.models import AuditEvent
from greenmfg.core.vocabulary import EvaluationRoute
from greenmfg.selection.models import Application, ApplicationState, EvaluationReport, ReportState


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Quality:
    """One agency's figures: counts and shares (percent, None without reports)."""

    reports: int = 0
    returned: int = 0
    failed: int = 0
    found_false: int = 0
    findings: int = 0
    _returned: set = field(default_factory=set, repr=False)
    _failed: set = field(default_factory=set, repr=False)
    _false: set = field(default_factory=set, repr=False)

    @property
    def returned_share(self) -> Decimal | None:
        return _share(self.returned, self.reports)

    @property
    def failed_share(self) -> Decimal | None:
        return _share(self.failed, self.reports)

    @property
    def false_share(self) -> Decimal | None:
        return _share(self.found_false, self.reports)

    def as_dict(self) -> dict:
        def pct(v):
            return None if v is None else str(v)

        return {
            "reports": self.reports,
            "returned": self.returned,
            "failed": self.failed,
            "found_false": self.found_false,
            "findings": self.findings,
            "returned_share": pct(self.returned_share),
            "failed_share": pct(self.failed_share),
            "false_share": pct(self.false_share),
        }


def quality_for(agency_ids) -> dict[int, Quality]:
    """{agency id: Quality} for the given agencies, in four queries."""
    ids = list(agency_ids)
    out = {i: Quality() for i in ids}
    if not ids:
        return out
    submitted = EvaluationReport.objects.filter(
        agency_id__in=ids, route=EvaluationRoute.THIRD_PARTY, state=ReportState.SUBMITTED
    )
    for row in submitted.values("agency_id").annotate(n=Count("id")):
        out[row["agency_id"]].reports = row["n"]
    apps = list(
        Application.objects.filter(
            report__agency_id__in=ids,
            report__route=EvaluationRoute.THIRD_PARTY,
            report__state=ReportState.SUBMITTED,
        ).values_list("uuid", "report_id", "report__agency_id", "state")
    )
    returned_apps = set(
        AuditEvent.objects.filter(
            object_type="selection.application",
            object_uuid__in=[str(a[0]) for a in apps],
            action__endswith=".return",
        ).values_list("object_uuid", flat=True)
    )
    for app_uuid, report_id, agency_id, state in apps:
        q = out[agency_id]
        if str(app_uuid) in returned_apps:
            q._returned.add(report_id)
        if state == ApplicationState.NOT_APPROVED:
            q._failed.add(report_id)
    findings = AgencyFraudFinding.objects.filter(agency_id__in=ids).values_list(
        "agency_id", "project__report_id", "project__report__state"
    )
    for agency_id, report_id, report_state in findings:
        q = out[agency_id]
        q.findings += 1
        if report_id is not None and report_state == ReportState.SUBMITTED:
            q._false.add(report_id)
    for q in out.values():
        q.returned, q.failed, q.found_false = len(q._returned), len(q._failed), len(q._false)
    return out
