"""Data quality (issue 13 item 6): the nine category headings of MIIT's 第三批 green
design-product list were imported as blank 有效 listings (489 rows where MIIT published
480). The import now skips them (greenmfg/register/imports/reading.py); this migration
removes the ones already imported, each with an audit event ``listing.heading_delete``.

They are found by their keys (data rows 1622–1624, 1694–1696 and 1710–1712 of
绿色设计产品名单.csv, batch 3) *and* by being blank (no unit name, no product, no
organisation): a listing that was edited or linked since is left alone.
"""

from django.db import migrations

HEADING_KEYS = [
    f"design_product-3-r{n}" for n in (1622, 1623, 1624, 1694, 1695, 1696, 1710, 1711, 1712)
]


def remove_heading_listings(apps, schema_editor):
    from django.db.models import ProtectedError  # noqa: PLC0415 (a migration imports at run time)

    from greenmfg.audit.services import record_event  # noqa: PLC0415 (the current chain writer)

    Listing = apps.get_model("register", "Listing")
    qs = Listing.objects.filter(
        source="miit_green_lists_2017_2021",
        list_type="design_product",
        source_key__in=HEADING_KEYS,
        unit_name="",
        product_name="",
        unit__isnull=True,
        application__isnull=True,
    )
    for listing in qs.order_by("source_key"):
        try:
            uuid, key, seq = listing.uuid, listing.source_key, listing.details.get("source_seq", "")
            listing.delete()
        except ProtectedError:  # referenced since: leave it for an official to remove
            continue
        record_event(
            actor=None,
            action="listing.heading_delete",
            object_type="register.listing",
            object_uuid=str(uuid),
            object_label=f"第三批绿色设计产品名单 {key}",
            payload={
                "source_key": key,
                "heading": seq[:200],
                "reason": "分类标题行，不是名单条目（MIIT 公布 480 种，导入 489 行）",
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0007_h13a_list_imports"),
        ("audit", "0003_append_only_triggers"),
    ]

    operations = [migrations.RunPython(remove_heading_listings, migrations.RunPython.noop)]
