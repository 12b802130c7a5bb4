"""A concluded application's detail page keeps its reply deadline and says whether the reply
was on time, counted in working days on the 2025 calendar (dates checked by hand)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest

from gongkai.applications import services
from gongkai.applications.selectors import reply_timeliness

from .conftest import APPLICANT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.applications.tests.urls")]
SH = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the letters issued at conclusion


def conclude(app, officer, on):
    services.application_conclude(
        application=app, actor=officer, on=on, outcome="granted", legal_basis="", letter=False
    )
    app.refresh_from_db()
    return app


def summary(client, app) -> dict[str, str]:
    page = client.get(f"/admin/applications/{app.pk}/").content.decode()
    return {
        key: re.sub(r"<[^>]+>", "", m.group(1)).strip()
        for key in ("app-due", "app-replied", "app-timeliness")
        if (m := re.search(rf'<dd id="{key}">(.*?)</dd>', page, re.S))
    }


def test_a_reply_before_the_deadline_is_on_time(client, app_a, officer_a):
    conclude(app_a, officer_a, dt.date(2025, 9, 30))
    client.force_login(officer_a)
    assert summary(client, app_a) == {
        "app-due": "2025-10-17",
        "app-replied": "2025-09-30",
        "app-timeliness": "按期答复",
    }


def test_a_reply_on_the_deadline_is_on_time(client, app_a, officer_a):
    conclude(app_a, officer_a, dt.date(2025, 10, 17))
    client.force_login(officer_a)
    assert summary(client, app_a)["app-timeliness"] == "按期答复"


def test_a_late_reply_counts_the_working_days_over(client, app_a, officer_a, supervisor):
    # After Friday 17 Oct: Monday 20 and Tuesday 21 Oct are working days -> 2.
    conclude(app_a, officer_a, dt.date(2025, 10, 21))
    client.force_login(supervisor)  # the supervisor reads the same
    assert summary(client, app_a) == {
        "app-due": "2025-10-17",
        "app-replied": "2025-10-21",
        "app-timeliness": "逾期 2 个工作日",
    }


def test_a_reply_on_the_weekend_after_the_deadline_is_late_by_no_working_day(app_a, officer_a):
    app = conclude(app_a, officer_a, dt.date(2025, 10, 18))  # Saturday, an ordinary rest day
    t = reply_timeliness(app)
    assert t is not None and not t.on_time and t.late_workdays == 0


def test_the_holiday_is_not_counted_as_late(calendar_2025, org_a, officer_a):
    app = services.application_register(
        org=org_a,
        actor=officer_a,
        channel="in_person",
        arrived_on=dt.date(2025, 9, 1),
        data=APPLICANT,
    )
    # Received Mon 1 Sep: 2–5 (4), 8–12 (9), 15–19 (14), 22–26 (19), Sun 28 Sep make-up (20).
    assert app.due_date == dt.date(2025, 9, 28)
    # Replied Thu 9 Oct: after 28 Sep, 29 and 30 Sep, then 1–8 Oct off, 9 Oct -> 3.
    app = conclude(app, officer_a, dt.date(2025, 10, 9))
    t = reply_timeliness(app)
    assert (t.due_date, t.on_time, t.late_workdays) == (dt.date(2025, 9, 28), False, 3)


def test_an_open_application_still_shows_only_its_deadline(client, app_a, officer_a):
    client.force_login(officer_a)
    assert summary(client, app_a) == {"app-due": "2025-10-17"}
    assert reply_timeliness(app_a) is None


def test_concluded_while_waiting_for_a_correction_has_no_deadline(client, app_a, officer_a):
    services.application_request_correction(
        application=app_a, actor=officer_a, on=dt.date(2025, 9, 17), items="请写明文号"
    )
    app = conclude(app_a, officer_a, dt.date(2025, 10, 20))
    assert reply_timeliness(app) is None
    client.force_login(officer_a)
    assert summary(client, app) == {
        "app-due": "无（办结时答复期限未在计算）",
        "app-replied": "2025-10-20",
    }
