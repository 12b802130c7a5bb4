"""A small city for supervision tests: a government, two departments, four columns, and staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from gongkai.catalogue.models import CatalogueItem, Category
from gongkai.catalogue.testing import shipped_taxonomy_remove
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.testing import make_staff
from gongkai.portal import view_counts


@pytest.fixture(autouse=True)
def _clean_process_state():
    cache.clear()
    view_counts._buffer.take_all()
    yield
    cache.clear()
    view_counts._buffer.take_all()


def make_item(
    org: Org, category: Category, title: str, published_on: dt.date, **kw
) -> CatalogueItem:
    defaults = {"formed_on": published_on, "live": True}
    defaults.update(kw)
    return CatalogueItem.objects.create(
        org=org, category=category, title=title, published_on=published_on, **defaults
    )


@dataclass
class City:
    gov: Org
    finance: Org
    education: Org
    news: Category
    notices: Category
    policies: Category
    overview: Category


@pytest.fixture
def city(db) -> City:
    gov = Org.objects.create(
        code="lj-gov", name="澜江市人民政府", kind=Org.Kind.GOVERNMENT, sort_order=1
    )
    finance = Org.objects.create(
        code="lj-czj",
        name="澜江市财政局",
        short_name="财政局",
        kind=Org.Kind.DEPARTMENT,
        parent=gov,
        sort_order=2,
    )
    education = Org.objects.create(
        code="lj-jyj",
        name="澜江市教育局",
        short_name="教育局",
        kind=Org.Kind.DEPARTMENT,
        parent=gov,
        sort_order=3,
    )
    # Default columns (org NULL), shared by every org that configured none of its own: this
    # city's general office replaced the shipped ones.
    shipped_taxonomy_remove()
    news = Category.objects.create(name="工作动态", slug="news", freshness="news", sort_order=1)
    notices = Category.objects.create(
        name="通知公告", slug="notices", freshness="notice", sort_order=2
    )
    policies = Category.objects.create(
        name="政策文件", slug="policies", freshness="notice", sort_order=3
    )
    overview = Category.objects.create(
        name="机构概况", slug="overview", freshness="other", sort_order=4
    )
    return City(gov, finance, education, news, notices, policies, overview)


@pytest.fixture
def supervisor(city):
    return make_staff("office", city.gov, Role.SUPERVISOR)


@pytest.fixture
def finance_editor(city):
    return make_staff("czj-editor", city.finance, Role.EDITOR, email="czj@example.org")


@pytest.fixture
def education_editor(city):
    return make_staff("jyj-editor", city.education, Role.EDITOR)
