"""待办 (the inbox): each app contributes the items that wait for a user.

An app registers a provider in its ``AppConfig.ready()``; the portal's inbox page and
``GET /api/v1/inbox/`` call :func:`inbox_for`, which asks every provider in ``order``.
A provider takes the signed-in user and a limit and returns :class:`InboxItem` rows
from its own scoped selectors, one query per kind, so the inbox issues a bounded
number of queries whatever the row count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class InboxItem:
    """One thing waiting for the user: what (``kind``), which object (``label``,
    ``url_name`` + ``uuid`` of its page), its state's label, since when, and the URL
    name of the object in the API (``api_name``, empty where the API has none)."""

    kind: str
    label: str
    url_name: str
    uuid: str
    state: str
    since: Any
    api_name: str = ""


Provider = Callable[[Any, int], list[InboxItem]]
_PROVIDERS: dict[str, tuple[int, Provider]] = {}


def register_provider(name: str, provider: Provider, *, order: int = 100) -> None:
    """Add (or replace) the provider ``name``; lower ``order`` comes first."""
    _PROVIDERS[name] = (order, provider)


def inbox_for(user, limit: int = 200) -> list[InboxItem]:
    """待办 of ``user``: every provider's items, providers in ``order``; ``[]`` for a
    visitor who is not signed in. ``limit`` caps each kind of item."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[InboxItem] = []
    for _order, provider in sorted(_PROVIDERS.values(), key=lambda p: p[0]):
        items += provider(user, limit)
    return items
