"""Labels of the cultivation pool's audit actions and states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.cultivation.models import RegistrationState

labels.register_states("cultivation.registration", RegistrationState)
labels.register_object("registration", _("登记表"))
labels.register_words({"file": _("报省备案"), "renew": _("更新清洁生产企业认定")})
