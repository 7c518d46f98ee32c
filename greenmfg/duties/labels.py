"""Labels of the duties app's audit actions and states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.duties.models import DisclosureState

labels.register_states("duties.disclosure", DisclosureState)
labels.register_actions(
    {
        "training.course": _("登记绿色制造培训"),
        "training.attendance": _("登记参训人员"),
        "guidance.record": _("登记现场指导培育"),
        "disclosure.publish": _("发布信息披露"),
        "disclosure.withdraw": _("撤回信息披露"),
    }
)
