"""Columns driven across each national threshold with dates, through the database and the
dashboard the general office reads."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.catalogue.models import Category
from gongkai.supervision.rules import ColumnStatus
from gongkai.supervision.selectors import column_report

from .conftest import make_item

D = dt.date


def _org_report(city, org, today):
    return next(r for r in column_report(today=today, org_ids=None) if r.org == org)


def _statuses(report):
    return {row.category.slug: row.state.status for row in report.columns}


def test_a_news_column_crosses_two_weeks_and_fails_the_home_page(city):
    make_item(city.finance, city.news, "财政局工作动态", D(2024, 3, 1))
    make_item(city.finance, city.notices, "关于预算公开的通知", D(2023, 9, 20))
    make_item(city.finance, city.overview, "机构职能", D(2011, 5, 1))

    # 15 March: 14 days after the last news item, the last fresh day (warned), home still fresh.
    day14 = _org_report(city, city.finance, D(2024, 3, 15))
    assert _statuses(day14) == {
        "news": ColumnStatus.WARN,
        "notices": ColumnStatus.OK,  # fresh until 20 March 2024 (6 months after 20 September)
        "policies": ColumnStatus.BLANK,
        "overview": ColumnStatus.OK,
    }
    assert day14.verdict.passes

    # 16 March: 15 days, the news column is stale and the home page (same latest item) too.
    day15 = _org_report(city, city.finance, D(2024, 3, 16))
    assert _statuses(day15)["news"] == ColumnStatus.STALE
    assert not day15.verdict.passes
    assert day15.verdict.reasons == ("首页已15天未更新（超过14天）",)

    # 21 March: the notice column has passed 20 March and is stale as well.
    assert _statuses(_org_report(city, city.finance, D(2024, 3, 21)))["notices"] == (
        ColumnStatus.STALE
    )


def test_items_published_after_the_day_asked_about_do_not_count(city):
    make_item(city.finance, city.news, "旧动态", D(2024, 1, 2))
    make_item(city.finance, city.news, "新动态", D(2024, 3, 10))
    # As of 20 January the latest news is 2 January: 18 days, stale.
    report = _org_report(city, city.finance, D(2024, 1, 20))
    assert _statuses(report)["news"] == ColumnStatus.STALE


def test_drafts_and_withdrawn_items_do_not_keep_a_column_fresh(city):
    make_item(city.finance, city.news, "草稿", D(2024, 3, 10), live=False)
    withdrawn = make_item(city.finance, city.news, "已撤回", D(2024, 3, 11))
    withdrawn.withdrawn_at = dt.datetime(2024, 3, 12, 9, tzinfo=dt.UTC)
    withdrawn.save()
    assert _statuses(_org_report(city, city.finance, D(2024, 3, 12)))["news"] == ColumnStatus.BLANK


def _own_columns(org, n, freshness="news"):
    return [
        Category.objects.create(
            org=org, name=f"栏目{i}", slug=f"c{i}", freshness=freshness, sort_order=i
        )
        for i in range(n)
    ]


def test_five_blank_columns_fail_a_site_and_four_are_a_risk(city):
    columns = _own_columns(city.education, 6, freshness="other")
    make_item(city.education, columns[0], "概况", D(2024, 3, 10))
    today = D(2024, 3, 12)
    report = _org_report(city, city.education, today)
    assert len(report.blank) == 5
    assert not report.verdict.passes
    assert report.verdict.reasons == ("空白栏目5个（达到5个即不合格）",)

    make_item(city.education, columns[1], "职能", D(2024, 3, 11))
    report = _org_report(city, city.education, today)
    assert len(report.blank) == 4
    assert report.verdict.passes
    assert report.verdict.risks == ("空白栏目4个（再有1个即不合格）",)


def test_five_stale_news_columns_fail_a_site(city):
    columns = _own_columns(city.education, 6)
    for c in columns[:5]:
        make_item(city.education, c, "旧动态", D(2024, 2, 1))
    make_item(city.education, columns[5], "新动态", D(2024, 3, 10))  # keeps the home page fresh
    # 12 March is 40 days after 1 February: five news columns stale.
    report = _org_report(city, city.education, D(2024, 3, 12))
    assert [r.category.name for r in report.stale] == ["栏目0", "栏目1", "栏目2", "栏目3", "栏目4"]
    assert not report.verdict.passes
    assert report.verdict.reasons == (
        "动态要闻、通知公告及政策文件类栏目未按期更新5个（达到5个即不合格）",
    )
    make_item(city.education, columns[0], "补发动态", D(2024, 3, 11))
    assert _org_report(city, city.education, D(2024, 3, 12)).verdict.passes


def test_the_report_costs_the_same_few_queries_for_any_number_of_orgs(
    city, django_assert_max_num_queries
):
    for org in (city.gov, city.finance, city.education):
        make_item(org, city.news, "动态", D(2024, 3, 1))
    # orgs, columns, one GROUP BY of last dates, the mailbox letters: independent of org count.
    with django_assert_max_num_queries(4):
        column_report(today=D(2024, 3, 12))


def test_the_dashboard_names_stale_and_blank_columns_and_predicts_the_result(
    city, supervisor, client
):
    make_item(city.finance, city.news, "财政局工作动态", D(2024, 1, 2))
    make_item(city.education, city.news, "教育局工作动态", D(2024, 3, 10))
    client.force_login(supervisor)
    response = client.get(reverse("supervision_dashboard"), {"as_of": "2024-03-12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<title" in html  # the chart is in the page
    finance_row = html[html.index("澜江市财政局") :].split("</tr>")[0]
    # 2 January to 12 March is 70 days: news stale, home page stale → 不合格.
    assert "不合格" in finance_row
    assert "工作动态" in finance_row and "政策文件" in finance_row  # stale news, blank policies
    assert "首页已70天未更新" in finance_row


def test_blank_key_columns_of_the_portal_home_page_are_shown_to_the_general_office(
    city, supervisor, finance_editor, client
):
    from gongkai.catalogue.models import Topic

    Topic.objects.all().delete()  # this city's key columns, not the shipped ones
    finance_topic = Topic.objects.create(name="财政信息", slug="czxx", featured=True)
    Topic.objects.create(name="征地拆迁", slug="zdcq", featured=True)
    Topic.objects.create(name="其他", slug="qt")  # not a key column
    make_item(city.finance, city.news, "预算公开", D(2024, 3, 1), topic=finance_topic)
    client.force_login(supervisor)
    html = client.get(reverse("supervision_dashboard"), {"as_of": "2024-03-12"}).content.decode()
    section = html[html.index("门户首页重点领域栏目") :]
    finance_row = section[section.index("财政信息") :].split("</tr>")[0]
    land_row = section[section.index("征地拆迁") :].split("</tr>")[0]
    assert "2024-03-01" in finance_row and "有内容" in finance_row
    assert "空白栏目" in land_row and "其他" not in section.split("</table>")[0]
    # An org's own staff are sent to their org's page, which does not list the portal's columns.
    client.force_login(finance_editor)
    page = client.get(reverse("supervision_dashboard"), follow=True).content.decode()
    assert "门户首页重点领域栏目" not in page


def test_org_staff_see_only_their_own_org(city, finance_editor, client):
    client.force_login(finance_editor)
    response = client.get(reverse("supervision_dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision_org", args=[city.finance.pk])
    assert client.get(reverse("supervision_org", args=[city.finance.pk])).status_code == 200
    # Wagtail turns PermissionDenied into a redirect to the admin home with an error message.
    for url in (
        reverse("supervision_org", args=[city.education.pk]),
        reverse("supervision_scoreboard"),
    ):
        refused = client.get(url)
        assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
