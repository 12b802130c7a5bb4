"""Our zh-hans catalogue (locale/) fills Wagtail's gaps and uses the review workflow's terms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext

from gongkai.catalogue.models import CatalogueItem, Category

from .conftest import sign_in


@pytest.mark.parametrize(
    ("msgid", "chinese"),
    [
        # Wagtail's own zh_Hans catalogue has no entry for these (checked with msgmerge
        # against its English catalogue); the Chinese is ours.
        ("- Select an option -", "- 请选择 -"),
        ("Locked by workflow", "流程锁定"),
        ("Locked by you", "由您锁定"),
        ("Schedule to publish", "定时发布"),
        # Wagtail says 请求修改 / 已批准; the review workflow says 退回修改 / 通过.
        ("Request changes", "退回修改"),
        ("Needs changes", "已退回修改"),
        ("Approve", "通过"),
        ("Approved", "已通过"),
        ("Submit for moderation", "提交审查"),
    ],
)
def test_zh_hans_translates_wagtail_strings_with_our_terms(msgid, chinese):
    with translation.override("zh-hans"):
        assert gettext(msgid) == chinese


@pytest.mark.django_db
def test_a_catalogue_item_under_review_shows_the_chinese_lock_message(client, staff):
    editor = staff["editor"]
    category = Category.objects.create(org=staff["dept"], name="工作动态类", slug="news")
    item = CatalogueItem.objects.create(
        org=staff["dept"],
        category=category,
        title="关于秋季学期学生资助名单的公示",
        formed_on=dt.date(2025, 9, 1),
        body="<p>资助名单见附件。</p>",
        live=False,
    )
    item.save_revision(user=editor)
    workflow = item.get_workflow()
    workflow.start(item, editor)

    sign_in(client, editor)
    url = f"/admin/snippets/catalogue/catalogueitem/edit/{item.pk}/"
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # The workflow and task names come from the review app's migration: 保密审查与签发 / 保密审查.
    assert "此目录条目正处于<b>“保密审查与签发”</b>流程的<b>“保密审查”</b>环节。" in body
    assert "只有本环节的审查人员可以编辑此目录条目。" in body
    assert "Only reviewers for this task" not in body
