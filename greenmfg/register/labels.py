"""Labels of the register's audit actions and listing states (imported at start-up by the audit app)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.register.models import ListingStatus

labels.register_states("register.listing", ListingStatus)
labels.register_actions(
    {
        "listing.star_raise": _("星级提升"),
        "listing.remove": _("移出名单"),
        "listing.rename": _("名称变更"),
        "listing.change": _("变更"),
    }
)
