"""What the lower apps ask of the horizontal networks (parks' members, leads' suppliers,
cultivation plans) without importing the ``networks`` app, which sits above them.

``greenmfg.networks`` registers its provider in ``AppConfig.ready()`` (as each app's
``inbox.py`` does for :mod:`greenmfg.core.inbox`). Without a provider (the app is not
installed) every answer is empty: no members, no plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Member:
    """A member enterprise (or supplier) counting on a day: code and public name."""

    uscc: str
    name: str


class Provider(Protocol):
    def members_of(self, owner_uscc: str, kind: str, on: dt.date) -> list[Member]: ...

    def has_current_plan(self, owner_id: int, kind: str, on: dt.date) -> bool: ...


_PROVIDER: list[Provider] = []


def register_provider(provider: Provider) -> None:
    """Install the networks provider (replaces any earlier one)."""
    _PROVIDER[:] = [provider]


def members_of(owner_uscc: str, kind: str, on: dt.date) -> list[Member]:
    """The accepted members of kind ``kind`` ("park" | "supply_chain") of the unit with
    code ``owner_uscc`` whose membership runs on ``on``; [] without a provider."""
    return _PROVIDER[0].members_of(owner_uscc, kind, on) if _PROVIDER else []


def has_current_plan(owner_id: int, kind: str, on: dt.date) -> bool:
    """Whether the unit ``owner_id`` has a published cultivation plan of kind ``kind``
    covering ``on``'s year (False without a provider)."""
    return _PROVIDER[0].has_current_plan(owner_id, kind, on) if _PROVIDER else False
