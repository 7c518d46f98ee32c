"""Who may write and read yearly summaries (000 第十九条)."""

from __future__ import annotations

import rules

from greenmfg.parties.rules import define, is_official, is_signed_in, sees_all


@rules.predicate
def of_own_jurisdiction(user, summary) -> bool:
    """The summary is of the official's own jurisdiction."""
    return bool(
        summary is not None
        and is_signed_in(user)
        and user.authority_id
        and user.authority.jurisdiction_id == summary.jurisdiction_id
    )


@rules.predicate
def within_jurisdiction(user, summary) -> bool:
    """The summary is of the official's jurisdiction or one below it."""
    return bool(
        summary is not None
        and is_signed_in(user)
        and user.authority_id
        and summary.jurisdiction.path.startswith(user.authority.jurisdiction.path)
    )


@rules.predicate
def has_authority(user) -> bool:
    return bool(is_signed_in(user) and user.authority_id)


#: the officials' index of summaries
define("summaries.index", is_official & has_authority)
#: the authority writes and submits its own summary
define("summaries.write", is_official & of_own_jurisdiction)
#: it and the authorities above it read it
define("summaries.read", (is_official & within_jurisdiction) | sees_all)
