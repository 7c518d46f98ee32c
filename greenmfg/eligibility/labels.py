"""Labels of eligibility's audit actions (registered in ``ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels


def register() -> None:
    labels.register_actions(
        {
            "credit_records.import": _("导入信用记录"),
            "fraud.record": _("认定弄虚作假"),
        }
    )
