"""The `greenmfg` commands (docs/cli.md): setup is idempotent, --today freezes the
clock, the console script maps its words to management commands."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from greenmfg.cli import translate_argv
from greenmfg.jurisdictions.models import InstalledRuleset, Jurisdiction
from greenmfg.register.models import Listing

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_console_words_map_to_management_commands():
    assert translate_argv(["import-national-lists", "DIR"]) == ["import_national_lists", "DIR"]
    assert translate_argv(["audit", "verify", "--json"]) == ["audit_verify", "--json"]
    assert translate_argv(["clock", "set", "2026-01-12"]) == ["clock_set", "2026-01-12"]
    assert translate_argv([]) == ["help"]
    assert translate_argv(["rules", "show", "guangzhou", "--json"]) == [
        "rules_show",
        "guangzhou",
        "--json",
    ]
    assert translate_argv(["calendar", "add-working-days", "2025-09-26", "10"]) == [
        "calendar_add_working_days",
        "2025-09-26",
        "10",
    ]
    with pytest.raises(SystemExit, match="diff, show"):
        translate_argv(["rules"])


def test_setup_prepares_everything_and_is_idempotent():
    _run("setup")
    counts = (
        Jurisdiction.objects.count(),
        Listing.objects.count(),
        InstalledRuleset.objects.count(),
    )
    assert counts[0] > 3000 and counts[1] == 6457 and counts[2] >= 3
    _run("setup")
    assert (
        Jurisdiction.objects.count(),
        Listing.objects.count(),
        InstalledRuleset.objects.count(),
    ) == counts


def test_load_rulesets_records_each_version_once():
    first = _run("load_rulesets")
    assert "guangzhou" in first and "loaded" in first
    assert "loaded" not in _run("load_rulesets")


def test_today_option_freezes_the_platform_clock():
    assert _run("clock_show", "--today", "2026-04-30").startswith("2026-04-30 (frozen)")


def test_clock_set_is_refused_without_the_demo_clock(settings):
    settings.GREENMFG_DEMO_CLOCK = False
    with pytest.raises(CommandError, match="GREENMFG_DEMO_CLOCK"):
        call_command("clock_set", "2026-01-12")


def test_clock_set_moves_the_demo_date_and_clear_returns_to_real(settings):
    settings.GREENMFG_DEMO_CLOCK = True
    settings.GREENMFG_TODAY = ""  # the suite's pinned date would win over the demo clock
    assert _run("clock_set", "2026-01-12").startswith("2026-01-12 (demo)")
    assert "(real)" in _run("clock_clear")


def test_demo_accounts_prints_the_cast_and_password(settings):
    settings.GREENMFG_DEMO_CLOCK = True
    settings.GREENMFG_TODAY = ""  # the suite's pinned date would win over the demo clock
    out = _run("demo_accounts")
    for username in ("guangzhou", "tianhe", "yuexiu", "lvyuan", "admin"):
        assert username in out
    assert "GreenMfg-Demo-2026" in out
    assert "2026-01-12 (demo)" in out


def test_audit_verify_json():
    out = _run("audit_verify", "--json")
    assert json.loads(out)["ok"] is True
