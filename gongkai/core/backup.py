"""Back up an instance (database + data dir) into one archive, and restore it into a fresh one.

An archive is a ``.tar.gz`` holding

- ``database.sqlite3`` (SQLite, copied with SQLite's online backup API: a consistent snapshot
  taken while the site keeps running), or ``database.pgdump`` (PostgreSQL, ``pg_dump
  --format=custom``, also a snapshot), or ``database.json`` (Django's ``dumpdata``: portable
  between database engines, the fallback when ``pg_dump`` is not installed);
- ``files/…``: every file in the data dir (uploads, generated reports) except the database
  itself, collected static files (``collectstatic`` rebuilds them) and earlier backups;
- ``manifest.json`` (last): versions, applied migrations, row counts per table and the size and
  SHA-256 of every member, so a restore can refuse a damaged archive before it writes anything.

The database snapshot is taken before the files are read. Files are only ever added (an upload
is never changed in place), so a file written during the backup may be in the archive without
a row pointing to it, never the other way round, unless a file is deleted meanwhile.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

ARCHIVE_KIND = "gongkai-backup"
ARCHIVE_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "database.sqlite3", "pg_dump": "database.pgdump", "json": "database.json"}
DB_FORMATS = ("auto", *DB_MEMBERS)
FILES_PREFIX = "files/"
# The portable JSON dump keeps every row with its primary key (content types and permissions
# included, so references to them stay right) except Wagtail's search index, which is rebuilt.
JSON_EXCLUDES = ("wagtailsearch",)
JSON_REBUILT_TABLE_PREFIXES = ("wagtailsearch_",)
# Indexes outside Django's models (full-text tables) are rebuilt after a JSON restore.
JSON_REBUILD_COMMANDS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("rebuild_search_index", {"no_progress": True}),
    ("wagtail_update_index", {}),
)
# Everything under these data-dir entries is left out of the archive.
SKIPPED_DATA_DIR_ENTRIES = ("static", "backups", "tmp")


class BackupError(Exception):
    """An archive or instance that cannot be backed up or restored as asked (exit code 1)."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    restored_files: int
    warnings: list[str] = field(default_factory=list)


# --- pure helpers ----------------------------------------------------------------------------


def archive_default_name(*, now: datetime) -> str:
    """``gongkai-backup-20250131-235959.tar.gz``: sorts by time, safe in every file system."""
    return f"gongkai-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def migrations_unknown_to_code(
    *, archived: dict[str, list[str]], known: set[tuple[str, str]]
) -> list[str]:
    """Migrations applied in the archive that this code does not have: the archive was made by a
    newer release, and restoring it here would leave the schema ahead of the code."""
    return sorted(
        f"{app}.{name}"
        for app, names in archived.items()
        for name in names
        if (app, name) not in known
    )


def row_count_differences(
    *, expected: dict[str, int], actual: dict[str, int], ignore_prefixes: Iterable[str] = ()
) -> list[str]:
    """One line per table whose row count differs between archive and restored instance."""
    prefixes = tuple(ignore_prefixes)
    lines = []
    for table in sorted(expected):
        if prefixes and table.startswith(prefixes):
            continue
        if actual.get(table) != expected[table]:
            lines.append(f"{table}: {expected[table]} rows in the archive, {actual.get(table)} now")
    return lines


