"""Grant the case register permissions to the staff role groups (rows narrowed to orgs in code)."""

from django.db import migrations

ROLE_PERMISSIONS = {
    "信息员": ["view_appeal", "add_appeal", "change_appeal"],
    "保密审查员": ["view_appeal"],
    "签发领导": ["view_appeal"],
    "单位管理员": ["view_appeal", "add_appeal", "change_appeal", "delete_appeal"],
    "办公室督查员": ["view_appeal"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("appeals")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="appeals", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial"), ("orgs", "0002_role_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
