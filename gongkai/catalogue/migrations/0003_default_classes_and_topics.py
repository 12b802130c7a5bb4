"""The default catalogue classes and topics, so a fresh install can import and publish at once
(before, only the demo made them and `import_items` on a real instance refused every row)."""

from django.db import migrations

from gongkai.catalogue.defaults import taxonomy_defaults_ensure


def create_defaults(apps, schema_editor):
    taxonomy_defaults_ensure(apps.get_model("catalogue", "Category"), apps.get_model("catalogue", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_published_on_set_by_the_system")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
