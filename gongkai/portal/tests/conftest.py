"""A tiny city for portal tests: three orgs, three classes, three topics, a handful of items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone

from gongkai.catalogue.models import Attachment, CatalogueItem, Category, Topic
from gongkai.catalogue.testing import shipped_taxonomy_remove
from gongkai.orgs.models import Org
from gongkai.portal import view_counts
from gongkai.portal.services import org_site_ensure, portal_ensure_site


@pytest.fixture(autouse=True)
def _clean_process_state():
    """Caches and the view-count buffer are per process: keep tests independent."""
    cache.clear()
    view_counts._buffer.take_all()
    yield
    cache.clear()
    view_counts._buffer.take_all()


@dataclass
class City:
    gov: Org
    finance: Org
    town: Org
    notices: Category
    policies: Category
    reports: Category
    fiscal: Topic
    food: Topic
    environment: Topic
    items: dict[str, CatalogueItem] = field(default_factory=dict)


def make_item(org: Org, category: Category, title: str, **kwargs) -> CatalogueItem:
    defaults = {
        "formed_on": dt.date(2024, 3, 1),
        "published_on": dt.date(2024, 3, 5),
        "live": True,
    }
    defaults.update(kwargs)
    return CatalogueItem.objects.create(org=org, category=category, title=title, **defaults)


@pytest.fixture
def city(db, settings, tmp_path) -> City:
    settings.MEDIA_ROOT = tmp_path / "media"
    gov = Org.objects.create(
        code="fc-gov",
        name="丰城市人民政府",
        short_name="市政府",
        kind=Org.Kind.GOVERNMENT,
        credit_code="11360981014501234X",
        address="丰城市剑邑大道1号",
        phone="0795-6200001",
        ogi_office="丰城市人民政府办公室",
        ogi_phone="0795-6200002",
        functions="执行本级人民代表大会的决议。",
        leaders="张三 市长 主持市政府全面工作\n李四 副市长 负责财政工作",
        sort_order=1,
    )
    finance = Org.objects.create(
        code="fc-czj",
        name="丰城市财政局",
        kind=Org.Kind.DEPARTMENT,
        parent=gov,
        ogi_office="丰城市财政局办公室",
        ogi_contact="王五",
        ogi_phone="0795-6200100",
        sort_order=2,
    )
    town = Org.objects.create(
        code="fc-jianguang",
        name="丰城市剑光街道办事处",
        kind=Org.Kind.TOWN,
        parent=gov,
        sort_order=3,
    )
    shipped_taxonomy_remove()  # this city keeps its own classes and topics
    notices = Category.objects.create(name="通知公告", slug="notices", sort_order=1)
    policies = Category.objects.create(name="政策文件", slug="policies", sort_order=2)
    reports = Category.objects.create(name="政府信息公开年报", slug="annual-report", sort_order=3)
    fiscal = Topic.objects.create(name="财政信息", slug="fiscal", featured=True, sort_order=1)
    food = Topic.objects.create(name="食品安全", slug="food-safety", featured=True, sort_order=2)
    environment = Topic.objects.create(name="环境保护", slug="environment", sort_order=3)

    portal_ensure_site(home_title="丰城市政府信息公开平台")
    for org in (gov, finance, town):
        org_site_ensure(org=org)

    c = City(gov, finance, town, notices, policies, reports, fiscal, food, environment)
    c.items["budget"] = make_item(
        finance,
        policies,
        "关于2024年市级部门预算公开的通知",
        topic=fiscal,
        genre="通知",
        doc_number="丰财预〔2024〕3号",
        formed_on=dt.date(2024, 3, 1),
        published_on=dt.date(2024, 3, 5),
        keywords="预算 公开",
        summary="公布2024年市级部门预算。",
        body="<p>各部门：现将2024年市级部门预算予以公开。</p>",
        validity=CatalogueItem.Validity.IN_FORCE,
        valid_from=dt.date(2024, 3, 5),
    )
    c.items["interpretation"] = make_item(
        finance,
        policies,
        "《关于2024年市级部门预算公开的通知》政策解读",
        topic=fiscal,
        genre="解读",
        published_on=dt.date(2024, 3, 6),
    )
    c.items["interpretation"].interprets.add(c.items["budget"])
    c.items["food_check"] = make_item(
        gov,
        notices,
        "2023年第四季度食品安全监督抽检结果",
        topic=food,
        formed_on=dt.date(2023, 12, 20),
        published_on=dt.date(2023, 12, 28),
    )
    c.items["report"] = make_item(
        finance,
        reports,
        "丰城市财政局2023年政府信息公开工作年度报告",
        formed_on=dt.date(2024, 1, 20),
        published_on=dt.date(2024, 1, 25),
    )
    c.items["draft"] = make_item(
        finance, notices, "尚未发布的草稿通知", live=False, published_on=None
    )
    c.items["on_request"] = make_item(
        finance,
        notices,
        "仅依申请公开的信息",
        disclosure_method=CatalogueItem.DisclosureMethod.ON_REQUEST,
    )
    c.items["withdrawn"] = make_item(finance, notices, "已撤回的通知")
    CatalogueItem.objects.filter(pk=c.items["withdrawn"].pk).update(
        withdrawn_at=timezone.make_aware(dt.datetime(2024, 4, 1, 9, 0)),
        withdrawal_reason="内容有误，已重新发布。",
    )
    c.items["budget"].related.add(c.items["food_check"])
    Attachment.objects.create(
        item=c.items["budget"],
        title="2024年市级部门预算表",
        file=ContentFile(b"%PDF-1.4 fake", name="budget.pdf"),
        kind="pdf",
        size=2048,
    )
    return c
