"""`greenmfg demo-green-codes --listed-year Y [--seed S]`: the demo's 企业绿码 — synthetic
dynamic forms for the simulated national green factories of year Y and the grading run
of filing year Y + 1; prints the counts and the verification page of one code."""

from greenmfg.core.management.base import GreenCommand
from greenmfg.demo.green_code import demo_green_codes


class Command(GreenCommand):
    help = "演示：为模拟年度的国家级绿色工厂生成合成动态管理表并评定企业绿码。 Demo 企业绿码."

    def add_arguments(self, parser):
        parser.add_argument("--listed-year", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2025)

    def run(self, *args, **options):
        result = demo_green_codes(listed_year=options["listed_year"], seed=options["seed"])
        run = result.run
        self.stdout.write(
            f"{run}: {result.forms_created} synthetic forms; codes "
            + ", ".join(f"{k} {v}" for k, v in result.counts.items())
            + (f" ({result.skipped})" if result.skipped else "")
        )
        if result.example:
            self.stdout.write(
                f"demo code: {result.example.unit.name} {result.example.grade} → "
                f"/green-code/{result.example.uuid}/ (card: /green-code/{result.example.uuid}/card.png)"
            )
