"""Create one group per staff role with the model permissions that role needs.

Unit scoping (which org's rows) is enforced in code on top of these model permissions.
"""

from django.db import migrations

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
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in perms:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                group.permissions.add(perm)


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
