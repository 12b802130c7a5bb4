"""The catalogue item page: metadata, attachments, counts, QR, and who may see what."""

from urllib.parse import unquote

import pytest

from gongkai.catalogue.models import CatalogueItem

pytestmark = pytest.mark.django_db


def test_it_shows_the_metadata_attachments_view_count_and_qr(client, city):
    item = city.items["budget"]
    response = client.get(f"/xxgk/items/{item.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    # 索引号 = credit code of 丰城市财政局? No: the finance bureau has no credit code, so its
    # code "fc-czj" is the prefix; first item formed in 2024 -> serial 00001.
    assert item.index_number == "fc-czj/2024-00001"
    for label, value in [
        ("索引号", "fc-czj/2024-00001"),
        ("发布机构", "丰城市财政局"),
        ("成文日期", "2024-03-01"),
        ("发布日期", "2024-03-05"),
        ("文号", "丰财预〔2024〕3号"),
        ("组配分类", "政策文件"),
        ("主题分类", "财政信息"),
        ("有效性", "现行有效"),
    ]:
        assert f'<th scope="row">{label}</th><td>{value}</td>' in html, label
    assert "各部门：现将2024年市级部门预算予以公开。" in html
    attachment = item.attachments.get()
    assert f"/xxgk/items/{item.pk}/attachments/{attachment.pk}/" in html
    assert "2024年市级部门预算表" in html and "PDF，2.0 KB" in html
    assert "访问量：<span>1</span>" in html
    assert "<svg" in html and "扫一扫在手机打开当前页" in html
    assert "打印本页" in html and "返回顶部" in html and "关闭本页" in html
    assert "您当前所在位置" in html and "政策文件</a>" in html


def test_policy_and_interpretation_link_both_ways(client, city):
    policy, reading = city.items["budget"], city.items["interpretation"]
    assert reading.get_absolute_url() in client.get(policy.get_absolute_url()).content.decode()
    assert policy.get_absolute_url() in client.get(reading.get_absolute_url()).content.decode()


def test_related_items_are_listed(client, city):
    html = client.get(city.items["budget"].get_absolute_url()).content.decode()
    assert "关联稿件" in html and city.items["food_check"].title in html


@pytest.mark.parametrize("key", ["draft", "on_request"])
def test_unpublished_or_non_public_items_are_not_found(client, city, key):
    response = client.get(f"/xxgk/items/{city.items[key].pk}/")
    assert response.status_code == 404


def test_missing_item_is_not_found(client, city):
    assert client.get("/xxgk/items/999999/").status_code == 404


def test_withdrawn_item_shows_the_notice_not_the_content(client, city):
    item = city.items["withdrawn"]
    response = client.get(f"/xxgk/items/{item.pk}/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "该信息已撤回" in html and "内容有误，已重新发布。" in html
    assert item.index_number in html


def test_an_edit_invalidates_the_cached_page(client, city):
    item = city.items["budget"]
    client.get(item.get_absolute_url())
    item.title = "关于2024年市级部门预算公开的通知（更正）"
    item.save()
    assert "（更正）" in client.get(item.get_absolute_url()).content.decode()


def test_attachment_downloads_under_its_original_name(client, city):
    item = city.items["budget"]
    attachment = item.attachments.get()
    response = client.get(f"/xxgk/items/{item.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 fake"
    disposition = response["Content-Disposition"]
    # Non-ASCII names travel RFC 5987-encoded (filename*=utf-8''…): decode and compare.
    assert disposition.startswith("attachment;")
    encoded = disposition.split("filename*=utf-8''", 1)[1]
    assert unquote(encoded) == "2024年市级部门预算表.pdf"


def test_attachment_of_an_unpublished_item_is_not_served(client, city):
    item = city.items["budget"]
    attachment = item.attachments.get()
    CatalogueItem.objects.filter(pk=item.pk).update(live=False)
    assert client.get(f"/xxgk/items/{item.pk}/attachments/{attachment.pk}/").status_code == 404


def test_item_url_is_stable(city):
    # The URL is built from the primary key only; nothing editable changes it.
    item = city.items["budget"]
    before = item.get_absolute_url()
    item.title, item.category = "改名", city.notices
    item.save()
    assert item.get_absolute_url() == before == f"/xxgk/items/{item.pk}/"
