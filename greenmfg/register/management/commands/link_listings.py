"""`greenmfg link-listings [--jurisdiction J] [--dry-run] [--json]`: link the listings of
imported lists to their organisations (greenmfg/register/links.py)."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from greenmfg.core.management.base import GreenCommand
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.links import link_listings


class Command(GreenCommand):
    help = (
        "按统一社会信用代码或规范化名称把名单条目关联到单位；有歧义的记为待确认建议。 "
        "Link listings to their organisations by code or normalised name; "
        "ambiguous ones become proposals."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--jurisdiction",
            default="",
            help="只处理该辖区（代码，如 440000）内的名单条目 / only listings of this region",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只报告，不写入 / report, write nothing"
        )
        parser.add_argument(
            "--json", action="store_true", help="以 JSON 输出报告 / print the report as JSON"
        )

    def run(self, *args, **options) -> None:
        jurisdiction = None
        if options["jurisdiction"]:
            jurisdiction = Jurisdiction.objects.filter(code=options["jurisdiction"]).first()
            if jurisdiction is None:
                raise CommandError(f"unknown jurisdiction {options['jurisdiction']!r}")
        report = link_listings(jurisdiction=jurisdiction, dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        prefix = "（试运行，未写入）" if report.dry_run else ""
        self.stdout.write(
            f"{prefix}名单条目 {report.considered} 条：按信用代码关联 {report.linked_uscc}，"
            f"按名称关联 {report.linked_name}，待确认 {report.proposed}"
            f"（建议 {report.proposals} 个单位），未匹配 {report.unmatched}"
        )
