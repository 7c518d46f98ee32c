"""The register's narrow search table kept by triggers on register_listing and
register_greenlist, and filled for the existing listings on both databases
(greenmfg/register/search.py, "the narrow search table"; docs/performance.md,
"Register p95 at 1,000,000 rows"). Reversible: backwards drops the triggers (and the
table goes with 0012 reversed)."""

from django.db import migrations

from greenmfg.register.search import install_search_rows, uninstall_search_rows


def forwards(apps, schema_editor):
    install_search_rows(schema_editor.connection)


def backwards(apps, schema_editor):
    uninstall_search_rows(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("register", "0012_regscale_listing_search_rows")]

    operations = [migrations.RunPython(forwards, backwards)]
