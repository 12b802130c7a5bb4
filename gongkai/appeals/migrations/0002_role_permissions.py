"""Grant the case register permissions to the staff role groups (rows narrowed to orgs in code)."""

from django.db import migrations

from gongkai.orgs.permissions_grant import grant_role_permissions

ROLE_PERMISSIONS = {
    "信息员": ["view_appeal", "add_appeal", "change_appeal"],
    "保密审查员": ["view_appeal"],
    "签发领导": ["view_appeal"],
    "单位管理员": ["view_appeal", "add_appeal", "change_appeal", "delete_appeal"],
    "办公室督查员": ["view_appeal"],
}


def grant(apps, schema_editor):
    grant_role_permissions(
        apps,
        {role: [("appeals", c) for c in codenames] for role, codenames in ROLE_PERMISSIONS.items()},
    )


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial"), ("orgs", "0002_role_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
