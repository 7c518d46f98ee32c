"""On PostgreSQL the audit record is append-only in the database itself: a trigger
refuses every UPDATE and DELETE of an audit event or a published chain head, and a
statement trigger refuses TRUNCATE (等保 8.1.4.3 c 避免受到未预期的删除、修改或覆盖;
ASVS 5.0 16.4.2). Nothing in the platform changes or deletes these rows; the
trigger makes a mistaken or injected statement fail loudly instead. A role that owns
the tables can still disable the triggers: the daily published chain head is what
makes such a rewrite detectable (docs/security.md). On SQLite this migration does
nothing (there is no database role to protect against in the embedded default).
"""

from django.db import migrations

FUNCTION = "greenmfg_audit_append_only"
TABLES = ("audit_auditevent", "audit_publishedchainhead")

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION
        'greenmfg: % on % refused: the audit record is append-only (审计记录只能追加，不得修改或删除)',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation',
              HINT = 'Audit events are never changed or deleted; see docs/security.md.';
END;
$$;
"""


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_published_chain_head"),
    ]

    operations = [
        migrations.RunPython(_create, _drop),
    ]
