"""Grant the press-conference permissions to the staff role groups (rows scoped to orgs in code)."""

from django.db import migrations

from gongkai.orgs.permissions_grant import grant_role_permissions

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
    grant_role_permissions(
        apps,
        {role: [("press", c) for c in codenames] for role, codenames in ROLE_PERMISSIONS.items()},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("press", "0001_initial"),
        ("orgs", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