def choose_db_format(*, requested: str, vendor: str, pg_dump_available: bool) -> str:
    """The database format for a backup: the engine's native snapshot when possible."""
    if requested not in DB_FORMATS:
        raise BackupError(f"unknown database format {requested!r}; choose from {DB_FORMATS}")
    if requested == "auto":
        if vendor == "sqlite":
            return "sqlite"
        if vendor == "postgresql" and pg_dump_available:
            return "pg_dump"
        return "json"
    native = {"sqlite": "sqlite", "pg_dump": "postgresql"}
    if requested in native and native[requested] != vendor:
        raise BackupError(f"format {requested} needs a {native[requested]} database, not {vendor}")
    if requested == "pg_dump" and not pg_dump_available:
        raise BackupError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
    return requested


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def data_dir_files(*, data_dir: Path, exclude: Iterable[Path] = ()) -> Iterator[Path]:
    """Files of the data dir that belong in a backup, as paths relative to it, sorted."""
    excluded = {path.resolve() for path in exclude}
    if not data_dir.is_dir():
        return
    for root, dirs, files in os.walk(data_dir):
        root_path = Path(root)
        if root_path == data_dir:
            dirs[:] = [name for name in dirs if name not in SKIPPED_DATA_DIR_ENTRIES]
        dirs[:] = sorted(name for name in dirs if not name.startswith(".restore-"))
        for name in sorted(files):
            path = root_path / name
            if path.resolve() in excluded or not path.is_file():
                continue
            yield path.relative_to(data_dir)


# --- database helpers --------------------------------------------------------------------------


def _connection(using: str):
    connection = connections[using]
    connection.ensure_connection()
    return connection


def database_is_empty(*, using: str = "default") -> bool:
    """True when the database has no user accounts and no organisations: a fresh instance,
    possibly migrated already (migrations create a few rows of their own, which don't count)."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    for model in (apps.get_model(settings.AUTH_USER_MODEL), apps.get_model("orgs", "Org")):
        if model._meta.db_table in tables and model._base_manager.using(using).exists():
            return False
    return True


def _model_tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables)


def _count_rows(cursor, tables: Iterable[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (quoted name)
        counts[table] = cursor.fetchone()[0]
    return counts


def _live_row_counts(using: str) -> dict[str, int]:
    connection = _connection(using)
    existing = set(connection.introspection.table_names())
    tables = [table for table in _model_tables() if table in existing]
    with connection.cursor() as cursor:
        return _count_rows(cursor, tables, connection.ops.quote_name)


def _sqlite_row_counts(path: Path) -> dict[str, int]:
    snapshot = sqlite3.connect(path)
    try:
        existing = {
            row[0] for row in snapshot.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        tables = [table for table in _model_tables() if table in existing]
        return _count_rows(snapshot.cursor(), tables, lambda name: '"' + name + '"')
    finally:
        snapshot.close()


def _applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(_connection(using)).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _pg_env_and_args(using: str) -> tuple[dict[str, str], list[str]]:
    """libpq connection settings for pg_dump/pg_restore from Django's, password via the env."""
    conf = connections[using].settings_dict
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    if conf.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(conf["OPTIONS"]["sslmode"])
    args = []
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    args += ["--dbname", str(conf["NAME"])]
    return env, args


def _run(cmd: list[str], env: dict[str, str]) -> None:
    completed = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {completed.stderr.strip() or completed.stdout}")


def _dump_database(*, db_format: str, target: Path, using: str) -> None:
    connection = _connection(using)
    if db_format == "sqlite":
        snapshot = sqlite3.connect(target)
        try:
            connection.connection.backup(snapshot)
        finally:
            snapshot.close()
    elif db_format == "pg_dump":
        env, args = _pg_env_and_args(using)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
            + args,
            env,
        )
    else:
        call_command(
            "dumpdata",
            use_base_manager=True,
            exclude=list(JSON_EXCLUDES),
            database=using,
            output=str(target),
            verbosity=0,
        )


def _drop_all_tables(using: str) -> None:
    """Empty a (fresh or --force'd) target so the restored schema is exactly the archive's."""
    connection = _connection(using)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys=OFF")
            # Virtual (full-text) tables first: dropping one drops its shadow tables too.
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL%'"
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
            for table in connection.introspection.table_names():
                cursor.execute(f"DROP TABLE IF EXISTS {quote(table)}")
            cursor.execute("PRAGMA foreign_keys=ON")
        else:
            for table in connection.introspection.table_names():
                cursor.execute(f"DROP TABLE IF EXISTS {quote(table)} CASCADE")


