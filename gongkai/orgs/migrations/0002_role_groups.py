"""Create one group per staff role with the model permissions that role needs.

Unit scoping (which org's rows) is enforced in code on top of these model permissions.
"""

from django.db import migrations

from gongkai.orgs.permissions_grant import grant_role_permissions

ROLE_PERMISSIONS = {
    "信息员": [
        ("catalogue", "add_catalogueitem"),
        ("catalogue", "change_catalogueitem"),
        ("catalogue", "view_catalogueitem"),
        ("catalogue", "view_category"),
        ("orgs", "view_org"),
        ("wagtailadmin", "access_admin"),
        ("wagtaildocs", "add_document"),
        ("wagtailimages", "add_image"),
    ],
    "保密审查员": [
        ("catalogue", "change_catalogueitem"),
        ("catalogue", "view_catalogueitem"),
        ("orgs", "view_org"),
        ("wagtailadmin", "access_admin"),
    ],
    "签发领导": [
        ("catalogue", "change_catalogueitem"),
        ("catalogue", "view_catalogueitem"),
        ("catalogue", "publish_catalogueitem"),
        ("orgs", "view_org"),
        ("wagtailadmin", "access_admin"),
    ],
    "单位管理员": [
        ("catalogue", "view_catalogueitem"),
        ("catalogue", "add_category"),
        ("catalogue", "change_category"),
        ("catalogue", "view_category"),
        ("orgs", "view_org"),
        ("orgs", "change_org"),
        ("orgs", "view_staffprofile"),
        ("orgs", "add_staffprofile"),
        ("orgs", "change_staffprofile"),
        ("wagtailadmin", "access_admin"),
    ],
    "办公室督查员": [
        ("catalogue", "view_catalogueitem"),
        ("catalogue", "view_category"),
        ("catalogue", "view_topic"),
        ("orgs", "view_org"),
        ("orgs", "view_staffprofile"),
        ("wagtailadmin", "access_admin"),
    ],
    "系统管理员": [],  # system administrators are superusers
}


def create_groups(apps, schema_editor):
    grant_role_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("catalogue", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
