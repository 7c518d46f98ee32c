"""Labels of the open-data audit actions (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels

labels.register_actions({"opendata.snapshot": _("生成开放数据快照")})
