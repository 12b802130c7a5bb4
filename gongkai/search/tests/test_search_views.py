"""The public search page, staff search and statistics in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from gongkai.orgs.models import StaffProfile
from gongkai.orgs.roles import Role, group_name
from gongkai.search.models import SearchQueryLog
from gongkai.search.services import query_log, search_query_stats

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.search.tests.urls")]


def test_the_page_shows_highlighted_results_and_facets(client, make_item):
    make_item("低保资金发放公示", summary="本月低保资金已发放到户。")
    response = client.get("/search/", {"q": "低保"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>低保</mark>资金发放公示" in html
    assert "找到 1 条结果" in html
    assert "示例市民政局 (1)" in html  # org facet: display name and count


def test_a_class_name_shared_by_several_orgs_is_one_facet_option(client, make_item, org, other_org):
    from urllib.parse import parse_qs, urlparse

    from gongkai.catalogue.models import Category

    ours = Category.objects.create(name="工作动态类", slug="gzdt-mz", org=org)
    theirs = Category.objects.create(name="工作动态类", slug="gzdt-cz", org=other_org)
    make_item("低保工作动态一", category=ours)
    make_item("低保工作动态二", category=theirs)
    make_item("低保资金公示")  # the fixture's own class, another name
    html = client.get("/search/", {"q": "低保"}).content.decode()
    assert html.count("工作动态类 (2)") == 1 and "工作动态类 (1)" not in html
    link = html[: html.index("工作动态类 (2)")].rsplit('href="', 1)[1].split('"', 1)[0]
    params = parse_qs(urlparse(link.replace("&amp;", "&")).query)
    html = client.get("/search/", params).content.decode()
    assert "找到 2 条结果" in html
    assert "动态一" in html and "动态二" in html and "资金公示" not in html
    assert 'aria-current="true">工作动态类 (2)' in html  # shown as chosen, a click removes it
    # Results come before the filters in the page (phones, screen readers); wide screens put the
    # filters in a left column with CSS.
    assert html.index('class="search-hits"') < html.index('id="facets"')


def test_an_exact_document_number_redirects_to_the_item(client, make_item):
    item = make_item("关于印发实施方案的通知", doc_number="示政办发〔2024〕12号")
    response = client.get("/search/", {"q": "示政办发[2024]12号"})
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()


def test_per_org_search_shows_only_that_org(client, make_item, other_org):
    make_item("低保资金公示")
    make_item("低保预算公开", org=other_org)
    html = client.get("/search/", {"q": "低保", "org": other_org.code}).content.decode()
    assert "<mark>低保</mark>预算公开" in html
    assert "<mark>低保</mark>资金公示" not in html


def test_no_results_offers_suggestions(client, make_item):
    make_item("低保资金公示")
    html = client.get("/search/", {"q": "低保 火箭"}).content.decode()
    assert "没有找到相关信息" in html
    assert "?q=%E4%BD%8E%E4%BF%9D" in html  # a link to the query 低保


def test_queries_are_counted_per_month_with_zero_results(client, make_item):
    make_item("低保资金公示")
    client.get("/search/", {"q": "低保"})
    client.get("/search/", {"q": "低保"})
    client.get("/search/", {"q": "火箭"})
    query_log.flush()
    month = timezone.localdate().strftime("%Y-%m")
    rows = {
        r.query: (r.count, r.zero_result_count) for r in SearchQueryLog.objects.filter(month=month)
    }
    assert rows == {"低保": (2, 0), "火箭": (1, 1)}
    stats = search_query_stats(month=month)
    assert [r.query for r in stats["zero"]] == ["火箭"]


def _staff(username: str, org, role: Role | None = None) -> User:
    user = User.objects.create_user(username=username, password="x-password-1")
    StaffProfile.objects.create(user=user, org=org)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if role:
        group, _ = Group.objects.get_or_create(name=group_name(role))
        user.groups.add(group)
    return user


def test_staff_search_is_scoped_to_the_users_org(client, make_item, org, other_org):
    make_item("低保资金公示")
    make_item("低保预算公开", org=other_org)
    client.force_login(_staff("clerk", other_org))
    html = client.get("/admin/gongkai-search/", {"q": "低保"}).content.decode()
    assert "<mark>低保</mark>预算公开" in html
    assert "<mark>低保</mark>资金公示" not in html


def test_statistics_are_for_the_general_office_only(client, org):
    client.force_login(_staff("clerk", org))
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
    response = client.get("/admin/gongkai-search/stats/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    client.force_login(_staff("inspector", org, Role.SUPERVISOR))
    assert client.get("/admin/gongkai-search/stats/").status_code == 200
