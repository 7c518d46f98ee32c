"""Labels of the parties' audit actions (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels

labels.register_actions({"organisation.rename": _("单位名称变更")})
