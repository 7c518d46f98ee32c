"""Issue 17, item 16 (third part): ``/api/schema/`` and the interactive documentation were
public in production. Decision: in production they are for signed-in users only unless
the deployment publishes them (``GREENMFG_PUBLIC_API_DOCS=1``); the demo and development
keep them public (greenmfg/core/api_docs.py). The public API itself stays open.

ASVS 5.0 13.4.5 (documentation endpoints not exposed unless intended)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DOCS = ["/api/schema/", "/api/docs/", "/api/redoc/"]
ROOT = Path(__file__).resolve().parents[2]


def test_in_production_the_api_description_is_for_signed_in_users_asvs_13_4_5(
    settings, enterprise_user
):
    settings.GREENMFG_PUBLIC_API_DOCS = False
    for url in DOCS:
        assert Client().get(url).status_code in (401, 403), url
    client = Client()
    client.force_login(enterprise_user)
    for url in DOCS:
        assert client.get(url).status_code == 200, url
    # the public open data is not affected
    assert Client().get("/api/v1/listings/").status_code == 200


def test_a_deployment_may_publish_it(settings):
    settings.GREENMFG_PUBLIC_API_DOCS = True
    for url in DOCS:
        assert Client().get(url).status_code == 200, url


def test_production_defaults_to_signed_in_only_and_the_demo_to_public():
    probe = "import django; django.setup(); from django.conf import settings as s; print(s.GREENMFG_PUBLIC_API_DOCS)"
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GREENMFG_", "DJANGO_")) and k not in ("DEBUG", "SECRET_KEY")
    }
    base["DJANGO_SETTINGS_MODULE"] = "greenmfg.settings"
    production = {
        **base,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "green.example.gov.cn",
        "GREENMFG_PRODUCTION": "1",
        "GREENMFG_HTTPS": "1",
    }
    for env, expected in ((production, "False"), ({**base, "GREENMFG_DEMO_CLOCK": "1"}, "True")):
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == expected
