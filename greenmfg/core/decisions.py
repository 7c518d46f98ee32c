"""Decisions that explain themselves (DESIGN.md decision 2).

A guard returns a :class:`Decision`: allowed, or refused with one :class:`Reason` per
failed rule, each naming the article it applies (e.g. ``004 第十二条(五)``). Views show
the reasons, the API returns them, the audit log stores them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

#: turns a citation code (``004 第九条``) into what people read (《广州市绿色工厂梯度培育及
#: 管理暂行办法》第九条); set by the jurisdictions app, which owns the documents' titles
#: (greenmfg/jurisdictions/sources.py), since the kernel imports no higher app
_citation_formatter: Callable[[str], str] | None = None


def set_citation_formatter(formatter: Callable[[str], str] | None) -> None:
    """Install ``formatter(code) -> text`` for :func:`citation_text` (jurisdictions' ``ready()``)."""
    global _citation_formatter
    _citation_formatter = formatter


def citation_text(citation: str, language: str | None = None) -> str:
    """A citation as people read it: the document's short title and the article
    (``004 第九条`` → 《广州市绿色工厂梯度培育及管理暂行办法》第九条; issue 18 item 4), in
    ``language`` (e.g. ``zh-hans`` for what is stored) or the active language; the code
    itself when no formatter is installed or the citation names another document; ``""``
    for an empty one."""
    if not citation:
        return ""
    if _citation_formatter is None:
        return str(citation)
    if language is None:
        return _citation_formatter(str(citation))
    with translation.override(language):
        return _citation_formatter(str(citation))


class Cited:
    """A citation as a message parameter (``Reason(..., params={"article": Cited(code)})``):
    shown as :func:`citation_text` in the language the message is read in."""

    def __init__(self, code: str):
        self.code = code

    def __str__(self) -> str:
        return citation_text(self.code)

    def __repr__(self) -> str:
        return f"Cited({self.code!r})"


@dataclass(frozen=True)
class Reason:
    """One failed (or, with ``ok=True``, passed) rule.

    ``code``: a stable machine key such as ``pool.registration_window``;
    ``template``: a lazily translated message with ``{name}`` placeholders;
    ``params``: the values for the placeholders;
    ``citation``: the article, e.g. ``004 第九条``.
    """

    code: str
    template: str | Promise
    citation: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The message in the active language."""
        return str(self.template).format(**{k: str(v) for k, v in self.params.items()})

    def message_in(self, language: str) -> str:
        """The message in ``language`` (e.g. ``zh-hans`` for the audit record)."""
        with translation.override(language):
            return self.message

    @property
    def citation_text(self) -> str:
        """The article as people read it (《short title》第九条), see :func:`citation_text`."""
        return citation_text(self.citation)

    def as_dict(self) -> dict[str, str]:
        """``{"code", "message", "citation", "citation_text"}`` for the API and templates:
        ``citation`` the machine-readable code (``004 第九条``), ``citation_text`` what
        people read (《广州市绿色工厂梯度培育及管理暂行办法》第九条)."""
        return {
            "code": self.code,
            "message": self.message,
            "citation": self.citation,
            "citation_text": self.citation_text,
        }

    def __str__(self) -> str:
        """The message and its article as people read them: ``…（《…》第九条）``."""
        return f"{self.message}（{self.citation_text}）" if self.citation else self.message


@dataclass
class Decision:
    """The outcome of a guard: ``ok`` when no reason refuses it."""

    reasons: list[Reason] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.reasons

    def add(self, reason: Reason) -> None:
        self.reasons.append(reason)

    def extend(self, reasons: Iterable[Reason]) -> None:
        self.reasons.extend(reasons)

    def refuse(self, code: str, template, citation: str = "", **params: Any) -> None:
        """Record one failed rule."""
        self.reasons.append(Reason(code=code, template=template, citation=citation, params=params))

    def raise_if_refused(self) -> None:
        """Raise :class:`RuleViolation` carrying the reasons, unless ``ok``."""
        if not self.ok:
            raise RuleViolation(self.reasons)

    def as_list(self) -> list[dict[str, str]]:
        return [r.as_dict() for r in self.reasons]


class RuleViolation(Exception):
    """An action refused by the rules; ``reasons`` says why, with articles."""

    def __init__(self, reasons: list[Reason]):
        self.reasons = list(reasons)
        super().__init__("; ".join(str(r) for r in self.reasons))

    def as_list(self) -> list[dict[str, str]]:
        return [r.as_dict() for r in self.reasons]

    def citations(self) -> list[str]:
        return [r.citation for r in self.reasons if r.citation]


class TransitionConflict(Exception):
    """The object changed under us (compare-and-set matched no row), or is not in a state
    the transition leaves from: reload and retry. ``state`` is the object's current state
    when known (the API answers 409 with it, issue 17 item 13)."""

    def __init__(self, message: str = "", *, state: Any = None, label: Any = None):
        super().__init__(message)
        self.state = state
        self.label = str(label if label is not None else state)


class NotPermitted(Exception):
    """The actor's role or jurisdiction does not allow this action on this object."""
