"""The register's narrow search table (register_listingsearch, model ListingSearch); its
triggers and its fill are migration 0013_regscale_listing_search_fill (after this
migration's indexes, which Django creates at its end)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jurisdictions', '0002_ruleset_versions_kept'),
        ('register', '0011_merge_20261203_2037'),
    ]

    operations = [
        migrations.CreateModel(
            name='ListingSearch',
            fields=[
                ('listing', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_row', serialize=False, to='register.listing')),
                ('year', models.PositiveSmallIntegerField()),
                ('level', models.CharField(max_length=12)),
                ('list_type', models.CharField(max_length=20)),
                ('unit_name', models.CharField(blank=True, max_length=200)),
                ('status', models.CharField(max_length=10)),
                ('listed_from', models.DateField()),
                ('removed_from', models.DateField(blank=True, null=True)),
                ('names', models.TextField(blank=True, default='')),
                ('region', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='jurisdictions.jurisdiction')),
            ],
            options={
                'managed': True,
                'indexes': [models.Index(models.OrderBy(models.F('year'), descending=True), models.F('level'), models.F('list_type'), models.F('unit_name'), models.F('listing'), name='listingsearch_order'), models.Index(models.F('list_type'), models.OrderBy(models.F('year'), descending=True), models.F('level'), models.F('unit_name'), models.F('listing'), name='listingsearch_type_order'), models.Index(fields=['region', 'level'], name='listingsearch_region'), models.Index(models.ExpressionWrapper(models.F('year') * models.Value(1), output_field=models.IntegerField()), models.F('listed_from'), name='listingsearch_listed')],
            },
        ),
    ]
