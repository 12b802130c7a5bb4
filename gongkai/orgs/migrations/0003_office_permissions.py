"""The general office (办公室督查员) keeps the working-day calendar and the sensitive-word list."""

from django.db import migrations

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
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_role_groups"),
        ("workcalendar", "0002_seed_official_arrangements"),
        ("review", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
