"""The catalogue's admin listings speak Chinese: booleans show 是/否, never True/False."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model

from gongkai.catalogue.models import CatalogueItem, Category, Topic
from gongkai.catalogue.testing import shipped_taxonomy_remove
from gongkai.orgs.models import Org

pytestmark = pytest.mark.django_db


def cells(html: str) -> list[list[str]]:
    """The text of each body row's cells in the listing table (the last table of the page)."""
    table = re.findall(r"<table.*?</table>", html, re.S)[-1]
    body = table.split("<tbody", 1)[1]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        texts = []
        for cell in re.findall(r"<t[dh]\b.*?</t[dh]>", row, re.S):
            text = re.sub(r"<svg.*?</svg>", "", cell, flags=re.S)
            texts.append(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip())
        rows.append(texts)
    return rows


def rows_by_first_word(html: str, column_of_name: int) -> dict[str, list[str]]:
    return {row[column_of_name].split()[0]: row for row in cells(html)}


def headers(html: str) -> list[str]:
    table = re.findall(r"<table.*?</table>", html, re.S)[-1]
    head = table.split("<tbody", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", th)).strip()
        for th in re.findall(r"<th\b.*?</th>", head, re.S)
    ]


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.cn", "x"))
    return client


@pytest.fixture
def org():
    return Org.objects.create(code="edu", name="澜江市教育局", kind=Org.Kind.DEPARTMENT)


def test_the_item_listing_shows_published_as_shi_or_fou(admin_client, org):
    category = Category.objects.create(org=org, name="工作动态类", slug="news")
    CatalogueItem.objects.create(
        org=org,
        category=category,
        title="已发布的条目",
        formed_on=dt.date(2025, 1, 1),
        published_on=dt.date(2025, 1, 2),
        live=True,
    )
    CatalogueItem.objects.create(
        org=org, category=category, title="草稿条目", formed_on=dt.date(2025, 1, 1), live=False
    )
    html = admin_client.get("/admin/snippets/catalogue/catalogueitem/").content.decode()
    assert "True" not in html and "False" not in html
    head = headers(html)
    assert "已发布" in head
    column = head.index("已发布")
    by_title = rows_by_first_word(html, head.index("标题"))
    assert by_title["已发布的条目"][column] == "是"
    assert by_title["草稿条目"][column] == "否"


def test_the_class_and_topic_listings_show_their_flags_as_shi_or_fou(admin_client, org):
    Category.objects.create(org=org, name="工作动态类", slug="news", must_not_be_empty=True)
    Category.objects.create(org=org, name="其他类", slug="other", must_not_be_empty=False)
    shipped_taxonomy_remove()
    Topic.objects.create(name="教育", slug="edu", featured=True)
    Topic.objects.create(name="交通", slug="traffic", featured=False)

    html = admin_client.get("/admin/snippets/catalogue/category/").content.decode()
    assert "True" not in html and "False" not in html
    head = headers(html)
    column = head.index("不得为空")
    by_name = rows_by_first_word(html, head.index("名称"))
    assert by_name["工作动态类"][column] == "是"
    assert by_name["其他类"][column] == "否"

    html = admin_client.get("/admin/snippets/catalogue/topic/").content.decode()
    assert "True" not in html and "False" not in html
    head = headers(html)
    column = head.index("重点领域栏目")
    by_name = rows_by_first_word(html, head.index("名称"))
    assert by_name["教育"][column] == "是"
    assert by_name["交通"][column] == "否"
