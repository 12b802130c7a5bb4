"""Grant the annual report permissions to the staff role groups (rows narrowed to orgs in code).

Editors and org administrators draft their org's report and enter its figures; everyone on
staff reads; the general office reads every org's and uploads the tables of orgs off-platform.
"""

from django.db import migrations

ROLE_PERMISSIONS = {
    "信息员": ["view_annualreport", "change_annualreport", "view_annualfigures", "change_annualfigures"],
    "保密审查员": ["view_annualreport", "view_annualfigures"],
    "签发领导": ["view_annualreport", "view_annualfigures"],
    "单位管理员": [
        "view_annualreport",
        "change_annualreport",
        "view_annualfigures",
        "change_annualfigures",
    ],
    "办公室督查员": [
        "view_annualreport",
        "change_annualreport",
        "view_annualfigures",
        "change_annualfigures",
        "view_submittedreport",
        "add_submittedreport",
        "change_submittedreport",
    ],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="reports", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("orgs", "0002_role_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
