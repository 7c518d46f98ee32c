"""Shared fixtures: the real reference data (loaded once per test session), the one cast
of users (tests/cast.py: a Tianhe and a Yuexiu official, Guangzhou, Guangdong, Xiamen,
Luoyang … officials, enterprises, a park, an agency, an expert, the public) and the
platform date pinned for every test."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """No persistent connections in tests: the live server's request threads must not
    keep sessions open on the PostgreSQL test database."""
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


def pytest_collection_modifyitems(config, items):
    """Run browser tests last (their transactional database is flushed afterwards), and
    the check that every audit action and state produced has a label after everything
    (tests/cross/test_labels.py)."""
    from tests.label_support import start_collecting

    start_collecting()

    def order(item):
        if item.get_closest_marker("labels_last"):
            return 2
        return 1 if item.get_closest_marker("browser") or item.get_closest_marker("flushes") else 0

    items.sort(key=order)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped reference data (divisions, industries) into the test database once."""
    from django.db import connection

    from greenmfg.jurisdictions.reference import load_reference

    with django_db_blocker.unblock():
        # pytest-django sets up only the databases the collected tests use: with no
        # database test collected there is nothing to load into.
        if "jurisdictions_jurisdiction" in connection.introspection.table_names():
            load_reference()
        if "audit_auditevent" in connection.introspection.table_names():
            from tests.audit_support import allow_flush_of_the_test_database

            # PostgreSQL: the audit tables refuse TRUNCATE, which flush uses
            allow_flush_of_the_test_database()


@pytest.fixture(scope="session")
def end_leaked_sessions(django_db_setup, django_db_blocker):
    """The live server's request threads can leave an idle PostgreSQL session behind;
    end it before the test database is dropped."""
    yield
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


#: the platform date of every test that does not set its own (``clock.frozen`` wins over it;
#: a test of the real or demo clock clears ``settings.GREENMFG_TODAY``): the README's demo
#: start, a Monday inside Guangzhou's registration window (004 第九条)
PLATFORM_DATE = "2026-01-12"


@pytest.fixture(autouse=True)
def _platform_date(settings):
    """Pin the platform date suite-wide, so no test depends on the day it runs."""
    settings.GREENMFG_TODAY = PLATFORM_DATE


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploads in a temporary folder; a fast password hasher (tests only)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # the TOTP second factor is off unless a test turns it on (tests/cross/test_security_*.py)
    settings.GREENMFG_OTP_REQUIRED = False
    # each test starts with an empty cache: a cached public page of one test's data
    # must not answer another's (greenmfg/core/pagecache.py)
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the platform's language (zh-hans): a request in English leaves
    its language active in the thread (LocaleMiddleware does not deactivate it), and a
    later test that renders text outside a request would read English."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def cast(db):
    """The one cast of test users (tests/cast.py)."""
    from tests.cast import Cast

    return Cast()


@pytest.fixture
def tianhe_official(cast):
    return cast.tianhe


@pytest.fixture
def yuexiu_official(cast):
    return cast.yuexiu


@pytest.fixture
def city_official(cast):
    return cast.guangzhou


@pytest.fixture
def province_official(cast):
    return cast.guangdong


@pytest.fixture
def enterprise(cast):
    return cast.enterprise


@pytest.fixture
def enterprise_user(cast):
    return cast.enterprise_user


@pytest.fixture
def other_enterprise(cast):
    return cast.other_enterprise


@pytest.fixture
def other_enterprise_user(cast):
    return cast.other_enterprise_user


@pytest.fixture
def anonymous(cast):
    return cast.public


@pytest.fixture
def browser_page():
    """A page of Debian's chromium driven by Playwright (headless, no network probes)."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make install` (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page.set_default_timeout(15000)
        yield page
        browser.close()


@pytest.fixture
def browser_reference(settings, end_leaked_sessions):
    """Demo clock on; reference data reloaded if an earlier transactional test flushed it."""
    from greenmfg.jurisdictions.models import Jurisdiction
    from greenmfg.jurisdictions.reference import load_reference

    settings.GREENMFG_DEMO_CLOCK = True
    settings.GREENMFG_TODAY = ""  # the date bar moves the demo platform date
    if not Jurisdiction.objects.filter(code="440106").exists():
        load_reference()
