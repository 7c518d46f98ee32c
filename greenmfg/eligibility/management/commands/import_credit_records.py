"""`greenmfg import-credit-records FILE [--json]`: import credit records (信用记录)
from a CSV or XLSX file, all or nothing; see greenmfg/supervision/imports.py."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from greenmfg.core.management.base import GreenCommand
from greenmfg.eligibility.imports import CreditImportError, import_credit_records

#: problems printed before "… and N more" (the JSON output lists them all)
MAX_PRINTED = 200


class Command(GreenCommand):
    help = (
        "从 CSV（UTF-8）或 XLSX 文件导入信用记录：逐行校验，任一行有误则全部不写入；"
        "重复导入不产生重复记录。 Import credit records from a CSV (UTF-8) or XLSX file:"
        " every row is validated and nothing is written if any row is bad; re-importing"
        " updates instead of duplicating."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="CSV 或 XLSX 文件 / a .csv or .xlsx file")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        try:
            report = import_credit_records(options["file"])
        except CreditImportError as exc:
            if options["json"]:
                payload = {"ok": False, "problems": [p.as_dict() for p in exc.problems]}
                self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            else:
                lines = [str(p) for p in exc.problems[:MAX_PRINTED]]
                if len(exc.problems) > MAX_PRINTED:
                    lines.append(f"… 另有 {len(exc.problems) - MAX_PRINTED} 处 / and more")
                self.stdout.write("\n".join(lines))
            raise CommandError(str(exc)) from exc
        if options["json"]:
            payload = {"ok": True, **report.as_dict()}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(report.lines()))
