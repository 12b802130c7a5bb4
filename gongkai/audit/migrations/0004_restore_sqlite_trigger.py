"""Put back the SQLite UPDATE trigger that 0003's table rebuild dropped.

SQLite alters a column by rebuilding the table, which drops its triggers; PostgreSQL keeps its
trigger through an ALTER. Any later migration that alters this table on SQLite must do the same
(`gongkai/audit/tests/test_audit_log.py` fails otherwise).
"""

from django.db import migrations

SQLITE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_update
BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only'); END;"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_detail_json_encoder")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
