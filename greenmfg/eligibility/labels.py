"""Labels of eligibility's audit actions (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels

labels.register_actions(
    {
        "credit_records.import": _("导入信用记录"),
        "fraud.record": _("认定弄虚作假"),
    }
)
