"""Normalised names of organisations, for matching the free text of published lists to
the organisations (and agencies) of the platform.

Two spellings of one unit in MIIT's, a province's or a city's lists differ in width
(全角／半角), spaces, brackets (（）/()/【】/[]) and the company-form suffix
(有限公司 / 有限责任公司 / 股份有限公司 / 公司). :func:`normalise_name` maps them all to one
key; equal keys are *candidates* for the same unit, never proof (the caller decides
whether a match is certain: one candidate within the listing's region).

Pure functions, no queries: the linking of 100,000 listings against 500,000
organisations (greenmfg.register.links) calls :func:`normalise_name` once per name.
"""

from __future__ import annotations

import re
import unicodedata

#: company-form suffixes, longest first; each is cut from the end of a name
_SUFFIXES = (
    "股份有限责任公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "公司",
)
#: characters that carry no identity: spaces, punctuation, brackets of every width
_NOISE = re.compile(r"[\s\u3000·•・.,，、。:：;；'\"“”‘’()（）\[\]【】〔〕{}《》<>\-—_/\\]+")


def normalise_name(name: str | None) -> str:
    """The matching key of an organisation's (or agency's) name.

    In: a name as published (any width, brackets, spaces). Out: NFKC (full width →
    half width), lower case, without spaces, punctuation or brackets, and without the
    company-form suffix (有限公司, 有限责任公司, 股份有限公司, 公司), so that
    ``"广州绿源（精密）制造有限责任公司"`` and ``"广州绿源(精密)制造 有限公司"`` give one key.
    ``""`` for an empty name. Raises nothing.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).lower()
    text = _NOISE.sub("", text)
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text


def name_keys(names) -> set[str]:
    """The non-empty matching keys of several names (a current name and its former
    names). In: an iterable of names; out: a set of keys."""
    return {k for k in (normalise_name(n) for n in names) if k}
