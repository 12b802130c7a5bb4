"""Reading the calendar table as a ``WorkCalendar``, cached.

Every deadline on every page needs the calendar, and it changes a few times a year, so it is
built once and kept: in this process (no round trip at all for the data) and in Django's cache
(shared by all app servers). A version token in the shared cache, replaced whenever a
``CalendarYear`` or ``CalendarDay`` is saved or deleted (see ``signals``), tells each process
when its copy is stale; each lookup costs one cache ``get`` of that token.
"""

from __future__ import annotations

import threading
import uuid

from django.core.cache import cache

from gongkai.calendar.models import CalendarDay, CalendarYear
from gongkai.calendar.workdays import WorkCalendar

VERSION_KEY = "workcalendar:version"
DATA_KEY = "workcalendar:data:{version}"
# The data copy expires by itself so that a change made behind the ORM's back (bulk update,
# raw SQL) is picked up within the hour even if nobody calls ``work_calendar_invalidate``.
DATA_TIMEOUT = 60 * 60

_lock = threading.Lock()
_local: dict[str, object] = {"version": None, "calendar": None}


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return version


def _load() -> tuple[list[tuple], dict[int, str]]:
    days = list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name"))
    years = dict(CalendarYear.objects.values_list("year", "status"))
    return days, years


def _build(days: list[tuple], years: dict[int, str]) -> WorkCalendar:
    holidays = {d: name for d, kind, name in days if kind == "holiday"}
    workdays = {d: name for d, kind, name in days if kind == "workday"}
    return WorkCalendar(holidays=holidays, workdays=workdays, years=years)


def get_work_calendar() -> WorkCalendar:
    """The working-day calendar as the general office has entered it."""
    version = _version()
    calendar = _local["calendar"]
    if _local["version"] == version and calendar is not None:
        return calendar  # type: ignore[return-value]
    key = DATA_KEY.format(version=version)
    data = cache.get(key)
    if data is None:
        data = _load()
        cache.set(key, data, timeout=DATA_TIMEOUT)
    calendar = _build(*data)
    with _lock:
        _local["version"], _local["calendar"] = version, calendar
    return calendar


def work_calendar_invalidate() -> None:
    """Forget every cached copy (all processes see the new token on their next lookup)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    with _lock:
        _local["version"], _local["calendar"] = None, None
