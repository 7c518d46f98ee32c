"""`greenmfg rules diff A B [--on DATE] [--json]`: the rule parameters whose values
differ between two jurisdictions (or that only one of them sets)."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand
from greenmfg.jurisdictions.management.commands.rules_show import iso_date
from greenmfg.jurisdictions.selectors import RuleRow, UnknownJurisdiction, rules_comparison


def _side(label: str, row: RuleRow | None, width: int) -> list[str]:
    """The lines of one side: value, citation and file (conditions one per line)."""
    if row is None:
        return [f"  {label:<{width}}  未规定 not set"]
    inherited = f"，继承自{row.source_name} inherited" if row.inherited else ""
    lines = [f"  {label:<{width}}  {row.display}  〔{row.ref}〕 ({row.source}{inherited})"]
    lines.extend(f"  {'':<{width}}    {item}" for item in row.items)
    return lines


class Command(GreenCommand):
    help = (
        "比较两个辖区的规则：列出取值不同或仅一方规定的参数及各自依据。"
        " Compare two jurisdictions' rules: the parameters whose values differ or that"
        " only one side sets, with each side's value and citation."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("a", help="辖区 A / jurisdiction A (code, slug or ruleset)")
        parser.add_argument("b", help="辖区 B / jurisdiction B (code, slug or ruleset)")
        parser.add_argument(
            "--on", type=iso_date, default=None, help="日期 / date (default: platform today)"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        on = options["on"] or clock.today()
        try:
            cmp = rules_comparison(options["a"], options["b"], on)
        except UnknownJurisdiction as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(cmp.as_dict(), ensure_ascii=False, indent=2))
            return
        a_label, b_label = cmp.a.ruleset.slug, cmp.b.ruleset.slug
        if cmp.a.jurisdiction.code != cmp.b.jurisdiction.code and a_label == b_label:
            a_label, b_label = cmp.a.jurisdiction.code, cmp.b.jurisdiction.code
        width = max(len(a_label), len(b_label))
        diffs = cmp.differences
        lines = [
            f"{cmp.a.jurisdiction.full_name}（{a_label}）↔ {cmp.b.jurisdiction.full_name}"
            f"（{b_label}）· {on.isoformat()} · {len(diffs)} 项不同 differ"
        ]
        for row in diffs:
            lines.append(row.key)
            lines.extend(_side(a_label, row.a, width))
            lines.extend(_side(b_label, row.b, width))
        self.stdout.write("\n".join(lines))
