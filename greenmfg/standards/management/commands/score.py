"""`greenmfg score CODE FILE [--json] [--target N]`: score a JSON file of indicator
values against an indicator system (and, with ``--target``, the gap analysis)."""

from __future__ import annotations

import json
import sys as _sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import CommandError

from greenmfg.core.management.base import GreenCommand
from greenmfg.standards.management.commands.standards_show import get_system
from greenmfg.standards.output import plain, result_dict
from greenmfg.standards.systems import ScoreInputError, gap_analysis, score
from greenmfg.standards.values import fmt


def read_values(path: str) -> dict:
    """The ``{indicator code: value}`` object of a JSON file (``-`` = standard input)."""
    try:
        text = _sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CommandError(f"无法读取文件 cannot read {path}: {exc.strerror}") from exc
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise CommandError(f"{path} 不是有效的 JSON / not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise CommandError(f"{path}: 应为 {{指标代码: 取值}} 对象 / expected an object")
    return data


class Command(GreenCommand):
    help = (
        "按评价指标体系计算 JSON 文件中各指标取值的得分：总分、各一级指标得分、未满足的基本要求和逐项说明。"
        " Score a JSON file {indicator code: value} against an indicator system."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", help="指标体系代码 / system code, e.g. gbt36132_2025")
        parser.add_argument("file", help="JSON 文件（- 为标准输入）/ JSON file, - for stdin")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")
        parser.add_argument(
            "--target", default=None, help="目标总分：同时给出差距分析 / also the gap to this total"
        )

    def run(self, *args, **options) -> None:
        sys = get_system(options["code"])
        values = read_values(options["file"])
        unknown = sorted(c for c in values if c not in {i.code for i in sys.indicators})
        if unknown:
            raise CommandError(f"{sys.code} 没有这些指标 has no indicators: {', '.join(unknown)}")
        target = None
        if options["target"] is not None:
            try:
                target = Decimal(options["target"])
            except InvalidOperation:
                raise CommandError(
                    f"--target: {options['target']!r} 不是数字 / not a number"
                ) from None
        try:
            result = score(sys, values)
            steps = gap_analysis(sys, values, target) if target is not None else None
        except ScoreInputError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            data = result_dict(sys, result)
            if steps is not None:
                data["gap"] = {"target": plain(target), "steps": [s.as_dict() for s in steps]}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        verdict = "满足基本要求 eligible" if result.eligible else "不满足基本要求 not eligible"
        lines = [
            f"{sys.code}  总分 total {fmt(result.total)} / {fmt(result.max_total)} · {verdict}"
        ]
        if result.failed_basic or result.failed_required:
            lines.append(
                "  未满足 failed: " + "、".join(result.failed_basic + result.failed_required)
            )
        if result.missing:
            lines.append(f"  未填写 missing ({len(result.missing)}): " + "、".join(result.missing))
        for name, d in result.category_details.items():
            lines.append(f"  [{name}] {fmt(d.contribution)} / {fmt(d.max_contribution)}")
        for line in result.lines:
            pts = (
                ""
                if line["points"] is None
                else f"{fmt(line['points'])}/{fmt(line['max_points'])} "
            )
            lines.append(f"    {line['code']}  {pts}{line['how']}")
        if steps is not None:
            lines.append(f"  差距分析 gap to {fmt(target)}:")
            lines.extend(f"    {s.text}（累计 {fmt(s.total_after)}）" for s in steps)
            if not steps:
                lines.append("    已达到 reached")
        self.stdout.write("\n".join(lines))
