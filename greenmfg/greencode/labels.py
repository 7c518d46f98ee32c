"""Labels of the 企业绿码's audit actions and states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.greencode.models import CodeState, RunState

labels.register_object("green_code", _("企业绿码"))
labels.register_states("greencode.gradingrun", RunState)
labels.register_states("greencode.greencode", CodeState)
labels.register_actions(
    {
        "green_code.grade": _("企业绿码评定"),
        "green_code.supersede": _("企业绿码被新一轮评定取代"),
        "green_code.withdraw": _("撤销企业绿码"),
    }
)
