"""Headers and settings (issue 8, part 3), in place of a ZAP baseline scan: the strict
Content-Security-Policy and the other response headers on representative pages, cookie
flags behind HTTPS, no inline script or style in any template or page, the production
settings passing ``check --deploy``, and a production process refusing unsafe settings.

Names carry the OWASP ASVS 5.0 item (``asvs_3_4_3`` = 3.4.3) and/or the GB/T 22239-2019
item (``djbh_8_1_4_…``); docs/security.md maps them back."""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.core.vocabulary import Role
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "greenmfg"

STRICT_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

#: rendered to PDF by WeasyPrint (register/views.py green_list_pdf), never served as HTML
#: templates WeasyPrint renders to PDF (never served as HTML) -> the one module that does it
PDF_TEMPLATES = {
    "register/green_list_pdf.html": "register/exports.py",
    "greencode/card_pdf.html": "greencode/cards.py",
    "summaries/summary_pdf.html": "summaries/exports.py",
}
NOT_SERVED_AS_HTML = set(PDF_TEMPLATES)


def csp(resp) -> dict[str, str]:
    header = resp["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.fixture
def official_client(db, tianhe_official):
    client = Client()
    client.force_login(tianhe_official)
    return client


PUBLIC_PAGES = ["/", "/register/", "/notices/", "/rules/", "/accounts/login/", "/api/docs/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_send_the_strict_csp_and_security_headers_asvs_3_4_3_to_3_4_6(path):
    resp = Client().get(path)
    assert resp.status_code == 200
    policy = csp(resp)
    for directive, value in STRICT_CSP.items():
        assert policy[directive] == value, (path, directive, policy)
    assert "unsafe-inline" not in resp["Content-Security-Policy"]
    assert "unsafe-eval" not in resp["Content-Security-Policy"]
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Referrer-Policy"] == "same-origin"
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/inbox/", "/pool/", "/accounts/sessions/", "/api/v1/inbox/"])
def test_signed_in_pages_and_the_api_send_the_same_headers_asvs_3_4_3(official_client, path):
    resp = official_client.get(path)
    assert resp.status_code == 200
    assert csp(resp)["script-src"] == "'self'" and csp(resp)["frame-ancestors"] == "'none'"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["X-Frame-Options"] == "DENY"
    assert "no-store" in resp["Cache-Control"]


@pytest.mark.django_db
def test_public_api_sends_the_headers_asvs_3_4_4():
    resp = Client().get("/api/v1/listings/")
    assert resp.status_code == 200
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert csp(resp)["default-src"] == "'self'"


@pytest.mark.django_db
def test_redoc_is_the_only_page_with_a_wider_documented_policy_asvs_3_4_3():
    resp = Client().get("/api/redoc/")
    policy = csp(resp)
    assert policy["style-src"] == "'self' 'unsafe-inline'" and policy["worker-src"] == "blob:"
    assert policy["script-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert "https://fonts" not in resp.content.decode()


@pytest.mark.django_db
def test_swagger_ui_loads_its_init_script_as_a_file_under_the_strict_policy():
    page = Client().get("/api/docs/")
    assert not inline_code(page.content.decode())
    script = Client().get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


# --- no inline script or style ---------------------------------------------------------------


class _InlineFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts (not JSON data blocks),
    <style> blocks, style="" and on*="" attributes, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        data_block = attrs.get("type") in ("application/json", "application/ld+json")
        if tag == "script" and not attrs.get("src") and not data_block:
            self._in_script = True
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")


def inline_code(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


TEMPLATE_PATTERNS = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def _templates() -> list[tuple[str, Path]]:
    roots = [PACKAGE / "templates", *PACKAGE.glob("*/templates")]
    return [
        (path.relative_to(root).as_posix(), path)
        for root in roots
        for path in sorted(root.rglob("*.html"))
    ]


def test_no_template_has_inline_script_or_style_asvs_3_4_3():
    """Every template under greenmfg/templates and the apps' templates; the one exemption
    is the PDF announcement, which WeasyPrint renders to PDF and is never served as HTML."""
    templates = _templates()
    assert len(templates) > 50
    assert {name for name, _ in templates} >= NOT_SERVED_AS_HTML
    problems = [
        f"{name}: {what}"
        for name, path in templates
        if name not in NOT_SERVED_AS_HTML
        for what, pattern in TEMPLATE_PATTERNS.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert problems == []


def test_the_pdf_templates_are_only_rendered_to_pdf():
    """Each exempt template is used in one module only, rendered to a string and handed to
    WeasyPrint, never returned as an HTML response or included by a page."""
    for template, module in PDF_TEMPLATES.items():
        users = [
            path for path in PACKAGE.rglob("*.py") if template in path.read_text(encoding="utf-8")
        ]
        assert users == [PACKAGE / module], template
        source = users[0].read_text(encoding="utf-8")
        assert re.search(r"render_to_string\(\s*\"" + re.escape(template), source), template
        assert "write_pdf()" in source
        for name, path in _templates():
            assert template not in path.read_text(encoding="utf-8"), name


def test_htmx_never_injects_its_indicator_styles():
    base = (PACKAGE / "templates" / "base.html").read_text(encoding="utf-8")
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'', base)
    assert config is not None
    import json

    assert json.loads(config.group(1))["includeIndicatorStyles"] is False
    assert json.loads(config.group(1))["allowEval"] is False


@pytest.mark.django_db
def test_rendered_pages_have_no_inline_script_or_style(official_client):
    pages = [Client().get(p) for p in ("/", "/register/", "/notices/", "/rules/")]
    pages += [official_client.get(p) for p in ("/inbox/", "/pool/", "/accounts/sessions/")]
    for resp in pages:
        assert resp.status_code == 200
        assert inline_code(resp.content.decode()) == [], resp.request["PATH_INFO"]


@pytest.mark.django_db
def test_django_admin_works_under_the_strict_policy_without_an_exemption(enterprise):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    paths = [
        "/admin/",
        "/admin/parties/user/",
        f"/admin/parties/user/{admin.pk}/change/",
        f"/admin/parties/organisation/{enterprise.pk}/change/",
        "/admin/parties/organisation/add/",
        "/admin/axes/accessattempt/",
        "/admin/accounts/usersession/",
    ]
    for path in paths:
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert csp(resp)["script-src"] == "'self'", path
        assert inline_code(resp.content.decode()) == [], path


# --- HTTPS: HSTS, redirect, cookies ----------------------------------------------------------

HTTPS_NAMES = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
]


def settings_under(monkeypatch, **env):
    """greenmfg/settings.py evaluated afresh with ``env`` (what a process started with
    that environment would get)."""
    for key in ("GREENMFG_HTTPS", "DEBUG", "GREENMFG_PRODUCTION", "GREENMFG_DEMO_CLOCK"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    spec = importlib.util.spec_from_file_location("_settings_probe", PACKAGE / "settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def https(settings, monkeypatch):
    probe = settings_under(monkeypatch, GREENMFG_HTTPS="1")
    for name in HTTPS_NAMES:
        setattr(settings, name, getattr(probe, name))
    return probe


def test_without_https_the_site_does_not_claim_it(monkeypatch):
    plain = settings_under(monkeypatch)
    assert not getattr(plain, "SECURE_SSL_REDIRECT", False)
    assert not getattr(plain, "SECURE_HSTS_SECONDS", 0)
    assert not getattr(plain, "SESSION_COOKIE_SECURE", False)
    assert plain.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
def test_behind_https_hsts_is_sent_and_http_redirects_asvs_3_4_1(https):
    assert Client().get("/register/").status_code == 301
    resp = Client().get("/register/", secure=True)
    assert resp.status_code == 200
    assert resp["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    via_proxy = Client().get("/register/", HTTP_X_FORWARDED_PROTO="https")
    assert via_proxy.status_code == 200 and "Strict-Transport-Security" in via_proxy


@pytest.mark.django_db
def test_behind_https_cookies_are_secure_host_prefixed_httponly_and_samesite_asvs_3_3_1_to_3_3_4(
    https, tianhe_official
):
    client = Client()
    page = client.get("/accounts/login/", secure=True)
    csrf = page.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax" and csrf["path"] == "/"
    assert not csrf["domain"]
    resp = client.post(
        "/accounts/login/",
        {"username": tianhe_official.username, "password": "correct-horse-battery"},
        secure=True,
    )
    assert resp.status_code == 302
    session = resp.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    assert "sessionid" not in resp.cookies


@pytest.mark.django_db
def test_session_cookie_is_httponly_and_samesite_without_https_too_asvs_3_3_2_3_3_4(
    tianhe_official,
):
    resp = Client().post(
        "/accounts/login/",
        {"username": tianhe_official.username, "password": "correct-horse-battery"},
    )
    cookie = resp.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


# --- production settings ---------------------------------------------------------------------


def _env(**extra) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GREENMFG_", "DJANGO_"))
        and k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")
    }
    env["DJANGO_SETTINGS_MODULE"] = "greenmfg.settings"
    env.update(extra)
    return env


def _run(args: list[str], **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "green.example.gov.cn",
    "GREENMFG_HTTPS": "1",
    "GREENMFG_PRODUCTION": "1",
}


def test_production_settings_pass_check_deploy_asvs_13_4_2_djbh_8_1_4_4():
    """The command .ci/run runs: Django's deployment checklist with warnings as failures."""
    done = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.parametrize(
    "override,message",
    [
        ({"DEBUG": "1"}, "DEBUG is on"),
        ({"SECRET_KEY": "insecure-development-key-change-me"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"GREENMFG_DEMO_CLOCK": "1"}, "demo clock"),
    ],
    ids=["debug", "default-key", "weak-key", "no-hosts", "any-host", "demo-clock"],
)
def test_production_process_refuses_to_start_with_unsafe_settings_asvs_13_4_2(override, message):
    done = _run(["-c", "import django; django.setup()"], **{**PRODUCTION, **override})
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "GREENMFG_PRODUCTION=1: refusing to start" in done.stderr and message in done.stderr


def test_unset_secret_key_and_hosts_are_refused_in_production():
    env = {k: v for k, v in PRODUCTION.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    done = _run(["-c", "import django; django.setup()"], **env)
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr and "ALLOWED_HOSTS" in done.stderr


def test_the_demo_starts_with_its_defaults_and_the_second_factor_off():
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.GREENMFG_OTP_REQUIRED, s.DEBUG, s.GREENMFG_PRODUCTION)"
    )
    demo = _run(["-c", probe], GREENMFG_DEMO_CLOCK="1")
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.split() == ["False", "False", "False"]
    production = _run(["-c", probe], **PRODUCTION)
    assert production.returncode == 0, production.stderr
    assert production.stdout.split() == ["True", "False", "True"]


def test_ci_runs_the_deploy_check():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "check --deploy --fail-level WARNING" in ci
    assert ci.index("check --deploy") < ci.index("make test")


def test_account_pages_are_linked_from_every_page(official_client):
    page = official_client.get(reverse("inbox")).content.decode()
    assert reverse("account_sessions") in page
