"""`greenmfg rules show JURISDICTION [--on DATE] [--json]`: the rules in force for a
jurisdiction, each parameter with its value, citation and the file that set it."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import CommandError

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand
from greenmfg.jurisdictions.selectors import RulesTable, UnknownJurisdiction, rules_table


def iso_date(value: str) -> dt.date:
    """An ``--on``/``--start`` argument as a date; CommandError when it is not one."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"“{value}”不是日期（YYYY-MM-DD）/ '{value}' is not a date") from exc


def heading(table: RulesTable) -> list[str]:
    """The lines naming the jurisdiction, its ruleset chain and the date; for a
    jurisdiction without its own file, a line saying whose rules apply."""
    j = table.jurisdiction
    lines = [
        f"{j.full_name}（{j.code}）· 规则集 ruleset: {table.ruleset.slug} "
        f"（{' → '.join(table.chain_slugs)}）· {table.on.isoformat()}"
    ]
    if not table.own_file:
        lines.append(
            f"{j.name}没有自己的规则文件，适用上级{table.ruleset.name}的规则（{table.ruleset.slug}）。"
            f" / {j.code} has no ruleset file of its own: the rules of "
            f"{table.ruleset.slug} ({table.ruleset.division}) apply."
        )
    return lines


class Command(GreenCommand):
    help = (
        "列出某辖区在某日有效的全部规则参数、依据条款和来源文件。"
        " Print every rule parameter in force for a jurisdiction on a date, with its"
        " citation and the file that set it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "jurisdiction",
            help="区划代码、辖区英文简称或规则集名称 / division code (440100), slug (guangzhou) or ruleset",
        )
        parser.add_argument(
            "--on", type=iso_date, default=None, help="日期 / date (default: platform today)"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        on = options["on"] or clock.today()
        try:
            table = rules_table(options["jurisdiction"], on)
        except UnknownJurisdiction as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(table.as_dict(), ensure_ascii=False, indent=2))
            return
        lines = heading(table)
        width = max((len(r.key) for r in table.rows), default=0)
        for row in table.rows:
            where = row.source + (f"，继承自{row.source_name} inherited" if row.inherited else "")
            note = f" · {row.note}" if row.note else ""
            if row.binding:
                note += " · 约束下级 binding"
            if row.loosened_ref:
                note += (
                    f" · {row.loosened_source_name}的“{row.loosened_display}”〔{row.loosened_ref}〕"
                    "宽于约束性规定，不予适用 (set aside: it loosens a binding value)"
                )
            lines.append(f"{row.key:<{width}}  {row.display}  〔{row.ref}〕 ({where}){note}")
            lines.extend(f"{'':<{width}}    {item}" for item in row.items)
        lines.append(f"未规定 not set ({len(table.not_set)}):")
        lines.extend(f"  {key}" for key in table.not_set)
        self.stdout.write("\n".join(lines))
