"""Fixtures: the city government with the mayor's mailbox, two departments with their own
mailboxes, staff for each role, and the 2025 National Day calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from gongkai.calendar.models import CalendarDay, CalendarYear
from gongkai.calendar.selectors import work_calendar_invalidate
from gongkai.mailbox.models import LetterCategory, Mailbox
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.testing import TEST_PASSWORD, make_staff

PASSWORD = TEST_PASSWORD


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and the calendar live in the cache: start every test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def calendar_2025(db):
    """National Day 2025 as the State Council arranged it (ogi-rules §4): 1–8 October off,
    Sunday 28 September and Saturday 11 October worked."""
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
    work_calendar_invalidate()
    yield year
    work_calendar_invalidate()


@pytest.fixture
def gov(db):
    return Org.objects.create(code="LJ", name="澜江市人民政府", kind=Org.Kind.GOVERNMENT)


@pytest.fixture
def org_a(gov):
    return Org.objects.create(
        code="LJZJJ", name="澜江市住房和城乡建设局", kind=Org.Kind.DEPARTMENT, parent=gov
    )


@pytest.fixture
def org_b(gov):
    return Org.objects.create(
        code="LJJYJ", name="澜江市教育局", kind=Org.Kind.DEPARTMENT, parent=gov
    )


@pytest.fixture
def mayor_box(gov):
    return Mailbox.objects.create(org=gov, name="市长信箱", is_mayor=True)


@pytest.fixture
def box_a(org_a):
    return Mailbox.objects.create(org=org_a, name="住建局局长信箱")


@pytest.fixture
def consult(db):
    """The default category from the data migration: 咨询, 5 working days."""
    category, _ = LetterCategory.objects.get_or_create(name="咨询", defaults={"reply_workdays": 5})
    return category


@pytest.fixture
def complaint(db):
    category, _ = LetterCategory.objects.get_or_create(name="投诉", defaults={"reply_workdays": 15})
    return category


@pytest.fixture
def reviewer_a(org_a):
    return make_staff("reviewer_a", org_a, Role.REVIEWER)


@pytest.fixture
def office_signer(gov):
    """A signer of the government itself: approves the general office's own replies."""
    return make_staff("office_signer", gov, Role.SIGNER)


LETTER = {
    "subject": "小区加装电梯补贴怎么申请",
    "content": "我家住在澜江市滨江路某小区，想了解加装电梯的补贴标准和申请流程。",
    "writer_name": "李晓梅",
    "writer_phone": "13912345678",
    "writer_email": "li@example.com",
}
