"""Grant the press-conference permissions to the staff role groups (rows scoped to orgs in code)."""

from django.db import migrations

ROLE_PERMISSIONS = {
    "信息员": ["view_pressconference", "add_pressconference", "change_pressconference"],
    "签发领导": ["view_pressconference", "change_pressconference"],
    "单位管理员": [
        "view_pressconference",
        "add_pressconference",
        "change_pressconference",
        "delete_pressconference",
    ],
    "办公室督查员": ["view_pressconference", "add_pressconference", "change_pressconference"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("press")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="press", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("press", "0001_initial"),
        ("orgs", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
