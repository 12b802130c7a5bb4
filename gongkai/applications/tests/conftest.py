"""Fixtures: two orgs, their staff, the general office supervisor, and the 2025 calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.calendar.models import CalendarDay, CalendarYear
from gongkai.calendar.selectors import work_calendar_invalidate
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.testing import make_staff


@pytest.fixture
def calendar_2025(db):
    """National Day 2025 as the State Council arranged it (ogi-rules §4): 1–8 October off,
    Sunday 28 September and Saturday 11 October worked."""
    # The calendar may already be seeded by a migration; make sure these days are as above.
    year, _ = CalendarYear.objects.update_or_create(year=2025, defaults={"status": "confirmed"})
    for day in range(1, 9):
        CalendarDay.objects.update_or_create(
            date=dt.date(2025, 10, day),
            defaults={"calendar_year": year, "kind": "holiday", "name": "国庆节、中秋节"},
        )
    for d in (dt.date(2025, 9, 28), dt.date(2025, 10, 11)):
        CalendarDay.objects.update_or_create(
            date=d, defaults={"calendar_year": year, "kind": "workday", "name": "国庆节"}
        )
    CalendarYear.objects.update_or_create(year=2026, defaults={"status": "confirmed"})
    work_calendar_invalidate()
    yield year
    work_calendar_invalidate()


@pytest.fixture
def gov(db):
    return Org.objects.create(code="FC", name="丰城市人民政府", kind=Org.Kind.GOVERNMENT)


@pytest.fixture
def org_a(gov):
    return Org.objects.create(
        code="FCFGW",
        name="丰城市发展和改革委员会",
        kind=Org.Kind.DEPARTMENT,
        parent=gov,
        ogi_phone="0795-1234567",
    )


@pytest.fixture
def org_b(gov):
    return Org.objects.create(
        code="FCJYJ", name="丰城市教育局", kind=Org.Kind.DEPARTMENT, parent=gov
    )


@pytest.fixture
def head_a(org_a):
    return make_staff("head_a", org_a, Role.ORG_ADMIN)


APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张三丰",
    "id_type": "resident_id",
    "id_number": "110101199003071233",
    "phone": "13812345678",
    "email": "zhang@example.com",
    "address": "丰城市剑光街道龙津路88号",
    "description": "2024年丰城市城区老旧小区改造项目的立项批复文件",
    "delivery_form": "electronic",
    "delivery_way": "email",
}


@pytest.fixture
def app_a(calendar_2025, org_a):
    """An online application to org_a, received Monday 15 September 2025: due Friday
    17 October 2025 (the National Day holiday is not counted)."""
    from gongkai.applications import services

    return services.application_submit_online(
        org=org_a,
        data=APPLICANT,
        now=dt.datetime(2025, 9, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    )
