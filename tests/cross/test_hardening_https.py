"""Issue 17, item 10: ``GREENMFG_PRODUCTION=1`` started on plain HTTP, with cookies not
Secure and no HSTS (``check --deploy`` warned, the process started). Now a production
process refuses to start without HTTPS settings, unless the documented override
``GREENMFG_TLS_TERMINATED_BY`` names the proxy that terminates TLS (it then redirects
HTTP and sends HSTS itself; the cookies stay Secure). ``.ci/run``'s deploy check passes
with no warning with the documented production settings, and with the override.

ASVS 5.0 3.4.1, 3.3.1, 12.2.1, 13.4.2; 等保 8.1.4.1 c."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "green.example.gov.cn,.gxq.example.gov.cn",
    "GREENMFG_PRODUCTION": "1",
}
PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME, "
    "getattr(s, 'SECURE_HSTS_SECONDS', 0), getattr(s, 'SECURE_SSL_REDIRECT', False), "
    "','.join(s.CSRF_TRUSTED_ORIGINS))"
)


def run(args: list[str], **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GREENMFG_", "DJANGO_")) and k not in ("DEBUG", "SECRET_KEY")
    }
    clean.update(DJANGO_SETTINGS_MODULE="greenmfg.settings", **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=300
    )


def test_production_refuses_to_start_on_plain_http_asvs_13_4_2():
    done = run(["-c", "import django; django.setup()"], **PRODUCTION)
    assert done.returncode != 0
    assert "GREENMFG_PRODUCTION=1: refusing to start" in done.stderr
    assert "HTTPS is off" in done.stderr and "GREENMFG_TLS_TERMINATED_BY" in done.stderr


def test_the_documented_production_settings_pass_the_deploy_check_without_a_warning():
    done = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        GREENMFG_HTTPS="1",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues (0 silenced)" in done.stdout


def test_the_override_names_the_tls_proxy_and_keeps_the_cookies_secure_asvs_3_3_1():
    env = {**PRODUCTION, "GREENMFG_TLS_TERMINATED_BY": "政务云负载均衡 10.0.0.2"}
    probe = run(["-c", PROBE], **env)
    assert probe.returncode == 0, probe.stderr
    secure, csrf_secure, name, hsts, redirect, origins = probe.stdout.split()
    assert (secure, csrf_secure, name) == ("True", "True", "__Host-sessionid")
    # redirect and HSTS are the named proxy's, and the browsers' https origins are trusted
    assert (hsts, redirect) == ("0", "False")
    assert origins == "https://green.example.gov.cn,https://*.gxq.example.gov.cn"
    check = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_override_is_no_override(value):
    done = run(
        ["-c", "import django; django.setup()"], **PRODUCTION, GREENMFG_TLS_TERMINATED_BY=value
    )
    assert done.returncode != 0 and "HTTPS is off" in done.stderr


def test_ci_runs_the_deploy_check_with_https_on():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    line = next(x for x in ci.splitlines() if "GREENMFG_PRODUCTION=1" in x)
    assert "GREENMFG_HTTPS=1" in line and "check --deploy --fail-level WARNING" in ci
