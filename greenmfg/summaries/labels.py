"""Labels of the summaries app's audit actions and states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.summaries.models import SummaryState

labels.register_states("summaries.yearlysummary", SummaryState)
labels.register_actions(
    {
        "summary.save": _("保存年度工作总结"),
        "summary.submit": _("报送年度工作总结"),
    }
)
