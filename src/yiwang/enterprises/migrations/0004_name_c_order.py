"""PostgreSQL: an index on (name COLLATE "C", id) for name-prefix searches, which filter and order under "C"
(enterprises.queries.search). Other databases compare names byte-wise already and need none."""
from django.db import migrations

INDEX = "ent_name_c_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("enterprises", "Enterprise")._meta.db_table
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {INDEX} ON {table} ((name COLLATE "C"), id)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_service")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
