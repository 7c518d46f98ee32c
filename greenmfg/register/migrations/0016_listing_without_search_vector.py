"""PostgreSQL: the listing table loses its stored word vector (``search_vector``, a
column generated from ``search_text`` by migration 0004). Since 0015 nothing searches
it: the narrow search table (0012–0014) has its own copy, GIN-indexed, and the
planner's word statistics are read there. A stored generated column is computed again
by every ``UPDATE`` of the row, whatever the update changes, so linking 85,000 listings
to their units re-parsed 85,000 word lists and wrote them again, in every row version
(issue 13, the speed of linking). The narrow table's trigger now computes the vector
from ``search_text`` itself (greenmfg/register/search.py, ``PG_LISTING_VECTOR``).
The column is not a model field: nothing changes in Django's state. A no-op on SQLite
(FTS5 tables there)."""

from django.db import migrations

from greenmfg.register.search import drop_listing_vector, restore_listing_vector


def forwards(apps, schema_editor):
    drop_listing_vector(schema_editor.connection)


def backwards(apps, schema_editor):
    restore_listing_vector(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("register", "0015_links_fewer_listing_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
