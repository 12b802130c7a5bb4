"""Default letter categories (with their reply deadlines) and the role permissions.

Replies to simple consultations are expected within about 5 working days (ogi-rules §6); the
other categories get 15. Administrators change both in 设置 → 来信类别与答复期限.
Who may read or act is narrowed to orgs in code (gongkai.orgs.scoping).
"""

from django.db import migrations

from gongkai.orgs.permissions_grant import grant_role_permissions

CATEGORIES = [("咨询", 5), ("建议", 15), ("投诉", 15), ("求助", 15), ("其他", 15)]

ROLE_PERMISSIONS = {
    "信息员": ["view_letter", "change_letter"],
    "保密审查员": ["view_letter"],
    "签发领导": ["view_letter", "change_letter"],
    "单位管理员": ["view_letter", "change_letter", "view_mailbox", "change_mailbox"],
    "办公室督查员": [
        "view_letter",
        "change_letter",
        "route_letter",
        "view_mailbox",
        "add_mailbox",
        "change_mailbox",
        "view_lettercategory",
        "add_lettercategory",
        "change_lettercategory",
    ],
}


def forwards(apps, schema_editor):
    LetterCategory = apps.get_model("mailbox", "LetterCategory")
    for order, (name, days) in enumerate(CATEGORIES):
        LetterCategory.objects.get_or_create(
            name=name, defaults={"reply_workdays": days, "sort_order": order}
        )
    grant_role_permissions(
        apps,
        {role: [("mailbox", c) for c in codenames] for role, codenames in ROLE_PERMISSIONS.items()},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mailbox", "0001_initial"),
        ("orgs", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
