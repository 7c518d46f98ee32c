"""`greenmfg simulate --jurisdiction J --year Y --units N [--seed S] [--json]`: a full year
through the service functions (the demo and the load generator)."""

import json

from django.core.management.base import CommandError

from greenmfg.core.dates import UnknownCalendarYear
from greenmfg.core.management.base import GreenCommand
from greenmfg.demo.simulation import SimulationError, already_simulated, simulate
from greenmfg.jurisdictions.selectors import UnknownJurisdiction, resolve_jurisdiction


class Command(GreenCommand):
    help = (
        "Drive a full year for a jurisdiction (a city, a province or national) through the same "
        "service functions as the pages, with the injectable clock; print the counts at each stage "
        "and the published lists. Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jurisdiction",
            required=True,
            help="division code or slug, e.g. guangzhou, 440100, guangdong, national",
        )
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--units", type=int, required=True, help="number of enterprises to simulate"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--up-to",
            choices=["municipal", "provincial", "national"],
            default="municipal",
            help="for a city: carry its list up through the province's and the national round",
        )
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--skip-if-done", action="store_true", help="exit quietly if this seed already ran here"
        )

    def run(self, *args, **options):
        try:
            jurisdiction = resolve_jurisdiction(options["jurisdiction"])
        except UnknownJurisdiction as exc:
            raise CommandError(str(exc)) from exc
        if options["skip_if_done"] and already_simulated(
            jurisdiction, options["year"], options["seed"]
        ):
            self.stdout.write("already simulated for this seed; skipped")
            return
        try:
            result = simulate(
                jurisdiction=jurisdiction,
                year=options["year"],
                units=options["units"],
                seed=options["seed"],
                up_to=options["up_to"],
            )
        except (SimulationError, UnknownCalendarYear) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
            return
        self.stdout.write(
            f"{jurisdiction.full_name} {options['year']} · seed {options['seed']} · {options['units']} units"
        )
        for stage, n in result.stages.items():
            self.stdout.write(f"  {stage:28s} {n}")
        if result.refusals:
            self.stdout.write("refused (rule code: count):")
            for code, n in sorted(result.refusals.items()):
                self.stdout.write(f"  {code:40s} {n}")
        for lst in result.lists:
            self.stdout.write(f"published: {lst['title']} ({lst['size']})")
