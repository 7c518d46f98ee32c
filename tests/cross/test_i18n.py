"""The English catalogue: a user who switches to English sees English pages and English
refusal reasons, while Chinese stays the default and the audit language; every message
of greenmfg/locale/en/LC_MESSAGES/django.po is translated and keeps its placeholders.

Only the .po is committed (the .mo is built by ``make install``); this module compiles
it with msgfmt when the .mo is missing or older than the .po, so it also runs in a fresh
clone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import django.test.signals  # noqa: F401  (connects the receiver that resets translations)
import pytest
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import reverse
from django.utils import translation

import greenmfg
from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation

PACKAGE = Path(greenmfg.__file__).resolve().parent
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
HAN = re.compile(r"[\u3400-\u9fff]")  # Chinese characters (punctuation is not counted)


# -- the catalogue ------------------------------------------------------------------


def _unquote(line: str) -> str:
    body = line.strip()[1:-1]
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file (the header and obsolete ``#~`` entries left out):
    each a dict with ``flags`` (a set), ``msgid``, maybe ``msgid_plural`` and
    ``msgctxt``, and ``msgstr`` (a list: one string, or one per plural form)."""
    entries, entry, key = [], None, None

    def close():
        if entry is not None and entry.get("msgid"):
            keys = sorted(k for k in entry if k.startswith("msgstr"))
            entry["msgstr"] = [entry.pop(k) for k in keys]
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            close()
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unquote(line)
        else:
            key, _, rest = line.partition(" ")
            entry[key] = _unquote(rest)
    return entries


def _compile_if_needed() -> None:
    if MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime:
        return
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt not found: install gettext (make install does) to compile the .po")
    subprocess.run([msgfmt, "--check", "-o", str(MO), str(PO)], check=True)
    # Catalogues already loaded in this process would hide the new .mo: reset them the
    # way override_settings does (django.test.signals.language_changed).
    setting_changed.send(
        sender=type(settings), setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=True
    )


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogue():
    _compile_if_needed()


