"""PostgreSQL: a trigram index on subject names, so the public search by part of a name stays fast at 1M subjects."""
from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone():
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("CREATE INDEX IF NOT EXISTS credit_subject_name_trgm ON credit_subject "
                           "USING gin (name gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS credit_subject_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("credit", "0002_shipped_models_and_measures")]
    operations = [migrations.RunPython(create, drop)]
