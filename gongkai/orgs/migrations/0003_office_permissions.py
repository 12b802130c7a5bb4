"""The general office (办公室督查员) keeps the working-day calendar and the sensitive-word list."""

from django.db import migrations

from gongkai.orgs.permissions_grant import grant_role_permissions

GRANTS = {
    "办公室督查员": [
        ("workcalendar", "add_calendaryear"),
        ("workcalendar", "change_calendaryear"),
        ("workcalendar", "delete_calendaryear"),
        ("workcalendar", "view_calendaryear"),
        ("workcalendar", "add_calendarday"),
        ("workcalendar", "change_calendarday"),
        ("workcalendar", "delete_calendarday"),
        ("workcalendar", "view_calendarday"),
        ("review", "add_sensitiveword"),
        ("review", "change_sensitiveword"),
        ("review", "delete_sensitiveword"),
        ("review", "view_sensitiveword"),
    ],
}


def grant(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_role_groups"),
        ("workcalendar", "0002_seed_official_arrangements"),
        ("review", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
