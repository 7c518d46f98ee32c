"""Fewer indexes on register_listing (issue 13, the speed of linking): linking sets
``unit_id`` on tens of thousands of listings, and every such update writes an entry in
every index of the table. The register's search and order moved to the narrow search
table (0012–0014), so the three b-tree indexes kept here for them (level/type/year,
unit_name, the register's order) go, and on PostgreSQL the four GIN indexes of the
names (the stored word vector, the trigrams of the unit, product and agency names):
``filter_by_name`` searches the listings' names in the narrow table, whose triggers keep
the same words and names, GIN-indexed. The agency index becomes partial (most listings,
the imported ones, have no agency record and then write no entry in it).

The agency index is swapped by name (``DROP INDEX`` / ``CREATE INDEX``) rather than by
Django's ``AlterField``, which on SQLite rebuilds the whole table and trips over the
register's search triggers."""

import django.db.models.deletion
from django.db import migrations, models

from greenmfg.register.search import (
    PG_TRIGRAM_INDEXES,
    PG_VECTOR_COLUMN,
    PG_VECTOR_INDEX,
)

#: the index Django created for the ``agency`` foreign key (the same name on both
#: databases: it is derived from the table, the column and a hash)
OLD_AGENCY_INDEX = "register_listing_agency_id_192067de"
AGENCY_INDEX = models.Index(
    condition=models.Q(("agency__isnull", False)), fields=["agency"], name="listing_agency"
)


def swap_agency_index(apps, schema_editor):
    listing = apps.get_model("register", "Listing")
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_AGENCY_INDEX}")
    schema_editor.add_index(listing, AGENCY_INDEX)


def restore_agency_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS listing_agency")
    schema_editor.execute(f"CREATE INDEX {OLD_AGENCY_INDEX} ON register_listing (agency_id)")


def drop_name_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in (PG_VECTOR_INDEX, *PG_TRIGRAM_INDEXES.values()):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create_name_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {PG_VECTOR_INDEX} ON register_listing "
        f"USING gin ({PG_VECTOR_COLUMN})"
    )
    for field, name in PG_TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON register_listing "
            f"USING gin (UPPER({field}::text) gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0004_importspeed_organisation_name_key"),
        ("register", "0014_regsettle_search_generation"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="listing", name="register_li_level_608f29_idx"),
        migrations.RemoveIndex(model_name="listing", name="register_li_unit_na_799285_idx"),
        migrations.RemoveIndex(model_name="listing", name="listing_register_order"),
        migrations.RunPython(drop_name_indexes, create_name_indexes),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="listing",
                    name="agency",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agency_listings",
                        to="parties.organisation",
                        verbose_name="评价机构（主体）",
                    ),
                ),
                migrations.AddIndex(model_name="listing", index=AGENCY_INDEX),
            ],
            database_operations=[
                migrations.RunPython(swap_agency_index, restore_agency_index),
            ],
        ),
    ]
