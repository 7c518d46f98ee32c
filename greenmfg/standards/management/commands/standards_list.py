"""`greenmfg standards list [--json]`: the indicator systems shipped, with their
edition, status and how many indicators are verified."""

from __future__ import annotations

import json

from greenmfg.core.management.base import GreenCommand
from greenmfg.standards.output import system_summary
from greenmfg.standards.systems import all_systems
from greenmfg.standards.values import fmt


class Command(GreenCommand):
    help = (
        "列出平台内置的评价指标体系（版本、状态、指标数及核实情况）。"
        " List the indicator systems: edition, status, indicator counts, verified counts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        systems = list(all_systems().values())
        if options["json"]:
            data = [system_summary(s) for s in systems]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        lines = []
        for s in systems:
            c = s.counts()
            since = f" · 自 {s.in_force_from.isoformat()} 起" if s.in_force_from else ""
            lines.append(f"{s.code}  {s.name}（{s.list_type}）{since}")
            lines.append(
                f"    {s.status} · 基本要求 {c['basic']} 项 basic, 评分指标 {c['scored']} 项 scored,"
                f" 满分 {fmt(s.max_total)} · 已核实 verified {c['verified']}"
                f" / 未核实 unverified {c['unverified']}"
            )
        self.stdout.write("\n".join(lines))
