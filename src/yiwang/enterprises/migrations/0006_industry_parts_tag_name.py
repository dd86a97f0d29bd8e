"""The industry division and group beside the code, and the enterprise's name beside each tag it holds, so that a
division, group or tag search reads its first page in name order from one index (issue 11's scale targets)."""

from django.db import migrations, models


FILL = [
    "UPDATE enterprises_enterprise SET industry_division = substr(industry_id, 1, 2) "
    "WHERE industry_id IS NOT NULL AND length(industry_id) >= 2",
    "UPDATE enterprises_enterprise SET industry_group = substr(industry_id, 1, 3) "
    "WHERE industry_id IS NOT NULL AND length(industry_id) >= 3",
    "UPDATE enterprises_enterprisetag SET enterprise_name = (SELECT e.name FROM enterprises_enterprise e "
    "WHERE e.id = enterprises_enterprisetag.enterprise_id)",
]


class Migration(migrations.Migration):

    dependencies = [
        ("enterprises", "0005_ent_class_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="industry_division",
            field=models.CharField(blank=True, editable=False, max_length=2, verbose_name="行业大类"),
        ),
        migrations.AddField(
            model_name="enterprise",
            name="industry_group",
            field=models.CharField(blank=True, editable=False, max_length=3, verbose_name="行业中类"),
        ),
        migrations.AddField(
            model_name="enterprisetag",
            name="enterprise_name",
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name="企业名称"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["industry_division", "name", "id"], name="ent_division_name"),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(fields=["industry_group", "name", "id"], name="ent_group_name"),
        ),
        migrations.AddIndex(
            model_name="enterprisetag",
            index=models.Index(fields=["tag", "enterprise_name", "enterprise"], name="ent_tag_name_order"),
        ),
        # last: on PostgreSQL an index cannot be created after an UPDATE in the same transaction (pending triggers)
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
