"""`greenmfg spot-check draw --jurisdiction J --year Y --count N --seed S
[--inspectors K] [--anomaly-weight W] [--json]`: draw N units and K inspectors per unit
for the authority of J (双随机、一公开), recorded and published; the same seed over the
same population gives the same draw (method: greenmfg.supervision.spot_checks.services)."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from greenmfg.core.decisions import RuleViolation
from greenmfg.core.management.base import GreenCommand
from greenmfg.supervision.management.commands._jurisdiction import jurisdiction_arg
from greenmfg.supervision.spot_checks import services as spot_checks
from greenmfg.supervision.spot_checks.selectors import draw_items


class Command(GreenCommand):
    help = (
        "为辖区主管部门随机抽取抽查对象和检查人员，记录随机种子并公开。"
        " Draw spot-check units and inspectors for a jurisdiction's authority with a"
        " recorded seed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--jurisdiction",
            required=True,
            help="区划代码、英文简称或规则集 / code, slug or ruleset",
        )
        parser.add_argument("--year", type=int, required=True, help="年度 / year")
        parser.add_argument("--count", type=int, required=True, help="抽取单位数 / units to draw")
        parser.add_argument("--seed", type=int, required=True, help="随机种子 / random seed")
        parser.add_argument(
            "--inspectors", type=int, default=2, help="每家检查人员数 / inspectors per unit"
        )
        parser.add_argument(
            "--anomaly-weight",
            type=float,
            default=0.0,
            help="有异常提示单位的加权值（权重=1+该值）/ extra weight of flagged units",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        jur = jurisdiction_arg(options["jurisdiction"])
        try:
            draw = spot_checks.spot_check_draw(
                actor=None,
                authority=jur,
                year=options["year"],
                count=options["count"],
                seed=options["seed"],
                inspectors_per_unit=options["inspectors"],
                anomaly_weight=options["anomaly_weight"],
            )
        except RuleViolation as exc:
            raise CommandError("；".join(str(r) for r in exc.reasons)) from exc
        items = list(draw_items(draw))
        if options["json"]:
            payload = {
                "uuid": str(draw.uuid),
                "authority": jur.code,
                "year": draw.year,
                "seed": draw.seed,
                "count": draw.count,
                "population": len(draw.population),
                "citation": draw.citation,
                "method": draw.method,
                "units": [
                    {
                        "position": it.position,
                        "unit": it.unit.name,
                        "uscc": it.unit.uscc,
                        "weight": float(it.weight),
                        "inspectors": [u.username for u in it.inspectors.all()],
                    }
                    for it in items
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        lines = [
            f"{jur.full_name} {draw.year} 双随机抽查：种子 seed {draw.seed}，"
            f"范围 {len(draw.population)} 家，抽取 {len(items)} 家〔{draw.citation}〕"
        ]
        lines += [
            f"  {it.position}. {it.unit.name}（{it.unit.uscc or '—'}）"
            f" 检查人员: {', '.join(u.username for u in it.inspectors.all()) or '—'}"
            for it in items
        ]
        self.stdout.write("\n".join(lines))