def _restore_database(*, db_format: str, source: Path, using: str, manifest: dict) -> None:
    connection = _connection(using)
    if db_format == "sqlite":
        # The online backup API replaces the whole target database, schema included.
        snapshot = sqlite3.connect(source)
        try:
            snapshot.backup(connection.connection)
        finally:
            snapshot.close()
        connection.close()
        return
    _drop_all_tables(using)
    if db_format == "pg_dump":
        connection.close()
        env, args = _pg_env_and_args(using)
        cmd = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args]
        _run([*cmd, str(source)], env)
        return
    # Portable JSON: build the archive's schema, empty every table (without letting migrate's
    # signal handlers recreate content types), load the rows with their keys; `migrate` follows.
    _migrate_to(manifest["migrations"], using)
    call_command("flush", interactive=False, inhibit_post_migrate=True, database=using, verbosity=0)
    call_command("loaddata", str(source), database=using, verbosity=0)
    apps.get_model("contenttypes", "ContentType").objects.clear_cache()


def _migrate_to(applied: dict[str, list[str]], using: str) -> None:
    """Migrate an empty database to the archive's migration state (not the code's latest), so
    the rows load into the schema they were dumped from."""
    executor = MigrationExecutor(_connection(using))
    graph = executor.loader.graph
    targets = []
    for app, names in applied.items():
        applied_set = {(app, name) for name in names}
        targets += [
            key
            for key in sorted(applied_set)
            if key in graph.nodes
            and not any(child in applied_set for child in graph.node_map[key].children)
        ]
    # Apps with nothing applied in the archive stay out; the `migrate` that follows adds them.
    executor.migrate(targets)


# --- services --------------------------------------------------------------------------------


class _HashingReader:
    """Wraps a file so the bytes tar reads are hashed on the way: one read per file."""

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def backup_create(
    *,
    output: str | os.PathLike[str],
    data_dir: Path | None = None,
    db_format: str = "auto",
    using: str = "default",
) -> BackupResult:
    """Write an archive of the database and the data dir's files; return its path and manifest.

    ``output`` is a file name, or a directory that gets a time-stamped file name.
    """
    data_dir = Path(data_dir or settings.DATA_DIR).resolve()
    as_directory = os.fspath(output).endswith(("/", os.sep)) or Path(output).is_dir()
    output = Path(output)
    if as_directory:
        output = output / archive_default_name(now=timezone.localtime())
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)

    connection = _connection(using)
    db_format = choose_db_format(
        requested=db_format,
        vendor=connection.vendor,
        pg_dump_available=shutil.which("pg_dump") is not None,
    )
    exclude = [output]
    if connection.vendor == "sqlite":
        db_path = Path(connection.settings_dict["NAME"])
        exclude += [db_path.with_name(db_path.name + suffix) for suffix in ("", "-wal", "-shm")]
        exclude.append(db_path.with_name(db_path.name + "-journal"))

    manifest: dict[str, Any] = {
        "kind": ARCHIVE_KIND,
        "version": ARCHIVE_VERSION,
        "created_at": timezone.now().isoformat(),
        "versions": {
            "gongkai": _package_version("gongkai"),
            "django": _package_version("django"),
            "wagtail": _package_version("wagtail"),
            "python": platform.python_version(),
        },
        "database": {"vendor": connection.vendor, "format": db_format},
        "media_storage": settings.STORAGES["default"]["BACKEND"],
        "migrations": _applied_migrations(using),
        "members": {},
    }
    tmp_fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=output.parent)
    os.close(tmp_fd)
    tmp_path = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
            db_member = DB_MEMBERS[db_format]
            db_file = Path(work) / db_member
            _dump_database(db_format=db_format, target=db_file, using=using)
            manifest["row_counts"] = (
                _sqlite_row_counts(db_file) if db_format == "sqlite" else _live_row_counts(using)
            )
            with tarfile.open(tmp_path, "w:gz", compresslevel=6) as tar:
                tar.add(db_file, arcname=db_member)
                manifest["members"][db_member] = {
                    "size": db_file.stat().st_size,
                    "sha256": sha256_file(db_file),
                }
                for relative in data_dir_files(data_dir=data_dir, exclude=exclude):
                    source = data_dir / relative
                    arcname = FILES_PREFIX + relative.as_posix()
                    info = tar.gettarinfo(str(source), arcname=arcname)
                    with source.open("rb") as handle:
                        reader = _HashingReader(handle)
                        tar.addfile(info, reader)  # type: ignore[arg-type]
                    manifest["members"][arcname] = {
                        "size": info.size,
                        "sha256": reader.digest.hexdigest(),
                    }
                payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(payload)
                info.mtime = int(timezone.now().timestamp())
                tar.addfile(info, io.BytesIO(payload))
        tmp_path.chmod(0o600)  # the archive holds password hashes and personal data
        tmp_path.replace(output)
    finally:
        tmp_path.unlink(missing_ok=True)
    return BackupResult(path=output, manifest=manifest)


