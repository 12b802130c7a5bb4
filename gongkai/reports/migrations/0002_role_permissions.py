"""Grant the annual report permissions to the staff role groups (rows narrowed to orgs in code).

Editors and org administrators draft their org's report and enter its figures; everyone on
staff reads; the general office reads every org's and uploads the tables of orgs off-platform.
"""

from django.db import migrations

from gongkai.orgs.permissions_grant import grant_role_permissions

ROLE_PERMISSIONS = {
    "信息员": [
        "view_annualreport",
        "change_annualreport",
        "view_annualfigures",
        "change_annualfigures",
    ],
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
    grant_role_permissions(
        apps,
        {role: [("reports", c) for c in codenames] for role, codenames in ROLE_PERMISSIONS.items()},
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("orgs", "0002_role_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
