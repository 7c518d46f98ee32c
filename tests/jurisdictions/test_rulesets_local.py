"""A new jurisdiction by data, safely (issue 15, item 18): ruleset files beside the shipped
ones (GREENMFG_RULESETS_DIR) take force only once validated, recorded and audited; an
invalid file is refused alone; `greenmfg rules check FILE` validates before it goes live."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from greenmfg.audit.models import AuditEvent
from greenmfg.jurisdictions.models import InstalledRuleset
from greenmfg.jurisdictions.rulesets import registry, rules_for_slug
from greenmfg.jurisdictions.services import install_rulesets

pytestmark = pytest.mark.django_db

FOSHAN = """slug: foshan
division: "440600"
name: 佛山市
parent: guangdong
parameters:
  public_notice.municipal.length:
    value: 5
    ref: 佛山 第八条
  public_notice.municipal.unit:
    value: calendar_days
    ref: 佛山 第八条
"""


@pytest.fixture
def local_dir(settings, tmp_path):
    settings.GREENMFG_RULESETS_DIR = str(tmp_path)
    registry.cache_clear()
    yield tmp_path
    settings.GREENMFG_RULESETS_DIR = ""
    registry.cache_clear()


def test_a_dropped_in_file_takes_no_force_until_loaded_and_audited(local_dir):
    (local_dir / "foshan.yaml").write_text(FOSHAN, encoding="utf-8")
    assert "foshan" not in registry().files
    assert registry().pending == ["foshan.yaml: not yet loaded (greenmfg load-rulesets)"]
    report = install_rulesets()
    assert report.installed["foshan"][1:] == (True, "local")
    row = InstalledRuleset.objects.get(slug="foshan")
    assert row.source == "local" and "佛山 第八条" in row.content
    assert AuditEvent.objects.filter(action="ruleset.install", object_uuid="foshan").count() == 1
    assert rules_for_slug("foshan").get("public_notice.municipal.length") == 5


def test_an_edited_local_file_keeps_its_recorded_version_until_loaded_again(local_dir):
    path = local_dir / "foshan.yaml"
    path.write_text(FOSHAN, encoding="utf-8")
    install_rulesets()
    path.write_text(FOSHAN.replace("value: 5", "value: 7"), encoding="utf-8")
    registry.cache_clear()
    assert rules_for_slug("foshan").get("public_notice.municipal.length") == 5
    install_rulesets()
    assert rules_for_slug("foshan").get("public_notice.municipal.length") == 7


def test_one_mistyped_key_refuses_that_file_alone_and_the_others_keep_working(local_dir, client):
    (local_dir / "guangzhou.yaml").write_text(
        'slug: guangzhou\ndivision: "440100"\nname: 广州市\nparent: guangdong\nparameters:\n'
        "  pool.keeperx:\n    value: city\n    ref: x\n",
        encoding="utf-8",
    )
    (local_dir / "foshan.yaml").write_text(FOSHAN, encoding="utf-8")
    report = install_rulesets()
    assert report.errors == [
        "guangzhou.yaml: parameter 'pool.keeperx': unknown key (known keys are listed in "
        "docs/rulesets.md)"
    ]
    assert "foshan" in report.installed
    # the shipped Guangzhou file stays in force; the rules pages answer
    assert rules_for_slug("guangzhou").ref("pool.keeper") == "004 第九条"
    assert client.get("/rules/guangzhou/").status_code == 200
    with pytest.raises(CommandError, match="1 ruleset file"):
        call_command("load_rulesets", strict=True, stdout=io.StringIO(), stderr=io.StringIO())


def test_rules_check_validates_a_file_against_its_parent_before_it_goes_live(tmp_path):
    good = tmp_path / "foshan.yaml"
    good.write_text(FOSHAN, encoding="utf-8")
    out = io.StringIO()
    call_command("rules_check", str(good), stdout=out)
    assert out.getvalue().startswith("foshan.yaml: ok — foshan (佛山市, 440600), parent guangdong")
    assert "a new ruleset" in out.getvalue()
    assert not InstalledRuleset.objects.filter(slug="foshan").exists()
    orphan = tmp_path / "zhuhai.yaml"
    orphan.write_text(
        FOSHAN.replace("foshan", "zhuhai")
        .replace("440600", "440400")
        .replace("parent: guangdong", "parent: nowhere"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="zhuhai.yaml: parent 'nowhere' has no ruleset file"):
        call_command("rules_check", str(orphan), stdout=io.StringIO())
    taken = tmp_path / "zhuhai2.yaml"
    taken.write_text(
        FOSHAN.replace("slug: foshan", "slug: zhuhai2").replace("440600", "440100"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="division 440100 already has ruleset"):
        call_command("rules_check", str(taken), stdout=io.StringIO())