def _read_archive(archive: Path, into: Path) -> dict[str, Any]:
    """Unpack ``archive`` into ``into`` and check it completely; return its manifest."""
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive}: not a readable backup archive ({exc})") from exc
    manifest_path = into / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{archive}: no {MANIFEST}: not a Gongkai backup or cut short")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("kind") != ARCHIVE_KIND or manifest.get("version") != ARCHIVE_VERSION:
        raise BackupError(
            f"{archive}: unsupported archive ({manifest.get('kind')!r} version "
            f"{manifest.get('version')!r})"
        )
    for member, facts in manifest["members"].items():
        path = into / member
        if not path.is_file():
            raise BackupError(f"{archive}: {member} is missing")
        if path.stat().st_size != facts["size"] or sha256_file(path) != facts["sha256"]:
            raise BackupError(f"{archive}: {member} is damaged (checksum mismatch)")
    return manifest


def backup_verify(*, archive: Path) -> dict[str, Any]:
    """Check an archive completely (checksums, migrations known to this code) without writing
    anything to the instance; return its manifest."""
    with tempfile.TemporaryDirectory(prefix="gongkai-verify-") as work:
        manifest = _read_archive(Path(archive), Path(work))
    _check_migrations_known(manifest)
    return manifest


@dataclass
class ProofResult:
    manifest: dict[str, Any]
    scratch: str  # what the archive was restored into, for the operator's record
    warnings: list[str] = field(default_factory=list)


