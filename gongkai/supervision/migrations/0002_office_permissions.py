"""The general office (办公室督查员) edits the scoring scheme and reads supervision records."""

from django.db import migrations

PERMS = [
    ("supervision", f"{action}_{model}")
    for model in ("scoringscheme", "indicator")
    for action in ("add", "change", "delete", "view")
] + [
    ("supervision", f"view_{model}")
    for model in ("scoresnapshot", "sitecheckfinding", "rectificationnotice", "dailyvisits")
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="办公室督查员")
    for app_label, codename in PERMS:
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is not None:
            group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("orgs", "0002_role_groups"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
