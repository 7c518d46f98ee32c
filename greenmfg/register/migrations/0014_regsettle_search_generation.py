"""The settled register order (PostgreSQL): each narrow search row carries the generation
its trigger wrote it in, and ``register_searchsettle`` says which generations the last
``greenmfg settle-register`` wrote in the register's order (greenmfg/register/search.py,
:func:`settle_search_rows`; docs/performance.md). Nothing on SQLite. Nothing is settled
until the first settle: the register reads as before until then."""

from django.db import migrations

from greenmfg.register.search import install_settle


def forwards(apps, schema_editor):
    install_settle(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("register", "0013_regscale_listing_search_fill")]

    # backwards: nothing to undo (the settle table, the column and the functions go
    # with 0013 reversed)
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
