"""Labels of the portal's audit actions (registered in ``ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels


def register() -> None:
    labels.register_actions({"clock.set": _("设置平台日期")})
    labels.register_object("clock", _("平台日期"))
