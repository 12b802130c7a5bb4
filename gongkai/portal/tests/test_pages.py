"""The Wagtail page tree: home, org index, an org's platform and its columns."""

import datetime as dt

import pytest

from gongkai.portal.tests.conftest import make_item

pytestmark = pytest.mark.django_db


def test_home_lists_latest_items_featured_topics_and_every_org(client, city):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html and "跳到主要内容" in html
    # Latest: the interpretation (published 2024-03-06) is the newest public item.
    latest = html.index("最新信息")
    assert html.index(city.items["interpretation"].title, latest) > latest
    for topic in ("财政信息", "食品安全"):  # the featured topics
        assert f">{topic}</a></h2>" in html
    assert ">环境保护</a></h2>" not in html  # not featured
    for org in ("丰城市人民政府", "丰城市财政局", "丰城市剑光街道办事处"):
        assert org in html
    assert "/xxgk/fc-czj/" in html
    assert city.items["draft"].title not in html
    assert city.items["on_request"].title not in html


def test_org_index_groups_orgs_by_kind(client, city):
    html = client.get("/xxgk/").content.decode()
    # Groups in the order 政府 · 部门 · 乡镇街道, each with its org.
    gov, dept, town = (
        html.index(">政府</h2>"),
        html.index(">部门</h2>"),
        html.index(">乡镇街道</h2>"),
    )
    assert gov < html.index("丰城市人民政府", gov) < dept < html.index("丰城市财政局", dept) < town
    assert html.index("丰城市剑光街道办事处", town) > town


def test_org_home_shows_latest_per_class_and_the_columns(client, city):
    html = client.get("/xxgk/fc-czj/").content.decode()
    assert "丰城市财政局政府信息公开" in html
    for column in (
        "政府信息公开指南",
        "政府信息公开目录",
        "政府信息公开年报",
        "依申请公开",
        "机构信息",
    ):
        assert column in html
    assert city.items["budget"].title in html
    assert 'type="application/rss+xml"' in html and "/xxgk/feeds/orgs/fc-czj/rss/" in html


def test_a_government_heading_does_not_say_government_twice(client, city):
    html = client.get("/xxgk/fc-gov/").content.decode()
    assert "<h1>丰城市人民政府信息公开</h1>" in html
    assert "人民政府政府信息公开</h1>" not in html


def test_the_site_map_is_a_page_for_people_with_every_column(client, city):
    response = client.get("/sitemap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>网站地图</h1>" in html
    for href in (
        "/xxgk/fc-czj/catalogue/",
        "/xxgk/fc-jianguang/reports/",
        "/stats/",
        "/tools/workdays/",
        "/xxgk/topics/food-safety/",
        "/sitemap.xml",
    ):
        assert f'href="{href}"' in html, href
    home = client.get("/").content.decode()
    assert 'href="/sitemap/"' in home and 'href="/stats/"' in home
    assert 'href="/tools/workdays/"' in home


def test_robots_txt_points_crawlers_at_the_sitemap_and_away_from_the_admin(client, city):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_favicon_ico_is_served(client, city):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # ICO header


def test_catalogue_counts_each_facet_under_the_other_filters(client, city):
    html = client.get("/xxgk/fc-czj/catalogue/").content.decode()
    # Finance's public items: budget + interpretation (政策文件), report (年报). The draft,
    # on-request and withdrawn notices do not count, so 通知公告 has 0.
    assert "共 <strong>3</strong> 条" in html
    assert '政策文件 <span class="count">（2）</span>' in html
    assert '通知公告 <span class="count">（0）</span>' in html
    assert '政府信息公开年报 <span class="count">（1）</span>' in html
    assert '财政信息 <span class="count">（2）</span>' in html
    assert '2024年 <span class="count">（3）</span>' in html

    html = client.get("/xxgk/fc-czj/catalogue/?category=policies&year=2024").content.decode()
    assert "共 <strong>2</strong> 条" in html
    assert city.items["report"].title not in html
    # The class facet still counts every class within 2024.
    assert '政府信息公开年报 <span class="count">（1）</span>' in html
    assert "/xxgk/feeds/orgs/fc-czj/policies/rss/" in html


def test_catalogue_year_filter(client, city):
    make_item(city.finance, city.notices, "2022年的旧通知", published_on=dt.date(2022, 6, 1))
    html = client.get("/xxgk/fc-czj/catalogue/?year=2022").content.decode()
    assert "共 <strong>1</strong> 条" in html and "2022年的旧通知" in html
    assert '2024年 <span class="count">（3）</span>' in html


def test_catalogue_paginates_twenty_per_page(client, city):
    for n in range(25):
        make_item(city.town, city.notices, f"街道通知第{n:02d}号", published_on=dt.date(2024, 1, 1))
    first = client.get("/xxgk/fc-jianguang/catalogue/").content.decode()
    assert "共 25 条，第 1 / 2 页" in first and 'rel="next"' in first
    second = client.get("/xxgk/fc-jianguang/catalogue/?page=2").content.decode()
    # 25 items, 20 per page: page 2 holds 5 rows.
    assert second.count('<td class="stack-title"><a href="/xxgk/items/') == 5


def test_reports_lists_annual_reports_only(client, city):
    html = client.get("/xxgk/fc-czj/reports/").content.decode()
    assert city.items["report"].title in html
    assert city.items["budget"].title not in html


def test_apply_entry_shows_the_ogi_office(client, city):
    html = client.get("/xxgk/fc-czj/apply/").content.decode()
    assert "丰城市财政局办公室" in html and "王五" in html and "0795-6200100" in html
    assert 'href="/apply/?org=fc-czj"' in html


def test_org_info_renders_the_register(client, city):
    html = client.get("/xxgk/fc-gov/info/").content.decode()
    assert "执行本级人民代表大会的决议。" in html
    assert "<td>张三</td><td>市长</td><td>主持市政府全面工作</td>" in html
    assert "丰城市剑邑大道1号" in html


def test_guide_page_is_created_with_a_default_text(client, city):
    html = client.get("/xxgk/fc-czj/guide/").content.decode()
    assert "政府信息公开指南" in html and "依申请公开" in html


def test_topic_column_lists_items_across_orgs(client, city):
    html = client.get("/xxgk/topics/fiscal/").content.decode()
    assert city.items["budget"].title in html and city.items["food_check"].title not in html


def test_unknown_page_gets_the_chinese_404(client, city):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "您访问的页面不存在" in response.content.decode()


def test_permission_denied_and_expired_forms_get_chinese_pages(city, rf):
    from django.core.exceptions import PermissionDenied
    from django.test import Client
    from django.views.defaults import permission_denied

    response = permission_denied(rf.get("/somewhere/"), PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert "您无权访问此页面" in html and "Forbidden" not in html
    # A public form posted without (or with an expired) CSRF token: the citizen is told what to do.
    response = Client(enforce_csrf_checks=True).post("/apply/", {"name": "张三"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in html and "Forbidden" not in html
    assert 'lang="zh-hans"' in html.lower()


def test_the_server_error_page_is_chinese_and_needs_no_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器暂时出现问题" in html and "政府信息公开平台" in html and "{%" not in html
