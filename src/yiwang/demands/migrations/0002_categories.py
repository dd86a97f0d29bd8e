from django.db import migrations


def load(apps, schema_editor):
    from yiwang.demands.conf import DEFAULT_CATEGORIES

    Category = apps.get_model("demands", "Category")
    for order, (code, name, days) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "time_limit_days": days, "order": order})


class Migration(migrations.Migration):
    dependencies = [("demands", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
