"""`greenmfg propose-agency-names [--json]`: group the free-text agency names of
historical listings into proposals for officials (greenmfg/agencies/history.py)."""

from __future__ import annotations

import json

from greenmfg.agencies.history import agency_names_propose
from greenmfg.core.management.base import GreenCommand


class Command(GreenCommand):
    help = (
        "把历史名单中的评价机构名称按规范化名称分组，生成待确认的合并建议。 "
        "Group the agency names of historical listings into proposals to confirm."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--json", action="store_true", help="以 JSON 输出报告 / print the report as JSON"
        )

    def run(self, *args, **options) -> None:
        report = agency_names_propose()
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"机构名称写法 {report.names} 种，归为 {report.groups} 组（新建 {report.created}，"
            f"更新 {report.updated}；其中 {report.with_agency} 组已有同名机构）"
        )
