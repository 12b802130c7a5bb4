"""Backups: a backup restored into a fresh instance holds the same content.

"Fresh instance" is taken literally: the restore runs in a subprocess with its own
GONGKAI_DATA_DIR (and, on PostgreSQL, its own new database), as an operator would run it on a
new server, and the content is read back from there by another subprocess.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection

from gongkai.catalogue.models import Attachment, CatalogueItem, Category
from gongkai.core.backup import (
    BackupError,
    archive_default_name,
    backup_create,
    backup_restore,
    backup_verify,
    choose_db_format,
    data_dir_files,
    migrations_unknown_to_code,
    row_count_differences,
)
from gongkai.orgs.models import Org

REPO = Path(settings.BASE_DIR)

# --- pure logic ------------------------------------------------------------------------------


def test_archive_names_sort_by_time():
    name = archive_default_name(now=datetime.datetime(2025, 1, 31, 23, 59, 58))
    assert name == "gongkai-backup-20250131-235958.tar.gz"


def test_it_names_the_migrations_an_older_release_does_not_know():
    archived = {"orgs": ["0001_initial", "0002_role_groups", "0003_future"], "auth": ["0001"]}
    known = {("orgs", "0001_initial"), ("orgs", "0002_role_groups"), ("auth", "0001")}
    assert migrations_unknown_to_code(archived=archived, known=known) == ["orgs.0003_future"]


def test_it_reports_tables_whose_row_counts_differ_except_ignored_ones():
    differences = row_count_differences(
        expected={"orgs_org": 3, "catalogue_item": 10, "wagtailsearch_indexentry": 7},
        actual={"orgs_org": 3, "catalogue_item": 9},
        ignore_prefixes=("wagtailsearch_",),
    )
    assert differences == ["catalogue_item: 10 rows in the archive, 9 now"]


@pytest.mark.parametrize(
    ("requested", "vendor", "pg_dump", "expected"),
    [
        ("auto", "sqlite", False, "sqlite"),
        ("auto", "postgresql", True, "pg_dump"),
        ("auto", "postgresql", False, "json"),  # the documented fallback
        ("json", "sqlite", False, "json"),
    ],
)
def test_it_prefers_the_native_snapshot(requested, vendor, pg_dump, expected):
    assert (
        choose_db_format(requested=requested, vendor=vendor, pg_dump_available=pg_dump) == expected
    )


def test_it_refuses_a_native_format_of_another_engine():
    with pytest.raises(BackupError):
        choose_db_format(requested="sqlite", vendor="postgresql", pg_dump_available=True)


def test_the_archive_leaves_out_the_database_static_files_and_earlier_backups(tmp_path):
    for relative in [
        "db.sqlite3",
        "db.sqlite3-wal",
        "static/app.css",
        "backups/old.tar.gz",
        "media/attachments/2024/05/a.pdf",
        "reports/2024.pdf",
    ]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(b"x")
    found = list(
        data_dir_files(
            data_dir=tmp_path, exclude=[tmp_path / "db.sqlite3", tmp_path / "db.sqlite3-wal"]
        )
    )
    assert found == [Path("media/attachments/2024/05/a.pdf"), Path("reports/2024.pdf")]


# --- a damaged archive -----------------------------------------------------------------------


def _tar_with(members: dict[str, bytes], path: Path) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return path


def _damaged_archive(tmp_path: Path, vendor: str) -> Path:
    manifest = {
        "kind": "gongkai-backup",
        "version": 1,
        "database": {"vendor": vendor, "format": "json"},
        "migrations": {},
        # The checksum of b"[]", while the member holds b"[ ]": one byte was damaged.
        "members": {"database.json": {"size": 2, "sha256": hashlib.sha256(b"[]").hexdigest()}},
    }
    return _tar_with(
        {"database.json": b"[ ]", "manifest.json": json.dumps(manifest).encode()},
        tmp_path / "damaged.tar.gz",
    )


def test_verify_finds_the_damaged_member(tmp_path):
    with pytest.raises(BackupError, match="database.json is damaged"):
        backup_verify(archive=_damaged_archive(tmp_path, "sqlite"))


@pytest.mark.django_db
def test_it_refuses_a_damaged_archive_before_touching_the_database(tmp_path):
    archive = _damaged_archive(tmp_path, connection.vendor)
    Org.objects.create(code="keep", name="保留的单位", kind=Org.Kind.GOVERNMENT)
    with pytest.raises(BackupError, match="database.json"):
        backup_restore(archive=archive, data_dir=tmp_path / "data", force=True)
    assert Org.objects.filter(code="keep").exists()


# --- the round trip --------------------------------------------------------------------------

ATTACHMENTS = {
    # title: bytes; the checksums are compared against hashlib over these very bytes.
    "附件1：实施方案": b"%PDF-1.4 implementation plan\n",
    "附件2：名单": b"PK\x03\x04 a spreadsheet\x00\xff",
}

READ_BACK = """
import hashlib, json, django
django.setup()
from django.contrib.auth import get_user_model
from gongkai.catalogue.models import CatalogueItem
from gongkai.orgs.models import Org
facts = {
    "orgs": sorted(
        [o.code, o.name, o.parent.code if o.parent else None] for o in Org.objects.all()
    ),
    "items": sorted(
        [i.index_number, i.title, i.org.code, i.category.slug, i.body]
        for i in CatalogueItem.objects.all()
    ),
    "attachments": sorted(
        [a.title, hashlib.sha256(a.file.read()).hexdigest()]
        for i in CatalogueItem.objects.all() for a in i.attachments.all()
    ),
    "users": sorted(
        [u.username, u.check_password("demo-password-1")] for u in get_user_model().objects.all()
    ),
}
print(json.dumps(facts, ensure_ascii=False))
"""


def _build_small_instance() -> None:
    city = Org.objects.create(code="city", name="示例市人民政府", kind=Org.Kind.GOVERNMENT)
    ndrc = Org.objects.create(
        code="fgw", name="示例市发展和改革委员会", kind=Org.Kind.DEPARTMENT, parent=city
    )
    Org.objects.create(code="town1", name="示例镇人民政府", kind=Org.Kind.TOWN, parent=city)
    notice = Category.objects.create(name="通知公告", slug="notice")
    first = CatalogueItem.objects.create(
        org=ndrc,
        title="关于印发实施方案的通知",
        formed_on=datetime.date(2024, 3, 1),
        category=notice,
        body="<p>正文</p>",
    )
    CatalogueItem.objects.create(
        org=ndrc, title="第二份文件", formed_on=datetime.date(2024, 4, 2), category=notice
    )
    for order, (title, payload) in enumerate(ATTACHMENTS.items()):
        attachment = Attachment(item=first, title=title, sort_order=order)
        attachment.file.save(f"file{order}.bin", ContentFile(payload), save=True)
    get_user_model().objects.create_user("editor", password="demo-password-1")


def _expected_facts() -> dict:
    # Index numbers: no credit code, so the prefix is the org code "fgw"; the default pattern
    # "{prefix}/{year}-{serial:05d}" numbers fgw's items of 2024 from 00001 in creation order.
    return {
        "orgs": [
            ["city", "示例市人民政府", None],
            ["fgw", "示例市发展和改革委员会", "city"],
            ["town1", "示例镇人民政府", "city"],
        ],
        "items": [
            ["fgw/2024-00001", "关于印发实施方案的通知", "fgw", "notice", "<p>正文</p>"],
            ["fgw/2024-00002", "第二份文件", "fgw", "notice", ""],
        ],
        "attachments": sorted(
            [title, hashlib.sha256(payload).hexdigest()] for title, payload in ATTACHMENTS.items()
        ),
        "users": [["editor", True]],
    }


@pytest.fixture
def source_data_dir(tmp_path, settings):
    data_dir = tmp_path / "source"
    settings.DATA_DIR = data_dir
    settings.MEDIA_ROOT = data_dir / "media"
    return data_dir


@pytest.fixture
def fresh_instance_env(tmp_path):
    """The environment of a new, empty instance on the same database engine as the tests."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "GONGKAI_TESTING": "1",
        "GONGKAI_DATA_DIR": str(tmp_path / "fresh"),
        "DATABASE_URL": "",
    }
    if connection.vendor != "postgresql":
        yield env
        return
    import psycopg

    conf = connection.settings_dict
    name = f"gongkai_restore_{uuid.uuid4().hex[:12]}"
    params = {
        "host": conf["HOST"],
        "port": conf["PORT"] or 5432,
        "user": conf["USER"],
        "password": conf["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{conf['PASSWORD']}" if conf["PASSWORD"] else ""
    env["DATABASE_URL"] = (
        f"postgres://{conf['USER']}{password}@{conf['HOST']}:{conf['PORT'] or 5432}/{name}"
    )
    yield env
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _read_back(env: dict) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", READ_BACK],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restored_into_a_fresh_instance_has_the_same_content(
    tmp_path, source_data_dir, fresh_instance_env
):
    _build_small_instance()
    result = backup_create(output=f"{tmp_path / 'backups'}/", data_dir=source_data_dir)
    assert result.path.parent == tmp_path / "backups"
    assert result.manifest["database"]["format"] in {"sqlite", "pg_dump"}

    checked = _manage(fresh_instance_env, "restore", "--check", str(result.path))
    assert checked.returncode == 0, checked.stderr
    assert "intact" in checked.stdout

    restored = _manage(fresh_instance_env, "restore", str(result.path))

    assert restored.returncode == 0, restored.stderr
    assert "warning" not in restored.stderr  # row counts of every table matched
    assert _read_back(fresh_instance_env) == _expected_facts()
    # A second restore into the now filled instance is refused (exit 1) and changes nothing.
    again = _manage(fresh_instance_env, "restore", str(result.path))
    assert again.returncode == 1
    assert "--force" in again.stderr


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_portable_backup_restores_into_a_fresh_sqlite_instance(tmp_path, source_data_dir):
    """The JSON format moves an instance between engines (here: whatever the tests run on, to
    SQLite), which is also the fallback when pg_dump is missing."""
    _build_small_instance()
    result = backup_create(
        output=tmp_path / "portable.tar.gz", data_dir=source_data_dir, db_format="json"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "GONGKAI_TESTING": "1",
        "GONGKAI_DATA_DIR": str(tmp_path / "fresh-sqlite"),
        "DATABASE_URL": "",
    }

    restored = _manage(env, "restore", str(result.path))

    # Row-count warnings are allowed here: across engines, content types and permissions of
    # engine-specific models differ. The content itself must not.
    assert restored.returncode == 0, restored.stderr
    assert _read_back(env) == _expected_facts()


# --- the demo city through a portable backup ---------------------------------------------------

ROW_COUNTS = """
import json, django
django.setup()
from gongkai.core.backup import _live_row_counts
print(json.dumps(_live_row_counts("default")))
"""


LOG_SOME_WORK = """
from django.contrib.auth import get_user_model
from wagtail.log_actions import log
from gongkai.catalogue.models import CatalogueItem
editor = get_user_model().objects.filter(is_superuser=False).first()
for item in CatalogueItem.objects.all()[:3]:
    log(instance=item, action="wagtail.edit", user=editor)
"""


def _row_counts(env: dict) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", ROW_COUNTS], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.fixture
def scratch_postgres():
    """An empty PostgreSQL database on the local server (CI has one), dropped afterwards."""
    psycopg = pytest.importorskip("psycopg")
    base = os.environ.get("PG_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    server = base.rsplit("/", 1)[0]
    name = f"gongkai_restore_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(f"{server}/postgres", autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server at {server}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_a_json_backup_of_the_demo_restores_into_fresh_sqlite_and_postgresql(
    tmp_path, scratch_postgres
):
    """The documented SQLite → PostgreSQL move: the demo (with its Wagtail log entries and
    audit records) goes through `backup --format json` and `restore` with every table's row
    count intact, into SQLite and into PostgreSQL; `restore --check` proves it first."""
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings", "GONGKAI_TESTING": "1"}
    source = {**base, "GONGKAI_DATA_DIR": str(tmp_path / "demo"), "DATABASE_URL": ""}
    for args in (
        ("migrate", "--no-input"),
        ("demo", "--scale", "small", "--password", "x" * 12),
        # Staff work leaves Wagtail log entries, mirrored into the audit log.
        ("shell", "-c", LOG_SOME_WORK),
    ):
        done = _manage(source, *args)
        assert done.returncode == 0, done.stderr
    archive = tmp_path / "demo.tar.gz"
    done = _manage(source, "backup", "--format", "json", "--output", str(archive))
    assert done.returncode == 0, done.stderr
    expected = _row_counts(source)
    assert expected["audit_auditevent"] > 0 and expected["wagtailcore_modellogentry"] > 0

    # restore --check restores into a scratch SQLite database and fails on any row count that
    # differs from the manifest: that is the SQLite half of the round trip.
    checked = _manage(source, "restore", "--check", str(archive))
    assert checked.returncode == 0, checked.stderr
    assert "restorable" in checked.stdout and "SQLite" in checked.stdout

    target = {**base, "GONGKAI_DATA_DIR": str(tmp_path / "to-pg"), "DATABASE_URL": scratch_postgres}
    restored = _manage(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    counts = _row_counts(target)
    differ = {
        table: (n, counts.get(table))
        for table, n in expected.items()
        if not table.startswith("wagtailsearch_") and counts.get(table) != n
    }
    assert differ == {}
