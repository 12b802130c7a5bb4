"""Production settings are safe by default.

Each case imports ``gongkai.settings`` in a fresh interpreter with exactly the environment
given, because the settings are read once at import time from the environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PRINT_SETTINGS = """
import json
from gongkai import settings as s
names = [
    "DEBUG", "ALLOWED_HOSTS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SESSION_COOKIE_HTTPONLY", "X_FRAME_OPTIONS",
]
values = {name: getattr(s, name, None) for name in names}
values["DATABASE_ENGINE"] = s.DATABASES["default"]["ENGINE"]
values["DATABASE_NAME"] = str(s.DATABASES["default"]["NAME"])
values["CACHE_BACKEND"] = s.CACHES["default"]["BACKEND"]
values["MEDIA_ROOT"] = str(s.MEDIA_ROOT)
print(json.dumps(values))
"""


def settings_with(tmp_path: Path, **env: str) -> dict:
    """The settings an instance gets from ``env`` (nothing inherited but PATH and HOME)."""
    clean = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    clean.setdefault("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    clean.update(env)
    completed = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


@pytest.fixture
def https_production(tmp_path):
    return settings_with(
        tmp_path,
        GONGKAI_SECRET_KEY="k" * 50,
        GONGKAI_ALLOWED_HOSTS="gk.example.gov.cn",
        GONGKAI_HTTPS="1",
        GONGKAI_HSTS_SECONDS="31536000",
    )


def test_debug_is_off_unless_asked_for(tmp_path):
    assert settings_with(tmp_path)["DEBUG"] is False
    assert settings_with(tmp_path, GONGKAI_DEBUG="1")["DEBUG"] is True


def test_behind_https_cookies_are_secure_and_http_redirects(https_production):
    assert https_production["SESSION_COOKIE_SECURE"] is True
    assert https_production["CSRF_COOKIE_SECURE"] is True
    assert https_production["SECURE_SSL_REDIRECT"] is True
    # nginx terminates TLS and says so in this header (deploy/nginx.conf sets it).
    assert https_production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_hsts_is_off_until_configured_then_as_long_as_configured(tmp_path, https_production):
    # One year = 365 * 24 * 3600 = 31536000 seconds, as given in the fixture.
    assert https_production["SECURE_HSTS_SECONDS"] == 31536000
    unset = settings_with(tmp_path, GONGKAI_SECRET_KEY="k" * 50, GONGKAI_HTTPS="1")
    assert unset["SECURE_HSTS_SECONDS"] == 0


def test_only_the_configured_hosts_are_allowed(https_production):
    assert https_production["ALLOWED_HOSTS"] == ["gk.example.gov.cn"]


def test_the_defaults_are_hardened_even_without_https(tmp_path):
    values = settings_with(tmp_path)
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["X_FRAME_OPTIONS"] == "SAMEORIGIN"
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]", "testserver"]


def test_production_refuses_to_start_with_the_demo_secret_key(tmp_path):
    clean = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    completed = subprocess.run(
        [sys.executable, "-c", "import gongkai.settings"],
        cwd=REPO,
        env={**clean, "GONGKAI_PRODUCTION": "1", "GONGKAI_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode != 0
    assert "GONGKAI_SECRET_KEY" in completed.stderr


def test_everything_an_instance_writes_stays_in_its_data_dir(tmp_path):
    values = settings_with(tmp_path, GONGKAI_DATA_DIR=str(tmp_path / "city"))
    assert values["DATABASE_ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASE_NAME"] == str(tmp_path / "city" / "db.sqlite3")
    assert values["MEDIA_ROOT"] == str(tmp_path / "city" / "media")


def test_database_and_cache_come_from_urls(tmp_path):
    values = settings_with(
        tmp_path,
        DATABASE_URL="postgres://gongkai@db.internal:5432/gongkai",
        GONGKAI_CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert values["DATABASE_ENGINE"] == "django.db.backends.postgresql"
    assert values["DATABASE_NAME"] == "gongkai"
    assert values["CACHE_BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_test_runs_never_write_into_the_demo_data_dir(tmp_path):
    """`make test` beside a running demo must leave the demo's var/ alone."""
    testing = settings_with(tmp_path, GONGKAI_DATA_DIR="", GONGKAI_TESTING="1")
    assert Path(testing["MEDIA_ROOT"]) == REPO / "build" / "test-data" / "media"
    demo = settings_with(tmp_path, GONGKAI_DATA_DIR="", GONGKAI_TESTING="0")
    assert Path(demo["MEDIA_ROOT"]) == REPO / "var" / "media"
