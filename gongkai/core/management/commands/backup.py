"""Back up the instance: database and data dir into one .tar.gz (see gongkai.core.backup)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import DB_FORMATS, BackupError, backup_create


class Command(BaseCommand):
    # A backup or restore is needed most when something is wrong: don't let system checks
    # about unrelated configuration stand in its way.
    requires_system_checks: list[str] = []
    help = (
        "Write a consistent archive of the database (SQLite: online backup; PostgreSQL: "
        "pg_dump, or Django's dumpdata when pg_dump is missing) and of the data dir's files, "
        "with a manifest of versions, migrations and checksums. The site may keep running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            required=True,
            metavar="DIR_OR_FILE",
            help="archive file to write, or an existing directory for a time-stamped name",
        )
        parser.add_argument(
            "--format",
            dest="db_format",
            choices=DB_FORMATS,
            default="auto",
            help="database format: auto (native snapshot when possible), sqlite, pg_dump, or "
            "json (portable between database engines, slower)",
        )

    def handle(self, *args, output: str, db_format: str, **options):
        try:
            result = backup_create(output=output, db_format=db_format)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        files = sum(1 for name in result.manifest["members"] if name.startswith("files/"))
        rows = sum(result.manifest["row_counts"].values())
        self.stdout.write(
            f"database ({result.manifest['database']['format']}): {rows} rows; files: {files}"
        )
        self.stdout.write(str(result.path))
