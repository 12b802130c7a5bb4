"""The periodic-job registry and the ``tick`` command that runs it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core import periodic
from gongkai.core.periodic import periodic_jobs, periodic_run, register_periodic

calls: list[str] = []


@pytest.fixture
def jobs():
    """Two throw-away jobs, one failing; removed from the registry afterwards."""
    calls.clear()

    @register_periodic("zz_test_fails", description="always fails")
    def failing() -> None:
        calls.append("fails")
        raise RuntimeError("disk full")

    @register_periodic("zz_test_works")
    def working() -> str:
        """counts to three"""
        calls.append("works")
        return "3 done"

    yield
    for name in ("zz_test_fails", "zz_test_works"):
        periodic._registry.pop(name, None)


def test_apps_jobs_are_found_and_listed_by_name(jobs):
    names = [job.name for job in periodic_jobs()]
    assert "publish_scheduled" in names  # registered by gongkai.core.periodic itself
    assert names == sorted(names)


def test_the_docstring_is_the_description_when_none_is_given(jobs):
    described = {job.name: job.description for job in periodic_jobs()}
    assert described["zz_test_works"] == "counts to three"
    assert described["zz_test_fails"] == "always fails"


def test_a_failing_job_does_not_stop_the_others(jobs):
    results = periodic_run(only=["zz_test_fails", "zz_test_works"])
    assert calls == ["fails", "works"]  # both ran, in name order
    by_name = {result.name: result for result in results}
    assert by_name["zz_test_fails"].ok is False
    assert by_name["zz_test_fails"].error == "RuntimeError: disk full"
    assert by_name["zz_test_works"].ok is True
    assert by_name["zz_test_works"].summary == "3 done"


def test_a_name_cannot_be_taken_twice(jobs):
    with pytest.raises(ValueError, match="zz_test_works"):

        @register_periodic("zz_test_works")
        def impostor() -> None:
            pass


def test_tick_exits_1_when_a_job_failed_and_reports_each(jobs):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("tick", only=["zz_test_works", "zz_test_fails"], stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert "ok      zz_test_works" in out.getvalue()
    assert "tick: 1 ok, 1 failed" in out.getvalue()
    assert "FAILED  zz_test_fails" in err.getvalue()


def test_tick_exits_2_on_an_unknown_job(jobs):
    with pytest.raises(CommandError) as raised:
        call_command("tick", only=["no_such_job"], stdout=StringIO())
    assert raised.value.returncode == 2


@pytest.mark.django_db
def test_tick_runs_every_registered_job(jobs):
    out = StringIO()
    with pytest.raises(CommandError):  # zz_test_fails fails on purpose
        call_command("tick", stdout=out, stderr=StringIO())
    assert calls == ["fails", "works"]
    assert "ok      publish_scheduled" in out.getvalue()
