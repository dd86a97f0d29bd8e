"""Seed the calendar: announced years 2004–2026 from chinesecalendar, provisional years 2027–2035 from the
rules of 全国年节及纪念日放假办法 (2024). The holiday packages are imported only here (via workdays.seed)."""
import uuid

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from yiwang.workdays import seed as data

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarStamp = apps.get_model("workdays", "CalendarStamp")
    now = timezone.now()
    source = f"{data.SOURCE_CHINESECALENDAR}（{data.package_versions()}）"
    days = []
    for year, tables in data.announced_years().items():
        if CalendarYear.objects.filter(year=year).exists():
            continue
        row = CalendarYear.objects.create(year=year, status="announced", source=source, loaded_at=now)
        days += [CalendarDay(calendar_year=row, date=d, kind="holiday", name=n) for d, n in tables["holidays"].items()]
        days += [CalendarDay(calendar_year=row, date=d, kind="workday", name=n) for d, n in tables["workdays"].items()]
    for year in range(data.PROVISIONAL_FIRST, data.PROVISIONAL_LAST + 1):
        if CalendarYear.objects.filter(year=year).exists():
            continue
        row = CalendarYear.objects.create(year=year, status="provisional", source=data.SOURCE_RULES, loaded_at=now)
        days += [
            CalendarDay(calendar_year=row, date=d, kind="holiday", name=n)
            for d, n in data.provisional_days_off(year).items()  # with 补假 since 0003
        ]
    CalendarDay.objects.bulk_create(days, batch_size=500)
    CalendarStamp.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": now})


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarYear").objects.all().delete()
    apps.get_model("workdays", "CalendarStamp").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
