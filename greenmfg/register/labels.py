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
        "adjustment.apply": _("应用动态调整通知"),
    }
)
#: the listing's star, the other "state" its events move (listing.star_raise; 004 第三条)
labels.register_states("register.listing", {"1": _("1星"), "2": _("2星"), "3": _("3星")})
