"""`greenmfg import-national-lists [DIR] [--json]`: import MIIT's national green lists
2016–2021 as historical listings and report what could not be matched."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from greenmfg.core.management.base import GreenCommand
from greenmfg.register.imports.national import (
    DEFAULT_DIR,
    ReferenceDataMissing,
    SourceFileError,
    import_national_lists,
)


class Command(GreenCommand):
    help = (
        "导入工业和信息化部 2016–2021 年国家级绿色制造名单（可重复运行），并报告未能匹配的地区。 "
        "Import MIIT's national green lists 2016–2021 (idempotent) and report what could not be matched."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            default=None,
            help=f"四个 CSV 文件所在目录 / folder with the four CSV files (default: {DEFAULT_DIR})",
        )
        parser.add_argument(
            "--json", action="store_true", help="以 JSON 输出报告 / print the report as JSON"
        )

    def run(self, *args, **options) -> None:
        try:
            report = import_national_lists(options["directory"])
        except (ReferenceDataMissing, SourceFileError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(report.lines()))
