"""Warming the OS cache with one read of the SQLite file at server start."""

from __future__ import annotations

import pytest

from gongkai.core.warmup import sqlite_cache_warm_in_background, sqlite_file_warm


def test_the_file_and_its_wal_are_read_once_to_the_end(tmp_path):
    db = tmp_path / "db.sqlite3"
    db.write_bytes(b"x" * 1000)
    (tmp_path / "db.sqlite3-wal").write_bytes(b"y" * 24)
    assert sqlite_file_warm(db, chunk=64) == 1024
    assert sqlite_file_warm(tmp_path / "missing.sqlite3") == 0


@pytest.mark.parametrize(
    ("engine", "enabled", "starts"),
    [
        ("django.db.backends.sqlite3", True, True),
        ("django.db.backends.sqlite3", False, False),
        ("django.db.backends.postgresql", True, False),
    ],
)
def test_it_runs_in_the_background_only_for_sqlite_and_when_enabled(
    tmp_path, engine, enabled, starts
):
    db = tmp_path / "db.sqlite3"
    db.write_bytes(b"z" * 10)
    thread = sqlite_cache_warm_in_background({"ENGINE": engine, "NAME": str(db)}, enabled=enabled)
    assert (thread is not None) == starts
    if thread is not None:
        thread.join(timeout=10)
        assert not thread.is_alive()
