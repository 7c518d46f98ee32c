"""Issue 18 item 4: plain Chinese everywhere. Every HTML page of the access matrix's world
(every object page and every page without parameters, as each role allowed to see it) is
read in the Chinese UI; its visible text (not tags, attributes, scripts or <code>) must show no
raw enum value of any app's choices (``supply_chain``, ``national_review``, ``gbt36132_2025``…),
no dotted rule key (``pool.registration_window``), no English field label (``Complaint:``) and no
citation by the bare document code (``004 第九条``: 《广州市绿色工厂梯度培育及管理暂行办法》第九条)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.access_matrix import CASES, PAGES
from tests.cross import test_access_matrix as matrix
from tests.cross.test_access_matrix import SHADOWED, call, is_api

# the access matrix's world and its settings (module-scoped fixtures, reused)
world = matrix.world
_matrix_settings = matrix._matrix_settings

pytestmark = pytest.mark.django_db

SKIP_TAGS = {"script", "style", "code", "textarea", "pre"}


class _Text(HTMLParser):
    """The visible text of a page, without <code> and form values (what people read)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


def _raw_values() -> set[str]:
    """Enum values people should never read: every choice value of every model field of
    the platform that is a code (has an underscore or is ASCII lower case words)."""
    values: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("greenmfg."):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", value):
                    values.add(value)
    # every TextChoices of the platform (review steps, roles … not all are model fields)
    todo = [models.TextChoices]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("greenmfg."):
                values |= {v for v in sub.values if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", v)}
    from greenmfg.standards.systems import all_systems

    values |= {c for c in all_systems() if "_" in c}
    return values


RAW = _raw_values()
DOTTED = re.compile(r"(?<![\w./@-])[a-z][a-z_]+\.[a-z_]+(?:\.[a-z_]+)*(?![\w/@-])")
#: a citation by the bare document code (004 第九条, 001 二(四)): people read the document's
#: short title and the article (|cite, core.decisions.citation_text)
BARE_CITATION = re.compile(
    r"(?<![\d《])00[0-4]\s*(第[零一二三四五六七八九十百]+条|[一二三四五六七八九十]+\()"
)
ENGLISH_LABEL = re.compile(r"\b(Complaint|Objection|Application|Registration|Listing):")
WORD = re.compile(r"(?<![\w.-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w-])")


#: dotted words that are meant: the spot-check method names the Python functions that let
#: anyone repeat a draw with the published seed (supervision/spot_checks/services.py)
ALLOWED_DOTTED = {"random.sample", "random.random"}
#: web sites named as where notices are published (www.xmsme.cn)
DOMAIN = re.compile(r"^(www\.|.*\.(cn|com|org|net)$)")


def problems_of(text: str) -> list[str]:
    out = [f"raw code {m}" for m in WORD.findall(text) if m in RAW]
    out += [
        f"dotted key {m}"
        for m in DOTTED.findall(text)
        if not m.endswith((".pdf", ".xlsx", ".yaml", ".csv", ".json", ".png", ".pem"))
        and m not in ALLOWED_DOTTED
        and not DOMAIN.match(m)
    ]
    out += [f"English label {m}" for m in ENGLISH_LABEL.findall(text)]
    out += [f"bare citation {m.group(0)}" for m in BARE_CITATION.finditer(text)]
    return out


def test_the_checker_finds_raw_codes_and_dotted_keys():
    assert "supply_chain" in RAW and "national_review" in RAW
    found = problems_of(
        visible_text("<p>factory、park、supply_chain · pool.registration_window</p>")
    )
    assert "raw code supply_chain" in found and "dotted key pool.registration_window" in found
    assert (
        problems_of(visible_text("<p>绿色供应链管理企业 <code>C-04</code> a@example.com</p>")) == []
    )
    assert problems_of("登记时间已过（004 第九条）") == ["bare citation 004 第九条"]
    assert problems_of("登记时间已过（《广州市绿色工厂梯度培育及管理暂行办法》第九条）") == []


def _html_pages():
    for name, case in sorted(CASES.items()):
        if is_api(name) or name in SHADOWED or "get" not in case.methods:
            continue
        yield name, case


@pytest.mark.parametrize("name", [n for n, _c in _html_pages()])
def test_object_pages_show_no_raw_codes_in_the_chinese_ui(world, name):
    case = CASES[name]
    problems = []
    for side in case.sides:
        url = reverse(name, kwargs=case.url_kwargs(world, side))
        for role in sorted(case.ok[side]):
            status, text, _changed, resp = call(world, role, "get", url)
            if status != 200 or "text/html" not in resp.get("Content-Type", ""):
                continue
            for p in problems_of(visible_text(text)):
                problems.append(f"{url} as {role}: {p}")
    assert not sorted(set(problems)), "\n".join(sorted(set(problems)))


PAGE_GETS = sorted(n for n, p in PAGES.items() if "get" in p.methods and not is_api(n))


@pytest.mark.parametrize("name", PAGE_GETS)
def test_pages_show_no_raw_codes_in_the_chinese_ui(world, name):
    page = PAGES[name]
    problems = []
    url = reverse(name)
    for role in sorted(page.roles or world.clients):
        status, text, _changed, resp = call(world, role, "get", url)
        if status != 200 or "text/html" not in resp.get("Content-Type", ""):
            continue
        for p in problems_of(visible_text(text)):
            problems.append(f"{url} as {role}: {p}")
    assert not sorted(set(problems)), "\n".join(sorted(set(problems)))
