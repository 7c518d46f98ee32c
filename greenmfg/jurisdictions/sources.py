"""The five source documents and their articles (issue 18 item 4): short titles for
citations, and the articles' text for the public page ``/rules/sources/``.

A citation is written ``<document code> <article>`` throughout the rulesets and the code
(``004 第九条（“每年1月”）``, ``001 二(二)``); :func:`cite` turns it into the document's short
title and the article (《广州市绿色工厂梯度培育及管理暂行办法》第九条) with the link to the
article's text. The texts ship as package data (greenmfg/data/source_texts/, with their licence
note); they are read once per process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TEXTS = Path(__file__).resolve().parent.parent / "data" / "source_texts"

#: document code → short title (as people name the document)
TITLES = {
    "000": _("《广东省绿色工厂梯度培育及管理实施细则》"),
    "001": _("《关于开展2023年度绿色制造名单推荐工作的通知》"),
    "002": _("《厦门市绿色工厂梯度培育管理实施细则（征求意见稿）》"),
    "003": _("《洛阳市绿色制造体系梯度培育及管理暂行办法》"),
    "004": _("《广州市绿色工厂梯度培育及管理暂行办法》"),
}

NUM = "零一二三四五六七八九十百"
ARTICLE = re.compile(rf"^(第[{NUM}]+条)")
CHAPTER = re.compile(rf"^第[{NUM}]+章")
SECTION = re.compile(rf"^#+\s*([{NUM}]+)、")
CITATION = re.compile(r"^(00[0-4])\s*(.*)$", re.S)
JUNK = re.compile(r"\[bookmark: [^\]]*\]")


@dataclass
class Article:
    """One article (条) of a document, or one numbered part (一、…) of the notice 001."""

    anchor: str
    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Document:
    code: str
    title: str
    preamble: list[str]
    articles: list[Article]


@functools.cache
def document(code: str) -> Document:
    """The document ``code`` (``000``–``004``) split into its articles. Raises KeyError."""
    if code not in TITLES:
        raise KeyError(code)
    lines = (TEXTS / f"{code}.txt").read_text(encoding="utf-8").splitlines()
    preamble: list[str] = []
    articles: list[Article] = []
    for raw in lines:
        line = JUNK.sub("", raw).strip()
        if not line:
            continue
        m = ARTICLE.match(line) or SECTION.match(line)
        if m:
            anchor = m.group(1)
            articles.append(Article(anchor=anchor, paragraphs=[line.lstrip("# ")]))
        elif CHAPTER.match(line) or line.startswith("#"):
            articles.append(Article(anchor="", heading=line.lstrip("# ")))
        elif articles:
            articles[-1].paragraphs.append(line)
        else:
            preamble.append(line)
    return Document(code=code, title=str(TITLES[code]), preamble=preamble, articles=articles)


def split(citation: str) -> tuple[str, str, str] | None:
    """``(code, short title, rest)`` of a citation naming one of the five documents, else None
    (a citation of another document, e.g. 工信部节〔2024〕13号 第五条, is shown as it is)."""
    m = CITATION.match((citation or "").strip())
    if not m:
        return None
    code, rest = m.groups()
    return code, str(TITLES[code]), rest.strip()


def anchor_of(code: str, rest: str) -> str:
    """The anchor of the first article ``rest`` names (``第九条``; ``二`` in the notice 001);
    only its first part counts (``001 三; 工信部节〔2024〕13号 第五条`` → ``三``)."""
    rest = re.split(r"[;；]", rest, maxsplit=1)[0]
    m = re.search(rf"第[{NUM}]+条", rest)
    if m:
        return m.group(0)
    m = re.match(rf"([{NUM}]+)", rest)
    return m.group(1) if m and code == "001" else ""


def link(citation: str) -> tuple[str, str] | None:
    """``(text, url)`` of a citation: 《short title》article and the article's place on the
    public page of the source texts; None when it names none of the five documents."""
    parts = split(citation)
    if parts is None:
        return None
    code, title, rest = parts
    anchor = anchor_of(code, rest)
    url = reverse("source_texts") + f"?doc={code}" + (f"#{anchor}" if anchor else "")
    return f"{title}{titled(rest)}", url


def plain(citation: str) -> str:
    """The citation with the document's short title (for plain text: messages, exports);
    codes further inside it (``004 第十六条；000 第二十一条``, ``平台约定（如000 第二十五条）``)
    get their titles too."""
    parts = split(citation)
    return f"{parts[1]}{titled(parts[2])}" if parts else titled(citation)


#: a citation by its bare code inside a text: the code before an article (第九条) or a part
#: of the notice 001 (二(四))
CODE_IN_TEXT = re.compile(rf"(?<![\d《])(00[0-4])\s*(?=第[{NUM}]+条|[{NUM}]+[(（])")


def titled(text: str) -> str:
    """Every citation by bare code inside ``text`` with its document's short title instead
    (``见004 第九条`` → ``见《广州市绿色工厂梯度培育及管理暂行办法》第九条``): for the free texts
    of the rulesets (conditions, notes) shown to people."""
    return CODE_IN_TEXT.sub(lambda m: str(TITLES[m.group(1)]), str(text or ""))
