"""A setting that cannot be what the operator meant stops start-up with a message naming it.

Before, ``GONGKAI_HTTPS=ture`` silently meant "off" (cookies sent over plain HTTP, no redirect),
``GONGKAI_MAX_ATTACHMENT_MB=50MB`` crashed with a bare ValueError traceback, and
``GONGKAI_INDEX_NUMBER_PATTERN`` was never validated, so a pattern without ``{serial}`` failed
only when the first item was numbered. Each case runs in a fresh interpreter with exactly the
environment given (settings are read once, at import time).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai import settings as gongkai_settings
from gongkai.catalogue.index_numbers import validate_pattern

REPO = Path(__file__).resolve().parents[3]
WSGI = "import gongkai.wsgi; print('started')"


def run(tmp_path: Path, args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    clean["GONGKAI_DATA_DIR"] = str(tmp_path / "data")
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=clean, capture_output=True, text=True, timeout=120
    )


BAD = {
    "GONGKAI_HTTPS": ("ture", "1/0"),
    "GONGKAI_APPLY_CAPTCHA": ("maybe", "1/0"),
    "GONGKAI_MAX_ATTACHMENT_MB": ("50MB", "whole number ≥ 1"),
    "GONGKAI_SESSION_IDLE_SECONDS": ("5", "whole number ≥ 60"),
    "GONGKAI_INDEX_NUMBER_PATTERN": ("{prefix}/{serial:05d}", "{year}"),
}


def test_manage_py_refuses_to_run_with_settings_it_cannot_read(tmp_path):
    completed = run(
        tmp_path, ["manage.py", "check"], **{name: value for name, (value, _e) in BAD.items()}
    )
    assert completed.returncode == 1
    for name, (value, expected) in BAD.items():
        line = next(x for x in completed.stderr.splitlines() if f"{name}='{value}'" in x)
        assert "is not valid" in line and expected in line, line
    assert "System check identified 5 issues" in completed.stderr


def test_gunicorns_application_refuses_to_start_too(tmp_path):
    completed = run(tmp_path, ["-c", WSGI], GONGKAI_HTTPS="ture")
    assert completed.returncode != 0 and "started" not in completed.stdout
    assert "GONGKAI_HTTPS='ture' is not valid" in completed.stderr
    assert "started" in run(tmp_path, ["-c", WSGI], GONGKAI_HTTPS="1").stdout


@pytest.fixture
def problems(monkeypatch):
    found: list = []
    monkeypatch.setattr(gongkai_settings, "SETTINGS_PROBLEMS", found)
    return found


@pytest.mark.parametrize(
    ("value", "meant"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True)]
    + [("0", False), ("false", False), ("no", False), ("OFF", False)],
)
def test_the_words_operators_write_for_on_and_off_are_read_as_meant(
    monkeypatch, problems, value, meant
):
    monkeypatch.setenv("GONGKAI_X", value)
    assert gongkai_settings.env_bool("GONGKAI_X", not meant) is meant
    assert problems == []


def test_an_empty_or_missing_value_is_the_default(monkeypatch, problems):
    monkeypatch.setenv("GONGKAI_X", "")
    assert gongkai_settings.env_bool("GONGKAI_X", True) is True
    assert gongkai_settings.env_int("GONGKAI_Y", 7) == 7
    assert problems == []


@pytest.mark.parametrize(
    "pattern",
    [
        "{prefix}/{year}-{serial:05d}",
        "{prefix}-{year}{month}-{serial:04d}",
        "{prefix}{year}{serial}",
    ],
)
def test_index_number_patterns_that_make_unique_numbers_are_accepted(pattern):
    validate_pattern(pattern)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{prefix}/{serial}", "缺少 {year}"),
        ("{year}-{serial}", "缺少 {prefix}"),
        ("{prefix}/{year}", "缺少 {serial}"),
        ("{prefix}/{yr}-{serial}", "未知字段：yr"),
        ("{prefix}/{year}-{serial:5q}", "无法使用"),
        ("{prefix}/{year}-{serial", "括号不配对"),
    ],
)
def test_index_number_patterns_that_cannot_work_are_refused_in_chinese(pattern, message):
    with pytest.raises(ValueError, match=message.replace("{", r"\{").replace("}", r"\}")):
        validate_pattern(pattern)
