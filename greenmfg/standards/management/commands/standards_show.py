"""`greenmfg standards show CODE [--json]`: one indicator system with its scoring
rules (and their sources) and every indicator."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from greenmfg.core.management.base import GreenCommand
from greenmfg.standards.output import system_dict
from greenmfg.standards.systems import all_systems, system
from greenmfg.standards.values import fmt, with_unit


def get_system(code: str):
    """The system ``code`` or a CommandError naming the known codes."""
    try:
        return system(code)
    except KeyError:
        known = ", ".join(sorted(all_systems()))
        raise CommandError(
            f"未知的评价指标体系 unknown indicator system {code!r}: {known}"
        ) from None


class Command(GreenCommand):
    help = (
        "显示一个评价指标体系：评分规则及其依据、每项指标（类别、类型、分值、单位、引领值/基准值、核实情况）。"
        " Show one indicator system: scoring rules with sources and every indicator."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help="指标体系代码 / system code, e.g. gbt36132_2025")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        sys = get_system(options["code"])
        if options["json"]:
            self.stdout.write(json.dumps(system_dict(sys), ensure_ascii=False, indent=2))
            return
        s = sys.scoring
        lines = [
            f"{sys.code}  {sys.name}",
            f"  {sys.standard} · {sys.edition} · {sys.status} · 满分 max {fmt(sys.max_total)}",
            f"  评分模型 model: {s.model}（{s.model_ref}）{'' if s.model_verified else ' [未核实]'}",
            f"  定量指标 quantitative: {s.quantitative}（{s.quantitative_ref}）"
            f"{'' if s.quantitative_verified else ' [未核实]'}",
        ]
        if s.weights_note:
            lines.append(f"  {s.weights_note}")
        for cat in sys.categories:
            c = sys.category(cat)
            head = f"[{cat}]"
            if c.weight is not None:
                head += f" 权重 {fmt(c.weight * 100)}%{'' if c.weight_verified else ' [未核实]'}"
            elif sys.category_max(cat):
                head += f" {fmt(sys.category_max(cat))}分"
            lines.append(head)
            for ind in sys.indicators:
                if ind.category != cat:
                    continue
                mark = "" if ind.verified else " [未核实]"
                if ind.kind == "basic":
                    gate = "否决项" if ind.gate else "鼓励项"
                    lines.append(f"  {ind.code}  {ind.name}（基本要求，{gate}）{mark}")
                    continue
                detail = f"{fmt(ind.max_points)}分{'' if ind.points_verified else '[未核实]'}"
                if ind.requirement:
                    detail += f" {ind.requirement}"
                if ind.entry == "measured":
                    way = "正向" if ind.direction == "higher_better" else "逆向"
                    if ind.industry_thresholds:
                        th = "基准值/引领值随评价填报"
                    else:
                        th = f"引领值 {with_unit(ind.lead_value, ind.unit)}"
                        if ind.base_value is not None:
                            th += f"、基准值 {with_unit(ind.base_value, ind.unit)}"
                    detail += f" · {way}定量 {ind.unit} · {th}"
                else:
                    detail += " · " + ("达到/未达到" if ind.entry == "met" else "填报得分")
                lines.append(f"  {ind.code}  {ind.name} · {detail}{mark}")
        self.stdout.write("\n".join(lines))