def _scratch_pg_database(using: str) -> tuple[str, Any]:
    """Create an empty database on the instance's PostgreSQL server; return its URL and a
    function that drops it."""
    import psycopg
    from psycopg import sql

    conf = connections[using].settings_dict
    name = f"gongkai_check_{os.urandom(6).hex()}"
    params = {
        "host": conf.get("HOST") or None,
        "port": conf.get("PORT") or 5432,
        "user": conf.get("USER") or None,
        "password": conf.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    try:
        with psycopg.connect(**params) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise BackupError(
            f"cannot create a scratch database to test the restore ({exc}); grant the "
            "database user CREATEDB, or test the archive on another server"
        ) from exc

    def drop() -> None:
        with psycopg.connect(**params) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
    host = conf.get("HOST") or "localhost"
    url = f"postgres://{conf.get('USER') or ''}{password}@{host}:{params['port']}/{name}"
    return url, drop


def backup_prove(*, archive: Path, using: str = "default") -> ProofResult:
    """Prove an archive restores: restore it into a scratch instance and compare row counts.

    Checksums only show that the archive is what was written; a restore can still fail on
    what is inside (as JSON dumps once did). So this runs the real ``restore`` in a separate
    process against a throw-away instance: a SQLite file for SQLite and JSON archives, a
    scratch database on this instance's PostgreSQL server for ``pg_dump`` archives. Nothing of
    this instance is written.
    """
    manifest = backup_verify(archive=archive)
    db_format = manifest["database"]["format"]
    with tempfile.TemporaryDirectory(prefix="gongkai-check-") as work:
        env = {
            **os.environ,
            "GONGKAI_DATA_DIR": str(Path(work) / "data"),
            "DATABASE_URL": f"sqlite:///{Path(work) / 'check.sqlite3'}",
        }
        scratch, drop = "a scratch SQLite database", None
        if db_format == "pg_dump":
            env["DATABASE_URL"], drop = _scratch_pg_database(using)
            scratch = "a scratch PostgreSQL database"
        try:
            completed = subprocess.run(
                [
                    sys.executable,
                    str(Path(settings.BASE_DIR) / "manage.py"),
                    "restore",
                    str(archive),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            if drop is not None:
                drop()
    if completed.returncode != 0:
        lines = (completed.stderr or completed.stdout).strip().splitlines()
        raise BackupError(
            f"{archive}: the archive is intact but does not restore: "
            + (lines[-1] if lines else f"restore exited with {completed.returncode}")
        )
    warnings = [
        line.removeprefix("warning: ")
        for line in completed.stderr.splitlines()
        if line.startswith("warning: ")
    ]
    return ProofResult(manifest=manifest, scratch=scratch, warnings=warnings)


def _check_migrations_known(manifest: dict[str, Any]) -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = migrations_unknown_to_code(
        archived=manifest["migrations"], known=set(loader.disk_migrations)
    )
    if unknown:
        raise BackupError(
            "the archive was made by a newer release (unknown migrations: "
            + ", ".join(unknown[:5])
            + (" …" if len(unknown) > 5 else "")
            + "); upgrade the code first"
        )


def backup_restore(
    *,
    archive: Path,
    data_dir: Path | None = None,
    force: bool = False,
    using: str = "default",
) -> RestoreResult:
    """Restore ``archive`` into this instance: database, then files, then ``migrate``.

    Refuses a database that already holds accounts or organisations unless ``force``.
    Everything is checked (checksums, versions, database engine) before anything is written.
    """
    data_dir = Path(data_dir or settings.DATA_DIR).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    connection = _connection(using)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".restore-") as work:
        work_path = Path(work)
        manifest = _read_archive(Path(archive), work_path)
        db_format = manifest["database"]["format"]
        _check_migrations_known(manifest)
        if db_format == "sqlite" and connection.vendor != "sqlite":
            raise BackupError(
                "the archive holds a SQLite database; restore it into an instance on SQLite, or "
                "make a portable backup with `backup --format json`"
            )
        if db_format == "pg_dump":
            if connection.vendor != "postgresql":
                raise BackupError(
                    "the archive holds a PostgreSQL dump; restore it into an instance on "
                    "PostgreSQL, or make a portable backup with `backup --format json`"
                )
            if shutil.which("pg_restore") is None:
                raise BackupError("pg_restore is not installed (apt-get install postgresql-client)")
        if not force and not database_is_empty(using=using):
            raise BackupError(
                "the database already holds accounts or organisations; restore into a fresh "
                "instance, or add --force to replace everything in it"
            )

        _restore_database(
            db_format=db_format,
            source=work_path / DB_MEMBERS[db_format],
            using=using,
            manifest=manifest,
        )
        restored_files = 0
        for member in manifest["members"]:
            if not member.startswith(FILES_PREFIX):
                continue
            target = data_dir / member.removeprefix(FILES_PREFIX)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(work_path / member, target)
            restored_files += 1

    call_command("migrate", interactive=False, database=using, verbosity=0)
    if db_format == "json":
        commands = get_commands()
        for name, options in JSON_REBUILD_COMMANDS:
            if name in commands:
                call_command(name, verbosity=0, **options)
    ignore = JSON_REBUILT_TABLE_PREFIXES if db_format == "json" else ()
    warnings = row_count_differences(
        expected=manifest.get("row_counts", {}),
        actual=_live_row_counts(using),
        ignore_prefixes=ignore,
    )
    return RestoreResult(manifest=manifest, restored_files=restored_files, warnings=warnings)
