"""The calendar table: seeded by migration, read through the cached selector, edited by staff."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from gongkai.calendar.models import CalendarDay, CalendarYear
from gongkai.calendar.selectors import get_work_calendar, work_calendar_invalidate

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    # Test transactions roll back without signals: never let one test's calendar leak.
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()


def test_the_migration_seeds_2004_to_2026_as_confirmed():
    years = CalendarYear.objects.order_by("year")
    assert [y.year for y in years] == list(range(2004, 2027))
    assert {y.status for y in years} == {"confirmed"}
    day = CalendarDay.objects.get(date=D(2025, 10, 11))
    assert (day.kind, day.name, day.calendar_year.year) == ("workday", "国庆节", 2025)


def test_the_selector_builds_the_calendar_from_the_table():
    # Tue 30 Sep 2025 + 20 working days = Tue 4 Nov 2025 (National Day 1–8 Oct, Sat 11 worked).
    assert get_work_calendar().add_workdays(D(2025, 9, 30), 20).date == D(2025, 11, 4)


def test_saving_or_deleting_a_day_refreshes_the_cached_calendar():
    assert get_work_calendar().is_workday(D(2027, 1, 1))  # Fri, 2027 unknown: weekdays work
    year = CalendarYear.objects.create(year=2027, status="provisional")
    day = CalendarDay.objects.create(calendar_year=year, date=D(2027, 1, 1), kind="holiday")
    calendar = get_work_calendar()
    assert not calendar.is_workday(D(2027, 1, 1))
    assert calendar.year_status(2027) == "provisional"
    day.delete()
    assert get_work_calendar().is_workday(D(2027, 1, 1))
    year.status = "confirmed"
    year.save()
    assert get_work_calendar().is_confirmed(2027)


def test_a_make_up_day_must_be_a_weekend_day_of_its_year():
    from django.core.exceptions import ValidationError

    year = CalendarYear.objects.get(year=2025)
    # Mon 13 Oct 2025 is already a working day; 2026-01-04 is not in 2025.
    with pytest.raises(ValidationError) as excinfo:
        CalendarDay(calendar_year=year, date=D(2025, 10, 13), kind="workday").full_clean()
    assert "kind" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        CalendarDay(calendar_year=year, date=D(2026, 1, 10), kind="holiday").full_clean()
    assert "date" in excinfo.value.message_dict


# --- the command ---------------------------------------------------------------------------


def run(*args: str) -> tuple[list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


def test_workdays_add_prints_the_date_last():
    lines, err = run("add", "2025-09-30", "20")
    assert lines[-1] == "2025-11-04"  # see the selector test
    assert "2025-10-01 至 2025-10-08 国庆节、中秋节放假，不计入" in lines
    assert err == ""


def test_workdays_between_prints_the_count_last():
    # After Fri 26 Sep to Sun 12 Oct 2025: 28, 29, 30 Sep, 9, 10, 11 Oct = 6.
    lines, _ = run("between", "2025-09-26", "2025-10-12")
    assert lines[-1] == "6"


def test_workdays_warns_on_stderr_when_a_year_is_not_confirmed():
    # Fri 25 Dec 2026 + 5: Dec 28–31, then Fri 1 Jan 2027 (2027 not entered).
    lines, err = run("add", "2026-12-25", "5")
    assert lines[-1] == "2027-01-01"
    assert "警告" in err and "暂定" in err


def test_workdays_exits_2_on_a_bad_date(tmp_path: Path):
    env = {**os.environ, "GONGKAI_TESTING": "1", "GONGKAI_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "manage.py", "workdays", "add", "2025-02-30", "3"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "2025-02-30" in proc.stderr
