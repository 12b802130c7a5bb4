"""Letters already on the public list were masked before the pre-check found ID and mobile
numbers written in groups or with invisible characters (440306 19780301 0121, 138.1234.5678):
mask what it finds now in their public text."""

from django.db import migrations

from gongkai.pii.precheck import mask_text, scan_text

FIELDS = ("public_subject", "public_content", "public_reply")


def _masked(text: str) -> str:
    return mask_text(text, [f for f in scan_text(text) if f.kind != "sensitive_word"])


def mask_again(apps, schema_editor):
    Letter = apps.get_model("mailbox", "Letter")
    for letter in Letter.objects.exclude(public_content="").only("pk", *FIELDS).iterator():
        changed = {name: _masked(getattr(letter, name)) for name in FIELDS}
        if any(changed[name] != getattr(letter, name) for name in FIELDS):
            Letter.objects.filter(pk=letter.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("mailbox", "0002_categories_and_permissions")]

    operations = [migrations.RunPython(mask_again, migrations.RunPython.noop)]
