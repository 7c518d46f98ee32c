"""Labels of the portal's audit actions (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels

labels.register_actions({"clock.set": _("设置平台日期")})
labels.register_object("clock", _("平台日期"))
labels.register_plain_states("core.platformclock")
