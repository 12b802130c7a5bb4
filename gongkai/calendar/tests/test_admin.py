"""The general office edits the calendar in the Wagtail admin; others cannot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from gongkai.calendar.models import CalendarDay, CalendarYear
from gongkai.calendar.selectors import get_work_calendar, work_calendar_invalidate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("office", "office@example.org", "pw-123456789")
    client.force_login(user)
    return client


def test_the_office_lists_and_opens_a_year_with_its_days(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_workcalendar_calendaryear:list"))
    assert response.status_code == 200
    assert "2025 年" in response.content.decode()
    year = CalendarYear.objects.get(year=2025)
    response = admin_client.get(
        reverse("wagtailsnippets_workcalendar_calendaryear:edit", args=[year.pk])
    )
    assert response.status_code == 200
    assert "2025-10-11" in response.content.decode()


def test_the_office_adds_a_provisional_year_with_days_inline(admin_client):
    data = {
        "year": "2027",
        "status": "provisional",
        "source": "国务院办公厅关于2027年部分节假日安排的通知（草稿）",
        "notes": "",
        "days-TOTAL_FORMS": "1",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        "days-0-id": "",
        "days-0-date": "2027-01-01",
        "days-0-kind": "holiday",
        "days-0-name": "元旦",
    }
    response = admin_client.post(reverse("wagtailsnippets_workcalendar_calendaryear:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    year = CalendarYear.objects.get(year=2027)
    assert list(year.days.values_list("date", "name")) == [(dt.date(2027, 1, 1), "元旦")]
    # The cached calendar sees it at once: Fri 1 Jan 2027 is now a day off.
    assert not get_work_calendar().is_workday(dt.date(2027, 1, 1))


def test_staff_without_the_model_permissions_cannot_open_the_calendar(client):
    user = get_user_model().objects.create_user("clerk", "clerk@example.org", "pw-123456789")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("wagtailsnippets_workcalendar_calendaryear:list"))
    assert response.status_code in (302, 403)
    assert not CalendarDay.objects.filter(date__year=2027).exists()
