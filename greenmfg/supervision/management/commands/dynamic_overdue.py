"""`greenmfg dynamic overdue --jurisdiction J --year Y [--today DATE] [--json]`: the units
registered within J that had to file the dynamic form (动态管理表) of filing year Y and
did not submit it by their deadline (000 第十八条, 002 第十七条, 003 第十六条, 004 第十三条)."""

from __future__ import annotations

import json

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand
from greenmfg.supervision.dynamic.obligations import overdue
from greenmfg.supervision.management.commands._jurisdiction import jurisdiction_arg


class Command(GreenCommand):
    help = (
        "列出辖区内逾期未填报某年度动态管理表的单位。"
        " List the units within a jurisdiction that did not file the year's dynamic form"
        " by their deadline."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--jurisdiction",
            required=True,
            help="区划代码、英文简称或规则集 / code, slug or ruleset",
        )
        parser.add_argument(
            "--year", type=int, required=True, help="填报年度（截止日所在年）/ filing year"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        jur = jurisdiction_arg(options["jurisdiction"])
        year = options["year"]
        today = clock.today()
        rows = overdue(year, jur, today)
        if options["json"]:
            payload = {
                "jurisdiction": {"code": jur.code, "name": jur.full_name},
                "filing_year": year,
                "data_year": year - 1,
                "today": today.isoformat(),
                "overdue": [
                    {
                        "unit": ob.unit.name,
                        "uscc": ob.unit.uscc,
                        "unit_uuid": str(ob.unit.uuid),
                        "list_type": ob.list_type,
                        "levels": ob.levels,
                        "deadline": ob.deadline.isoformat(),
                        "deadline_ref": ob.deadline_ref,
                        "reviewer": ob.reviewer.code if ob.reviewer else None,
                        "submitted_late_on": ob.filed_on.isoformat() if ob.filed_on else None,
                    }
                    for ob in rows
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        lines = [
            f"{jur.full_name}（{jur.code}）{year}年逾期未填报动态管理表：{len(rows)}家"
            f" / {len(rows)} overdue on {today.isoformat()}"
        ]
        for ob in rows:
            late = f"，{ob.filed_on.isoformat()}逾期提交" if ob.filed_on else "，未提交"
            lines.append(
                f"  - {ob.unit.name}（{ob.unit.uscc or '—'}）{ob.list_type}"
                f" {'、'.join(ob.levels)} 截止{ob.deadline.isoformat()}〔{ob.deadline_ref}〕{late}"
            )
        self.stdout.write("\n".join(lines))
