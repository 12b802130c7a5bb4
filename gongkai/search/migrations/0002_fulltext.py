"""Vendor-specific full-text structures over search_searchdocument (version 1, see fulltext_sql)."""

from django.db import migrations

from gongkai.search.fulltext_sql import BACKWARD, FORWARD_V1


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run(FORWARD_V1),
            _run(BACKWARD),
        ),
    ]