def test_every_message_of_the_english_catalogue_is_translated_and_not_fuzzy():
    entries = parse_po(PO)
    assert len(entries) > 400
    untranslated = [e["msgid"] for e in entries if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    plural_forms = [e["msgid"] for e in entries if "msgid_plural" in e and len(e["msgstr"]) != 2]
    assert untranslated == []
    assert fuzzy == []
    assert plural_forms == []


def test_translations_keep_every_placeholder():
    brace = re.compile(r"\{(\w*)\}")
    percent = re.compile(r"%\((\w+)\)[sd]")
    wrong = []
    for e in parse_po(PO):
        sources = [e["msgid"], e.get("msgid_plural", e["msgid"])]
        for pattern, flag in ((brace, "python-brace-format"), (percent, "python-format")):
            if flag not in e["flags"]:
                continue
            expected = sorted(set(pattern.findall(sources[0])) | set(pattern.findall(sources[1])))
            for s in e["msgstr"]:
                if sorted(set(pattern.findall(s))) != expected:
                    wrong.append((e["msgid"], s))
    assert wrong == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext's xgettext")
def test_catalogue_holds_every_translatable_string_of_the_code_and_templates(tmp_path):
    """makemessages on a copy of the package finds no msgid the .po lacks: a new
    ``_()`` or ``{% translate %}`` string must be added to the catalogue and translated
    (``cd greenmfg && django-admin makemessages -l en --no-location --ignore=migrations/*``)."""
    copy = tmp_path / "greenmfg"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "data", "*.mo")
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--ignore=migrations/*",
            "-v",
            "0",
        ],
        cwd=copy,
        env=env,
        check=True,
    )
    fresh = {e["msgid"] for e in parse_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    committed = {e["msgid"] for e in parse_po(PO)}
    assert sorted(fresh - committed) == []


# -- pages --------------------------------------------------------------------------

PUBLIC_PAGES = ("home", "register_search", "green_list_index", "notice_list", "login")


def _english(client):
    resp = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert resp.status_code == 302
    return client


@pytest.mark.django_db
def test_home_page_is_chinese_by_default(client):
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "<h1>绿色制造梯度培育及管理平台</h1>" in html
    assert "<h2>正在公示</h2>" in html
    assert "<h2>最新公布的名单</h2>" in html


@pytest.mark.django_db
def test_home_page_renders_in_english_after_switching_language(client):
    html = _english(client).get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Green Manufacturing Gradient Cultivation and Management Platform</h1>" in html
    assert "<h2>On public notice now</h2>" in html
    assert "<h2>Latest published lists</h2>" in html
    assert "Public register" in html and "Log in" in html


@pytest.mark.django_db
def test_public_register_renders_in_english_from_the_browser_language(client):
    from greenmfg.jurisdictions.models import Jurisdiction
    from greenmfg.register.models import GreenList, Listing

    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440100"),
        level="municipal",
        year=2025,
        title="2025年度广州市绿色制造名单",
    )
    Listing.objects.create(
        green_list=gl,
        unit_name="广州绿源精密制造有限公司",
        list_type="factory",
        level="municipal",
        year=2025,
        region=Jurisdiction.objects.get(code="440106"),
        star=3,
    )
    url = reverse("register_search")
    chinese = client.get(url).content.decode()
    assert "<h1>绿色制造名单查询</h1>" in chinese and "共 1 条" in chinese

    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Green manufacturing list search</h1>" in html
    assert "<th>Organisation name</th>" in html
    assert "1 record" in html
    assert "<td>Green factory</td>" in html and "<td>Municipal</td>" in html
    assert "3-star" in html and "<td>Active</td>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_in_english_show_no_chinese_interface_text(client, name):
    """With no data on the page, the only Chinese left is the 中文 language switch and
    the names of the provinces (reference data) in the register's region filter."""
    html = _english(client).get(reverse(name)).content.decode()
    html = re.sub(r'<select name="region[^"]*"[^>]*>.*?</select>', "", html, flags=re.S)
    assert HAN.findall(html.replace("中文", "")) == []


@pytest.mark.django_db
def test_signed_in_inbox_renders_in_english(client, enterprise_user):
    client.force_login(enterprise_user)
    html = _english(client).get(reverse("inbox")).content.decode()
    assert "<h1>Inbox</h1>" in html
    assert "Cultivation pool" in html and "Log out" in html
    assert "Enterprise user" in html  # the role label


# -- refusal reasons from the services ----------------------------------------------


def _refused_submission(enterprise_user, enterprise) -> RuleViolation:
    """Submit a complete registration on 2 March, outside Guangzhou's January window."""
    from greenmfg.cultivation import services as pool
    from tests.cycle import registration_data

    with clock.frozen("2026-03-02"):
        reg = pool.registration_create(
            actor=enterprise_user, unit=enterprise, list_type="factory", data=registration_data()
        )
        with pytest.raises(RuleViolation) as exc:
            pool.registration_submit(actor=enterprise_user, registration=reg)
    return exc.value


@pytest.mark.django_db
def test_refusal_reason_is_english_in_english_and_chinese_for_the_record(
    enterprise_user, enterprise
):
    with translation.override("en"):
        violation = _refused_submission(enterprise_user, enterprise)
        shown = str(violation)
    reason = violation.reasons[0]
    assert reason.code == "pool.registration_window"
    assert reason.citation.startswith("004 第九条")
    english = reason.message_in("en")
    assert english == (
        "Registration for the cultivation pool is open from 2026-01-01 to 2026-01-31; "
        "today is 2026-03-02"
    )
    assert not HAN.search(english)
    assert shown.startswith("Registration for the cultivation pool")
    chinese = reason.message_in("zh-hans")
    assert chinese.startswith("培育入库登记时间为2026-01-01至2026-01-31")
    assert chinese.endswith("今天是2026-03-02")
