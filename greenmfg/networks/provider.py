"""The networks' answers to the lower apps (greenmfg.core.networks): a park's running
members for the disqualifying conditions (eligibility), a current plan for the entry
conditions (cultivation). Installed by ``NetworksConfig.ready()``."""

from __future__ import annotations

import datetime as dt

from greenmfg.core import networks
from greenmfg.networks.models import Membership, running_on
from greenmfg.networks.selectors import current_plan


class NetworksProvider:
    def members_of(self, owner_uscc: str, kind: str, on: dt.date) -> list[networks.Member]:
        """The accepted members of ``kind`` running on ``on`` of the unit ``owner_uscc``,
        by name. One query."""
        if not owner_uscc:
            return []
        rows = (
            Membership.objects.filter(running_on(on), owner__uscc=owner_uscc, kind=kind)
            .order_by("name", "id")
            .values_list("uscc", "name")
        )
        return [networks.Member(u, n) for u, n in rows]

    def has_current_plan(self, owner_id: int, kind: str, on: dt.date) -> bool:
        return current_plan(owner_id, kind, on) is not None


networks.register_provider(NetworksProvider())
