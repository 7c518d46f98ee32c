"""Supervision of listed units (动态管理): every model of the app, imported here so that
Django finds them (app label ``supervision``, tables ``supervision_*``). Each model lives
in the package of its sub-domain:

- :mod:`.dynamic.models` — the annual dynamic form (动态管理表), its anomaly flags, the
  filing officer, the reminders, the on-site check;
- :mod:`.changes.models` — changes (变更);
- :mod:`.incidents.models` — major incidents;
- :mod:`.removals.models` — removal proposals, removals, announcements, matters reported
  upward;
- :mod:`.spot_checks.models` — random spot checks (双随机、一公开);
- :mod:`.complaints.models` — real-name complaints (举报).

Credit records and fraud findings keep the label ``supervision`` but live in the
eligibility app (:mod:`greenmfg.eligibility.models`).

Articles: 000 第十八–二十五条; 002 第十七–二十二条; 003 第十六–二十一条;
004 第十三–十六条.
"""

from __future__ import annotations

from greenmfg.supervision.changes.models import (
    CHANGE_TRANSITIONS,
    ChangeKind,
    ChangeReport,
    ChangeState,
)
from greenmfg.supervision.complaints.models import (
    COMPLAINT_TRANSITIONS,
    Complaint,
    ComplaintState,
)
from greenmfg.supervision.dynamic.models import (
    CHECK_TRANSITIONS,
    FORM_TRANSITIONS,
    INDICATOR_FIELDS,
    AnomalyFlag,
    CheckState,
    DynamicForm,
    FilingOfficer,
    FormState,
    OnSiteCheck,
    ReminderSent,
)
from greenmfg.supervision.incidents.models import (
    INCIDENT_CAUSE,
    INCIDENT_CREDIT_KIND,
    INCIDENT_TRANSITIONS,
    Incident,
    IncidentKind,
    IncidentState,
)
from greenmfg.supervision.removals.models import (
    PROPOSAL_TRANSITIONS,
    UPWARD_TRANSITIONS,
    Announcement,
    AnnouncementKind,
    ProposalState,
    Removal,
    RemovalKind,
    RemovalProposal,
    UpwardKind,
    UpwardReport,
    UpwardState,
)
from greenmfg.supervision.spot_checks.models import (
    SPOT_RESULT_TRANSITIONS,
    InspectorPool,
    SpotCheckDraw,
    SpotCheckItem,
    SpotResult,
)

__all__ = [
    "CHANGE_TRANSITIONS",
    "CHECK_TRANSITIONS",
    "COMPLAINT_TRANSITIONS",
    "FORM_TRANSITIONS",
    "INCIDENT_CAUSE",
    "INCIDENT_CREDIT_KIND",
    "INCIDENT_TRANSITIONS",
    "INDICATOR_FIELDS",
    "PROPOSAL_TRANSITIONS",
    "SPOT_RESULT_TRANSITIONS",
    "UPWARD_TRANSITIONS",
    "Announcement",
    "AnnouncementKind",
    "AnomalyFlag",
    "ChangeKind",
    "ChangeReport",
    "ChangeState",
    "CheckState",
    "Complaint",
    "ComplaintState",
    "DynamicForm",
    "FilingOfficer",
    "FormState",
    "Incident",
    "IncidentKind",
    "IncidentState",
    "InspectorPool",
    "OnSiteCheck",
    "ProposalState",
    "ReminderSent",
    "Removal",
    "RemovalKind",
    "RemovalProposal",
    "SpotCheckDraw",
    "SpotCheckItem",
    "SpotResult",
    "UpwardKind",
    "UpwardReport",
    "UpwardState",
]
