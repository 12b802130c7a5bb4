"""The general office (办公室督查员) edits the scoring scheme and reads supervision records."""

from django.db import migrations

from gongkai.orgs.permissions_grant import grant_role_permissions

PERMS = [
    ("supervision", f"{action}_{model}")
    for model in ("scoringscheme", "indicator")
    for action in ("add", "change", "delete", "view")
] + [
    ("supervision", f"view_{model}")
    for model in ("scoresnapshot", "sitecheckfinding", "rectificationnotice", "dailyvisits")
]


def grant(apps, schema_editor):
    grant_role_permissions(apps, {"办公室督查员": PERMS})


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("orgs", "0002_role_groups"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
