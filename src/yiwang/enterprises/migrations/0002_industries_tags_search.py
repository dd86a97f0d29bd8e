"""Load the GB/T 4754-2017 table and the default tag list; on PostgreSQL a trigram index for name search."""
from django.db import migrations

TAGS = [
    ("hnte", "高新技术企业", "科技部门（高新技术企业认定管理机构）", "经认定的高新技术企业，证书有效期三年", 3),
    ("srdi", "专精特新中小企业", "经济和信息化部门", "省级专精特新中小企业", 3),
    ("little_giant", "专精特新“小巨人”企业", "工业和信息化部", "国家级专精特新“小巨人”企业", 3),
    ("tech_sme", "科技型中小企业", "科技部门", "入库科技型中小企业（按年度评价）", 1),
    ("above_scale", "规上企业", "统计部门", "规模以上工业企业（年主营业务收入2000万元及以上）", 1),
    ("four_above", "四上企业", "统计部门", "规上工业、资质内建筑业、限额以上批零住餐、规上服务业企业", 1),
    ("key", "重点企业", "区企业服务中心", "区重点服务企业名单", 1),
    ("listed", "上市企业", "地方金融管理部门", "境内外上市企业", None),
    ("headquarters", "总部企业", "商务部门", "经认定的总部企业", None),
    ("foreign_rd", "外资研发中心", "商务部门", "经认定的外资研发中心", None),
]


def load(apps, schema_editor):
    from yiwang.enterprises.domain.industry import rows

    Industry = apps.get_model("enterprises", "Industry")
    Tag = apps.get_model("enterprises", "Tag")
    batch = [Industry(code=r.code, level=r.level, name=r.name, parent_id=r.parent or None, section=r.section,
                      description=r.description) for r in rows()]
    by_level = {lvl: [i for i in batch if i.level == lvl] for lvl in ("section", "division", "group", "class")}
    for lvl in ("section", "division", "group", "class"):
        Industry.objects.bulk_create(by_level[lvl], batch_size=500, ignore_conflicts=True)
    for code, name, source, description, years in TAGS:
        Tag.objects.get_or_create(code=code, defaults={"name": name, "source": source, "description": description,
                                                       "default_validity_years": years})
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            if cursor.fetchone():
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS ent_name_trgm ON enterprises_enterprise USING gin (name gin_trgm_ops)"
                )


def unload(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS ent_name_trgm")


class Migration(migrations.Migration):

    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
