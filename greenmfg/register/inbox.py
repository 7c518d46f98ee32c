"""The register's items of the inbox (待办): claims and proposals of links between
listings and units that the district or city official decides (greenmfg/register/links.py).
Registered with :mod:`greenmfg.core.inbox` (imported at start-up)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from greenmfg.core import inbox
from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import Role
from greenmfg.register.links import pending_links


def inbox_items(user, limit: int = 200) -> list[InboxItem]:
    """待确认的名单条目关联 of a district or city official: one query."""
    if not user.is_authenticated or user.role not in (Role.DISTRICT, Role.CITY):
        return []
    qs = pending_links(user).order_by("created_at", "id")[:limit]
    return [
        InboxItem(
            "listing_link",
            f"{link.listing.unit_name} → {link.organisation.name}",
            "link_decide",
            str(link.uuid),
            link.get_state_display(),
            link.created_at,
        )
        for link in qs
    ]


inbox.register_provider("register", inbox_items, order=70)
inbox.register_kinds({"listing_link": _("名单条目关联")})
inbox.register_object_pages(
    {"register.listinglink": "link_decide", "register.greenlist": "green_list_detail"}
)
