"""待办 (the inbox): each app contributes the items that wait for a user.

An app registers a provider in its ``AppConfig.ready()``; the portal's inbox page and
``GET /api/v1/inbox/`` call :func:`inbox_for`, which asks every provider in ``order``.
A provider takes the signed-in user and a limit and returns :class:`InboxItem` rows
from its own scoped selectors, one query per kind, so the inbox issues a bounded
number of queries whatever the row count.

Each app also registers the labels of its kinds (:func:`register_kinds`, 动态管理表 for
``dynamic_form``) and the pages of its objects (:func:`register_object_pages`, so that
已办 — the user's own acts read from the audit record — links to each object's page).

Items with a deadline (``due_on``) come first, the most urgent first; the countdown
(剩余 5 天 / 已逾期 3 天) counts from the platform date (:func:`greenmfg.core.clock.today`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass
class InboxItem:
    """One thing waiting for the user: what (``kind``), which object (``label``,
    ``url_name`` + ``uuid`` of its page), its state's label, since when, and the URL
    name of the object in the API (``api_name``, empty where the API has none).

    Optional: ``due_on`` (date) — the deadline the rules give, ``None`` where they give
    none; ``url`` — the page's address when it is not ``url_name`` + ``uuid`` (a list,
    a form to start: then ``uuid`` may be empty); ``count`` — how many objects a grouped
    item stands for (16 units overdue on their dynamic form)."""

    kind: str
    label: str
    url_name: str
    uuid: str
    state: str
    since: Any
    api_name: str = ""
    due_on: dt.date | None = None
    url: str = ""
    count: int | None = None

    @property
    def href(self) -> str:
        """The address of the item's page on the site."""
        if self.url:
            return self.url
        return reverse(self.url_name, args=[self.uuid])

    @property
    def kind_label(self) -> str:
        """The kind's label in the active language (the kind itself if unregistered)."""
        return kind_label(self.kind)

    def days_left(self, on: dt.date) -> int | None:
        """Whole days from ``on`` (the platform date) to ``due_on``: negative once the
        deadline has passed, ``0`` on the day itself, ``None`` without a deadline."""
        if self.due_on is None:
            return None
        return (self.due_on - on).days


Provider = Callable[[Any, int], list[InboxItem]]
_PROVIDERS: dict[str, tuple[int, Provider]] = {}
_KINDS: dict[str, object] = {}
_PAGES: dict[str, str] = {}


def register_provider(name: str, provider: Provider, *, order: int = 100) -> None:
    """Add (or replace) the provider ``name``; lower ``order`` comes first."""
    _PROVIDERS[name] = (order, provider)


def register_kinds(kinds: dict[str, object]) -> None:
    """Labels (lazy translations) of an app's inbox kinds: ``{"dynamic_form": 动态管理表}``."""
    _KINDS.update(kinds)


def kind_label(kind: str) -> str:
    """The label of ``kind`` in the active language (the kind itself if unregistered)."""
    label = _KINDS.get(kind)
    return str(label) if label is not None else kind


def register_object_pages(pages: dict[str, str]) -> None:
    """The page of each object type an app owns, as ``{object_type: url_name}`` with
    ``object_type`` as the audit record stores it (``"selection.application"``) and a
    URL taking the object's ``uuid``."""
    _PAGES.update(pages)


def object_url(object_type: str, object_uuid: str) -> str:
    """The site address of an audited object's page, ``""`` where it has none."""
    name = _PAGES.get(object_type)
    if not name or not object_uuid:
        return ""
    try:
        return reverse(name, args=[object_uuid])
    except NoReverseMatch:
        return ""


def urgency(item: InboxItem) -> tuple:
    """Sort key: items with a deadline first, the earliest (most overdue) first; the
    others after them in the providers' order (the sort is stable)."""
    return (item.due_on is None, item.due_on or dt.date.max)


def inbox_for(user, limit: int = 200) -> list[InboxItem]:
    """待办 of ``user``: every provider's items, sorted by :func:`urgency`; ``[]`` for
    a visitor who is not signed in. ``limit`` caps each kind of item."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[InboxItem] = []
    for _order, provider in sorted(_PROVIDERS.values(), key=lambda p: p[0]):
        items += provider(user, limit)
    items.sort(key=urgency)
    return items
