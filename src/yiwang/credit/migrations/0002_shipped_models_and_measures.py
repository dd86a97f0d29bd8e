from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from yiwang.credit.domain import grading
    from yiwang.credit.measures_seed import MEASURES

    GradeModel = apps.get_model("credit", "GradeModel")
    Measure = apps.get_model("credit", "Measure")
    for kind, params in (("risk_class", grading.RISK_CLASS_V1), ("public_grade", grading.PUBLIC_GRADE_V1)):
        if not GradeModel.objects.filter(kind=kind).exists():
            GradeModel.objects.create(kind=kind, version=1, name=params["name"], params=params, status="active",
                                      activated_at=timezone.now(), note="初始版本")
    for m in MEASURES:
        Measure.objects.get_or_create(code=m["code"], defaults=m)


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
