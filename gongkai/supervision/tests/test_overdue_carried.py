"""依申请公开办理: an application still open past its due date is overdue in every period it is
still open at, not only in the period it fell due in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from gongkai.applications.models import Application, Status
from gongkai.supervision.rules import period_parse
from gongkai.supervision.scoreboard import measures_by_org, scoreboard_compute

D = dt.date
TODAY = D(2026, 11, 27)


def application(org, reference, *, due, status=Status.IN_PROGRESS, concluded_on=None):
    received = due - dt.timedelta(days=30)
    return Application.objects.create(
        org=org,
        reference=reference,
        channel="online",
        applicant_type="natural_person",
        description="某某文件",
        received_at=dt.datetime.combine(received, dt.time(9), tzinfo=dt.UTC),
        receipt_date=received,
        due_date=due,
        status=status,
        outcome="granted" if status == Status.CONCLUDED else "",
        concluded_on=concluded_on,
    )


def overdue(city, period: str, today: dt.date = TODAY) -> int:
    measures = measures_by_org(period=period_parse(period), today=today)
    return measures[city.finance.pk]["application_overdue"]


def test_an_application_open_since_an_earlier_period_costs_points_in_the_current_one(
    city, supervisor, client
):
    # The inspector's case: open and past due since 20 January 2025.
    application(city.finance, "2025-001", due=D(2025, 1, 20))
    assert overdue(city, "2025-Q1") == 1  # the period it fell due in, as before
    assert overdue(city, "2026-Q4") == 1  # and the current period: still open now

    board = scoreboard_compute(period=period_parse("2026-Q4"), today=TODAY)
    finance = next(r for r in board.rows if r.org.code == "lj-czj")
    line = next(x for x in finance.result.lines if x.label == "依申请公开办理")
    assert line.score == Decimal(15)  # 20 − 5 for one application

    # The org's page lists the same application as 当前超期未办结.
    client.force_login(supervisor)
    html = client.get(
        reverse("supervision_org", args=[city.finance.pk]), {"period": "2026-Q4"}
    ).content.decode()
    assert "2025-001" in html
    assert "期内超期 1，" in html  # the period's figure agrees with the list


def test_a_past_period_counts_what_was_still_open_at_its_end(city):
    # Due in January 2025, answered on 1 March 2026 (late).
    application(
        city.finance,
        "2025-002",
        due=D(2025, 1, 20),
        status=Status.CONCLUDED,
        concluded_on=D(2026, 3, 1),
    )
    assert overdue(city, "2025-Q1") == 1  # fell due and was not answered by the due date
    assert overdue(city, "2025-Q4") == 1  # still open on 31 December 2025
    assert overdue(city, "2026-02") == 1  # still open on 28 February 2026
    assert overdue(city, "2026-03") == 0  # answered on 1 March: not open at the month's end
    assert overdue(city, "2026-Q2") == 0


def test_answered_in_time_paused_or_not_yet_due_applications_are_not_counted(city):
    application(
        city.finance, "a", due=D(2025, 1, 20), status=Status.CONCLUDED, concluded_on=D(2025, 1, 10)
    )
    # Waiting for the applicant's correction: the clock does not run.
    application(city.finance, "b", due=D(2025, 1, 20), status=Status.AWAITING_CORRECTION)
    application(city.finance, "c", due=D(2026, 12, 10))  # open, not due yet
    assert overdue(city, "2026-Q4") == 0
    assert overdue(city, "2025-Q1") == 0
