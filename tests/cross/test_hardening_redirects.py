"""Issue 17, item 12: the demo date form (``POST /clock/``) redirected to whatever ``next``
it was given — ``next=https://evil.example/`` sent a signed-in user to another site (an
open redirect, ASVS 5.0 3.7.2). It now follows ``next`` only when
``url_has_allowed_host_and_scheme`` accepts it for this host, as sign-in does, and goes
home otherwise."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/path",
    "http://evil.example@testserver.evil.example/",
    "https:/\\evil.example/",
    "/\\evil.example/",
    "javascript:alert(1)",
    "\\\\evil.example",
]


@pytest.fixture
def signed_in(settings, enterprise_user):
    settings.GREENMFG_DEMO_CLOCK = True
    client = Client()
    client.force_login(enterprise_user)
    return client


@pytest.mark.parametrize("target", HOSTILE_NEXT)
@pytest.mark.parametrize("today", ["2026-04-22", "not-a-date"])
def test_the_demo_clock_does_not_redirect_off_site_asvs_3_7_2(signed_in, target, today):
    resp = signed_in.post("/clock/", {"today": today, "next": target})
    assert resp.status_code == 302
    assert resp["Location"] == "/"


def test_the_demo_clock_still_returns_to_a_page_of_this_site(signed_in):
    resp = signed_in.post("/clock/", {"today": "2026-04-22", "next": "/register/?page=2"})
    assert resp.status_code == 302
    assert resp["Location"] == "/register/?page=2"
