"""Grant the application permissions to the staff role groups.

Who may read or act is then narrowed to orgs in code (gongkai.orgs.scoping).
"""

from django.db import migrations

ROLE_PERMISSIONS = {
    "信息员": ["view_application", "add_application", "change_application"],
    "保密审查员": ["view_application"],
    "签发领导": ["view_application", "change_application", "approve_extension"],
    "单位管理员": [
        "view_application",
        "add_application",
        "change_application",
        "approve_extension",
        "view_lettertemplate",
        "add_lettertemplate",
        "change_lettertemplate",
    ],
    "办公室督查员": ["view_application"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("applications")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(
            content_type__app_label="applications", codename__in=codenames
        )
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("orgs", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
