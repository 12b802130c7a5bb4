"""The scoreboard: measures from the records, the default scheme, ranking, export and charts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from gongkai.applications.models import Application, Status
from gongkai.supervision.models import ScoreSnapshot
from gongkai.supervision.rules import period_parse
from gongkai.supervision.scoreboard import scoreboard_compute, scoreboard_save

from .conftest import make_item

D = dt.date


def _build(city):
    # Finance at 31 March 2024: news 25 March (6 days, fresh); notices 1 September 2023 (fresh
    # until 1 March, stale); policies blank; overview has an item. One late item (25 working
    # days). One application due 15 March answered 20 March: overdue.
    make_item(city.finance, city.news, "动态", D(2024, 3, 25))
    make_item(city.finance, city.notices, "通知", D(2023, 9, 1))
    make_item(city.finance, city.overview, "概况", D(2020, 1, 1))
    make_item(city.finance, city.overview, "迟发信息", D(2024, 2, 10), publish_delay_workdays=25)
    Application.objects.create(
        org=city.finance,
        reference="2024-001",
        channel="online",
        applicant_type="natural_person",
        description="某某文件",
        received_at=dt.datetime(2024, 2, 1, 9, tzinfo=dt.UTC),
        receipt_date=D(2024, 2, 1),
        due_date=D(2024, 3, 15),
        status=Status.CONCLUDED,
        outcome="granted",
        concluded_on=D(2024, 3, 20),
    )
    # Education: every column updated in March: nothing to deduct.
    for c in (city.news, city.notices, city.policies, city.overview):
        make_item(city.education, c, "更新", D(2024, 3, 20))
    # The government published nothing: four blank columns.


def test_a_quarter_is_scored_and_ranked_with_the_default_scheme(city):
    _build(city)
    board = scoreboard_compute(period=period_parse("2024-Q1"), today=D(2024, 4, 10))
    scores = {row.org.code: row.result.total for row in board.rows}
    # Finance: stale 1 → 20−2 = 18; blank 1 → 15−3 = 12; late 1 → 15−0.5 = 14.5;
    # overdue 1 → 20−5 = 15; letters, findings, rectification untouched 10+10+10 → 89.5.
    # Government: 4 blank → 15−12 = 3, everything else full: 20+3+15+20+30 = 88.
    assert scores == {
        "lj-jyj": Decimal("100.00"),
        "lj-czj": Decimal("89.50"),
        "lj-gov": Decimal("88.00"),
    }
    assert [(r.org.code, r.rank) for r in board.rows] == [
        ("lj-jyj", 1),
        ("lj-czj", 2),
        ("lj-gov", 3),
    ]
    finance = next(r for r in board.rows if r.org.code == "lj-czj")
    assert finance.measures["application_overdue"] == 1
    assert finance.measures["late_items"] == 1

    assert scoreboard_save(board=board) == 3
    assert scoreboard_save(board=board) == 3  # replaced, not duplicated
    assert ScoreSnapshot.objects.filter(period_key="2024-Q1").count() == 3


def test_the_scoreboard_page_draws_charts_and_exports_xlsx(city, supervisor, client):
    _build(city)
    client.force_login(supervisor)
    response = client.get(reverse("supervision_scoreboard"), {"period": "2024-Q1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    )  # trend, distribution
    assert "得分趋势" in html and "各单位得分分布" in html
    export = client.get(reverse("supervision_scoreboard"), {"period": "2024-Q1", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("排名", "单位", "总分")
    assert rows[1][:2] == (1, "澜江市教育局")
    assert len(rows) == 4
