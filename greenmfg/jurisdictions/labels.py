"""Labels of the rulesets' and the calendar's audit actions (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels

labels.register_actions(
    {
        "ruleset.install": _("规则集 · 加载"),
        "calendar.enter": _("录入节假日安排"),
    }
)
