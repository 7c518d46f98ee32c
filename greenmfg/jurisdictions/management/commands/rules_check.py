"""`greenmfg rules check FILE [--on DATE] [--json]`: validate one ruleset file against its
parent before it goes live (the file is not recorded and takes no force)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand
from greenmfg.jurisdictions.management.commands.rules_show import iso_date
from greenmfg.jurisdictions.rulesets import RulesetError, check_candidate


class Command(GreenCommand):
    help = (
        "检查一个规则文件：格式、参数、依据、上级规则集，以及是否放宽上级的约束性规定；不加载。"
        " Check one ruleset file (format, keys, citations, its parent in force, values that"
        " loosen a parent's binding value) without loading it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="规则文件 / the ruleset file (YAML)")
        parser.add_argument(
            "--on", type=iso_date, default=None, help="日期 / date (default: platform today)"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        on = options["on"] or clock.today()
        try:
            result = check_candidate(path, on)
        except RulesetError as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"ok": False, "error": str(exc)}, ensure_ascii=False))
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        rf = result.file
        self.stdout.write(
            f"{path.name}: ok — {rf.slug} ({rf.name}, {rf.division}), parent "
            f"{rf.parent or '—'}, {len(rf.parameters)} parameter(s), sha256 {rf.sha256[:12]}"
        )
        if result.replaces == rf.sha256:
            self.stdout.write("identical to the version in force")
        elif result.replaces:
            self.stdout.write(f"replaces the version in force {result.replaces[:12]}")
        else:
            self.stdout.write("a new ruleset (no version in force)")
        for conflict in result.conflicts:
            self.stdout.write(self.style.WARNING(f"binding: {conflict}"))
