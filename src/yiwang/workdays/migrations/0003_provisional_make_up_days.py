"""补假 in the provisional years (全国年节及纪念日放假办法 art. 6): a statutory day off that falls on a Saturday or Sunday
gives a make-up day off on the next working day after the holiday block. Added to every year that is still
provisional and was computed from the rules (a year an administrator loaded by hand is left as loaded); the
calendar stamp changes so that every process rebuilds its calendar. Open cases' deadlines follow on the next
recomputation (`calendar recompute`, or the next year loaded)."""
import uuid

from django.db import migrations
from django.utils import timezone


def add_make_up_days(apps, schema_editor):
    from yiwang.workdays import seed as data

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarStamp = apps.get_model("workdays", "CalendarStamp")
    rows = []
    for year in CalendarYear.objects.filter(status="provisional", source=data.SOURCE_RULES):
        days = CalendarDay.objects.filter(calendar_year=year)
        if days.filter(name__endswith=data.MAKE_UP_SUFFIX).exists():  # seeded with them already
            continue
        known = set(days.values_list("date", flat=True))
        statutory = dict(days.filter(kind="holiday").values_list("date", "name"))
        for day, name in data.make_up_days(statutory).items():
            if day.year == year.year and day not in known:
                rows.append(CalendarDay(calendar_year=year, date=day, kind="holiday", name=name))
    CalendarDay.objects.bulk_create(rows, batch_size=500)
    if rows:
        CalendarStamp.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()})


def remove_make_up_days(apps, schema_editor):
    from yiwang.workdays import seed as data

    apps.get_model("workdays", "CalendarDay").objects.filter(
        calendar_year__status="provisional", name__endswith=data.MAKE_UP_SUFFIX).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0002_seed_calendar")]

    operations = [migrations.RunPython(add_make_up_days, remove_make_up_days)]
