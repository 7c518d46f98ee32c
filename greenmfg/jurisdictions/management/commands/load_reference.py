"""`greenmfg load-reference [--data-dir DIR]`: load jurisdictions, authorities and
industry codes from the shipped reference data (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from greenmfg.core.management.base import GreenCommand
from greenmfg.jurisdictions.reference import ReferenceDataError, load_reference


class Command(GreenCommand):
    help = (
        "载入辖区、主管部门和国民经济行业分类参考数据（可重复运行）。 "
        "Load jurisdictions, authorities and GB/T 4754-2017 industry codes (idempotent)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="与 greenmfg/data 结构相同的目录 / a folder laid out like greenmfg/data "
            "(default: the copy shipped with the package)",
        )

    def run(self, *args, **options) -> None:
        try:
            load_reference(options["data_dir"], stdout=self.stdout)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
