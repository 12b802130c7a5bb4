"""Visit statistics from the portal's view counter, and the public statistics pages."""

from __future__ import annotations

import datetime as dt
import json

from django.urls import reverse
from django.utils import timezone

from gongkai.portal.view_counts import flush_view_counts, view_count_record
from gongkai.supervision.models import DailyVisits
from gongkai.supervision.selectors import visit_summary
from gongkai.supervision.visits import visits_record_items

from .conftest import make_item

D = dt.date


def test_the_view_count_flush_records_daily_visits_without_addresses(city):
    item = make_item(city.finance, city.news, "动态", D(2024, 3, 1))
    for _ in range(3):
        view_count_record(item.pk)
    assert flush_view_counts() == 3
    row = DailyVisits.objects.get()
    assert (row.date, row.org_id, row.category_id, row.item_id, row.count) == (
        timezone.localdate(),
        city.finance.pk,
        city.news.pk,
        item.pk,
        3,
    )
    # Only these fields exist: nothing that could hold an address or a visitor id.
    names = {f.name for f in DailyVisits._meta.get_fields()}
    assert names == {"id", "date", "org", "category", "item", "count"}


def test_the_year_total_peak_day_and_top_items(city):
    a = make_item(city.finance, city.news, "热门信息", D(2024, 1, 1))
    b = make_item(city.education, city.notices, "普通信息", D(2024, 1, 1))
    visits_record_items({a.pk: 1000, b.pk: 554}, on=D(2024, 5, 1))
    visits_record_items({a.pk: 300}, on=D(2024, 5, 2))
    visits_record_items({b.pk: 46}, on=D(2024, 5, 2))  # same day again: added to the same row
    summary = visit_summary(start=D(2024, 1, 1), end=D(2024, 12, 31))
    # 1000 + 554 + 300 + 46 = 1900; peak 1 May with 1554.
    assert summary.total == 1900
    assert (summary.peak_day, summary.peak_count) == (D(2024, 5, 1), 1554)
    assert summary.top_items[0] == (a.pk, "热门信息", 1300)
    assert summary.by_month == [(5, 1900)]
    only_education = visit_summary(
        start=D(2024, 1, 1), end=D(2024, 12, 31), org_ids={city.education.pk}
    )
    assert only_education.total == 600


def test_public_statistics_in_html_csv_and_json(city, client):
    year = timezone.localdate().year
    make_item(city.finance, city.news, "动态", D(year, 1, 2))
    make_item(city.finance, city.news, "动态二", D(year, 1, 3))
    make_item(city.education, city.news, "动态", D(year, 1, 4))
    page = client.get(reverse("supervision:stats"))
    assert page.status_code == 200
    assert "澜江市财政局" in page.content.decode() and "<svg" in page.content.decode()

    data = json.loads(client.get(reverse("supervision:stats_json")).content)
    rows = {r["org_code"]: r for r in data["rows"]}
    assert rows["lj-czj"]["items_published"] == 2
    assert rows[""]["items_published"] == 3  # the total row

    csv_text = client.get(reverse("supervision:stats_csv")).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("单位代码,单位名称,主动公开信息（条）")

    org_json = json.loads(
        client.get(reverse("supervision:stats_org_json", args=["lj-czj"])).content
    )
    assert org_json["figures"]["items_published"] == 2
    assert client.get(reverse("supervision:stats_org", args=["nope"])).status_code == 404


def test_the_office_pages_render_for_the_general_office(city, supervisor, client):
    item = make_item(city.finance, city.news, "动态", D(2024, 3, 1))
    visits_record_items({item.pk: 7}, on=timezone.localdate())
    client.force_login(supervisor)
    for name in (
        "supervision_findings",
        "supervision_notices",
        "supervision_notice_issue",
        "supervision_visits",
        "wagtailsnippets_supervision_scoringscheme:list",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    visits_page = client.get(reverse("supervision_visits")).content.decode()
    assert "全年访问量 <strong>7</strong>" in visits_page
