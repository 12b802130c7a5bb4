"""Restore a backup archive into a fresh instance (see gongkai.core.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    # A backup or restore is needed most when something is wrong: don't let system checks
    # about unrelated configuration stand in its way.
    requires_system_checks: list[str] = []
    help = (
        "Restore an archive written by `backup` into this instance (its DATABASE_URL and "
        "GONGKAI_DATA_DIR): the database, then the files, then `migrate` to this release's "
        "schema. Refuses a database that already holds accounts or organisations unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE", help="a .tar.gz written by `backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace everything in a database that is not empty",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only verify the archive (checksums, migrations); write nothing",
        )

    def handle(self, *args, archive: str, force: bool, check: bool, **options):
        if check:
            try:
                manifest = backup_verify(archive=Path(archive))
            except BackupError as exc:
                raise CommandError(str(exc), returncode=1) from exc
            members = len(manifest["members"])
            self.stdout.write(
                f"{archive}: intact ({members} members, {manifest['database']['format']} "
                f"database, made {manifest['created_at']} by gongkai "
                f"{manifest['versions']['gongkai'] or '?'})"
            )
            return
        try:
            result = backup_restore(archive=Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        manifest = result.manifest
        self.stdout.write(
            f"restored backup of {manifest['created_at']} "
            f"({manifest['database']['format']} database, {result.restored_files} files)"
        )
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
