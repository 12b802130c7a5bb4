"""Filter tags in the full-text index (fulltext_sql version 2).

Adds ``tag_seg``, fills it from the filter columns of existing rows, and replaces the
vendor-specific structures of 0002 with ones that index the tags too.
"""

from django.db import migrations, models

from gongkai.search.fulltext_sql import BACKWARD, FORWARD, FORWARD_V1, SQLITE_REBUILD
from gongkai.search.segment import TAG_PREFIXES, filter_tags


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in BACKWARD.get(vendor, []):
        schema_editor.execute(sql)
    document = apps.get_model("search", "SearchDocument")
    names = list(TAG_PREFIXES)
    batch = []
    for row in document.objects.values_list("pk", *names).iterator(chunk_size=2000):
        batch.append(document(pk=row[0], tag_seg=filter_tags(**dict(zip(names, row[1:])))))
        if len(batch) >= 2000:
            document.objects.bulk_update(batch, ["tag_seg"])
            batch = []
    if batch:
        document.objects.bulk_update(batch, ["tag_seg"])
    for sql in FORWARD.get(vendor, []):
        schema_editor.execute(sql)
    if vendor == "sqlite":
        for sql in SQLITE_REBUILD:
            schema_editor.execute(sql)


def drop_v2(apps, schema_editor):
    for sql in BACKWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def create_v1(apps, schema_editor):
    """Runs after tag_seg is removed (on SQLite that re-makes the table, dropping triggers)."""
    vendor = schema_editor.connection.vendor
    for sql in BACKWARD.get(vendor, []):
        schema_editor.execute(sql)
    for sql in FORWARD_V1.get(vendor, []):
        schema_editor.execute(sql)
    if vendor == "sqlite":
        for sql in SQLITE_REBUILD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, create_v1),
        migrations.AddField(
            model_name="searchdocument",
            name="tag_seg",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(forward, drop_v2),
    ]
