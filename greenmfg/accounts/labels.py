"""Labels of the accounts app's audit actions (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels

labels.register_actions(
    {
        "account.enrolment_code.issue": _("签发双因素登记码"),
        "account.enrolment_code.use": _("使用双因素登记码"),
        "account.otp.enrol": _("登记双因素认证"),
    }
)
