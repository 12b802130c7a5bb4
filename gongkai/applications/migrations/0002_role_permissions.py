"""Grant the application permissions to the staff role groups.

Who may read or act is then narrowed to orgs in code (gongkai.orgs.scoping).
"""

from django.db import migrations

from gongkai.orgs.permissions_grant import grant_role_permissions

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
    grant_role_permissions(
        apps,
        {
            role: [("applications", c) for c in codenames]
            for role, codenames in ROLE_PERMISSIONS.items()
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("orgs", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
