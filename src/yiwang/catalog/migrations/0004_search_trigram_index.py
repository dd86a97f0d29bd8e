"""PostgreSQL: pg_trgm and a trigram GIN index on the search text, so the text test of a search is served by an
index rather than LIKE over every row. SQLite (and PostgreSQL without the right to create the extension) keep
the bigram table alone; the migration then only logs why."""
import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            with schema_editor.connection.cursor() as c:
                c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                c.execute("CREATE INDEX IF NOT EXISTS catalog_item_search_trgm ON catalog_serviceitem "
                          "USING gin (search_text gin_trgm_ops)")
                c.execute("CREATE INDEX IF NOT EXISTS catalog_item_name_trgm ON catalog_serviceitem "
                          "USING gin (name gin_trgm_ops)")
    except Exception as exc:  # noqa: BLE001 - no right to create the extension: search still works
        log.warning("pg_trgm not available, catalogue search uses the bigram table only: %s", exc)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as c:
            c.execute("DROP INDEX IF EXISTS catalog_item_search_trgm")
            c.execute("DROP INDEX IF EXISTS catalog_item_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_catalogue_import")]
    operations = [migrations.RunPython(forwards, backwards)]
