"""`greenmfg setup`: prepare an empty database completely and idempotently."""

from django.core.management import call_command

from greenmfg.core.management.base import GreenCommand


class Command(GreenCommand):
    help = (
        "Prepare the database: migrations, reference data (divisions, industries), "
        "the jurisdictions' rulesets, the 2016–2021 national lists and the published lists' "
        "documents (announcement PDF, XLSX). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-national-lists",
            action="store_true",
            help="do not import the MIIT 2016–2021 lists",
        )

    def run(self, *args, **options):
        verbosity = options.get("verbosity", 1)
        self.stdout.write("1/5 migrations")
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        self.stdout.write("2/5 reference data")
        call_command("load_reference", verbosity=verbosity)
        self.stdout.write("3/5 rulesets")
        call_command("load_rulesets", verbosity=verbosity)
        if not options["skip_national_lists"]:
            self.stdout.write("4/5 national lists 2016–2021")
            call_command("import_national_lists", verbosity=verbosity)
        # rendered once here (or queued for the workers), never in a visitor's request
        self.stdout.write("5/5 published lists' documents (PDF, XLSX)")
        call_command("render_list_documents", verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS("setup complete"))
