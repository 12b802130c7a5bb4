"""Restore a backup archive into a fresh instance (see gongkai.core.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import BackupError, backup_prove, backup_restore


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
            help=(
                "prove the archive: verify checksums and migrations, then restore it into a "
                "scratch database (SQLite, or a temporary database on this PostgreSQL server) "
                "and compare the row counts; this instance is not written"
            ),
        )

    def handle(self, *args, archive: str, force: bool, check: bool, **options):
        if check:
            try:
                proof = backup_prove(archive=Path(archive))
            except BackupError as exc:
                raise CommandError(str(exc), returncode=1) from exc
            manifest = proof.manifest
            for warning in proof.warnings:
                self.stderr.write(f"warning: {warning}")
            if proof.warnings:
                raise CommandError(
                    f"{archive}: restored into {proof.scratch}, but the row counts differ "
                    "from the archive's (see the warnings above)",
                    returncode=1,
                )
            self.stdout.write(
                f"{archive}: intact and restorable ({len(manifest['members'])} members, "
                f"{manifest['database']['format']} database, made {manifest['created_at']} by "
                f"gongkai {manifest['versions']['gongkai'] or '?'}; restored into "
                f"{proof.scratch} with the same row counts)"
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
