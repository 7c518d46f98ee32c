"""`greenmfg import-adjustments FILE --kind removal|rename --notice-no N --notice-date D
--jurisdiction J [--title T] [--url U] [--dry-run] [--json]`: apply a published
dynamic-adjustment notice (移出名单, 更名名单) to the register (greenmfg/register/adjustments.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import CommandError

from greenmfg.core.decisions import RuleViolation
from greenmfg.core.management.base import GreenCommand
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.adjustments import import_adjustments
from greenmfg.register.models import AdjustmentKind


class Command(GreenCommand):
    help = (
        "导入动态调整通知（移出名单、更名名单）并应用到名单条目；逐行报告。 "
        "Import a dynamic-adjustment notice (removals, renames) and apply it; row report."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="CSV 或 XLSX 文件 / CSV or XLSX file")
        parser.add_argument("--kind", required=True, choices=AdjustmentKind.values)
        parser.add_argument("--notice-no", required=True, help="文号 / the notice's number")
        parser.add_argument(
            "--notice-date", required=True, help="发文日期 YYYY-MM-DD（移出、更名自该日起）"
        )
        parser.add_argument(
            "--jurisdiction", required=True, help="发布辖区代码，如 000000（工信部）、440000"
        )
        parser.add_argument("--title", default="", help="通知标题 / title")
        parser.add_argument("--url", default="", help="通知网址 / URL")
        parser.add_argument("--dry-run", action="store_true", help="只报告，不写入 / report only")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出报告 / JSON report")

    def run(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}")
        try:
            notice_date = dt.date.fromisoformat(options["notice_date"])
        except ValueError as exc:
            raise CommandError(f"--notice-date: '{options['notice_date']}' 不是日期") from exc
        jurisdiction = Jurisdiction.objects.filter(code=options["jurisdiction"]).first()
        if jurisdiction is None:
            raise CommandError(f"未知辖区代码 / unknown jurisdiction: {options['jurisdiction']}")
        try:
            report = import_adjustments(
                actor=None,
                content=path.read_bytes(),
                filename=path.name,
                kind=options["kind"],
                notice_no=options["notice_no"],
                notice_date=notice_date,
                jurisdiction=jurisdiction,
                title=options["title"],
                url=options["url"],
                dry_run=options["dry_run"],
            )
        except (RuleViolation, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(report.lines()))
        if report.blocked:
            raise CommandError("通知未应用 / notice not applied")
