"""`greenmfg notice-period JURISDICTION LEVEL --start DATE [--json]`: first and last
day of a public notice (公示) of that level started on DATE, under the jurisdiction's
rules (e.g. 000 第十三条 10个工作日, 004 第十条 7日, 002 第十五条 5个工作日)."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from greenmfg.core import clock
from greenmfg.core.dates import UnknownCalendarYear
from greenmfg.core.management.base import GreenCommand
from greenmfg.jurisdictions.management.commands.rules_show import iso_date
from greenmfg.jurisdictions.parameters import LEVELS
from greenmfg.jurisdictions.rulesets import Rules
from greenmfg.jurisdictions.selectors import VALUE_LABELS, UnknownJurisdiction, resolve
from greenmfg.selection.publication import notice_period


class Command(GreenCommand):
    help = (
        "计算某辖区某层级公示的起止日期（依规则集的公示期、计算单位和计日规则）。"
        " Print the first and last day of a public notice of LEVEL started on --start"
        " under the jurisdiction's rules, with the length, unit and citation."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "jurisdiction", help="区划代码、英文简称或规则集 / code, slug or ruleset"
        )
        parser.add_argument("level", choices=LEVELS, help="公示层级 / list level of the notice")
        parser.add_argument(
            "--start",
            type=iso_date,
            default=None,
            help="公示开始日 / first day of publication (default: platform today)",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        start = options["start"] or clock.today()
        level = options["level"]
        try:
            gov = resolve(options["jurisdiction"])
        except UnknownJurisdiction as exc:
            raise CommandError(str(exc)) from exc
        rules = Rules(gov.chain, start)
        length_key, unit_key = f"public_notice.{level}.length", f"public_notice.{level}.unit"
        if not (rules.has(length_key) and rules.has(unit_key)):
            missing = length_key if not rules.has(length_key) else unit_key
            raise CommandError(
                f"规则未规定{gov.jurisdiction.name}{VALUE_LABELS[level]}公示的公示期"
                f"（{missing}，规则集 {' → '.join(rf.slug for rf in gov.chain)}），"
                "请由发布机关确定。"
                f" / The rules of {gov.ruleset.slug} do not set the {level} notice period"
                f" ({missing}) on {start.isoformat()}: the publishing authority decides it."
            )
        length, unit = rules.param(length_key), rules.param(unit_key)
        try:
            first, last = notice_period(rules, level, start)
        except UnknownCalendarYear as exc:
            raise CommandError(str(exc)) from exc
        count_start = rules.get("public_notice.count_start_day", True)
        extend = rules.get("public_notice.extend_past_holiday", True)
        if options["json"]:
            payload = {
                "jurisdiction": gov.jurisdiction.as_dict(),
                "ruleset": gov.ruleset.slug,
                "level": level,
                "start": start.isoformat(),
                "first_day": first.isoformat(),
                "last_day": last.isoformat(),
                "length": length.value,
                "unit": unit.value,
                "citation": length.ref,
                "unit_citation": unit.ref,
                "source": length.source,
                "count_start_day": count_start,
                "extend_past_holiday": extend,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{first.isoformat()} 至 {last.isoformat()}\n"
            f"{gov.jurisdiction.full_name}{VALUE_LABELS[level]}公示 {level} notice："
            f"{length.value}个{VALUE_LABELS[unit.value]} {length.value} {unit.value}"
            f"〔{length.ref}〕（{length.source}）；"
            f"首日计入 count start day: {'是' if count_start else '否'}"
            + (
                f"；末日遇休息日顺延 extend past holiday: {'是' if extend else '否'}"
                if unit.value == "calendar_days"
                else ""
            )
        )
