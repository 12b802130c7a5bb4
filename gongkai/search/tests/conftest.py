from __future__ import annotations

import datetime

import pytest

from gongkai.catalogue.models import CatalogueItem, Category, Topic
from gongkai.orgs.models import Org


@pytest.fixture(autouse=True)
def empty_query_log_buffer():
    """The statistics buffer is per process; counts from another test must not leak in."""
    from gongkai.search.services import query_log

    query_log.discard()
    yield
    query_log.discard()


@pytest.fixture
def org(db):
    return Org.objects.create(code="mzj", name="示例市民政局", kind=Org.Kind.DEPARTMENT)


@pytest.fixture
def other_org(db):
    return Org.objects.create(code="czj", name="示例市财政局", kind=Org.Kind.DEPARTMENT)


@pytest.fixture
def category(db):
    return Category.objects.create(name="通知公告", slug="tzgg")


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="社会保障", slug="shbz")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the indexing tasks) as if the transaction had committed."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def make_item(org, category, committed):
    """Create a public item; indexing runs through the signal and the immediate task backend."""

    def make(title: str, **fields) -> CatalogueItem:
        fields.setdefault("org", org)
        fields.setdefault("category", category)
        fields.setdefault("formed_on", datetime.date(2024, 3, 1))
        fields.setdefault("published_on", datetime.date(2024, 3, 5))
        with committed():
            return CatalogueItem.objects.create(title=title, **fields)

    return make
