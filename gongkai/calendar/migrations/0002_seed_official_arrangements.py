"""Seed 2004–2026 from the official arrangements (via the chinesecalendar package), confirmed."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.calendar.seed import SOURCE, official_days, official_years

    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    existing = set(CalendarYear.objects.values_list("year", flat=True))
    years = {}
    for year in official_years():
        if year in existing:
            continue  # never overwrite what the office has entered
        years[year] = CalendarYear.objects.create(year=year, status="confirmed", source=SOURCE)
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(calendar_year=years[d.date.year], date=d.date, kind=d.kind, name=d.name)
            for d in official_days()
            if d.date.year in years
        ]
    )
    from gongkai.calendar.selectors import work_calendar_invalidate

    work_calendar_invalidate()


def unseed(apps, schema_editor):
    from gongkai.calendar.seed import SOURCE

    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    CalendarYear.objects.filter(source__startswith=SOURCE.split("（")[0]).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
