"""组配分类 choices: an item goes under its org's own classes (what the portal lists), never
under a default twin with the same name; the server refuses any other class."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import models

from gongkai.applications.forms import PublishForm
from gongkai.catalogue.models import CatalogueItem, Category
from gongkai.catalogue.testing import shipped_taxonomy_remove
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.services import staff_create

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/catalogue/catalogueitem/add/"
ERROR = "所选组配分类不属于该发布机构，请从本单位的组配分类中选择。"


@pytest.fixture
def city():
    shipped_taxonomy_remove()  # this city's general office set its own default classes
    defaults = [
        Category.objects.create(org=None, name="工作动态类", slug="news", sort_order=1),
        Category.objects.create(org=None, name="通知公告类", slug="notices", sort_order=2),
    ]
    edu = Org.objects.create(code="edu", name="澜江市教育局", kind=Org.Kind.DEPARTMENT)
    env = Org.objects.create(code="env", name="澜江市生态环境局", kind=Org.Kind.DEPARTMENT)
    town = Org.objects.create(code="town", name="澜江市青石镇人民政府", kind=Org.Kind.TOWN)
    own = [
        Category.objects.create(org=edu, name="工作动态类", slug="news", sort_order=1),
        Category.objects.create(org=edu, name="通知公告类", slug="notices", sort_order=2),
    ]
    env_news = Category.objects.create(org=env, name="工作动态类", slug="news")
    return {
        "defaults": defaults,
        "edu": edu,
        "env": env,
        "town": town,
        "own": own,
        "env_news": env_news,
        "editor": staff_create(org=edu, username="edu-ed", password="x", roles=[Role.EDITOR]),
        "town_editor": staff_create(
            org=town, username="town-ed", password="x", roles=[Role.EDITOR]
        ),
    }


def category_options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="category".*?</select>', html, re.S).group(0)
    return [
        (value, label.strip())
        for value, label in re.findall(r'<option value="(\d+)"[^>]*>(.*?)</option>', select, re.S)
    ]


def post_item(client, org, category, title="关于开展学生资助工作的通知"):
    return client.post(
        ADD_URL,
        {
            "title": title,
            "org": org.pk,
            "category": category.pk,
            "formed_on": "2026-01-01",
            "disclosure_method": "proactive",
            "disclosure_scope": "public",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
        },
    )


def test_the_item_form_offers_each_of_the_orgs_own_classes_once(city, client):
    client.force_login(city["editor"])
    options = category_options(client.get(ADD_URL).content.decode())
    assert options == [(str(c.pk), c.name) for c in city["own"]]
    assert len({label for _v, label in options}) == len(options)


def test_an_org_without_own_classes_is_offered_the_defaults_as_its_portal_shows(city, client):
    client.force_login(city["town_editor"])
    options = category_options(client.get(ADD_URL).content.decode())
    assert options == [(str(c.pk), c.name) for c in city["defaults"]]


def test_the_server_refuses_a_default_twin_or_another_orgs_class(city, client):
    client.force_login(city["editor"])
    for category in (city["defaults"][0], city["env_news"]):
        response = post_item(client, city["edu"], category)
        assert response.status_code == 200
        assert ERROR in response.content.decode()
    assert not CatalogueItem.objects.exists()

    response = post_item(client, city["edu"], city["own"][0])
    assert response.status_code == 302
    assert CatalogueItem.objects.get().category == city["own"][0]


def test_the_form_refuses_a_class_of_another_org_even_when_both_are_offered(city):
    # A user acting for several orgs sees their classes labelled with the org; the class must
    # still be the chosen org's.
    from gongkai.catalogue.forms import CatalogueItemForm
    from gongkai.catalogue.wagtail_hooks import CatalogueItemViewSet

    form_class = CatalogueItemViewSet().get_edit_handler().get_form_class()
    assert issubclass(form_class, CatalogueItemForm)
    form = form_class(instance=CatalogueItem(), for_user=None)
    form.limit_choices(org_ids={city["edu"].pk, city["env"].pk})
    labels = [label for _value, label in form.fields["category"].choices if _value != ""]
    assert labels == [
        "工作动态类（澜江市教育局）",
        "通知公告类（澜江市教育局）",
        "工作动态类（澜江市生态环境局）",
    ]
    form = form_class(
        data={
            "title": "通知",
            "org": city["edu"].pk,
            "category": city["env_news"].pk,
            "formed_on": "2026-01-01",
            "disclosure_method": "proactive",
            "disclosure_scope": "public",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
        instance=CatalogueItem(),
        for_user=None,
    )
    assert not form.is_valid()
    assert form.errors["category"] == [ERROR]


def test_the_publish_as_item_form_offers_only_the_orgs_own_classes(city):
    form = PublishForm(org=city["edu"])
    assert list(form.fields["category"].queryset) == city["own"]
    form = PublishForm(
        data={"title": "政策汇编", "category": city["defaults"][0].pk}, org=city["edu"]
    )
    assert not form.is_valid()
    assert form.errors["category"] == [ERROR]
    form = PublishForm(data={"title": "政策汇编", "category": city["own"][1].pk}, org=city["edu"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["category"] == city["own"][1]


def test_import_files_items_under_the_orgs_own_class_not_its_default_twin(city, tmp_path):
    path = tmp_path / "items.csv"
    path.write_text(
        "标题,组配分类,成文日期,发布日期\n甲通知,工作动态类,2024-01-02,2024-01-03\n乙通知,notices,2024-01-05,\n",
        encoding="utf-8",
    )
    call_command("import_items", str(path), "--org", "edu", stdout=None)
    items = {i.title: i.category for i in CatalogueItem.objects.all()}
    assert items == {"甲通知": city["own"][0], "乙通知": city["own"][1]}


def test_the_demo_files_every_item_under_its_own_orgs_class(settings, tmp_path):
    import io

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", "--scale", "small", "--seed", "3", stdout=io.StringIO())
    items = CatalogueItem.objects.all()
    assert items.count() > 50
    assert Category.objects.filter(org__isnull=True).exists()  # the defaults exist too
    misfiled = items.exclude(category__org=models.F("org"))
    assert list(misfiled.values_list("title", "category__org_id")[:5]) == []
