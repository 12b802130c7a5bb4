"""The public deadline calculator, rendered inside the portal's base template."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.calendar.selectors import work_calendar_invalidate

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.calendar.tests.urls")]


@pytest.fixture(autouse=True)
def fresh_cache():
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()


def test_it_shows_an_empty_form_first(client):
    response = client.get(reverse("workcalendar:calculator"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "工作日期限计算器" in html
    assert "计算过程" not in html


def test_it_explains_twenty_working_days_across_national_day(client):
    # Tue 30 Sep 2025 + 20 working days = Tue 4 Nov 2025 (1–8 Oct off, Sat 11 Oct worked).
    response = client.get(
        reverse("workcalendar:calculator"), {"start": "2025-09-30", "days": "20", "mode": "plain"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>2025-11-04</strong>" in html
    assert "2025-10-01 至 2025-10-08 国庆节、中秋节放假，不计入" in html
    assert "2025-10-11（星期六）国庆节调休上班，计入" in html
    assert "暂定" not in html


def test_it_moves_an_application_received_on_a_holiday_to_the_next_working_day(client):
    # Received Fri 3 Oct 2025 (holiday) -> counts from Thu 9 Oct; + 20 = Wed 5 Nov 2025.
    response = client.get(
        reverse("workcalendar:calculator"),
        {"start": "2025-10-03", "days": "20", "mode": "application"},
    )
    html = response.content.decode()
    assert "<strong>2025-11-05</strong>" in html
    assert "顺延至下一个工作日 2025-10-09" in html


def test_it_warns_when_the_result_reaches_an_unconfirmed_year(client):
    # Fri 25 Dec 2026 + 5 = Fri 1 Jan 2027, 2027 not entered: provisional.
    response = client.get(
        reverse("workcalendar:calculator"), {"start": "2026-12-25", "days": "5", "mode": "plain"}
    )
    html = response.content.decode()
    assert "<strong>2027-01-01</strong>" in html
    assert "结果为暂定" in html


def test_it_reports_a_bad_date_on_the_form(client):
    response = client.get(reverse("workcalendar:calculator"), {"start": "2025-02-30", "days": "3"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "计算过程" not in response.content.decode()
