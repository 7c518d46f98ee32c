"""`greenmfg import-list FILE --level L --jurisdiction J --list-type T --year Y [--batch B]
[--title T] [--published-on D] [--source URL] [--dry-run] [--json]`: import a published
green list (national, provincial or municipal) from CSV or XLSX, with a row-numbered
report (docs/data-imports.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import CommandError

from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.core.management.base import GreenCommand
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.imports.reading import FileUnreadable
from greenmfg.register.imports.runs import ImportSpec, import_list

OUTCOME_LABELS = {
    "created": "新建",
    "unchanged": "未变",
    "updated": "更新",
    "conflict": "冲突",
    "skipped": "跳过",
    "error": "错误",
}


def _jurisdiction(value: str) -> Jurisdiction:
    """A jurisdiction by code (440000), name (广东省) or full name (广东省广州市)."""
    qs = Jurisdiction.objects.all()
    found = (
        qs.filter(code=value).first()
        or qs.filter(full_name=value).first()
        or (list(qs.filter(name=value)[:2]) if qs.filter(name=value).count() == 1 else [None])[0]
    )
    if found is None:
        raise CommandError(f"未知或不唯一的辖区 / unknown or ambiguous jurisdiction: {value!r}")
    return found


class Command(GreenCommand):
    help = (
        "导入已公布的绿色制造名单（国家级、省级、市级；CSV 或 XLSX），逐行报告。 "
        "Import a published green list (national, provincial or municipal; CSV or XLSX) "
        "with a row-numbered report."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="名单文件 / the list file (.csv or .xlsx)")
        parser.add_argument("--level", required=True, choices=Level.values)
        parser.add_argument(
            "--jurisdiction",
            required=True,
            help="发布辖区：代码或名称 / publishing jurisdiction: code or name (000000, 广东省, 440100)",
        )
        parser.add_argument("--list-type", required=True, choices=ListType.values)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--batch", default="", help="批次，如 第一批 / batch, e.g. 第一批")
        parser.add_argument("--title", default="", help="名单名称 / the list's title")
        parser.add_argument(
            "--published-on", default=None, type=dt.date.fromisoformat, help="YYYY-MM-DD"
        )
        parser.add_argument("--source", default="", help="来源网址 / source URL")
        parser.add_argument(
            "--dry-run", action="store_true", help="只报告，不写入 / report only, write nothing"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件 / file not found: {path}")
        spec = ImportSpec(
            level=options["level"],
            jurisdiction=_jurisdiction(options["jurisdiction"]),
            list_type=options["list_type"],
            year=options["year"],
            batch=options["batch"],
            title=options["title"],
            published_on=options["published_on"],
            source_url=options["source"],
        )
        try:
            result = import_list(path, spec, dry_run=options["dry_run"])
        except (FileUnreadable, NotPermitted) as exc:
            raise CommandError(str(exc)) from exc
        except RuleViolation as exc:
            raise CommandError("；".join(r.message for r in exc.reasons)) from exc
        report = {k: v for k, v in result.report.items() if k != "pending"}
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(self._lines(report, result.written, options["dry_run"])))
        if result.failed:
            raise CommandError(
                f"{report['errors']} 行有错误，未写入任何内容 / "
                f"{report['errors']} row(s) in error; nothing was written"
            )

    def _lines(self, report: dict, written: bool, dry_run: bool) -> list[str]:
        state = "试运行，未写入" if dry_run else ("已写入" if written else "未写入")
        out = [
            f"{state}：新建 {report['created']}，未变 {report['unchanged']}，更新 {report['updated']}，"
            f"冲突 {report['conflicts']}，跳过 {report['skipped']}，错误 {report['errors']}。",
            f"{'dry run, nothing written' if dry_run else ('written' if written else 'nothing written')}: "
            f"{report['created']} created, {report['unchanged']} unchanged, "
            f"{report['updated']} updated, {report['conflicts']} conflicts, "
            f"{report['skipped']} skipped, {report['errors']} errors.",
        ]
        for row in report["rows"]:
            if row["outcome"] in ("created", "unchanged"):
                continue
            text = f"  第 {row['row']} 行 {OUTCOME_LABELS[row['outcome']]}"
            if row.get("fields"):
                text += f"（{', '.join(row['fields'])}）"
            if row.get("reason"):
                text += f"：{row['reason']}"
            out.append(text)
        for c in report.get("official_counts", []):
            if "official" in c:
                out.append(
                    f"公布数量 / published count: {c['list']} {c['list_type']}: "
                    f"{c['listed']} / {c['official']} ({c['difference']:+d})"
                )
        return out
