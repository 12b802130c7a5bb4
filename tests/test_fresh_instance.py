"""A real city's first day: a migrated, empty instance, its unit register, its legacy items.

Before, the default catalogue classes existed only in the demo: after ``migrate`` and
``import_orgs`` an ``import_items`` refused every row (组配分类“法规公文类”不存在。本单位的组配分类：（无）),
and a registered org had no site on the portal.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.catalogue.models import CatalogueItem, Category, Topic
from gongkai.orgs.models import Org
from gongkai.portal.models import GuidePage, OrgInfoPage, OrgSitePage, PortalHomePage

pytestmark = pytest.mark.django_db

REGISTER = (
    "代码,名称,类型,上级,统一社会信用代码\n"
    "qx,青溪市人民政府,政府,,11330781751901053P\n"
    "qx-jyj,青溪市教育局,部门,qx,\n"
    "qx-t01,青溪市城关镇人民政府,乡镇,qx,\n"
)
ITEMS = (
    "标题,组配分类,主题分类,成文日期,发布日期\n"
    "关于做好2024年义务教育招生工作的通知,法规公文类,科技、教育,2024-03-01,2024-03-04\n"
    "教育局召开安全生产工作会议,工作动态类,,2024-04-02,\n"
)


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_migrated_instance_has_the_default_classes_and_topics():
    names = list(Category.objects.filter(org__isnull=True).values_list("name", flat=True))
    assert names == [
        "概况类",
        "计划总结类",
        "法规公文类",
        "工作动态类",
        "人事类",
        "财政信息类",
        "行政执法信息",
        "其他类",
        "年度报告",
    ]
    assert Topic.objects.filter(name="综合政务", featured=False).exists()
    assert set(Topic.objects.filter(featured=True).values_list("name", flat=True)) >= {
        "财政信息",
        "食品安全",
        "征地拆迁",
        "保障性住房",
    }
    assert Topic.objects.count() == 26


def test_imported_orgs_can_import_and_publish_at_once(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    register = tmp_path / "orgs.csv"
    register.write_text(REGISTER, encoding="utf-8")
    assert "新增 3 个单位" in _command("import_orgs", str(register))

    for code in ("qx", "qx-jyj", "qx-t01"):
        org = Org.objects.get(code=code)
        own = Category.objects.filter(org=org)
        assert own.count() == 9, code
        site = OrgSitePage.objects.get(org=org)
        assert site.live and site.url.endswith(f"/xxgk/{code}/")
        assert site.get_children().type(GuidePage).live().exists()
        assert site.get_children().type(OrgInfoPage).live().exists()
    assert PortalHomePage.objects.get().title == "青溪市人民政府信息公开平台"

    items = tmp_path / "items.csv"
    items.write_text(ITEMS, encoding="utf-8")
    assert "导入完成：2 条" in _command("import_items", str(items), "--org", "qx-jyj")
    item = CatalogueItem.objects.get(title__startswith="关于做好2024年")
    assert item.category.org.code == "qx-jyj" and item.category.name == "法规公文类"
    assert item.topic.name == "科技、教育"


def test_importing_the_register_again_keeps_each_orgs_own_classes(tmp_path):
    register = tmp_path / "orgs.csv"
    register.write_text(REGISTER, encoding="utf-8")
    _command("import_orgs", str(register))
    org = Org.objects.get(code="qx-jyj")
    Category.objects.filter(org=org, slug="personnel").delete()  # the unit does not use it
    assert "更新 3 个单位" in _command("import_orgs", str(register))
    assert not Category.objects.filter(org=org, slug="personnel").exists()
    assert OrgSitePage.objects.filter(org=org).count() == 1


def test_an_org_added_in_the_admin_gets_its_classes_and_site(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-pass-123")
    client.force_login(admin)
    response = client.post(
        "/admin/orgs/new/",
        {
            "code": "qx-new",
            "kind": "department",
            "name": "青溪市数据局",
            "sort_order": 0,
            "is_active": "on",
            "on_platform": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    org = Org.objects.get(code="qx-new")
    assert Category.objects.filter(org=org).count() == 9
    assert OrgSitePage.objects.filter(org=org, live=True).exists()
