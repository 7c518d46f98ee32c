"""`greenmfg check-eligibility USCC --jurisdiction J --list-type T [--on DATE] [--json]`:
the six disqualifying conditions of the look-back window (e.g. 004 第十二条,
000 第十七条) for one unified social credit code under J's rules.

Exit status 0 when eligible; when not, the result is printed first and then a
``CommandError`` (exit status 1) says "not eligible".
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from greenmfg.core import clock
from greenmfg.core.dates import years_before
from greenmfg.core.management.base import GreenCommand
from greenmfg.eligibility.disqualification import disqualifying_reasons
from greenmfg.jurisdictions.management.commands.rules_show import iso_date
from greenmfg.jurisdictions.parameters import LIST_TYPES
from greenmfg.jurisdictions.rulesets import Rules
from greenmfg.jurisdictions.selectors import VALUE_LABELS, UnknownJurisdiction, resolve
from greenmfg.parties.uscc import validate_uscc


class Command(GreenCommand):
    help = (
        "按辖区规则检查统一社会信用代码近几年内是否存在六项否决情形；符合条件退出码0，不符合退出码1。"
        " Check the disqualifying conditions of the look-back window for a USCC under a"
        " jurisdiction's rules; exit 0 when eligible, 1 when not."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("uscc", help="统一社会信用代码 / unified social credit code")
        parser.add_argument(
            "--jurisdiction",
            required=True,
            help="区划代码、英文简称或规则集 / code, slug or ruleset whose rules apply",
        )
        parser.add_argument(
            "--list-type", required=True, choices=LIST_TYPES, help="名单类型 / list type"
        )
        parser.add_argument(
            "--on", type=iso_date, default=None, help="检查日期 / date (default: platform today)"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        uscc = options["uscc"].strip().upper()
        problem = validate_uscc(uscc)
        if problem:
            raise CommandError(f"{problem}：{uscc} / invalid unified social credit code '{uscc}'")
        on = options["on"] or clock.today()
        list_type = options["list_type"]
        try:
            gov = resolve(options["jurisdiction"])
        except UnknownJurisdiction as exc:
            raise CommandError(str(exc)) from exc
        rules = Rules(gov.chain, on)
        runs = rules.get("list_types", None)
        if runs is not None and list_type not in runs:
            raise CommandError(
                f"{gov.jurisdiction.name}不开展{VALUE_LABELS[list_type]}遴选"
                f"（{rules.ref('list_types')}：{'、'.join(str(VALUE_LABELS[t]) for t in runs)}）"
                f" / {gov.ruleset.slug} does not run the {list_type} list on {on.isoformat()}"
                f" (it runs {', '.join(runs)})"
            )
        for key in ("disqualification.lookback_years", "disqualification.conditions"):
            if not rules.has(key):
                raise CommandError(
                    f"规则未规定否决条件（{key}）/ the rules of {gov.ruleset.slug} do not set {key}"
                )
        reasons = disqualifying_reasons(uscc, rules, on, list_type=list_type)
        years = rules.get("disqualification.lookback_years")
        notes = []
        if list_type == "park" and rules.get("disqualification.includes_park_members", False):
            notes.append(
                "已纳入园区内企业（平台记录的、当日有效的园区企业）的信用记录"
                f"（{rules.ref('disqualification.includes_park_members')}）"
                " / the records of the park's member enterprises (as recorded on the platform"
                " on that day) were checked"
            )
        eligible = not reasons
        if options["json"]:
            payload = {
                "uscc": uscc,
                "eligible": eligible,
                "reasons": [r.as_dict() for r in reasons],
                "jurisdiction": gov.jurisdiction.as_dict(),
                "ruleset": gov.ruleset.slug,
                "list_type": list_type,
                "on": on.isoformat(),
                "window_start": years_before(on, years).isoformat(),
                "lookback_years": years,
                "lookback_citation": rules.ref("disqualification.lookback_years"),
                "notes": notes,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            head = "符合条件 eligible" if eligible else "不符合条件 not eligible"
            lines = [
                f"{uscc}：{head}（{gov.jurisdiction.full_name}，{VALUE_LABELS[list_type]}，"
                f"{years_before(on, years).isoformat()} 至 {on.isoformat()}，"
                f"{rules.ref('disqualification.lookback_years')}）"
            ]
            lines.extend(f"  - {r.message}〔{r.citation}〕" for r in reasons)
            lines.extend(f"  注 note: {n}" for n in notes)
            self.stdout.write("\n".join(lines))
        if not eligible:
            raise CommandError(
                f"{uscc} 不符合条件（{len(reasons)}项否决情形）/ not eligible", returncode=1
            )
